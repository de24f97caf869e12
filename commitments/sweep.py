"""The sweep: find commitments whose next reminder step is due and write that step.

Guarantee: each (commitment, step, recipient) is written at most once, together with its
in-app notification and (for people who take emails at once) its OutboundEmail, in one
transaction; the emails' send tasks are enqueued only after that commits (in chunks, each
email claimed before it is sent, so a chunk delivered twice sends each email once).
Two sweeps at once (two beats, a slow tick overlapping the next) never take the same row:
`select_for_update(skip_locked=True)` gives each its own batch, and `last_step` moves in the
same transaction, so a row that comes back later is past that step. A sweep killed
mid-batch rolls back whole; the next tick redoes the batch. After downtime each commitment
gets only the highest step now due (`Commitment.step_due`), never a burst of stale nudges.
A commitment met or waived first is no longer open and is never selected.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import ReminderEmail, User
from config.bulk_insert import insert_rows
from hiring.models import LEAD_ROLES, HiringTeamMember, Requisition, TeamRole
from outbox.mail import enqueue_on_commit

from .delivery import Direct, ReminderEmails, hand_to_channels
from .events import announce, step_event
from .models import Absence, Commitment, Notification, Reminder, Step, counterpart_parties
from .wording import reminder_text

BATCH_SIZE = 500


@dataclass
class SweepResult:
    commitments: int = 0
    reminders: int = 0
    batches: int = 0
    seconds: float = 0.0


# Only a missed deadline looks like an alarm: a nudge before it is information.
_LEVELS = {
    Step.NUDGE: "info",
    Step.REMINDER: "warning",
    Step.ESCALATION: "danger",
    Step.SECOND_ESCALATION: "danger",
}


def _recipients(commitment, step, team_by_requisition):
    """The owner always; from the escalation on, the counterpart party and HR too — never
    whoever said "not mine" about it while their decline waits (issue 18)."""
    people = {commitment.owner_id: commitment.owner}
    if step >= Step.ESCALATION:
        wanted = {*counterpart_parties(commitment.party), TeamRole.HR_GENERALIST}
        for member in team_by_requisition.get(commitment.requisition_id, ()):
            if member.role in wanted:
                people.setdefault(member.user_id, member.user)
    people.pop(commitment.declined_by_id, None)
    return [p for p in people.values() if p.is_active]


def _still_holds_part(commitment, team_by_requisition) -> bool:
    """A lead party's commitment is acted on by whoever holds that part now."""
    if commitment.party not in LEAD_ROLES:
        return True
    return any(
        m.user_id == commitment.owner_id and m.role == commitment.party
        for m in team_by_requisition.get(commitment.requisition_id, ())
    )


def _email_state(person) -> str:
    if not person.email:
        return Reminder.Email.NONE
    if person.reminder_email == ReminderEmail.DIGEST:
        return Reminder.Email.DIGEST
    return Reminder.Email.OUTBOX


def _share_related(batch, members) -> None:
    """Each search and each person of the batch loaded once (two queries) and shared by
    its commitments and team rows: a batch of 500 on a few searches built 500 requisitions
    and 500 owners through select_related, a third of the sweep's Python."""
    requisitions = Requisition.objects.in_bulk({c.requisition_id for c in batch})
    people = User.objects.in_bulk({c.owner_id for c in batch} | {m.user_id for m in members})
    for commitment in batch:
        Commitment.requisition.field.set_cached_value(
            commitment, requisitions[commitment.requisition_id]
        )
        Commitment.owner.field.set_cached_value(commitment, people[commitment.owner_id])
    for member in members:
        HiringTeamMember.user.field.set_cached_value(member, people[member.user_id])


