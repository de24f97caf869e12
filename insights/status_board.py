"""The HR status board: every visible search with its state, dates, agreement, who owes what
on each side, its candidates per stage, its next check-in and its latest pulse (DESIGN,
"Status and analytics"); sortable by any column, searchable, filtered, paginated; the CSV
export streams exactly what is filtered.

Work per request is bounded by the page (issue 24): the filtered, sorted page of
requisitions is one query (a sort by a figure reads it through an index per search: see
SORTS), and the figures of the rows shown are a fixed number of grouped queries over those
rows only, each served by an index named below — never an aggregate over the organisation.
The CSV (`insights.status_board_csv`) reads the same figures a chunk of rows at a time, so
its memory stays flat however many searches there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from checkins.models import CheckIn, PulseAnswer, PulseSide
from commitments.models import SIDES, Commitment
from hiring.models import HiringTeamMember, Requisition, TeamRole
from intake.models import Agreement, Signature, Signer
from pipeline.models import Application, Stage

# The board's candidate column: the stages still in play, in the pipeline's order.
IN_PLAY = (Stage.APPLIED, Stage.SCREENING, Stage.SUBMITTED, Stage.INTERVIEW, Stage.OFFER)
STAGE_SHORT = {
    Stage.APPLIED: "applied",
    Stage.SCREENING: "screening",
    Stage.SUBMITTED: "with the manager",
    Stage.INTERVIEW: "interviewing",
    Stage.OFFER: "at offer",
}
PULSE_LABEL = {PulseSide.RECRUITING: "Recruiter side", PulseSide.HIRING: "Hiring side"}

SIDE_OF_PARTY = {party: key for key, _label, parties in SIDES for party in parties}
PARTIES_OF_SIDE = {key: parties for key, _label, parties in SIDES}
PAGE_SIZE = 50

# --- agreements ------------------------------------------------------------------------------
LIVE_AGREEMENT = (
    Agreement.State.DRAFT,
    Agreement.State.AWAITING_SIGNATURES,
    Agreement.State.ACTIVE,
)
SIGNER_LABEL = {
    Signer.RECRUITER: "the recruiter",
    Signer.HIRING_MANAGER: "the hiring manager",
    Signer.HR_GENERALIST: "HR",
}
AGREEMENT_FILTERS = {
    "none": "No agreement yet",
    "draft": "Draft, not sent",
    "awaiting": "Awaiting signatures",
    "awaiting_recruiter": "Awaiting the recruiter",
    "awaiting_hiring_manager": "Awaiting the hiring manager",
    "awaiting_hr_generalist": "Awaiting HR's countersignature",
    "active": "In force",
}


def _agreement(state):
    return Agreement.objects.filter(requisition=OuterRef("pk"), state=state)


def _signed(party):
    return Signature.objects.filter(agreement=OuterRef("pk"), party=party, voided_at__isnull=True)


def _awaiting(party: str):
    """A version out for signature that `party` has not signed and whose turn it is (HR's
    comes once the recruiter and the hiring manager have signed: intake.signatures)."""
    out = Agreement.objects.filter(
        requisition=OuterRef("pk"), state=Agreement.State.AWAITING_SIGNATURES
    ).exclude(Exists(_signed(party)))
    if party == Signer.HR_GENERALIST:
        out = out.filter(Exists(_signed(Signer.RECRUITER)), Exists(_signed(Signer.HIRING_MANAGER)))
    return Exists(out)


def _agreement_filter(choice: str) -> Q:
    if choice == "none":
        return ~Q(
            Exists(Agreement.objects.filter(requisition=OuterRef("pk"), state__in=LIVE_AGREEMENT))
        )
    if choice == "draft":
        return (
            Q(Exists(_agreement(Agreement.State.DRAFT)))
            & ~Q(Exists(_agreement(Agreement.State.ACTIVE)))
            & ~Q(Exists(_agreement(Agreement.State.AWAITING_SIGNATURES)))
        )
    if choice == "awaiting":
        return Q(Exists(_agreement(Agreement.State.AWAITING_SIGNATURES)))
    if choice.startswith("awaiting_"):
        return Q(_awaiting(choice.removeprefix("awaiting_")))
    if choice == "active":
        return Q(Exists(_agreement(Agreement.State.ACTIVE)))
    return Q()


# --- sorting -----------------------------------------------------------------------------------
# key → (column heading, first direction). A sort by a figure is a correlated subquery per
# search of the filtered set, each read through an index: commitment_open_req_idx (open
# commitments by requisition and deadline), application_board_idx (applications by
# requisition and stage), checkin_requisition_idx (check-ins by requisition and time) and
# the foreign-key index of pulse answers on their requisition.
SORTS = {
    "title": ("Requisition", "asc"),
    "state": ("State", "asc"),
    "days_open": ("Days open", "desc"),
    "target": ("Target start", "asc"),
    "agreement": ("Agreement", "asc"),
    "recruiter": ("Recruiter side", "desc"),
    "hr": ("HR", "desc"),
    "hiring": ("Hiring manager side", "desc"),
    "next_due": ("Next deadline", "asc"),
    "candidates": ("Candidates", "desc"),
    "next_checkin": ("Next check-in", "asc"),
    "pulse": ("Latest pulse", "asc"),
}
DEFAULT_SORT = "target"
SORT_SIDES = {"recruiter": "recruiter", "hr": "hr_generalist", "hiring": "hiring_manager"}


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("requisition").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _open_on(side: str, now):
    """Open commitments on one side, the overdue ones weighing a thousand: the busiest and
    latest side first when sorted by it."""
    open_ = Commitment.objects.open().filter(
        requisition=OuterRef("pk"), party__in=PARTIES_OF_SIDE[side]
    )
    return _count(open_) + 1000 * _count(open_.filter(paused_at__isnull=True, due_at__lt=now))


def _sort_expression(sort: str, now):
    if sort == "title":
        return F("title")
    if sort == "state":
        order = [Requisition.State.OPEN, Requisition.State.ON_HOLD, Requisition.State.DRAFT]
        return Case(
            *[When(state=s, then=Value(i)) for i, s in enumerate(order)],
            default=Value(len(order)),
            output_field=IntegerField(),
        )
    if sort == "days_open":
        return F("opened_at")  # opened earliest = open longest (board_requisitions flips it)
    if sort == "target":
        return F("target_start_date")
    if sort == "agreement":
        return Case(
            When(Exists(_agreement(Agreement.State.ACTIVE)), then=Value(3)),
            When(Exists(_agreement(Agreement.State.AWAITING_SIGNATURES)), then=Value(2)),
            When(Exists(_agreement(Agreement.State.DRAFT)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    if sort in SORT_SIDES:
        return _open_on(SORT_SIDES[sort], now)
    if sort == "next_due":
        return Subquery(
            Commitment.objects.running()
            .filter(requisition=OuterRef("pk"))
            .order_by("due_at")
            .values("due_at")[:1]
        )
    if sort == "candidates":
        return _count(Application.objects.filter(requisition=OuterRef("pk"), stage__in=IN_PLAY))
    if sort == "next_checkin":
        return Subquery(
            CheckIn.objects.scheduled()
            .filter(requisition=OuterRef("pk"), starts_at__gte=now)
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
    if sort == "pulse":
        latest = (
            PulseAnswer.objects.filter(requisition=OuterRef(OuterRef("pk")))
            .order_by("-checkin__starts_at")
            .values("checkin")[:1]
        )
        return Subquery(
            PulseAnswer.objects.filter(checkin=Subquery(latest))
            .values("checkin")
            .annotate(average=Avg("score"))
            .values("average")[:1]
        )
    raise ValueError(sort)


def board_requisitions(
    user,
    *,
    state="",
    department="",
    text="",
    recruiter=None,
    hiring_manager=None,
    agreement="",
    overdue_only=False,
    late_only=False,
    sort=DEFAULT_SORT,
    descending=None,
    now=None,
):
    """The searches on the board, filtered and sorted (SORTS; missing values last), with
    their teams. Only what `user` may see."""
    now = now or timezone.now()
    requisitions = Requisition.objects.visible_to(user)
    if state == "all":
        pass
    elif state:
        requisitions = requisitions.filter(state=state)
    else:
        requisitions = requisitions.exclude(
            state__in=[Requisition.State.FILLED, Requisition.State.CANCELLED]
        )
    if department:
        requisitions = requisitions.filter(department__iexact=department)
    if text:
        requisitions = requisitions.search(text)
    for person, role in (
        (recruiter, TeamRole.RECRUITER),
        (hiring_manager, TeamRole.HIRING_MANAGER),
    ):
        if person is not None:
            requisitions = requisitions.filter(
                Exists(
                    HiringTeamMember.objects.filter(
                        requisition=OuterRef("pk"), user=person, role=role
                    )
                )
            )
    if agreement:
        requisitions = requisitions.filter(_agreement_filter(agreement))
    if overdue_only:
        requisitions = requisitions.filter(
            Exists(Commitment.objects.overdue(now=now).filter(requisition=OuterRef("pk")))
        )
    if late_only:
        today = timezone.localdate(now)
        requisitions = requisitions.filter(target_start_date__lt=today).exclude(
            state=Requisition.State.FILLED
        )
    sort = sort if sort in SORTS else DEFAULT_SORT
    if descending is None:
        descending = SORTS[sort][1] == "desc"
    if sort == "days_open":
        descending = not descending
    key = F("sort_key").desc(nulls_last=True) if descending else F("sort_key").asc(nulls_last=True)
    return (
        requisitions.annotate(sort_key=_sort_expression(sort, now))
        .order_by(key, "title", "pk")
        .with_team()
    )


# --- the figures of the rows shown ------------------------------------------------------------
def commitment_figures(requisition_ids, now=None):
    """{requisition id: {side: {"open": n, "overdue": n}, "next_due": datetime}}: one query
    over these searches' open commitments (commitment_open_req_idx)."""
    now = now or timezone.now()
    figures = defaultdict(lambda: {key: {"open": 0, "overdue": 0} for key, _l, _p in SIDES})
    rows = (
        Commitment.objects.open()
        .filter(requisition_id__in=requisition_ids)
        .values("requisition_id", "party")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now, paused_at__isnull=True)),
            next_due=Min("due_at", filter=Q(paused_at__isnull=True)),
            # An agreed consequence marked the search at risk until this work is met.
            at_risk=Count("pk", filter=Q(consequence__at_risk=True)),
        )
        .order_by()
    )
    for row in rows:
        entry = figures[row["requisition_id"]]
        entry["at_risk"] = entry.get("at_risk", False) or bool(row["at_risk"])
        side = entry[SIDE_OF_PARTY.get(row["party"], "recruiter")]
        side["open"] += row["open"]
        side["overdue"] += row["overdue"]
        if row["next_due"] and (
            entry.get("next_due") is None or row["next_due"] < entry["next_due"]
        ):
            entry["next_due"] = row["next_due"]
    return figures


