"""Views whose links push a URL answer htmx with a fragment, but a plain visit and htmx's
history restore (Back when its cache misses) with the whole page, and vary on the headers."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}
BOOSTED = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}
WHOLE_PAGE = '<header class="topbar">'


def _pages(requisition):
    one = [requisition.pk]
    return [
        ("recruiter", reverse("hiring:requisition-list") + "?q=Backend"),
        ("recruiter", reverse("hiring:requisition-journal", args=one)),
        ("hr_lead", reverse("insights:status-board") + "?state=open"),
        ("hr_lead", reverse("insights:scoreboard") + "?period=365"),
        ("hr_lead", reverse("insights:figures-organisation") + "?period=30"),
        ("hr_lead", reverse("insights:figure-rows") + "?outcome=overdue"),
        ("recruiter", reverse("pipeline:candidates", args=one) + "?view=list"),
        ("recruiter", reverse("checkins:requisition-checkins", args=one)),
        ("recruiter", reverse("commitments:requisition-commitments", args=one)),
        ("recruiter", reverse("intake:agreement", args=one) + "?part=status"),
        ("hiring_manager", reverse("hiring:requisition-team", args=one)),
    ]


PAGES = ["list", "journal", "status-board", "scoreboard", "figures", "figure-rows"]
PAGES += ["candidates", "checkins", "commitments", "agreement-status", "team"]


@pytest.mark.parametrize("index", range(len(PAGES)), ids=PAGES)
def test_a_pushed_url_gives_the_whole_page_on_history_restore_and_a_fragment_to_htmx(
    client, requisition, recruiter, hr_lead, hiring_manager, index
):
    who, url = _pages(requisition)[index]
    people = {"recruiter": recruiter, "hr_lead": hr_lead, "hiring_manager": hiring_manager}
    client.force_login(people[who])

    page = client.get(url)
    fragment = client.get(url, **HTMX)
    restored = client.get(url, **RESTORE)
    boosted = client.get(url, **BOOSTED)

    assert WHOLE_PAGE in page.content.decode()
    assert WHOLE_PAGE not in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert WHOLE_PAGE in restored.content.decode()
    assert WHOLE_PAGE in boosted.content.decode()
    for response in (page, fragment, restored, boosted):
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


def test_every_fragment_is_chosen_by_page_or_fragment():
    """One fragment rule (`hiring.fragments.page_or_fragment`): a view that picks its own
    fragment with `template += "#…"` answers a history restore or a boosted link with half
    a page."""
    inline = re.compile(r"\+=\s*f?[\"']#")
    found = []
    for app in apps.get_app_configs():
        root = Path(app.path)
        if root.parent == settings.BASE_DIR:
            for module in [root / "views.py", *sorted((root / "views").glob("*.py"))]:
                if module.exists() and inline.search(module.read_text()):
                    found.append(str(module.relative_to(settings.BASE_DIR)))
    assert found == [], "use hiring.fragments.page_or_fragment"
