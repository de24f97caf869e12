"""What a check-in leaves behind: the record (held or missed), its snapshot, action items
and the relationship pulse (DESIGN "Check-ins"; seed 002: "regular check-ins to assess and
discuss progress not only about the work but about the relationship").

- `open_due_records()` — the sweep: once an occurrence's time has passed, its leader owes
  "record the check-in" (the agreement's service level; 1 business day by default). Rows are
  claimed with SELECT … FOR UPDATE SKIP LOCKED and stamped `record_opened_at` in the same
  transaction as the commitment, so two sweeps open it exactly once.
- `record_checkin(...)` — held or missed (missed needs a reason and tells the team), the
  snapshot taken by itself, progress, blockers, action items as commitments; meets the
  record commitment in the same transaction.
- `complete_action_item(...)` — its owner marks it done with a note: meets its commitment.
- `answer_pulse(...)` / `pulse_points(...)` — 1–5 and a comment per person and check-in;
  who sees what is decided in `pulse_points`, the one place that reads answers for a page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from statistics import mean

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.business_time import BusinessCalendar
from commitments.ledger import Promise, meet_commitments, open_commitment, open_commitments
from commitments.models import Commitment, Notification
from commitments.notices import mark_notices_read, notify_event
from commitments.service_terms import CommitmentKind
from hiring.charts import Series, line_chart
from hiring.journal import record_activity
from hiring.models import LEAD_ROLES, Requisition, TeamRole
from intake.agreements import TermsInForce
from pipeline.models import Application, Stage

from .models import ActionItem, CheckIn, PulseAnswer, PulseSide
from .series import attendees_of, checkin_url, leader_of

SIDE_OF_ROLE = {
    TeamRole.RECRUITER: PulseSide.RECRUITING,
    TeamRole.HR_GENERALIST: PulseSide.HIRING,
    TeamRole.HIRING_MANAGER: PulseSide.HIRING,
    TeamRole.INTERVIEWER: PulseSide.HIRING,
}
_ROLE_ORDER = (*LEAD_ROLES, TeamRole.INTERVIEWER)


def party_of(requisition, user) -> str | None:
    roles = requisition.roles_of(user)
    return next((str(role) for role in _ROLE_ORDER if role in roles), None)


def side_of(requisition, user) -> str | None:
    party = party_of(requisition, user)
    return SIDE_OF_ROLE.get(party)


def record_url(checkin) -> str:
    return reverse("checkins:checkin-record", args=[checkin.pk])


def action_item_url(item) -> str:
    return reverse("checkins:action-item", args=[item.pk])


def pulse_url(checkin) -> str:
    return reverse("checkins:checkin-pulse", args=[checkin.pk])


# --- the sweep -----------------------------------------------------------------------------
def open_due_records(*, now: datetime | None = None, batch: int = 200) -> int:
    """Open "record the check-in" for every occurrence whose time has passed; exactly once
    per occurrence, whatever the number of sweeps running.

    One transaction of six queries whatever the batch's size: the claim (SKIP LOCKED, through
    checkin_record_due_idx) with the series, search and team, the agreements, the claim's
    mark (`record_opened_at`) and the commitments (`open_commitments`)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            CheckIn.objects.record_due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("series__requisition", "requisition")
            .prefetch_related("requisition__team_members__user")
            .order_by("ends_at")[:batch]
        )
        if not due:
            return 0
        CheckIn.objects.filter(pk__in=[c.pk for c in due]).update(record_opened_at=now)
        # Past: "moved to …" is no longer news to anyone (issue 25, finding 7).
        Notification.objects.filter(
            read_at__isnull=True,
            reminder__isnull=True,
            key__startswith="checkin-",
            key__contains="-moved-",
            url__in=[checkin_url(c) for c in due],
        ).update(read_at=now)
        terms = TermsInForce({c.requisition_id for c in due})
        promises = []
        for checkin in due:
            requisition = checkin.requisition
            checkin.series.requisition = requisition  # the one with the team prefetched
            leader = leader_of(checkin.series)
            if leader is None or requisition.is_closed:
                continue
            promises.append(
                Promise(
                    kind=CommitmentKind.RECORD_CHECKIN,
                    requisition=requisition,
                    owner=leader,
                    party=checkin.series.leader_party,
                    subject=checkin,
                    title=f"Record the check-in of "
                    f"{timezone.localtime(checkin.starts_at, checkin.series_zone()):%a %-d %b} "
                    f"for {requisition.title}",
                    url=record_url(checkin),
                    started_at=checkin.ends_at,
                    term=terms.term(requisition, CommitmentKind.RECORD_CHECKIN),
                )
            )
        return len(open_commitments(promises))


