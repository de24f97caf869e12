"""The commitment figures read from summary rows (`insights.figures.tallied`) are the same
as the figures aggregated from the commitments themselves: over weeks of history with
every outcome (met on time and late, waived, overdue, paused by a hold, extended, handed
over), for every scope, the pair scoreboard and its trends. The summary rows are read for
the period's whole past weeks, the commitments for its edges (`whole_weeks`)."""

from datetime import datetime, timedelta

import pytest

from commitments.ledger import waive_commitment
from commitments.models import Commitment
from hiring.lifecycle import move_requisition
from insights import figures as f
from insights.figures import on_time
from tests.clock import LONDON, london
from tests.factories import RequisitionFactory, UserFactory, put_on_team

from .test_figures import meet, owe

pytestmark = pytest.mark.django_db


def december(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def history(traveller, requisition, recruiter, hiring_manager, hr_generalist):
    """Five weeks of commitments on two searches, every outcome."""
    other = RequisitionFactory(created_by=recruiter, state="open", opened_at=london(2, 11))
    put_on_team(other, recruiter, "recruiter")
    put_on_team(other, hr_generalist, "hr_generalist")
    put_on_team(other, UserFactory(role="hiring_manager"), "hiring_manager")
    day = london(2, 11)  # a Monday, 10:00
    for week in range(5):
        traveller.to(day + timedelta(weeks=week))
        on_time = owe(requisition, hiring_manager)
        late = owe(requisition, hiring_manager, kind="interview_feedback")
        shortlist = owe(requisition, recruiter, party="recruiter", kind="present_shortlist")
        waived = owe(other, recruiter, party="recruiter", kind="status_update")
        owe(other, recruiter, party="recruiter", kind="status_update", days=1)  # left overdue
        traveller.to(day + timedelta(weeks=week, hours=3))
        meet(on_time)
        waive_commitment(commitment=waived, waived_by=hr_generalist, reason="Not needed")
        traveller.to(day + timedelta(weeks=week, days=3 + week % 2))
        meet(late)
        if week % 2:
            meet(shortlist)
        Commitment.objects.filter(pk=shortlist.pk, state="open").update(extensions=1)
    traveller.to(december(7, 12))
    move_requisition(requisition=other, to_state="on_hold", moved_by=recruiter, reason="x")
    traveller.to(december(9, 15))
    return requisition


def _raw(monkeypatch):
    monkeypatch.setattr(on_time, "whole_weeks", lambda period, now: None)


@pytest.mark.parametrize("days", [30, 90])
def test_the_summary_gives_the_same_figures_as_the_commitments(
    history, recruiter, hiring_manager, hr_lead, monkeypatch, days
):
    now = december(9, 15)
    period = f.Period.last(days, now=now)
    assert f.whole_weeks(period, now) is not None
    scopes = [
        f.Scope(),
        f.Scope(kind=f.REQUISITION, requisition=history),
        f.Scope(kind=f.PERSON, person=recruiter),
        f.Scope(kind=f.PAIR, recruiter=recruiter, hiring_manager=hiring_manager),
    ]
    summary = [f.commitment_figures_and_weeks(hr_lead, s, period, now=now) for s in scopes]
    pairs = f.pair_rows(hr_lead, f.Scope(), period, now=now)
    f.attach_trends(hr_lead, pairs, f.Scope(), period, now=now)
    assert summary[0][0].total.met_late and summary[0][0].total.overdue
    assert summary[0][0].total.waived and summary[0][0].total.paused
    assert summary[0][0].total.extended

    _raw(monkeypatch)
    raw = [f.commitment_figures_and_weeks(hr_lead, s, period, now=now) for s in scopes]
    raw_pairs = f.pair_rows(hr_lead, f.Scope(), period, now=now)
    f.attach_trends(hr_lead, raw_pairs, f.Scope(), period, now=now)
    assert summary == raw
    assert [(p.key, p.sides, p.kinds, p.trend) for p in pairs] == [
        (p.key, p.sides, p.kinds, p.trend) for p in raw_pairs
    ]


def test_the_whole_weeks_are_those_inside_the_period_and_past():
    now = december(9, 15)  # a Wednesday
    start, end = f.whole_weeks(f.Period.last(30, now=now), now)
    assert start == london(16, 0)  # the Monday after 9 November 15:00
    assert end == december(7, 0)  # this week's Monday: this week is read from the rows
    assert f.whole_weeks(f.Period.last(5, now=now), now) is None
