"""Apps above hiring hide journal entries a reader may not see, through one hook."""

import pytest
from django.db.models import Q
from django.urls import reverse

from hiring import journal
from hiring.journal import record_activity

pytestmark = pytest.mark.django_db


def test_a_registered_hider_keeps_entries_from_the_people_it_names(
    client, monkeypatch, requisition, recruiter, hiring_manager
):
    record_activity(
        requisition=requisition,
        actor=recruiter,
        kind="candidate_added",
        summary="Added Hugo Martin",
        details={"application": 7},
    )
    record_activity(
        requisition=requisition, actor=recruiter, kind="edited", summary="Changed the title"
    )

    def hide_other_peoples_candidates(*, requisition, user):
        return Q(details__application=7) if user == hiring_manager else None

    monkeypatch.setattr(journal.JOURNAL_HIDERS, "_hooks", [])
    journal.JOURNAL_HIDERS.register(hide_other_peoples_candidates)
    url = reverse("hiring:requisition-journal", args=[requisition.pk])

    client.force_login(hiring_manager)
    page = client.get(url).content.decode()
    assert "Changed the title" in page and "Hugo Martin" not in page

    client.force_login(recruiter)
    assert "Hugo Martin" in client.get(url).content.decode()
