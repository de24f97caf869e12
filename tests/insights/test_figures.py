"""Every commitment figure against small cases computed by hand (issue 17, "Done means").

The clock is London, November 2026 (tests/clock.py): commitments opened on Monday 23 Nov at
10:00 with two business days are due on Wednesday 25 at 10:00.
"""

from datetime import datetime, timedelta

import pytest
from django.db import connection

from commitments.ledger import meet_commitments, waive_commitment
from commitments.models import Commitment
from hiring.lifecycle import move_requisition
from hiring.team import assign_hiring_team
from insights.figures import (
    BEYOND,
    PAIR,
    PERSON,
    REQUISITION,
    STEPS,
    Period,
    Scope,
    commitment_figures,
    commitment_figures_and_weeks,
    counted_commitments,
    pair_rows,
    step_percentile,
    weekly_on_time,
)
from tests.clock import LONDON, london
from tests.factories import RequisitionFactory, UserFactory, make_commitment, put_on_team

pytestmark = pytest.mark.django_db

HOURS = {step.limit.total_seconds() / 3600: step for step in STEPS}


def owe(requisition, owner, *, party="hiring_manager", kind="review_candidate", days=2):
    """A commitment on its own subject (so several of one kind can be open at once)."""
    return make_commitment(
        requisition, owner, party=party, kind=kind, days=days, subject=UserFactory()
    )


def meet(commitment):
    assert meet_commitments(subject=commitment.subject, kind=commitment.kind) == 1


def last_30(now):
    return Period.last(30, now=now)


# --- percentiles in steps ----------------------------------------------------------------
def test_the_median_and_p90_are_the_smallest_steps_holding_half_and_nine_tenths():
    # Ten met: 2 within 1 h, 3 more within 4 h, 4 more within 2 days, 1 beyond 30 days.
    cumulative = [2, 2, 5, 5, 9, 9, 9, 9, 9, 9, 9]
    assert step_percentile(cumulative, 10, 0.5) == HOURS[4]  # 5th value: within 4 h
    assert step_percentile(cumulative, 10, 0.9) == HOURS[16]  # 9th value: within 2 days
    assert step_percentile(cumulative, 10, 0.95) == BEYOND  # 10th value
    assert step_percentile(cumulative, 10, 0.2) == HOURS[1]
    assert step_percentile([0] * len(STEPS), 0, 0.5) is None
    assert str(HOURS[16]) == "2 business days" and str(HOURS[1]) == "1 business hour"


# --- one search, by hand ------------------------------------------------------------------
@pytest.fixture
def week_of_commitments(traveller, requisition, hiring_manager, recruiter, hr_generalist):
    """Opened Monday 23 Nov 10:00, due Wednesday 25 10:00 (reviews) / Mon 7 Dec (shortlist):

    - review A met Tue 24 11:00: on time, 9 business hours (Mon 10–17, Tue 9–11);
    - review B met Thu 26 10:00: late, 3 business days (Mon 7 h + Tue 8 + Wed 8 + Thu 1);
    - review C still open on Friday: overdue now;
    - review D waived, review E withdrawn (never counts);
    - the shortlist met Monday 11:00: on time, 1 business hour.
    """
    a, b, c, d, e = (owe(requisition, hiring_manager) for _ in range(5))
    shortlist = owe(requisition, recruiter, party="recruiter", kind="present_shortlist", days=10)
    traveller.to(london(23, 11))
    meet(shortlist)
    traveller.to(london(24, 11))
    meet(a)
    waive_commitment(commitment=d, waived_by=hr_generalist, reason="Candidate withdrew by phone")
    Commitment.objects.filter(pk=e.pk).withdraw(reason="Interview cancelled")
    traveller.to(london(26, 10))
    meet(b)
    traveller.to(london(27, 12))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "shortlist": shortlist}


def test_a_searchs_figures_per_kind_and_side(week_of_commitments, requisition, hr_lead):
    now = london(27, 12)
    scope = Scope(kind=REQUISITION, requisition=requisition)
    figures = commitment_figures(hr_lead, scope, last_30(now), now=now)
    [shortlist, review] = figures.kinds  # in CommitmentKind order
    assert (review.kind, review.side) == ("review_candidate", "hiring")
    tally = review.tally
    assert (tally.met_on_time, tally.met_late, tally.overdue, tally.waived) == (1, 1, 1, 1)
    assert tally.due == 4  # the withdrawn one is in nothing
    assert tally.on_time_pct == 33  # 1 on time of 3 decided (the waived one is in neither)
    assert tally.median == HOURS[16]  # 9 h and 24 h: the 1st of 2 is within 2 days
    assert tally.p90 == HOURS[24]  # the 2nd of 2 is within 3 days
    assert (shortlist.kind, shortlist.side) == ("present_shortlist", "recruiter")
    assert shortlist.tally.on_time_pct == 100
    assert shortlist.tally.median == HOURS[1]
    assert figures.sides["hiring"].late == 2
    assert figures.total.due == 5


