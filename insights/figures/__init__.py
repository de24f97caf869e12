"""Is the agreement being kept? Every figure Accord shows, one definition each.

Each figure below is computed for a **scope** over a **period**, for a **viewer**, and always
from the rows the viewer may see: the requisitions `Requisition.objects.visible_to(viewer)`
gives, nothing else (issue 17, "Who sees what"). Every figure can be followed to the rows it
was computed from (`commitment_rows`, `checkin_rows`, `application_rows`), filtered the same
way.

Terms used in the definitions
-----------------------------
Period
    "Last 30 / 90 / 365 days" ends now; "from … to …" runs from the start of the first day
    to the end of the last, both in the organisation's time zone (`settings.TIME_ZONE`).
    Weeks (for trends) start on Monday in that zone.
Scope
    The organisation (optionally one department), one requisition, one person, or a
    recruiter–hiring-manager pair: the searches whose *current* recruiter and hiring manager
    they are. A search handed to a new recruiter moves to the new pair with its history; each
    person's own figures stay theirs (see "Hand-over").
Side
    Who a commitment is owed by, measured the same way in both directions (DESIGN: "Both
    directions count the same"): the recruiter side (the recruiter), HR (the HR generalist)
    and the hiring side (the hiring manager and the interviewers). A commitment owed by
    someone a check-in named who holds no part on the search is on no side ("others").
Business time
    `commitments.business_time`: Mon–Fri 09:00–17:00 in the search's time zone, minus the
    public holidays of its country. Time a commitment's clock stood still because its search
    was on hold never counts (`Commitment.paused_for`), and a commitment withdrawn because
    it stopped making sense (a search closed, a version superseded, an interview cancelled)
    is in no figure at all.
Hand-over
    A commitment counts for whoever held it when its deadline passed
    (`Commitment.answerable_id`). Handed over before its deadline, it is wholly the
    successor's (the deadline did not move, so they had the time that was left); handed over
    after its deadline, the lateness stays with the predecessor even when the successor then
    meets it. How long it took is always measured from when it was first owed: that is how
    long the other side waited.

Where each definition is (this package is the one place; import from `insights.figures`)
------------------------------------------------------------------------------------------
`scopes`    the period (`Period`), the scope (`Scope`, `scope_requisitions`), who may see
            what (`sees_everyone`, `may_view`) and the sides (`side_of`).
`on_time`   the commitment figures: `Tally` (due, met on time, met late, overdue now,
            waived, paused, on-time %, median and 90th percentile of business time to meet
            by `STEPS`), `commitment_figures` per kind and side, `weekly_on_time` (both
            from one read: `commitment_figures_and_weeks`); who a commitment counts for
            (`answerable_is`) and when it was settled (`settled_at`). Read through
            `tallied`: the period's whole past weeks (`whole_weeks`) from the summary rows
            the database keeps in the statement that changes a commitment
            (`commitments.tallies`, `CommitmentTally`), the edges from the commitments.
`kept`      what `tallied` read from the summary rows of whole past weeks, kept under the
            versions of the departments the database gives them (`Kept`): never stale.
`pulse`     check-ins held against agreed (`CheckInFigures`) and each side's pulse
            (`PulseFigure`).
`pairs`     the pair scoreboard (`PairRow`, `pair_rows`, `attach_trends`).
`searches`  the searches: time to fill (`FillFigures`), time to the first shortlist, time in
            each stage (`Spread`), the funnel and shortlist to hire (`Funnel`), offer
            acceptance (`OfferFigures`), the candidates' survey (`survey_figures`).
`terms`     what a scope's figures are measured against (`agreed_terms`).
`rows`      the rows behind each figure, filtered the same way (`commitment_rows`,
            `checkin_rows`, `application_rows`, `filled_rows`).
"""

