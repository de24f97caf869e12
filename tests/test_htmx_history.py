"""Views whose links push a URL answer htmx with a fragment, but a plain visit and htmx's
history restore (Back when its cache misses) with the whole page, and vary on the headers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
WHOLE_PAGE = '<header class="topbar">'


def _pages(requisition):
    return [
        ("recruiter", reverse("hiring:requisition-list") + "?q=Backend"),
        ("recruiter", reverse("hiring:requisition-journal", args=[requisition.pk])),
        ("hr_lead", reverse("insights:status-board") + "?state=open"),
        ("hr_lead", reverse("insights:scoreboard") + "?period=365"),
        ("hr_lead", reverse("insights:figures-organisation") + "?period=30"),
        ("hr_lead", reverse("insights:figure-rows") + "?outcome=overdue"),
    ]


@pytest.mark.parametrize(
    "index",
    [0, 1, 2, 3, 4, 5],
    ids=["list", "journal", "status-board", "scoreboard", "figures", "figure-rows"],
)
def test_a_pushed_url_gives_the_whole_page_on_history_restore_and_a_fragment_to_htmx(
    client, requisition, recruiter, hr_lead, index
):
    who, url = _pages(requisition)[index]
    client.force_login({"recruiter": recruiter, "hr_lead": hr_lead}[who])

    page = client.get(url)
    fragment = client.get(url, **HTMX)
    restored = client.get(url, **RESTORE)

    assert WHOLE_PAGE in page.content.decode()
    assert WHOLE_PAGE not in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert WHOLE_PAGE in restored.content.decode()
    for response in (page, fragment, restored):
        assert response.status_code == 200
        vary = response.headers["Vary"]
        assert "HX-Request" in vary and "HX-History-Restore-Request" in vary


def test_lazy_cards_link_to_their_page_for_browsers_without_javascript(
    client, requisition, recruiter
):
    client.force_login(recruiter)
    page = client.get(reverse("hiring:requisition-detail", args=[requisition.pk])).content
    page = page.decode()
    assert f'href="{reverse("hiring:requisition-journal", args=[requisition.pk])}">Open' in page
    commitments = reverse("commitments:requisition-commitments", args=[requisition.pk])
    assert f'href="{commitments}">Open the commitments' in page