# --- the record ----------------------------------------------------------------------------
def can_record(checkin: CheckIn, user, now: datetime | None = None) -> bool:
    """The hiring team's leads record a check-in once its time has come."""
    now = now or timezone.now()
    return (
        checkin.state == CheckIn.State.SCHEDULED
        and checkin.starts_at <= now
        and not checkin.requisition.is_closed
        and bool(checkin.requisition.roles_of(user) & set(LEAD_ROLES))
    )


def take_snapshot(requisition, *, now: datetime) -> dict:
    """The state of the search at the moment of the record, by itself: candidates per stage
    (when the pipeline is installed) and each side's open and overdue commitments."""
    sides = {side.value: {"label": side.label, "open": 0, "overdue": 0} for side in PulseSide}
    for party, due_at in (
        Commitment.objects.open().filter(requisition=requisition).values_list("party", "due_at")
    ):
        side = SIDE_OF_ROLE.get(party, PulseSide.HIRING)
        sides[side]["open"] += 1
        sides[side]["overdue"] += int(due_at < now)
    snapshot = {"taken_at": now.isoformat(), "commitments": sides}
    counts = Counter(
        Application.objects.filter(requisition=requisition).values_list("stage", flat=True)
    )
    snapshot["pipeline"] = [
        {"stage": stage.value, "label": stage.label, "count": counts.get(stage.value, 0)}
        for stage in Stage
    ]
    return snapshot


@dataclass(frozen=True)
class ActionItemDraft:
    text: str
    owner: object
    due_on: date


@transaction.atomic
def record_checkin(
    *,
    checkin: CheckIn,
    recorded_by,
    held: bool,
    progress: str = "",
    blockers: str = "",
    missed_reason: str = "",
    action_items: list[ActionItemDraft] = (),
    now: datetime | None = None,
) -> CheckIn:
    """Record the check-in once: held (progress, blockers, action items) or missed (with a
    reason). The snapshot is taken now; the record commitment is met in this transaction;
    each action item opens an "action item" commitment for its owner; a held check-in asks
    every attendee for the pulse, a missed one tells the team."""
    now = now or timezone.now()
    checkin = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("series", "requisition")
        .get(pk=checkin.pk)
    )
    requisition = Requisition.objects.with_team().get(pk=checkin.requisition_id)
    checkin.requisition = checkin.series.requisition = requisition
    if checkin.is_recorded:
        raise ValidationError("This check-in is already recorded.")
    if not can_record(checkin, recorded_by, now):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager record a check-in.")
    missed_reason = missed_reason.strip()
    if not held and not missed_reason:
        raise ValidationError({"missed_reason": "Say why the check-in did not take place."})
    team = {m.user_id for m in requisition.team_members.all()}
    today = timezone.localtime(now, checkin.series_zone()).date()
    for item in action_items:
        if item.owner.pk not in team:
            raise ValidationError({"action_items": "Each action item's owner must be on the team."})
        if item.due_on < today:
            raise ValidationError({"action_items": "An action item is due today or later."})
    checkin.state = CheckIn.State.HELD if held else CheckIn.State.MISSED
    checkin.recorded_at, checkin.recorded_by = now, recorded_by
    checkin.progress = progress.strip() if held else ""
    checkin.blockers = blockers.strip() if held else ""
    checkin.missed_reason = "" if held else missed_reason
    checkin.snapshot = take_snapshot(requisition, now=now)
    checkin.record_opened_at = checkin.record_opened_at or now
    checkin.save()
    meet_commitments(subject=checkin, kind=CommitmentKind.RECORD_CHECKIN, met_at=now)
    when = f"{timezone.localtime(checkin.starts_at, checkin.series_zone()):%a %-d %b}"
    record_activity(
        requisition=requisition,
        actor=recorded_by,
        kind="checkin_recorded",
        summary=f"Recorded the check-in of {when} as held"
        + (f", {len(action_items)} action item(s)" if action_items else "")
        if held
        else f"Recorded the check-in of {when} as missed: {missed_reason}",
        details={"checkin": checkin.pk, "held": held},
    )
    for draft in action_items if held else ():
        _add_action_item(checkin=checkin, draft=draft, created_by=recorded_by, now=now)
    if held:
        notify_event(
            event="checkins.pulse",
            requisition=requisition,
            actor=recorded_by,
            text=f"How is our collaboration on {requisition.title} going? One click to answer.",
            url=pulse_url(checkin),
            key=f"checkin-{checkin.pk}-pulse",
            people=attendees_of(checkin.series),
        )
    else:
        notify_event(
            event="checkins.missed",
            requisition=requisition,
            actor=recorded_by,
            text=f"The check-in of {when} was missed: {missed_reason}",
            url=checkin_url(checkin),
            key=f"checkin-{checkin.pk}-missed",
        )
    return checkin