from .kept import Kept, unstamped
from .on_time import (
    BEYOND,
    BUSINESS_DAY,
    KIND_ORDER,
    MET,
    OPEN,
    STEPS,
    WAIVED,
    CommitmentFigures,
    KindRow,
    Step,
    Tally,
    WeekPoint,
    answerable_is,
    commitment_figures,
    commitment_figures_and_weeks,
    counted_commitments,
    settled_at,
    step_percentile,
    tallied,
    tally_aggregates,
    weekly_on_time,
    whole_weeks,
)
from .pairs import (
    PAIR_SIDES,
    PAIR_SORTS,
    SCOREBOARD_KINDS,
    SLIPPING_BELOW,
    PairRow,
    attach_trends,
    pair_rows,
    sort_pairs,
)
from .pulse import (
    MIN_PULSE_ANSWERS,
    PULSE_SHORT,
    CheckInFigures,
    PulseFigure,
    checkin_aggregates,
    checkin_figures,
    counted_checkins,
    pulse_figures,
    visible_pulse_answers,
)
from .rows import (
    CHECKIN_STATES,
    FUNNEL_STEPS,
    OUTCOMES,
    RUNNING,
    application_rows,
    business_duration,
    checkin_rows,
    commitment_rows,
    filled_rows,
    outcome_of,
)
from .scopes import (
    DEFAULT_PERIOD_DAYS,
    HIRING_SIDE,
    HR_SIDE,
    ORGANISATION,
    OTHERS,
    PAIR,
    PERIOD_CHOICES,
    PERSON,
    RECRUITER_SIDE,
    REQUISITION,
    SIDE_LABELS,
    SIDE_OF_PARTY,
    SIDE_ORDER,
    Period,
    Scope,
    may_view,
    organisation_zone,
    scope_requisitions,
    sees_everyone,
    side_expression,
    side_of,
)
from .searches import (
    DAY,
    FILL_BUCKETS,
    STAGE_NAMES,
    STAGE_ORDER,
    FillFigures,
    Funnel,
    OfferFigures,
    Spread,
    funnel,
    hold_spans,
    nearest_rank,
    offer_figures,
    searches_of,
    survey_figures,
    time_in_stage,
    time_to_fill,
    time_to_shortlist,
)
from .terms import TERMS_BY_SECTION, agreed_terms

__all__ = [
    "BEYOND",
    "BUSINESS_DAY",
    "CHECKIN_STATES",
    "CheckInFigures",
    "CommitmentFigures",
    "DAY",
    "DEFAULT_PERIOD_DAYS",
    "FILL_BUCKETS",
    "FUNNEL_STEPS",
    "FillFigures",
    "Funnel",
    "HIRING_SIDE",
    "HR_SIDE",
    "KIND_ORDER",
    "Kept",
    "KindRow",
    "MET",
    "MIN_PULSE_ANSWERS",
    "OPEN",
    "ORGANISATION",
    "OTHERS",
    "OUTCOMES",
    "OfferFigures",
    "PAIR",
    "PAIR_SIDES",
    "PAIR_SORTS",
    "PERIOD_CHOICES",
    "PERSON",
    "PULSE_SHORT",
    "PairRow",
    "Period",
    "PulseFigure",
    "RECRUITER_SIDE",
    "REQUISITION",
    "RUNNING",
    "SCOREBOARD_KINDS",
    "SIDE_LABELS",
    "SIDE_OF_PARTY",
    "SIDE_ORDER",
    "TERMS_BY_SECTION",
    "SLIPPING_BELOW",
    "STAGE_NAMES",
    "STAGE_ORDER",
    "STEPS",
    "Scope",
    "Spread",
    "Step",
    "Tally",
    "WAIVED",
    "WeekPoint",
    "answerable_is",
    "agreed_terms",
    "application_rows",
    "attach_trends",
    "business_duration",
    "checkin_aggregates",
    "checkin_figures",
    "checkin_rows",
    "commitment_figures",
    "commitment_figures_and_weeks",
    "commitment_rows",
    "counted_checkins",
    "counted_commitments",
    "filled_rows",
    "funnel",
    "hold_spans",
    "may_view",
    "nearest_rank",
    "offer_figures",
    "organisation_zone",
    "outcome_of",
    "pair_rows",
    "pulse_figures",
    "scope_requisitions",
    "searches_of",
    "sees_everyone",
    "settled_at",
    "side_expression",
    "side_of",
    "sort_pairs",
    "step_percentile",
    "survey_figures",
    "tallied",
    "tally_aggregates",
    "time_in_stage",
    "time_to_fill",
    "time_to_shortlist",
    "unstamped",
    "visible_pulse_answers",
    "weekly_on_time",
    "whole_weeks",
]
