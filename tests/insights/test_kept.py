"""The summary rows a figure read are kept between requests (`insights.figures.kept`) under
the versions the database gives each department's summary rows, and are never stale: a
commitment that changes, a search handed to another recruiter, a person added to a search,
a search moved to another department each show in the figures at once; one viewer's rows
are never another's."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment
from hiring.models import HiringTeamMember, Requisition
from insights import figures as f
from insights.figures import on_time
from tests.factories import UserFactory, put_on_team

from .test_figures import meet, owe
from .test_tallied import december, history  # noqa: F401 — the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("history")]

NOW = december(9, 15)


@pytest.fixture(autouse=True)
def postgresql_and_nothing_kept():
    if connection.vendor != "postgresql":
        pytest.skip("figures are kept on PostgreSQL only")
    caches["figures"].clear()


def _period():
    return f.Period.last(90, now=NOW)


def _figures(viewer, scope=None):
    return f.commitment_figures(viewer, scope or f.Scope(), _period(), now=NOW)


def _fresh(viewer, scope, monkeypatch):
    """The same figures from the commitments alone (no summary rows, nothing kept)."""
    with monkeypatch.context() as patch:
        patch.setattr(on_time, "whole_weeks", lambda period, now: None)
        return _figures(viewer, scope)


def test_a_second_read_takes_the_kept_rows_and_gives_the_same_figures(hr_lead):
    first = f.commitment_figures_and_weeks(hr_lead, f.Scope(), _period(), now=NOW)
    with CaptureQueriesContext(connection) as queries:
        second = f.commitment_figures_and_weeks(hr_lead, f.Scope(), _period(), now=NOW)
    assert second == first
    # The edges (with the versions; this period's edges hold no commitment, so the versions
    # are read on their own), and no summary row.
    assert len(queries) == 2
    summaries = ("commitments_departmenttally", "commitments_commitmenttally")
    assert not any(table in query["sql"] for query in queries for table in summaries)


def test_a_commitment_met_late_in_a_past_week_shows_at_once(hr_lead):
    before = _figures(hr_lead)
    assert _figures(hr_lead) == before  # kept
    overdue = (
        Commitment.objects.filter(state="open", paused_at__isnull=True, due_at__lt=december(7, 0))
        .exclude(requisition__state="on_hold")
        .first()
    )
    meet(overdue)
    after = _figures(hr_lead)
    assert after.total.overdue == before.total.overdue - 1
    assert after.total.met_late == before.total.met_late + 1


def test_a_commitment_opened_in_a_past_week_shows_at_once(requisition, hr_lead, traveller):
    before = _figures(hr_lead)
    assert _figures(hr_lead) == before  # kept
    traveller.to(december(1, 10))
    owe(requisition, UserFactory(role="hiring_manager"))  # due 3 December: overdue now
    traveller.to(NOW)
    assert _figures(hr_lead).total.overdue == before.total.overdue + 1


def test_a_search_handed_to_another_recruiter_moves_on_the_scoreboard_at_once(
    requisition, hr_lead, recruiter, hiring_manager
):
    period = _period()
    pairs = {row.key for row in f.pair_rows(hr_lead, f.Scope(), period, now=NOW)}
    assert (recruiter.pk, hiring_manager.pk) in pairs
    successor = UserFactory(role="recruiter")
    team = HiringTeamMember.objects.filter(requisition=requisition, role="recruiter")
    team.update(user=successor)
    pairs = {row.key for row in f.pair_rows(hr_lead, f.Scope(), period, now=NOW)}
    assert (successor.pk, hiring_manager.pk) in pairs
    assert (recruiter.pk, hiring_manager.pk) not in pairs


def test_each_viewer_has_their_own_rows_and_a_new_search_of_theirs_counts_at_once(
    requisition, hr_lead, hiring_manager, monkeypatch
):
    everyone = _figures(hr_lead)
    theirs = _figures(hiring_manager)
    assert theirs.total.due < everyone.total.due  # not HR's kept rows
    assert theirs == _fresh(hiring_manager, f.Scope(), monkeypatch)
    other = Requisition.objects.exclude(pk=requisition.pk).get()
    put_on_team(other, hiring_manager, "interviewer")
    now_theirs = _figures(hiring_manager)
    assert now_theirs.total.due > theirs.total.due
    assert now_theirs == _fresh(hiring_manager, f.Scope(), monkeypatch)


def test_a_search_moved_to_another_department_leaves_its_figures_at_once(requisition, hr_lead):
    department = f.Scope(department=requisition.department.upper())
    before = _figures(hr_lead, department)
    assert before.total.due
    Requisition.objects.filter(department__iexact=requisition.department).update(department="Sales")
    assert _figures(hr_lead, department).total.due == 0
    assert _figures(hr_lead, f.Scope(department="sales")) == before
