"""The sweep at the right times, once per step, catching up without a burst."""

import threading

import pytest
from django.core import mail
from django.db import connection

from commitments.ledger import meet_commitments
from commitments.models import Commitment, Notification, Reminder, Step
from commitments.service_terms import CommitmentKind
from commitments.sweep import sweep
from tests.clock import london
from tests.services import require_postgres

pytestmark = pytest.mark.django_db


def steps_sent(commitment):
    return sorted(
        set(Reminder.objects.filter(commitment=commitment).values_list("step", flat=True))
    )


def test_nothing_goes_out_before_the_nudge(review_commitment, traveller):
    traveller.to(london(24, 13, 59))
    assert sweep().reminders == 0


def test_each_step_goes_out_once_at_its_time_to_the_right_people(
    review_commitment,
    traveller,
    hiring_manager,
    recruiter,
    hr_generalist,
    django_capture_on_commit_callbacks,
):
    traveller.to(london(24, 14))
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep().reminders == 1
    assert len(callbacks) == 1  # the email send, enqueued on commit
    assert steps_sent(review_commitment) == [Step.NUDGE]
    assert sweep().reminders == 0  # same minute again: nothing new

    traveller.to(london(25, 10))
    assert sweep().reminders == 1
    traveller.to(london(26, 10))
    assert sweep().reminders == 3  # escalation: the owner, the recruiter, HR
    escalated = set(
        Reminder.objects.filter(step=Step.ESCALATION).values_list("recipient", flat=True)
    )
    assert escalated == {hiring_manager.pk, recruiter.pk, hr_generalist.pk}
    traveller.to(london(30, 10))
    assert sweep().reminders == 3
    traveller.to(london(30, 17))
    assert sweep().reminders == 0
    assert steps_sent(review_commitment) == [1, 2, 3, 4]
    assert Notification.objects.count() == Reminder.objects.count() == 8
    review_commitment.refresh_from_db()
    assert review_commitment.next_step_at is None


def test_after_downtime_only_the_highest_due_step_goes_out(review_commitment, traveller):
    traveller.to(london(26, 11))  # nudge, reminder and escalation all past
    result = sweep()
    assert steps_sent(review_commitment) == [Step.ESCALATION]
    assert result.commitments == 1
    review_commitment.refresh_from_db()
    assert review_commitment.next_step_at == review_commitment.second_escalate_at


def test_a_commitment_met_before_its_step_sends_nothing(review_commitment, traveller, requisition):
    meet_commitments(subject=requisition, kind=CommitmentKind.REVIEW_CANDIDATE)
    traveller.to(london(30, 12))
    assert sweep().reminders == 0
    assert not Notification.objects.exists()


def test_notification_text_says_what_when_and_where(review_commitment, traveller, recruiter):
    traveller.to(london(26, 10))
    sweep()
    owner_note = Notification.objects.get(recipient=review_commitment.owner)
    assert "Review Jane Doe" in owner_note.text
    assert "overdue" in owner_note.text
    assert owner_note.url == review_commitment.url
    other = Notification.objects.get(recipient=recruiter)
    assert other.text.startswith(review_commitment.owner.display_name)
    assert "1 business day late" in other.text
    assert "Mon 23 Nov" in other.text  # asked since


def test_people_who_want_a_digest_get_no_immediate_email(
    review_commitment, traveller, hiring_manager
):
    hiring_manager.reminder_email = "digest"
    hiring_manager.save()
    traveller.to(london(24, 14))
    sweep()
    assert Reminder.objects.get().email_state == "digest"
    assert Notification.objects.count() == 1  # the bell still rings at once
    assert mail.outbox == []


def make_many(template: Commitment, count: int):
    """Copies of one commitment with other subjects: the same ladder, many rows."""
    fields = [f.name for f in Commitment._meta.concrete_fields if f.name not in ("id",)]
    Commitment.objects.bulk_create(
        Commitment(**{**{f: getattr(template, f) for f in fields}, "subject_id": 10_000 + n})
        for n in range(count)
    )


@pytest.mark.django_db(transaction=True)
def test_three_sweeps_at_once_write_each_step_once(review_commitment, traveller):
    require_postgres()
    make_many(review_commitment, 59)
    traveller.to(london(26, 12))
    results, errors = [], []

    def run():
        try:
            results.append(sweep(batch_size=7))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(r.commitments for r in results) == 60
    assert Reminder.objects.count() == Notification.objects.count() == 60 * 3
    assert Reminder.objects.values("commitment", "step", "recipient").distinct().count() == 180


def test_an_email_due_before_the_working_day_waits_for_it_and_reads_right_then(
    review_commitment, traveller, hiring_manager
):
    """The issue's case: an escalation swept at 07:45 went out at 07:45 saying "is due now"
    about an item a day old. The in-app notice is written at once; the email waits for
    09:00 and is worded for 09:00."""
    traveller.to(london(26, 7, 45))  # Thu 07:45, a day after Wed 10:00's deadline
    sweep()
    reminder = Reminder.objects.get(recipient=hiring_manager)
    assert Notification.objects.filter(reminder=reminder).exists()
    email = reminder.email
    assert email.send_after == london(26, 9, 0)
    assert "due now" not in email.text
    assert "overdue (was due yesterday at 10:00" in email.text


@pytest.mark.parametrize("due", [2, 40])
def test_a_batch_costs_the_same_queries_whatever_its_size(
    due, traveller, requisition, hiring_manager, django_assert_num_queries
):
    """Claim, teams, their searches and people, one UPDATE, one INSERT each of emails,
    reminders and notifications, who listens to the events (and the savepoint around them),
    for 2 or 40 commitments; an idle tick is one query."""
    from tests.factories import make_commitment

    for n in range(due):
        make_commitment(requisition, hiring_manager, title=f"Review {n}", subject=hiring_manager)
        Commitment.objects.filter(title=f"Review {n}").update(subject_id=1000 + n)
    traveller.to(london(30, 10))  # every one is due for its escalation
    # the idle check, savepoint, the batch (its eleven: the claim, teams, their searches and
    # people, who is away, ladder UPDATE, three INSERTs, marking read the notices the new
    # steps supersede, and the webhook endpoints listening to the escalations,
    # commitments.events)
    with django_assert_num_queries(1 + 2 + 11):
        result = sweep()
    assert result.commitments == due and result.reminders == 3 * due
    with django_assert_num_queries(1):
        assert sweep().commitments == 0