def test_a_period_counts_what_was_settled_in_it(week_of_commitments, requisition, hr_lead):
    """Met or waived before the deadline: counted when it happened; otherwise at the
    deadline (overdue now, later met late, stays where it fell due)."""
    scope = Scope(kind=REQUISITION, requisition=requisition)
    now = london(27, 12)
    before = Period.between(london(1, 0).date(), london(24, 0).date())  # 1–24 Nov
    early = commitment_figures(hr_lead, scope, before, now=now).total
    assert (early.met_on_time, early.waived, early.due) == (2, 1, 3)  # A, shortlist; D
    wednesday = Period.between(london(25, 0).date(), london(25, 0).date())
    due = commitment_figures(hr_lead, scope, wednesday, now=now).total
    assert (due.met_late, due.overdue, due.due) == (1, 1, 2)  # B and C


def test_a_paused_clock_is_neither_overdue_nor_due(
    traveller, requisition, hiring_manager, hr_generalist, hr_lead
):
    owe(requisition, hiring_manager)
    traveller.to(london(24, 10))
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="x"
    )
    now = london(30, 12)  # long past the old deadline
    scope = Scope(kind=REQUISITION, requisition=requisition)
    tally = commitment_figures(hr_lead, scope, last_30(now), now=now).total
    assert (tally.due, tally.overdue, tally.paused, tally.on_time_pct) == (0, 0, 1, None)


def test_time_on_hold_is_left_out_of_the_time_to_meet(
    traveller, requisition, hiring_manager, hr_generalist, hr_lead
):
    review = owe(requisition, hiring_manager)  # Monday 10:00
    traveller.to(london(23, 12))
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="x"
    )
    traveller.to(london(30, 10))  # a week on hold
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    traveller.to(london(30, 11))
    meet(review)  # 2 h before the hold, 1 h after
    now = london(30, 12)
    tally = commitment_figures(
        hr_lead, Scope(kind=REQUISITION, requisition=requisition), last_30(now), now=now
    ).total
    assert tally.met_on_time == 1  # the deadline moved with the hold
    assert tally.median == HOURS[4]  # 3 business hours, not a week


def test_a_weekend_and_a_public_holiday_are_left_out_of_the_time_to_meet(
    traveller, requisition, hiring_manager, hr_lead
):
    traveller.to(datetime(2026, 12, 24, 15, tzinfo=LONDON))  # Thursday before Christmas
    review = owe(requisition, hiring_manager, days=1)  # due Tue 29 15:00
    traveller.to(datetime(2026, 12, 29, 11, tzinfo=LONDON))  # 2 h Thu + 2 h Tue
    meet(review)
    now = datetime(2026, 12, 30, 12, tzinfo=LONDON)
    tally = commitment_figures(
        hr_lead, Scope(kind=REQUISITION, requisition=requisition), last_30(now), now=now
    ).total
    assert tally.met_on_time == 1
    assert tally.median == HOURS[4]  # 4 business hours over five calendar days


# --- a hand-over mid-commitment ------------------------------------------------------------
def test_a_handover_after_the_deadline_counts_the_lateness_for_the_predecessor(
    traveller, requisition, hiring_manager, hr_generalist, recruiter, hr_lead
):
    late = owe(requisition, hiring_manager)  # due Wed 25 10:00
    early = owe(requisition, hiring_manager, days=5)  # due Mon 30 10:00
    successor = UserFactory(role="hiring_manager")
    traveller.to(london(26, 10))  # the first is a day late, the second not due yet
    assign_hiring_team(
        requisition=requisition,
        changed_by=hr_generalist,
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=successor,
    )
    traveller.to(london(26, 12))
    meet(late)
    meet(early)
    now = london(27, 12)

    def person(p):
        return commitment_figures(hr_lead, Scope(kind=PERSON, person=p), last_30(now), now=now)

    before = person(hiring_manager).total
    assert (before.met_on_time, before.met_late) == (0, 1)
    after = person(successor).total
    assert (after.met_on_time, after.met_late) == (1, 0)


