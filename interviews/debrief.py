"""The debrief: every scorecard of a candidate side by side against the agreed must-haves
and nice-to-haves, the spread per focus area, who is missing and how late — and the gate
before an offer (DESIGN: "no offer until every scorecard of the candidate's interviews is
in")."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone

from commitments.business_time import BusinessCalendar
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from intake.agreements import active_agreement_for

from .models import RATING_LABELS, Interview, Recommendation, Scorecard


@dataclass
class Missing:
    interview: Interview
    person: object
    due_at: object = None

    def late_by(self, now):
        if self.due_at is None or self.due_at >= now:
            return None
        return now - self.due_at


@dataclass
class AreaRow:
    area: str
    kind: str  # "must", "nice" or ""
    cells: list = field(default_factory=list)  # [(scorecard, rating | None)] per scorecard column

    @property
    def ratings(self) -> list[int]:
        return [r for _, r in self.cells if r]

    @property
    def spread(self) -> int | None:
        ratings = self.ratings
        return max(ratings) - min(ratings) if len(ratings) > 1 else None

    @property
    def average(self) -> float | None:
        ratings = self.ratings
        return round(sum(ratings) / len(ratings), 1) if ratings else None

    @property
    def low(self):
        return min(self.ratings) if self.ratings else None

    @property
    def high(self):
        return max(self.ratings) if self.ratings else None


def candidate_interviews(application):
    """The candidate's interviews (not cancelled) with panel and scorecards: three queries."""
    return list(
        Interview.objects.scheduled()
        .filter(application=application)
        .order_by("starts_at", "pk")
        .prefetch_related(
            "interviewers",
            Prefetch("scorecards", queryset=Scorecard.objects.select_related("author")),
        )
    )


def missing_scorecards(application, interviews=None) -> list[Missing]:
    """Every panel member of every (not cancelled) interview without a submitted scorecard."""
    interviews = candidate_interviews(application) if interviews is None else interviews
    missing = []
    for interview in interviews:
        submitted = {c.author_id for c in interview.scorecards.all() if c.is_submitted}
        for person in interview.interviewers.all():
            if person.pk not in submitted:
                missing.append(Missing(interview, person))
    return missing


def offer_gate(application, interviews=None, missing=None) -> str | None:
    """Why no offer can be made yet (None: it can). Names who is missing."""
    interviews = candidate_interviews(application) if interviews is None else interviews
    if not interviews:
        return f"Interview {application.candidate.name} before making an offer."
    missing = missing_scorecards(application, interviews) if missing is None else missing
    if not missing:
        return None
    names = ", ".join(f"{m.person.display_name} ({m.interview.stage_name})" for m in missing[:6])
    more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
    count = "One scorecard is" if len(missing) == 1 else f"{len(missing)} scorecards are"
    return f"No offer yet: {count} not in — {names}{more}."


def _business_lateness(calendar, due_at, now) -> str:
    """How late, counted like the deadline itself: in business hours of the search."""
    if due_at is None or due_at >= now:
        return ""
    hours = calendar.between(due_at, now).total_seconds() / 3600
    if hours < 1:
        return "less than a business hour"
    if hours < 16:
        whole = int(hours)
        return f"{whole} business hour{'s' if whole != 1 else ''}"
    return f"{int(hours // 8)} business days"


_UNSET = object()


def debrief(application, *, now=None, agreement=_UNSET) -> dict:
    """Everything the debrief page shows, in a constant number of queries however many
    interviews and scorecards there are (`agreement`: the active one, if already read)."""
    now = now or timezone.now()
    interviews = candidate_interviews(application)
    if agreement is _UNSET:
        agreement = active_agreement_for(application.requisition)
    must = list(agreement.role_profile.must_haves) if agreement else []
    nice = list(agreement.role_profile.nice_to_haves) if agreement else []

    cards = [c for i in interviews for c in i.scorecards.all() if c.is_submitted]
    areas: list[str] = []
    for interview in interviews:
        for area in interview.focus_areas:
            if area not in areas:
                areas.append(area)
    ordered = (
        [a for a in must if a in areas]
        + [a for a in nice if a in areas and a not in must]
        + [a for a in areas if a not in must and a not in nice]
    )
    rows = []
    for area in ordered:
        kind = "must" if area in must else "nice" if area in nice else ""
        row = AreaRow(area, kind)
        for card in cards:
            rated = area in card.interview.focus_areas
            row.cells.append((card, card.rating_for(area) if rated else None))
        rows.append(row)
    unassessed = [a for a in must + nice if a not in areas]

    missing = missing_scorecards(application, interviews)
    calendar = BusinessCalendar.for_requisition(application.requisition)
    ended = [m for m in missing if m.interview.ends_at <= now]
    if ended:
        due = {
            (c.subject_id, c.owner_id): c.due_at
            for c in Commitment.objects.open().filter(
                kind=CommitmentKind.INTERVIEW_FEEDBACK,
                subject_type=ContentType.objects.get_for_model(Interview),
                subject_id__in=[m.interview.pk for m in ended],
            )
        }
        for m in ended:
            m.due_at = due.get((m.interview.pk, m.person.pk))
    recommendations = dict.fromkeys(Recommendation.values, 0)
    for card in cards:
        recommendations[card.recommendation] = recommendations.get(card.recommendation, 0) + 1
    return {
        "interviews": interviews,
        "cards": cards,
        "rows": rows,
        "unassessed": unassessed,
        "missing": [
            {
                "interview": m.interview,
                "person": m.person,
                "late_by": m.late_by(now),
                "late": _business_lateness(calendar, m.due_at, now),
                "upcoming": m.interview.ends_at > now,
            }
            for m in missing
        ],
        "recommendations": [
            (Recommendation(value).label, value, count) for value, count in recommendations.items()
        ],
        "rating_labels": RATING_LABELS,
        "gate": offer_gate(application, interviews, missing),
        "must_haves": must,
        "nice_to_haves": nice,
    }
