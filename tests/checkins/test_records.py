from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from checkins.models import ActionItem, CheckIn, PulseSide
from checkins.records import (
    ActionItemDraft,
    answer_pulse,
    complete_action_item,
    open_due_records,
    pulse_points,
    record_checkin,
)
from commitments.models import Commitment, Notification
from commitments.service_terms import CommitmentKind

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
AFTER_FIRST = datetime(2027, 3, 15, 11, 0, tzinfo=LONDON)  # the first check-in was 10:00


@pytest.fixture
def first(requisition, spring, activate):
    activate()
    spring.move_to(AFTER_FIRST)
    return requisition.checkins.order_by("starts_at").first()


def test_the_leader_owes_the_record_once_the_time_has_passed_exactly_once(first, recruiter):
    assert open_due_records() == 1
    assert open_due_records() == 0
    [owed] = Commitment.objects.filter(kind=CommitmentKind.RECORD_CHECKIN)
    assert owed.owner == recruiter
    # One business day after the check-in ended (10:30 Monday → 10:30 Tuesday).
    assert owed.due_at == datetime(2027, 3, 16, 10, 30, tzinfo=LONDON)
    assert owed.url.endswith(f"/checkins/{first.pk}/record/")


def test_a_held_record_with_an_action_item_opens_its_commitment_and_meets_the_record(
    first, recruiter, hiring_manager
):
    open_due_records()
    record_checkin(
        checkin=first,
        recorded_by=recruiter,
        held=True,
        progress="Six in screening",
        blockers="No interview slots",
        action_items=[
            ActionItemDraft("Free two interview slots", hiring_manager, date(2027, 3, 18))
        ],
    )
    first.refresh_from_db()
    assert first.state == CheckIn.State.HELD
    assert first.snapshot["commitments"]["recruiting"]["open"] >= 0
    assert "pipeline" in first.snapshot
    record = Commitment.objects.get(kind=CommitmentKind.RECORD_CHECKIN)
    assert record.state == Commitment.State.MET
    item = ActionItem.objects.get()
    owed = Commitment.objects.get(kind=CommitmentKind.ACTION_ITEM)
    assert owed.owner == hiring_manager and owed.state == Commitment.State.OPEN
    assert owed.due_at == datetime(2027, 3, 18, 17, tzinfo=LONDON)
    assert Notification.objects.filter(recipient=hiring_manager, url=owed.url).exists()
    with pytest.raises(PermissionDenied):
        complete_action_item(item=item, done_by=recruiter, note="done")
    with pytest.raises(ValidationError):
        complete_action_item(item=item, done_by=hiring_manager, note="  ")
    complete_action_item(item=item, done_by=hiring_manager, note="Thursday 14:00 and 15:00")
    owed.refresh_from_db()
    assert owed.state == Commitment.State.MET
    with pytest.raises(ValidationError):
        record_checkin(checkin=first, recorded_by=recruiter, held=True)


def test_a_missed_check_in_needs_a_reason_and_tells_the_team(first, recruiter, hiring_manager):
    with pytest.raises(ValidationError):
        record_checkin(checkin=first, recorded_by=recruiter, held=False, missed_reason=" ")
    record_checkin(checkin=first, recorded_by=recruiter, held=False, missed_reason="HM ill")
    first.refresh_from_db()
    assert first.state == CheckIn.State.MISSED
    assert Notification.objects.filter(recipient=hiring_manager, text__contains="missed").exists()


def test_a_future_check_in_cannot_be_recorded_and_interviewers_cannot_record(
    requisition, spring, activate, recruiter, interviewer
):
    activate()
    future = requisition.checkins.order_by("starts_at").first()
    with pytest.raises(PermissionDenied):
        record_checkin(checkin=future, recorded_by=recruiter, held=True)
    with time_machine.travel(AFTER_FIRST, tick=False), pytest.raises(PermissionDenied):
        record_checkin(checkin=future, recorded_by=interviewer, held=True)


def _held(first, recruiter):
    record_checkin(checkin=first, recorded_by=recruiter, held=True, progress="ok")
    first.refresh_from_db()
    return first


