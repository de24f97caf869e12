"""Issue 25, finding 7: notification noise. One notice per event per person; "ready to
debrief" only when the candidate's current round is in; a notice read once its subject is
acted on; only overdue and escalations styled as alarms; no notice about a meeting already
begun, and none left new once it has passed."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from commitments.models import Commitment, Notification
from commitments.sweep import sweep
from commitments.wording import notification_level
from interviews.feedback import open_feedback_commitments, submit_scorecard
from interviews.scheduling import schedule_interview
from pipeline.stages import move_application

pytestmark = pytest.mark.django_db

RATED = [
    {"area": "Python in production", "rating": 4, "note": ""},
    {"area": "Owns on-call", "rating": 3, "note": ""},
    {"area": "PostgreSQL", "rating": 3, "note": ""},
]


def submit(interview, author):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=RATED,
        recommendation="yes",
        notes="",
        now=interview.ends_at + timedelta(minutes=1),
    )


def new_notices(since_pk):
    return list(Notification.objects.filter(pk__gt=since_pk).select_related("recipient"))


def last_pk():
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_finding_7_a_signature_request_is_one_notice_per_person(
    requisition, recruiter, hiring_manager, hr_generalist, interviewer
):
    """Sending the agreement told each signer twice ("sent" and "to sign") before."""
    from intake.drafting import save_section
    from intake.signatures import send_for_signature

    from .helpers import BRIEF

    save_section(requisition=requisition, section="role_profile", value=BRIEF, edited_by=recruiter)
    send_for_signature(requisition=requisition, sent_by=recruiter)
    per_person = Counter(n.recipient.username for n in Notification.objects.all())
    # The recruiter and the manager: "to sign"; HR, whose turn comes last: "sent".
    assert per_person == {u.username: 1 for u in (recruiter, hiring_manager, hr_generalist)}
    assert "to sign" in Notification.objects.get(recipient=hiring_manager).text
    # A second version: still one notice each for that sending.
    before = last_pk()
    save_section(
        requisition=requisition,
        section="role_profile",
        value={**BRIEF, "team_description": "Payments core"},
        edited_by=recruiter,
    )
    send_for_signature(requisition=requisition, sent_by=recruiter)
    per_person = Counter(n.recipient.username for n in new_notices(before))
    assert per_person == {u.username: 1 for u in (recruiter, hiring_manager, hr_generalist)}


def test_finding_7_notices_per_event_pinned(
    interview, application, recruiter, hiring_manager, interviewer, second_interviewer
):
    """Each event of an interview's life tells each person once, and only those it concerns."""
    told = {}
    before = last_pk()
    open_feedback_commitments(now=interview.ends_at + timedelta(minutes=1))
    told["interview ended"] = Counter(n.recipient.username for n in new_notices(before))
    before = last_pk()
    submit(interview, interviewer)
    told["first scorecard"] = Counter(n.recipient.username for n in new_notices(before))
    before = last_pk()
    submit(interview, second_interviewer)
    told["last scorecard"] = Counter(n.recipient.username for n in new_notices(before))
    assert told == {
        "interview ended": {interviewer.username: 1, second_interviewer.username: 1},
        "first scorecard": {},
        "last scorecard": {recruiter.username: 1, hiring_manager.username: 1},
    }


def test_finding_7_ready_to_debrief_only_for_the_round_the_candidate_is_at(
    interview, application, interviewer, second_interviewer, hiring_manager
):
    """A late scorecard of a round the candidate has left announces no debrief."""
    submit(interview, interviewer)
    move_application(application=application, to_stage="interview:1", by=hiring_manager)
    submit(interview, second_interviewer)
    assert not Notification.objects.filter(text__contains="ready to debrief").exists()