# --- who sees what ------------------------------------------------------------------------
def test_nobody_sees_figures_of_a_search_they_may_not_see(
    week_of_commitments, requisition, outsider, hiring_manager, hr_lead
):
    now = london(27, 12)
    everything = Scope()
    assert commitment_figures(hr_lead, everything, last_30(now), now=now).total.due == 5
    assert commitment_figures(outsider, everything, last_30(now), now=now).total.due == 0
    # A person's own figures are only theirs, and only on the searches they may see.
    mine = commitment_figures(
        hiring_manager, Scope(kind=PERSON, person=hiring_manager), last_30(now), now=now
    )
    assert mine.total.due == 4 and list(mine.sides) == ["hiring"]


# --- the pair scoreboard -------------------------------------------------------------------
def test_the_pair_scoreboard_puts_both_directions_side_by_side(
    week_of_commitments, requisition, recruiter, hiring_manager, hr_lead
):
    other = RequisitionFactory(state="open", department="Sales")
    other_manager = UserFactory(role="hiring_manager", first_name="Olga")
    put_on_team(other, recruiter, "recruiter")
    put_on_team(other, other_manager, "hiring_manager")
    owe(other, other_manager)  # opened now (Friday 27), due Tuesday 1 Dec
    now = london(27, 12)
    rows = pair_rows(hr_lead, Scope(), last_30(now + timedelta(days=7)), now=now)
    by_manager = {row.hiring_manager: row for row in rows}
    ours = by_manager[hiring_manager]
    assert ours.side("hiring").on_time_pct == 33
    assert ours.side("recruiter").on_time_pct == 100
    assert ours.kind("review_candidate").overdue == 1
    assert ours.slipped
    # Filtered to a department, only that department's pairs.
    sales = pair_rows(hr_lead, Scope(department="sales"), last_30(now + timedelta(days=7)), now=now)
    assert [row.hiring_manager for row in sales] == [other_manager]
    # The recruiter sees their own pairs, the hiring manager only theirs.
    assert [r.hiring_manager for r in pair_rows(recruiter, Scope(), last_30(now), now=now)] == [
        hiring_manager
    ]
    assert [r.recruiter for r in pair_rows(hiring_manager, Scope(), last_30(now), now=now)] == [
        recruiter
    ]
    one = pair_rows(
        hr_lead,
        Scope(kind=PAIR, recruiter=recruiter, hiring_manager=hiring_manager),
        last_30(now),
        now=now,
    )
    assert [r.key for r in one] == [(recruiter.pk, hiring_manager.pk)]


def test_the_weekly_trend_is_the_same_definition_per_week(
    week_of_commitments, requisition, hr_lead
):
    now = london(27, 12)
    points = weekly_on_time(
        hr_lead, Scope(kind=REQUISITION, requisition=requisition), last_30(now), now=now
    )
    assert points[-1].week == london(23, 0).date()  # Monday of the deadlines' week
    assert points[-1].on_time("hiring") == 33
    assert points[-1].on_time("recruiter") == 100  # the shortlist, met a week early
    assert all(p.on_time("hiring") is None for p in points[:-1])


def test_the_figures_and_their_weeks_from_one_read_are_the_same_as_each_alone(
    week_of_commitments, requisition, hr_lead, django_assert_num_queries
):
    now = london(27, 12)
    scope, period = Scope(kind=REQUISITION, requisition=requisition), last_30(now)
    alone = commitment_figures(hr_lead, scope, period, now=now)
    weeks_alone = weekly_on_time(hr_lead, scope, period, now=now)
    with django_assert_num_queries(2):  # the summary rows of whole weeks, then the edges
        together, weeks = commitment_figures_and_weeks(hr_lead, scope, period, now=now)
    assert together == alone
    assert weeks == weeks_alone
    assert together.total.due > 0 and weeks[-1].on_time("hiring") == 33


def test_a_periods_commitments_can_be_found_through_the_settled_index(hr_lead):
    """`settled_at` and `commitment_settled_at_idx` are the same expression, so PostgreSQL
    can find a period's commitments through the index (at the large employer's size it
    does; on a handful of rows it would scan, so scans are switched off to ask)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    now = london(27, 12)
    rows = counted_commitments(hr_lead, Scope(), last_30(now))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = rows.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    used = plan.split("commitment_settled_at_idx", 1)
    assert len(used) == 2, plan
    # The period is the index's condition, not a filter after reading all of it.
    assert "Index Cond: ((LEAST(" in used[1], plan