def search_figures(requisition_ids, now=None):
    """{requisition id: {"stages": [(label, n)], "in_play": n, "hired": n,
    "next_checkin": datetime | None, "pulse": {side: (average, answers)}}}: three queries
    over these searches only (application_board_idx, checkin_requisition_idx, the pulse
    answers' requisition index)."""
    now = now or timezone.now()
    figures = defaultdict(lambda: {"stages": [], "in_play": 0, "hired": 0, "pulse": {}})
    counts = defaultdict(dict)
    for row in (
        Application.objects.filter(requisition_id__in=requisition_ids)
        .values("requisition_id", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["requisition_id"]][row["stage"]] = row["n"]
    for requisition_id, by_stage in counts.items():
        entry = figures[requisition_id]
        entry["stages"] = [(STAGE_SHORT[s], by_stage[s]) for s in IN_PLAY if by_stage.get(s)]
        entry["in_play"] = sum(by_stage.get(s, 0) for s in IN_PLAY)
        entry["hired"] = by_stage.get(Stage.HIRED, 0)
    for row in (
        CheckIn.objects.filter(
            requisition_id__in=requisition_ids,
            state=CheckIn.State.SCHEDULED,
            starts_at__gte=now,
        )
        .values("requisition_id")
        .annotate(next=Min("starts_at"))
        .order_by()
    ):
        figures[row["requisition_id"]]["next_checkin"] = row["next"]
    # The latest check-in with answers, per search, then its answers per side: one query.
    latest = (
        PulseAnswer.objects.filter(requisition_id=OuterRef("requisition_id"))
        .order_by("-checkin__starts_at", "-checkin_id")
        .values("checkin_id")[:1]
    )
    for row in (
        PulseAnswer.objects.filter(requisition_id__in=requisition_ids)
        .filter(checkin_id=Subquery(latest))
        .values("requisition_id", "side")
        .annotate(average=Avg("score"), answers=Count("pk"))
        .order_by()
    ):
        figures[row["requisition_id"]]["pulse"][row["side"]] = (
            round(row["average"], 1),
            row["answers"],
        )
    for entry in figures.values():
        pulse = entry["pulse"]
        entry["pulse_rows"] = [
            (PULSE_LABEL[side], pulse[side][0]) for side in PulseSide.values if side in pulse
        ]
    return figures


@dataclass(frozen=True)
class AgreementStatus:
    """What the board says of a search's agreement: "Draft v1", "Awaiting the hiring
    manager (v2)", "In force v3" (with "v4 drafted" beside it)."""

    key: str  # none / draft / awaiting / active
    label: str
    note: str = ""


def agreement_figures(requisitions) -> dict[int, AgreementStatus]:
    """Each search's agreement status: two queries over these searches' live versions and
    the signatures of those out for signature."""
    versions = defaultdict(dict)
    for agreement in Agreement.objects.filter(
        requisition__in=[r.pk for r in requisitions], state__in=LIVE_AGREEMENT
    ).only("pk", "requisition_id", "version", "state"):
        versions[agreement.requisition_id][agreement.state] = agreement
    awaiting = [
        v[Agreement.State.AWAITING_SIGNATURES]
        for v in versions.values()
        if Agreement.State.AWAITING_SIGNATURES in v
    ]
    signed = defaultdict(set)
    for agreement_id, party in Signature.objects.filter(
        agreement__in=awaiting, voided_at__isnull=True
    ).values_list("agreement_id", "party"):
        signed[agreement_id].add(party)
    statuses = {}
    for requisition in requisitions:
        live = versions.get(requisition.pk, {})
        draft = live.get(Agreement.State.DRAFT)
        note = f"v{draft.version} drafted" if draft else ""
        if out := live.get(Agreement.State.AWAITING_SIGNATURES):
            done = signed[out.pk]
            first = [p for p in (Signer.RECRUITER, Signer.HIRING_MANAGER) if p not in done]
            waiting_for = first or (
                [Signer.HR_GENERALIST] if Signer.HR_GENERALIST not in done else []
            )
            names = " and ".join(SIGNER_LABEL[p] for p in waiting_for) or "nobody"
            active = live.get(Agreement.State.ACTIVE)
            statuses[requisition.pk] = AgreementStatus(
                "awaiting",
                f"v{out.version} awaiting {names}",
                f"v{active.version} in force" if active else "",
            )
        elif active := live.get(Agreement.State.ACTIVE):
            statuses[requisition.pk] = AgreementStatus(
                "active", f"In force v{active.version}", note
            )
        elif draft:
            statuses[requisition.pk] = AgreementStatus("draft", f"Draft v{draft.version}")
        else:
            statuses[requisition.pk] = AgreementStatus("none", "No agreement yet")
    return statuses


@dataclass
class BoardRow:
    requisition: Requisition
    figures: dict
    search: dict
    agreement: AgreementStatus


def board_rows(requisitions, now=None) -> list[BoardRow]:
    """The figures of these rows (a page, or a chunk of the CSV): six queries whatever their
    number."""
    now = now or timezone.now()
    requisitions = list(requisitions)
    ids = [r.pk for r in requisitions]
    figures, searches = commitment_figures(ids, now), search_figures(ids, now)
    agreements = agreement_figures(requisitions)
    return [BoardRow(r, figures[r.pk], searches[r.pk], agreements[r.pk]) for r in requisitions]