def _add_action_item(*, checkin, draft: ActionItemDraft, created_by, now) -> ActionItem:
    requisition = checkin.requisition
    item = ActionItem.objects.create(
        checkin=checkin,
        requisition=requisition,
        text=draft.text.strip()[:300],
        owner=draft.owner,
        due_on=draft.due_on,
        created_by=created_by,
        created_at=now,
    )
    calendar = BusinessCalendar.for_requisition(requisition)
    open_commitment(
        kind=CommitmentKind.ACTION_ITEM,
        requisition=requisition,
        owner=draft.owner,
        party=party_of(requisition, draft.owner) or "named",
        subject=item,
        title=f"Action item: {item.text}"[:200],
        url=action_item_url(item),
        started_at=now,
        due_at=max(calendar.at(draft.due_on, calendar.day_end), now),
    )
    notify_event(
        event="checkins.action_item",
        requisition=requisition,
        actor=created_by,
        text=f"An action item for you, due {draft.due_on:%a %-d %b}: {item.text}",
        url=action_item_url(item),
        key=f"action-item-{item.pk}",
        people=[draft.owner],
    )
    return item


@transaction.atomic
def complete_action_item(*, item: ActionItem, done_by, note: str, now=None) -> ActionItem:
    """The owner marks their action item done, with a note; its commitment is met."""
    now = now or timezone.now()
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.owner_id != done_by.pk:
        raise PermissionDenied("Only the person it names marks an action item done.")
    if item.is_done:
        raise ValidationError("This action item is already done.")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what was done, in a line or two."})
    item.done_at, item.done_note = now, note
    item.save(update_fields=["done_at", "done_note"])
    meet_commitments(subject=item, kind=CommitmentKind.ACTION_ITEM, met_at=now)
    record_activity(
        requisition=item.requisition,
        actor=done_by,
        kind="action_item_done",
        summary=f"Done: {item.text} — {note}",
        details={"action_item": item.pk},
    )
    return item


# --- the pulse -----------------------------------------------------------------------------
def can_answer_pulse(checkin: CheckIn, user) -> bool:
    return (
        checkin.state == CheckIn.State.HELD
        and side_of(checkin.requisition, user)
        in (
            PulseSide.RECRUITING,
            PulseSide.HIRING,
        )
        and bool(checkin.requisition.roles_of(user) & set(LEAD_ROLES))
    )


