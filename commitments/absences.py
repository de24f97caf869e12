"""Away, and a stand-in (issue 18): a person sets an absence — or HR sets it for them (sick
leave) — with dates and a deputy.

Guarantees:
- When it begins (beat looks every minute; at once when it starts today), on every search
  that is not closed each lead part the person holds goes to the deputy where the deputy
  may hold it (`hiring.team.ELIGIBLE_ROLES`, and not already holding another lead part
  there) — a team change, so what they owed moves to the deputy in that transaction and new
  commitments of the part open for the deputy. Whatever they still owe after that (an
  interviewer's scorecard, an action item, a part nobody may hold) pauses with the business
  time it had left. HR and the other side of each search are told once; the journal says so.
- While away, nothing new reminds them: a commitment opened for them opens paused
  (`ledger`), and the sweep leaves them out of escalations.
- On return (the day after `ends_on`, or cut short) each part still held by the deputy goes
  back, with what is still open of it; what the deputy met stays met. What paused resumes
  with its remaining business time (a search on hold keeps it paused until it reopens).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from config.hooks import Hooks
from hiring.journal import record_activity
from hiring.models import LEAD_ROLES, Activity, HiringTeamMember, Requisition, TeamRole
from hiring.team import ELIGIBLE_ROLES, hand_part_over

from .business_time import BusinessCalendar
from .ledger import _ladder_from
from .models import Absence, Commitment
from .notices import notify_event

# What a search's agreement says happens when someone is away (intake's communication plan,
# "when someone is away"): "deputy" (hand the part to the stand-in), "pause", or "escalate"
# (pause, and HR decides who holds it). The first answer that is not None counts; none at all
# (no agreement in force) means "deputy".
AWAY_POLICIES = Hooks(
    "commitments.absences.AWAY_POLICIES",
    signature="fn(requisition) -> 'deputy' | 'pause' | 'escalate' | None",
    called_in="`begin_absence`'s transaction, once per search of the absent person",
)
DEPUTY, PAUSE, ESCALATE = "deputy", "pause", "escalate"


def away_policy(requisition) -> str:
    for policy in AWAY_POLICIES:
        answer = policy(requisition)
        if answer:
            return answer
    return DEPUTY


def may_set_absence(*, person, set_by) -> bool:
    """Oneself, or HR and admins for someone else (sick leave)."""
    return set_by.pk == person.pk or set_by.is_admin or set_by.role == Role.HR_GENERALIST


def may_deputise(deputy, role: str) -> bool:
    return deputy is not None and deputy.is_active and deputy.role in ELIGIBLE_ROLES[role]


@transaction.atomic
def set_absence(*, person, starts_on, ends_on, deputy, set_by, note: str = "") -> Absence:
    today = timezone.localdate()
    if not may_set_absence(person=person, set_by=set_by):
        raise PermissionDenied("Only the person, or HR, sets an absence.")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The last day away comes after the first."})
    if starts_on < today:
        raise ValidationError({"starts_on": "An absence starts today or later."})
    if deputy is not None and deputy.pk == person.pk:
        raise ValidationError({"deputy": "Choose someone else to stand in."})
    if deputy is not None and not deputy.is_active:
        raise ValidationError({"deputy": "This person can no longer sign in."})
    overlapping = Absence.objects.filter(
        person=person, ended_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if overlapping.exists():
        raise ValidationError({"starts_on": "These dates overlap an absence already set."})
    absence = Absence.objects.create(
        person=person,
        deputy=deputy,
        starts_on=starts_on,
        ends_on=ends_on,
        set_by=set_by,
        note=note.strip()[:200],
    )
    if starts_on <= today:
        begin_absence(absence=absence, now=timezone.now())
    return absence


def _searches_of(person):
    return (
        Requisition.objects.exclude(
            state__in=[Requisition.State.FILLED, Requisition.State.CANCELLED]
        )
        .filter(team_members__user=person)
        .distinct()
    )


def _pause(rows, now) -> None:
    for commitment in rows:
        calendar = BusinessCalendar.for_requisition(commitment.requisition)
        if commitment.due_at >= now:
            commitment.paused_remaining = calendar.between(now, commitment.due_at)
        else:
            commitment.paused_remaining = -calendar.between(commitment.due_at, now)
        commitment.paused_at, commitment.next_step_at = now, None
        commitment.paused_for_absence = True
    Commitment.objects.bulk_update(
        rows, ["paused_at", "paused_remaining", "next_step_at", "paused_for_absence"]
    )


@transaction.atomic
def begin_absence(*, absence: Absence, now) -> int:
    """Hand each part over or pause; returns how many parts went to the deputy."""
    claimed = Absence.objects.filter(pk=absence.pk, started_at__isnull=True).update(started_at=now)
    if not claimed:
        return 0  # begun already (two beats, or a click and a beat)
    person, deputy = absence.person, absence.deputy
    handed = []
    for requisition in _searches_of(person):
        requisition = Requisition.objects.with_team().get(pk=requisition.pk)
        mine = [r for r in requisition.roles_of(person) if r in LEAD_ROLES]
        others = requisition.roles_of(deputy) if deputy else set()
        policy = away_policy(requisition)
        for role in mine if policy == DEPUTY else ():
            if may_deputise(deputy, role) and not (others & set(LEAD_ROLES)):
                hand_part_over(
                    requisition=requisition, role=role, to=deputy, changed_by=absence.set_by
                )
                handed.append([requisition.pk, role])
                others = others | {role}
        _tell(
            absence,
            requisition,
            handed=[r for q, r in handed if q == requisition.pk],
            escalate=policy == ESCALATE and bool(mine),
        )
    rows = list(
        Commitment.objects.running()
        .filter(owner=person)
        .select_related("requisition")
        .select_for_update(of=("self",))
    )
    _pause(rows, now)
    Absence.objects.filter(pk=absence.pk).update(handed=handed)
    absence.started_at, absence.handed = now, handed
    return len(handed)


def _tell(absence, requisition, *, handed, escalate=False) -> None:
    person, deputy = absence.person, absence.deputy
    until = f"{absence.ends_on:%a} {absence.ends_on.day} {absence.ends_on:%b}"
    if handed:
        parts = ", ".join(TeamRole(r).label.lower() for r in handed)
        what = f"{deputy.display_name} stands in as {parts}"
    elif escalate:
        what = "what they owe here is paused until HR decides who holds their part"
    else:
        what = "what they owe here is paused"
    text = f"{person.display_name} is away until {until}: {what}."
    record_activity(
        requisition=requisition,
        actor=absence.set_by,
        kind=Activity.Kind.ABSENCE,
        summary=text,
        details={"absence": absence.pk, "handed": handed},
    )
    told = [
        m.user
        for m in requisition.team_members.all()
        if m.role in LEAD_ROLES and m.user_id != person.pk
    ]
    notify_event(
        event="absence.started",
        requisition=requisition,
        actor=None,
        people=told,
        text=text,
        url=f"/requisitions/{requisition.pk}/",
        key=f"absence:{absence.pk}:r{requisition.pk}",
    )


@transaction.atomic
def end_absence(*, absence: Absence, now, ended_by=None) -> int:
    """They are back: parts the deputy still holds go back; what paused resumes."""
    claimed = Absence.objects.filter(
        pk=absence.pk, started_at__isnull=False, ended_at__isnull=True
    ).update(ended_at=now)
    if not claimed:
        return 0
    person, back = absence.person, 0
    for requisition_id, role in absence.handed:
        holder = HiringTeamMember.objects.filter(requisition_id=requisition_id, role=role).first()
        requisition = Requisition.objects.filter(pk=requisition_id).first()
        if (
            requisition is None
            or requisition.is_closed
            or holder is None
            or holder.user_id != absence.deputy_id
        ):
            continue  # the team changed meanwhile: HR's choice stands
        hand_part_over(
            requisition=requisition, role=role, to=person, changed_by=ended_by or absence.set_by
        )
        back += 1
    rows = list(
        Commitment.objects.paused()
        .filter(owner=person, paused_for_absence=True)
        .exclude(requisition__state=Requisition.State.ON_HOLD)
        .select_related("requisition")
        .select_for_update(of=("self",))
    )
    for commitment in rows:
        calendar = BusinessCalendar.for_requisition(commitment.requisition)
        commitment.paused_for += calendar.between(commitment.paused_at, now)
        remaining = commitment.paused_remaining or timedelta(0)
        if remaining >= timedelta(0):
            due_at = calendar.add(now, remaining)
        else:
            due_at = calendar.subtract(now, -remaining)
        _ladder_from(commitment, due_at=due_at)
        commitment.paused_at = commitment.paused_remaining = None
        commitment.paused_for_absence = False
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
            "paused_for_absence",
        ],
    )
    return back


def follow_absences(now=None) -> tuple[int, int]:
    """Beat, every minute: begin the absences whose first day has come, end those whose
    last day has passed. Each is claimed by a conditional update, so two runs act once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    began = ended = 0
    for absence in Absence.objects.filter(started_at__isnull=True, starts_on__lte=today).exclude(
        ends_on__lt=today
    ):
        begin_absence(absence=absence, now=now)
        began += 1
    for absence in Absence.objects.away_now().filter(ends_on__lt=today):
        end_absence(absence=absence, now=now)
        ended += 1
    return began, ended
