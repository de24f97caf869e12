"""The top bar reaches every page a person has (issue 25, finding 11: the calendar feed, the
admin and the operations page were reachable only by knowing where they are); every page
names itself in an h1."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(client, person):
    client.force_login(person)
    body = client.get(reverse("insights:home")).content.decode()
    return body[body.index('<nav class="mainnav"') : body.index("</nav>")]


def test_everyone_finds_their_calendar_and_admins_the_operations_and_the_admin(
    client, recruiter, interviewer, admin_user
):
    for person in (recruiter, interviewer):
        nav = _nav(client, person)
        assert f'href="{reverse("checkins:calendar-settings")}"' in nav
        assert "Operations" not in nav and "/admin/" not in nav
    nav = _nav(client, admin_user)
    assert f'href="{reverse("checkins:calendar-settings")}"' in nav
    assert f'href="{reverse("health:email-list")}"' in nav and ">Operations<" in nav
    assert 'href="/admin/"' in nav


def test_the_team_page_has_its_heading(client, requisition, hr_generalist):
    client.force_login(hr_generalist)
    body = client.get(reverse("hiring:requisition-team", args=[requisition.pk])).content.decode()
    assert "<h1>Hiring team" in body


def test_the_board_is_a_region_a_keyboard_reaches_even_when_empty(client, requisition, recruiter):
    client.force_login(recruiter)
    body = client.get(reverse("pipeline:candidates", args=[requisition.pk])).content.decode()
    assert 'class="board" tabindex="0" role="region" aria-label="Candidates by stage"' in body
