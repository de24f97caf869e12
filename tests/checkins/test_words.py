"""Why no check-in is coming, in the words of the search's state (issue 25, finding 11: a
filled or paused search said check-ins start "once it is signed")."""

import pytest
from django.urls import reverse

from checkins.schedule import why_none_scheduled
from hiring.lifecycle import move_requisition

pytestmark = pytest.mark.django_db


def _said(client, requisition):
    tab = client.get(reverse("checkins:requisition-checkins", args=[requisition.pk]))
    overview = client.get(reverse("hiring:requisition-detail", args=[requisition.pk]))
    return tab.content.decode(), overview.content.decode()


def test_an_open_search_without_an_agreement_waits_for_the_signatures(
    client, requisition, recruiter
):
    client.force_login(recruiter)
    for page in _said(client, requisition):
        assert "Check-ins start once the agreement is signed" in page


@pytest.mark.parametrize(
    ("to_state", "reason", "said"),
    [
        ("on_hold", "Budget review", "The search is on hold: check-ins resume when it reopens."),
        ("filled", "", "The search is filled: its check-ins have ended."),
        ("cancelled", "No budget", "The search is cancelled: its check-ins have ended."),
    ],
)
def test_a_paused_or_closed_search_says_so_not_once_it_is_signed(
    client, requisition, hr_generalist, activate, to_state, reason, said
):
    activate()
    move_requisition(
        requisition=requisition,
        to_state=to_state,
        moved_by=hr_generalist,
        reason=reason,
        outside_note="An internal move",
    )
    requisition.refresh_from_db()
    assert why_none_scheduled(requisition) == said
    client.force_login(hr_generalist)
    for page in _said(client, requisition):
        assert said in page
        assert "once it is signed" not in page and "once the agreement is signed" not in page


def test_a_draft_search_with_its_agreement_starts_when_it_opens(
    requisition, activate, hr_generalist
):
    activate()
    requisition.state = "draft"
    assert why_none_scheduled(requisition) == (
        "The search is not open yet: check-ins start when it opens."
    )
