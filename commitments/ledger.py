"""Opening, meeting and waiving commitments. Every other app goes through these functions;
nobody ticks a commitment off by hand (DESIGN: "Met by the domain event itself")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from config.bulk_insert import insert_rows
from hiring.journal import record_activity

from .business_time import BusinessCalendar
from .events import announce, met_event
from .models import Absence, Commitment, Notification
from .service_terms import OUTLIVES_ITS_SEARCH, ServiceTerm, Unit


@dataclass(frozen=True)
class Ladder:
    """When the steps around a deadline go out, in business hours."""

    nudge_before: float = 4
    escalate_after: float = 8
    second_escalate_after: float = 24

    @classmethod
    def default(cls) -> Ladder:
        return cls(**getattr(settings, "ACCORD_REMINDER_LADDER", {}))


def due_at_for(*, requisition, term: ServiceTerm, started_at: datetime) -> datetime:
    calendar = BusinessCalendar.for_requisition(requisition)
    if term.unit == Unit.END_OF_DAY:
        return calendar.end_of_day(started_at)
    return calendar.add(started_at, timedelta(hours=term.business_hours))


def _new_commitment(
    *, kind, requisition, owner, party, subject_type, subject_id, title, url, started_at,
    term=None, due_at=None, ladder=None,
) -> Commitment:  # fmt: skip
    """The unsaved commitment with its ladder in business time (paused on a held search)."""
    if due_at is None:
        due_at = due_at_for(requisition=requisition, term=term, started_at=started_at)
    ladder = ladder or Ladder.default()
    calendar = BusinessCalendar.for_requisition(requisition)
    nudge_at = calendar.subtract_hours(due_at, ladder.nudge_before)
    if nudge_at <= started_at:
        nudge_at = None  # too short a deadline to nudge before it
    commitment = Commitment(
        kind=kind,
        requisition=requisition,
        owner=owner,
        party=party,
        subject_type_id=subject_type.pk,
        subject_id=subject_id,
        title=title[:200],
        url=url[:300],
        started_at=started_at,
        due_at=due_at,
        nudge_at=nudge_at,
        escalate_at=calendar.add_hours(due_at, ladder.escalate_after),
        second_escalate_at=calendar.add_hours(due_at, ladder.second_escalate_after),
    )
    commitment.next_step_at = commitment.next_step_after(0)
    if requisition.state == requisition.State.ON_HOLD:
        # Opened on a search on hold: its clock starts when the search reopens.
        commitment.paused_at = started_at
        commitment.paused_remaining = calendar.between(started_at, due_at)
        commitment.next_step_at = None
    return commitment


@transaction.atomic
def open_commitment(
    *,
    kind: str,
    requisition,
    owner,
    party: str,
    subject,
    title: str,
    url: str,
    started_at: datetime | None = None,
    term: ServiceTerm | None = None,
    due_at: datetime | None = None,
    ladder: Ladder | None = None,
) -> Commitment:
    """Open one promise and fix its reminder ladder in business time.

    Give either `term` (a service level: due N business hours/days after `started_at`) or an
    explicit `due_at` (an action item's agreed date). Idempotent: while an open commitment of
    this kind, subject and owner exists, it is returned unchanged.
    """
    if (term is None) == (due_at is None):
        raise ValueError("Give exactly one of term and due_at.")
    if requisition.is_closed and kind not in OUTLIVES_ITS_SEARCH:
        # Nobody can act on a promise about a search that is over (issue 7), except telling
        # its candidates the outcome (issue 25).
        raise ValidationError(f"The search is {requisition.get_state_display().lower()}.")
    started_at = started_at or timezone.now()
    subject_type = ContentType.objects.get_for_model(subject)
    existing = Commitment.objects.open().filter(
        kind=kind, subject_type=subject_type, subject_id=subject.pk, owner=owner
    )
    if found := existing.first():
        return found
    commitment = _new_commitment(
        kind=kind,
        requisition=requisition,
        owner=owner,
        party=party,
        subject_type=subject_type,
        subject_id=subject.pk,
        title=title,
        url=url,
        started_at=started_at,
        term=term,
        due_at=due_at,
        ladder=ladder,
    )
    if commitment.paused_at is None and Absence.objects.away_now().filter(person=owner).exists():
        _pause_while_away(commitment, started_at)
    try:
        with transaction.atomic():
            commitment.save()
    except IntegrityError:
        # Opened at the same moment by another request: theirs stands.
        return existing.get()
    return commitment


def _pause_while_away(commitment: Commitment, started_at: datetime) -> None:
    """Opened for someone away with nobody to hold it: it starts on their return
    (commitments.absences resumes it), and no reminder reaches them meanwhile."""
    calendar = BusinessCalendar.for_requisition(commitment.requisition)
    commitment.paused_at = started_at
    commitment.paused_remaining = calendar.between(started_at, commitment.due_at)
    commitment.next_step_at = None
    commitment.paused_for_absence = True


@dataclass(frozen=True)
class Promise:
    """One commitment to open, with the arguments of `open_commitment` (for the sweeps and
    periodic tasks that open hundreds at once through `open_commitments`)."""

    kind: str
    requisition: object
    owner: object
    party: str
    subject: object
    title: str
    url: str
    started_at: datetime
    term: ServiceTerm | None = None
    due_at: datetime | None = None


def open_commitments(promises, *, ladder: Ladder | None = None) -> list[Commitment]:
    """Open many promises with the rules of `open_commitment`, in two queries whatever their
    number: which are open already (those are kept, not doubled), then one INSERT.

    A promise on a closed search is skipped (nobody can act on it). Call it inside the
    caller's transaction; its rows are claimed (SKIP LOCKED, a unique key), so no other run
    opens the same promises at once. Should one still be opened in between, the INSERT
    fails on the one-open constraint inside a savepoint and the promises go one by one
    through `open_commitment`, which keeps the other's. Returns what it opened.
    """
    promises = [p for p in promises if not p.requisition.is_closed]
    if not promises:
        return []
    types = {
        model: ContentType.objects.get_for_model(model)
        for model in {type(p.subject) for p in promises}
    }
    open_now = set(
        Commitment.objects.open()
        .filter(
            kind__in={p.kind for p in promises},
            subject_type__in=types.values(),
            subject_id__in={p.subject.pk for p in promises},
        )
        .values_list("kind", "subject_type_id", "subject_id", "owner_id")
    )
    fresh, seen = [], set()
    for p in promises:
        key = (p.kind, types[type(p.subject)].pk, p.subject.pk, p.owner.pk)
        if key in open_now or key in seen:
            continue
        seen.add(key)
        fresh.append(
            (
                p,
                _new_commitment(
                    kind=p.kind,
                    requisition=p.requisition,
                    owner=p.owner,
                    party=p.party,
                    subject_type=types[type(p.subject)],
                    subject_id=p.subject.pk,
                    title=p.title,
                    url=p.url,
                    started_at=p.started_at,
                    term=p.term,
                    due_at=p.due_at,
                    ladder=ladder,
                ),
            )
        )
    away = set(
        Absence.objects.away_now()
        .filter(person__in={c.owner_id for _, c in fresh})
        .values_list("person", flat=True)
    )
    for _, commitment in fresh:
        if commitment.owner_id in away and commitment.paused_at is None:
            _pause_while_away(commitment, commitment.started_at)
    try:
        with transaction.atomic():
            return list(insert_rows([c for _, c in fresh]))
    except IntegrityError:
        return [
            open_commitment(
                kind=p.kind,
                requisition=p.requisition,
                owner=p.owner,
                party=p.party,
                subject=p.subject,
                title=p.title,
                url=p.url,
                started_at=p.started_at,
                term=p.term,
                due_at=p.due_at,
                ladder=ladder,
            )
            for p, _ in fresh
        ]


@transaction.atomic
def meet_commitments(*, subject, kind: str, owner=None, met_at: datetime | None = None) -> int:
    """Mark as met the open commitments of `kind` on `subject` (only `owner`'s, if given),
    with how long each took in business time (`met_in`, paused time left out).

    Call it inside the transaction of the event that fulfils them, so the promise is met
    exactly when the event is recorded. The rows are locked first: a sweep that holds one
    is waited for (then the row is seen met and nothing is sent); a sweep that comes after
    skips it (SKIP LOCKED) until this commits, and then finds it out of its index.
    """
    met_at = met_at or timezone.now()
    rows = Commitment.objects.open().for_subject(subject).filter(kind=kind)
    if owner is not None:
        rows = rows.filter(owner=owner)
    locked = list(rows.select_related("requisition").select_for_update(of=("self",)))
    for commitment in locked:
        calendar = BusinessCalendar.for_requisition(commitment.requisition)
        commitment.met_in = commitment.business_time_to(met_at, calendar)
        commitment.state, commitment.met_at, commitment.next_step_at = (
            Commitment.State.MET,
            met_at,
            None,
        )
    Commitment.objects.bulk_update(locked, ["state", "met_at", "met_in", "next_step_at"])
    _read_what_was_met(locked, now=met_at)
    announce(met_event(c, met_at) for c in locked)
    return len(locked)


def _read_what_was_met(met, *, now) -> None:
    """A notice is read once its subject is acted on (issue 25, finding 7): every reminder
    of a met commitment, to whomever it went (nothing is left to chase), and its owner's
    event notices pointing at the page where it was met (the prompt, "to sign", …)."""
    if not met:
        return
    about = Q(reminder__commitment_id__in=[c.pk for c in met])
    for commitment in met:
        about |= Q(recipient_id=commitment.owner_id, url=commitment.url, reminder__isnull=True)
    Notification.objects.filter(about, read_at__isnull=True).update(read_at=now)


@transaction.atomic
def waive_commitment(*, commitment: Commitment, waived_by, reason: str) -> Commitment:
    """Release the owner from a promise, with a reason; nothing more is sent for it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give a reason for waiving it.")
    if commitment.state != Commitment.State.OPEN:
        raise ValidationError("It is no longer open.")
    if not commitment.can_be_waived_by(waived_by):
        raise PermissionDenied("Only HR or the other side can waive this.")
    changed = Commitment.objects.filter(pk=commitment.pk).waive(waived_by=waived_by, reason=reason)
    if not changed:
        raise ValidationError("It is no longer open.")
    commitment.refresh_from_db()
    record_activity(
        requisition=commitment.requisition,
        actor=waived_by,
        kind="commitment_waived",
        summary=f"Waived “{commitment.title}” owed by {commitment.owner.display_name}: {reason}",
        details={"commitment": commitment.pk},
    )
    return commitment


def withdraw_commitments(*, subject, kind: str, reason: str) -> int:
    """Close open commitments that no longer make sense (a superseded agreement version,
    a cancelled interview) without counting them against anybody."""
    return Commitment.objects.for_subject(subject).filter(kind=kind).withdraw(reason=reason)


def _ladder_from(commitment: Commitment, *, due_at: datetime, ladder: Ladder | None = None):
    """Recompute the ladder around a new deadline, keeping the steps already sent."""
    ladder = ladder or Ladder.default()
    calendar = BusinessCalendar.for_requisition(commitment.requisition)
    commitment.due_at = due_at
    nudge_at = calendar.subtract_hours(due_at, ladder.nudge_before)
    commitment.nudge_at = nudge_at if nudge_at > commitment.started_at else None
    commitment.escalate_at = calendar.add_hours(due_at, ladder.escalate_after)
    commitment.second_escalate_at = calendar.add_hours(due_at, ladder.second_escalate_after)
    commitment.next_step_at = commitment.next_step_after(commitment.last_step)


def pause_commitments(*, requisition, now: datetime) -> int:
    """Stop the clocks of a search put on hold: each open commitment keeps the business time
    it had left (or how late it was) and leaves the sweep's index, so nothing is sent."""
    calendar = BusinessCalendar.for_requisition(requisition)
    rows = list(
        Commitment.objects.running().filter(requisition=requisition).select_for_update(of=("self",))
    )
    for commitment in rows:
        if commitment.due_at >= now:
            commitment.paused_remaining = calendar.between(now, commitment.due_at)
        else:
            commitment.paused_remaining = -calendar.between(commitment.due_at, now)
        commitment.paused_at, commitment.next_step_at = now, None
    Commitment.objects.bulk_update(rows, ["paused_at", "paused_remaining", "next_step_at"])
    return len(rows)


def resume_commitments(*, requisition, now: datetime) -> int:
    """Restart the clocks of a reopened search with the business time each had left; the
    ladder is recomputed around the new deadline and steps already sent stay sent."""
    calendar = BusinessCalendar.for_requisition(requisition)
    rows = list(
        Commitment.objects.paused()
        .filter(requisition=requisition)
        .select_related("requisition")
        .select_for_update(of=("self",))
    )
    for commitment in rows:
        # The hold is kept out of how long it takes to meet (Commitment.paused_for).
        commitment.paused_for += calendar.between(commitment.paused_at, now)
        remaining = commitment.paused_remaining or timedelta(0)
        if remaining >= timedelta(0):
            due_at = calendar.add(now, remaining)
        else:
            due_at = calendar.subtract(now, -remaining)
        _ladder_from(commitment, due_at=due_at)
        commitment.paused_at = commitment.paused_remaining = None
    Commitment.objects.bulk_update(
        rows,
        [
            "due_at",
            "nudge_at",
            "escalate_at",
            "second_escalate_at",
            "next_step_at",
            "paused_at",
            "paused_remaining",
            "paused_for",
        ],
    )
    return len(rows)


def withdraw_requisition_commitments(*, requisition, reason: str, now: datetime) -> int:
    """A search filled or cancelled: everything still open on it is withdrawn, except what
    outlives it (telling each candidate the outcome)."""
    rows = Commitment.objects.filter(requisition=requisition).exclude(kind__in=OUTLIVES_ITS_SEARCH)
    return rows.withdraw(reason=reason, now=now)
