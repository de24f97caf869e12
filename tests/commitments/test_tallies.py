"""The commitments' summary rows (`commitments.tallies`): kept by the database in the
statement that changes a commitment, whichever path changes it, equal to a recomputation
from the commitments, and rebuilt from them by `manage.py rebuild_tallies`."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from commitments.ledger import meet_commitments, waive_commitment
from commitments.models import Commitment, CommitmentTally
from commitments.tallies import (
    kept_department_tallies,
    kept_tallies,
    recomputed_department_tallies,
    recomputed_tallies,
    tally_week,
)
from hiring.lifecycle import move_requisition
from hiring.models import Requisition
from hiring.team import assign_hiring_team
from tests.factories import UserFactory, make_commitment

pytestmark = pytest.mark.django_db


def _only_row():
    rows = [r for r in CommitmentTally.objects.all() if any(getattr(r, n) for n in _COUNTS)]
    assert len(rows) == 1, rows
    return rows[0]


_COUNTS = ("met_on_time", "met_late", "open_running", "waived", "paused", "declined", "extended")


def test_opening_meeting_late_and_waiving_move_the_counts(
    traveller, requisition, hiring_manager, hr_generalist
):
    review = make_commitment(requisition, hiring_manager)  # due Wednesday 10:00
    row = _only_row()
    assert (row.open_running, row.met_on_time, row.week) == (1, 0, date(2026, 11, 23))
    assert row.answerable_id == hiring_manager.pk

    traveller.to(review.due_at + timedelta(hours=1))
    meet_commitments(subject=review.subject, kind=review.kind, owner=hiring_manager)
    row = _only_row()
    assert (row.open_running, row.met_late, row.met_on_time) == (0, 1, 0)
    # 2 business days and 1 hour (17 h): within 3 business days (24 h), not within 2 (16 h).
    assert (row.within_4, row.within_5, row.within_10) == (0, 1, 1)

    other = make_commitment(requisition, hiring_manager, title="Review Joe")
    waive_commitment(commitment=other, waived_by=hr_generalist, reason="Not needed")
    assert kept_tallies() == recomputed_tallies()
    assert sum(r.waived for r in CommitmentTally.objects.all()) == 1


def test_hold_withdrawal_bulk_update_and_delete(traveller, requisition, recruiter, hiring_manager):
    make_commitment(requisition, hiring_manager)
    make_commitment(requisition, hiring_manager, title="Review Joe", kind="interview_feedback")
    move_requisition(requisition=requisition, to_state="on_hold", moved_by=recruiter, reason="x")
    assert sum(r.paused for r in CommitmentTally.objects.all()) == 2
    assert kept_tallies() == recomputed_tallies()
    move_requisition(requisition=requisition, to_state="open", moved_by=recruiter, reason="x")
    assert sum(r.open_running for r in CommitmentTally.objects.all()) == 2
    # A bulk UPDATE written by hand, as any future path might: the trigger still follows.
    Commitment.objects.filter(kind="interview_feedback").update(extensions=1)
    assert sum(r.extended for r in CommitmentTally.objects.all()) == 1
    move_requisition(requisition=requisition, to_state="cancelled", moved_by=recruiter, reason="x")
    assert kept_tallies() == recomputed_tallies() == {}  # withdrawn: in no row
    Commitment.objects.all().delete()
    assert kept_tallies() == {}


def test_a_hand_over_after_the_deadline_stays_with_the_predecessor(
    traveller, requisition, recruiter, hr_generalist, hiring_manager, interviewer
):
    review = make_commitment(requisition, hiring_manager)
    successor = UserFactory(role="hiring_manager")
    traveller.to(review.due_at + timedelta(hours=2))
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=successor,
        interviewers=[interviewer],
    )
    review.refresh_from_db()
    assert review.owner_id == successor.pk and review.late_owner_id == hiring_manager.pk
    assert _only_row().answerable_id == hiring_manager.pk
    assert kept_tallies() == recomputed_tallies()


def test_before_the_deadline_it_is_the_successors(
    traveller, requisition, recruiter, hr_generalist, hiring_manager, interviewer
):
    make_commitment(requisition, hiring_manager)
    successor = UserFactory(role="hiring_manager")
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=successor,
        interviewers=[interviewer],
    )
    assert _only_row().answerable_id == successor.pk
    assert kept_tallies() == recomputed_tallies()


def test_the_sweep_s_columns_do_not_touch_the_tallies(traveller, requisition, hiring_manager):
    make_commitment(requisition, hiring_manager)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM commitments_commitmenttally")
        before = cursor.fetchone()[0]
    Commitment.objects.update(last_step=2, title="Renamed")
    assert CommitmentTally.objects.count() == before
    assert kept_tallies() == recomputed_tallies()


def test_rebuild_fills_what_the_triggers_missed(traveller, requisition, hiring_manager):
    make_commitment(requisition, hiring_manager)
    make_commitment(requisition, hiring_manager, kind="interview_feedback")
    CommitmentTally.objects.all().delete()  # as before the migration, or a load without them
    assert kept_tallies() != recomputed_tallies()
    call_command("rebuild_tallies", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert kept_tallies() == recomputed_tallies()
    assert sum(r.open_running for r in CommitmentTally.objects.all()) == 2


def test_sqlite_week_is_the_organisation_s_monday(settings):
    settings.TIME_ZONE = "Europe/London"
    assert tally_week("2026-11-29 23:30:00") == "2026-11-23"  # Sunday night, London
    assert tally_week("2026-11-30 00:00:00.500000") == "2026-11-30"
    settings.TIME_ZONE = "America/New_York"
    assert tally_week("2026-11-30 03:00:00") == "2026-11-23"  # still Sunday in New York


def test_the_departments_tallies_follow_and_move_with_the_search(
    traveller, requisition, hiring_manager
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: on SQLite the figures sum the searches' rows")
    make_commitment(requisition, hiring_manager)
    make_commitment(requisition, hiring_manager, kind="interview_feedback")
    assert kept_department_tallies() == recomputed_department_tallies()
    assert {key[1] for key in kept_department_tallies()} == {requisition.department}
    Requisition.objects.filter(pk=requisition.pk).update(department="Finance")
    assert kept_department_tallies() == recomputed_department_tallies()
    assert {key[1] for key in kept_department_tallies()} == {"Finance"}
    call_command("rebuild_tallies", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert kept_department_tallies() == recomputed_department_tallies()


def test_on_sqlite_the_triggers_are_installed_again_after_migrate(traveller, requisition):
    """SQLite cannot rename a rebuilt table while a trigger names another that is missing
    for that moment: the triggers are dropped before `migrate` and installed after it."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from commitments.tallies import drop_before_migrate, rebuild_after_migrate  # noqa: PLC0415 — SQLite only

    drop_before_migrate(sender=None, using="default")
    make_commitment(requisition, requisition.member("hiring_manager"))
    assert kept_tallies() == {}
    rebuild_after_migrate(sender=None, using="default")
    assert kept_tallies() == recomputed_tallies() != {}