def test_finding_7_a_scorecard_reads_its_prompt_and_reminders(
    interview, interviewer, second_interviewer, hiring_manager
):
    open_feedback_commitments(now=interview.ends_at + timedelta(minutes=1))
    owed = Commitment.objects.get(kind="interview_feedback", owner=interviewer)
    sweep(now=owed.escalate_at + timedelta(minutes=1))
    about = Notification.objects.filter(recipient=interviewer)
    assert about.filter(read_at=None).count() == 2  # the prompt and the latest step
    escalated = Notification.objects.filter(reminder__commitment=owed).exclude(
        recipient=interviewer
    )
    assert escalated.filter(read_at=None).exists()
    submit(interview, interviewer)
    assert not about.filter(read_at=None).exists()
    assert not escalated.filter(read_at=None).exists()  # acted on: nothing left to chase


def test_finding_7_one_unread_notice_per_deadline_and_only_lateness_looks_like_an_alarm(
    interview, interviewer
):
    open_feedback_commitments(now=interview.ends_at + timedelta(minutes=1))
    owed = Commitment.objects.get(kind="interview_feedback", owner=interviewer)
    steps = Notification.objects.filter(reminder__commitment=owed, recipient=interviewer)
    nudge_time = owed.nudge_at + timedelta(minutes=1)
    sweep(now=nudge_time)
    nudge = steps.get()
    assert nudge.level == "info" and notification_level(nudge, nudge_time) == "info"
    due_time = owed.due_at + timedelta(minutes=1)
    sweep(now=due_time)
    assert steps.count() == 2 and steps.filter(read_at=None).count() == 1
    reminder = steps.get(read_at=None)
    assert notification_level(reminder, due_time) == "warning"
    submit(interview, interviewer)
    reminder.refresh_from_db()
    assert notification_level(reminder, due_time) == "info"  # "…: met." is no alarm


def test_finding_7_an_interview_already_begun_is_not_announced_and_a_past_one_is_not_new(
    application, interview, recruiter, interviewer, second_interviewer
):
    announced = Notification.objects.filter(key__startswith=f"interviews.scheduled-{interview.pk}-")
    assert announced.filter(read_at=None).count() == 2  # the panel, told of the coming one
    open_feedback_commitments(now=interview.ends_at + timedelta(minutes=1))
    assert not announced.filter(read_at=None).exists()  # over: the prompt replaces it

    start = timezone.now() - timedelta(hours=3)
    held = schedule_interview(
        application=application,
        stage_index=0,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        location="Room",
        notes="",
        interviewers=[interviewer],
        scheduled_by=recruiter,
    )
    assert not Notification.objects.filter(key__startswith=f"interviews.scheduled-{held.pk}-")


def test_finding_7_a_held_intake_is_no_longer_news(requisition, recruiter, hiring_manager):
    import time_machine

    from intake.sessions import mark_intake_held, schedule_intake

    start = timezone.now() + timedelta(days=1)
    schedule_intake(
        requisition=requisition,
        scheduled_by=recruiter,
        starts_at=start,
        duration_minutes=60,
        channel="video",
        where="",
        attendees=[recruiter, hiring_manager],
    )
    told = Notification.objects.filter(recipient=hiring_manager, key__startswith="intake:")
    assert told.filter(read_at=None).count() == 1
    with time_machine.travel(start + timedelta(minutes=70), tick=False):
        mark_intake_held(requisition=requisition, marked_by=recruiter)
    assert not told.filter(read_at=None).exists()


def test_finding_7_a_one_person_round_owes_the_decision_without_a_debrief_notice(
    application, recruiter, hiring_manager
):
    """The recruiter screen, scored by the recruiter alone: nothing to debrief, so no
    "ready to debrief" — the hiring manager's decision is still owed (home, ladder)."""
    from .helpers import past_interview

    screen = past_interview(application, panel=[recruiter], scheduled_by=recruiter)
    submit(screen, recruiter)
    assert Commitment.objects.get(kind="debrief_decision").owner == hiring_manager
    assert not Notification.objects.filter(text__contains="ready to debrief").exists()