def sweep_batch(*, now, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Claim and write one batch; return (commitments, reminders). Ten queries a batch
    whatever its size: the claim, the teams, their searches and people, who is away, one
    UPDATE of the ladder positions, one INSERT
    each of emails, reminders and notifications, and one UPDATE marking read the earlier
    steps' notices the new ones supersede; the send tasks go on commit, a few
    chunks of emails each (`outbox.mail.enqueue`)."""
    with transaction.atomic():
        batch = list(
            Commitment.objects.ladder_due(now)
            .order_by("next_step_at")
            .select_for_update(skip_locked=True, of=("self",))[:batch_size]
        )
        if not batch:
            return 0, 0
        team = defaultdict(list)
        members = list(
            HiringTeamMember.objects.filter(
                requisition_id__in={c.requisition_id for c in batch},
                role__in=[TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER],
            )
        )
        _share_related(batch, members)
        for member in members:
            team[member.requisition_id].append(member)

        # Nobody away is reminded of anything (issue 18): their own commitments are handed
        # to a deputy or paused; this leaves them out of escalations too.
        away = set(
            Absence.objects.away_now()
            .filter(person__in={m.user_id for members in team.values() for m in members})
            .values_list("person", flat=True)
        )
        reminders, events = [], []
        for commitment in batch:
            step = commitment.step_due(now)
            if step is None:  # next_step_at was stale; put it right
                commitment.next_step_at = commitment.next_step_after(commitment.last_step)
                continue
            if not _still_holds_part(commitment, team):
                # The owner left that part of the team and the hand-over has not moved the
                # promise yet: nobody who can act would read this step. Leave it due; the
                # hand-over (in the team change's own transaction) moves it first; look
                # again in a minute (and not again in this sweep's loop).
                commitment.next_step_at = now + timedelta(minutes=1)
                continue
            for person in _recipients(commitment, step, team):
                if person.pk in away:
                    continue
                reminders.append(
                    Reminder(
                        commitment=commitment,
                        step=step,
                        recipient=person,
                        created_at=now,
                        email_state=_email_state(person),
                    )
                )
            commitment.last_step = step
            commitment.next_step_at = commitment.next_step_after(step)
            if (event := step_event(commitment, step, now)) is not None:
                events.append(event)  # overdue or escalated, for the floors above
        Commitment.objects.move_along_ladders(batch)
        texts = [reminder_text(r, now)[:400] for r in reminders]
        opening = {}  # recipient → when their working day lets an email go
        writer = ReminderEmails()
        for reminder, text in zip(reminders, texts, strict=True):
            if reminder.email_state == Reminder.Email.OUTBOX:
                # Quiet hours: the email waits for the recipient's working day in their own
                # time zone, and is worded for that moment; the in-app notice is now.
                person = reminder.recipient
                if person.pk not in opening:
                    opening[person.pk] = person.next_working_moment(now)
                opens = opening[person.pk]
                reminder.email = writer.build(
                    reminder, now=now, send_after=opens, text=text if opens <= now else None
                )
        emails = insert_rows([r.email for r in reminders if r.email])
        insert_rows(reminders)
        if reminders:
            # One deadline, one unread notice: the new step supersedes the earlier ones'
            # (the nudge "due in 4 hours" and the reminder "due now" are the same deadline in
            # two wordings; issue 25, finding 7). Before the insert, so only older rows.
            Notification.objects.supersede_reminders(
                commitment_ids={r.commitment_id for r in reminders},
                recipient_ids={r.recipient_id for r in reminders},
                now=now,
            )
        insert_rows(
            [
                Notification(  # by ids: their rows are written and not read back here
                    recipient_id=r.recipient_id,
                    requisition_id=r.commitment.requisition_id,
                    reminder_id=r.pk,
                    level=_LEVELS[r.step],
                    text=text,
                    url=r.commitment.acting_url,
                    created_at=now,
                )
                for r, text in zip(reminders, texts, strict=True)
            ]
        )
        hand_to_channels(
            Direct(
                email=r.email, person=r.recipient, requisition=r.commitment.requisition, reminder=r
            )
            for r in reminders
            if r.email
        )
        announce(events)
        enqueue_on_commit(emails)
    return len(batch), len(reminders)


def sweep(*, now=None, batch_size: int = BATCH_SIZE, max_batches: int = 1000) -> SweepResult:
    """Sweep until nothing is due (or `max_batches`, so one tick cannot run forever)."""
    now = now or timezone.now()
    result = SweepResult()
    started = time.perf_counter()
    if not Commitment.objects.ladder_due(now).exists():
        # The idle tick, every few seconds: one indexed query and no transaction.
        result.seconds = time.perf_counter() - started
        return result
    for _ in range(max_batches):
        commitments, reminders = sweep_batch(now=now, batch_size=batch_size)
        if not commitments:
            break
        result.batches += 1
        result.commitments += commitments
        result.reminders += reminders
        if commitments < batch_size:
            break  # what is left is locked by another sweep, or nothing is: the next tick
    result.seconds = time.perf_counter() - started
    return result