@transaction.atomic
def answer_pulse(*, checkin: CheckIn, person, score: int, comment: str = "") -> PulseAnswer:
    """One answer per person and check-in; answering again replaces it. The person's pulse
    prompt is read from then on."""
    if not can_answer_pulse(checkin, person):
        raise PermissionDenied("The pulse is asked of the check-in's attendees once it is held.")
    if not 1 <= int(score) <= 5:
        raise ValidationError({"score": "Choose from 1 to 5."})
    answer, _ = PulseAnswer.objects.update_or_create(
        checkin=checkin,
        person=person,
        defaults={
            "requisition": checkin.requisition,
            "side": side_of(checkin.requisition, person),
            "score": int(score),
            "comment": comment.strip()[:1000],
            "answered_at": timezone.now(),
        },
    )
    # Answered: the prompt is no longer new (issue 25, finding 7).
    mark_notices_read(recipient=person, key=f"checkin-{checkin.pk}-pulse")
    return answer


def sees_every_pulse(requisition, user) -> bool:
    """HR sees everything: the search's HR generalist, and HR with the organisation view."""
    return TeamRole.HR_GENERALIST in requisition.roles_of(user) or (
        user.can_view_all_requisitions()
    )


MIN_ANSWERS_SHOWN = 2


@dataclass(frozen=True)
class PulsePoint:
    checkin: CheckIn
    values: dict  # side -> float | None
    counts: dict  # side -> int


def pulse_lines(requisition, viewer) -> dict:
    """The label of each side's line for this viewer."""
    if sees_every_pulse(requisition, viewer):
        return {side.value: f"{side.label} (average)" for side in PulseSide}
    mine = side_of(requisition, viewer)
    return {
        side.value: ("Your answers" if side == mine else f"{side.label} (average of 2 or more)")
        for side in PulseSide
    }


def pulse_points(requisition, viewer, *, limit: int = 12) -> list[PulsePoint]:
    """The pulse over time as `viewer` may see it: their own answers on their side's line;
    the other side's average only where it has at least two answers (never who said what);
    HR sees both sides' averages."""
    everything = sees_every_pulse(requisition, viewer)
    mine = side_of(requisition, viewer)
    checkins = list(
        CheckIn.objects.filter(requisition=requisition, state=CheckIn.State.HELD)
        .select_related("series")
        .prefetch_related("pulse_answers")
        .order_by("-starts_at")[:limit]
    )
    points = []
    for checkin in reversed(checkins):
        values, counts = {}, {}
        for side in PulseSide:
            answers = [a for a in checkin.pulse_answers.all() if a.side == side]
            counts[side.value] = len(answers)
            if everything:
                value = mean(a.score for a in answers) if answers else None
            elif side == mine:
                own = [a.score for a in answers if a.person_id == viewer.pk]
                value = own[0] if own else None
            else:
                enough = len(answers) >= MIN_ANSWERS_SHOWN
                value = mean(a.score for a in answers) if enough else None
            values[side.value] = value
        points.append(PulsePoint(checkin=checkin, values=values, counts=counts))
    return points


def pulse_chart(points: list[PulsePoint], lines: dict):
    """The pulse over time as a `hiring.charts` line chart (1 to 5, a line per side, as
    `viewer` may see it: `points` and `lines` come from `pulse_points` / `pulse_lines`)."""
    if not points:
        return None
    return line_chart(
        key="pulse-chart",
        x_label="Check-in",
        title="The pulse over the last check-ins, from 1 (badly) to 5 (very well)",
        labels=[
            f"{timezone.localtime(p.checkin.starts_at, p.checkin.series_zone()):%-d %b}"
            for p in points
        ],
        series=[
            Series(side.value, lines[side.value], [p.values.get(side.value) for p in points])
            for side in PulseSide
        ],
        y_min=1,
        y_max=5,
        y_ticks=(1, 2, 3, 4, 5),
    )