def test_pulse_visibility_own_answers_other_side_average_only_from_two_hr_sees_all(
    first, recruiter, hiring_manager, hr_generalist, hr_lead, interviewer
):
    checkin = _held(first, recruiter)
    answer_pulse(checkin=checkin, person=recruiter, score=4, comment="Good pace")
    answer_pulse(checkin=checkin, person=hiring_manager, score=2, comment="Too few CVs")
    recruiting, hiring = PulseSide.RECRUITING.value, PulseSide.HIRING.value

    [point] = pulse_points(checkin.requisition, recruiter)
    assert point.values == {recruiting: 4, hiring: None}  # one answer on the other side: hidden
    [point] = pulse_points(checkin.requisition, hiring_manager)
    assert point.values == {recruiting: None, hiring: 2}  # own answer only

    answer_pulse(checkin=checkin, person=hr_generalist, score=5)
    [point] = pulse_points(checkin.requisition, recruiter)
    assert point.values == {recruiting: 4, hiring: 3.5}  # two answers: the average
    [point] = pulse_points(checkin.requisition, hiring_manager)
    assert point.values[hiring] == 2  # still only their own on their side
    for hr in (hr_generalist, hr_lead):
        [point] = pulse_points(checkin.requisition, hr)
        assert point.values == {recruiting: 4, hiring: 3.5}
    with pytest.raises(PermissionDenied):
        answer_pulse(checkin=checkin, person=interviewer, score=3)
    with pytest.raises(ValidationError):
        answer_pulse(checkin=checkin, person=recruiter, score=6)


def test_answering_again_replaces_the_answer(first, recruiter):
    checkin = _held(first, recruiter)
    answer_pulse(checkin=checkin, person=recruiter, score=2)
    answer_pulse(checkin=checkin, person=recruiter, score=5)
    assert checkin.pulse_answers.get().score == 5


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_open_each_record_once(
    requisition, recruiter, hiring_manager, hr_generalist
):
    import threading

    from django.db import connection

    from tests.checkins.agreements import activate_agreement
    from tests.services import require_postgres

    require_postgres()
    with time_machine.travel(datetime(2027, 3, 10, 9, tzinfo=LONDON), tick=False):
        activate_agreement(
            requisition,
            recruiter=recruiter,
            hiring_manager=hiring_manager,
            hr_generalist=hr_generalist,
        )
    later = datetime(2027, 4, 14, 11, tzinfo=LONDON)  # five check-ins have passed
    barrier, results = threading.Barrier(2), []

    def sweep():
        try:
            barrier.wait()
            results.append(open_due_records(now=later, batch=3))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.append(open_due_records(now=later))
    assert sum(results) == 5
    assert Commitment.objects.filter(kind=CommitmentKind.RECORD_CHECKIN).count() == 5


@pytest.mark.parametrize("searches", [1, 5])
def test_the_record_sweep_costs_the_same_queries_whatever_the_number_due(
    searches, requisition, recruiter, hr_generalist, hiring_manager, spring, activate,
    django_assert_max_num_queries,
):  # fmt: skip
    from checkins.models import CheckInSeries
    from tests.factories import RequisitionFactory, TeamRole, put_on_team

    activate()
    for _ in range(searches - 1):
        other = RequisitionFactory(created_by=recruiter, state="open", country="GB",
                                   time_zone="Europe/London")  # fmt: skip
        put_on_team(other, recruiter, TeamRole.RECRUITER)
        put_on_team(other, hiring_manager, TeamRole.HIRING_MANAGER)
        series = CheckInSeries.objects.create(
            requisition=other, rrule="FREQ=WEEKLY;BYDAY=MO",
            starts_at=datetime(2027, 3, 15, 10, tzinfo=LONDON), time_zone="Europe/London",
            channel="video", leader_party="recruiter",
            attendee_parties=["recruiter", "hiring_manager"],
        )  # fmt: skip
        CheckIn.objects.create(series=series, requisition=other, recurrence_id=series.starts_at,
                               starts_at=series.starts_at,
                               ends_at=datetime(2027, 3, 15, 10, 30, tzinfo=LONDON))  # fmt: skip
    spring.move_to(AFTER_FIRST)
    # savepoint, the claim, the teams, the mark, "moved" notices marked read, the agreements,
    # the organisation's service levels (the others have no agreement), content type,
    # commitments open, who is away (absences), their INSERT in a savepoint (3), release.
    with django_assert_max_num_queries(2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 3):
        assert open_due_records() == searches
    assert Commitment.objects.filter(kind=CommitmentKind.RECORD_CHECKIN).count() == searches
