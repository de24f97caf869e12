"""Issue 21, "Stage limits": a candidate past the agreed limit of their stage opens "move
the candidate on" for the party whose move it is — only where no other open commitment
covers the wait, only on an open search — is flagged on the board, and moving on meets it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.lifecycle import move_requisition
from pipeline.models import Application, Stage
from pipeline.stage_limits import open_stage_limit_commitments
from pipeline.stages import move_application
from tests.pipeline.helpers import add, screened, submitted

pytestmark = pytest.mark.django_db

KIND = CommitmentKind.STAGE_LIMIT


def _sat(application, days):
    """The candidate entered their stage `days` calendar days ago."""
    Application.objects.filter(pk=application.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=days)
    )
    application.refresh_from_db()
    return application


def test_stage_limit_passed_opens_move_the_candidate_on_for_the_party_whose_move_it_is(
    active, requisition, recruiter
):
    late = _sat(screened(requisition, recruiter, name="Ann Ames"), 10)  # limit: 5 business days
    _sat(screened(requisition, recruiter, name="Bo Berg"), 2)  # within it
    opened = open_stage_limit_commitments()
    assert [(c.subject, c.owner, c.party) for c in opened] == [(late, recruiter, "recruiter")]
    owed = Commitment.objects.get(kind=KIND)
    assert "past the agreed 5 business days" in owed.title
    assert owed.due_at >= owed.started_at, "the ladder starts at a reminder, not a burst"
    assert open_stage_limit_commitments() == [], "a second sweep opens nothing more"
    move_application(application=late, to_stage="submitted", by=recruiter)
    owed.refresh_from_db()
    assert owed.state == "met"


def test_stage_limit_a_wait_another_commitment_covers_opens_nothing(active, requisition, recruiter):
    waiting = _sat(submitted(requisition, recruiter), 10)  # the manager's review is open
    assert Commitment.objects.filter(kind=CommitmentKind.REVIEW_CANDIDATE, state="open").exists()
    assert open_stage_limit_commitments() == []
    assert waiting.stage == Stage.SUBMITTED


def test_stage_limit_on_a_search_on_hold_or_without_a_limit_opens_nothing(
    active, requisition, recruiter, hr_generalist
):
    _sat(add(requisition, recruiter, name="Cy Cole"), 40)  # "applied": no limit agreed
    _sat(screened(requisition, recruiter, name="Di Dunn"), 40)
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="Budget"
    )
    assert open_stage_limit_commitments() == []


def test_stage_limit_moved_on_by_someone_else_withdraws_it(
    active, requisition, recruiter, hr_generalist
):
    late = _sat(screened(requisition, recruiter), 10)
    open_stage_limit_commitments()
    move_application(application=late, to_stage="submitted", by=hr_generalist)
    assert Commitment.objects.get(kind=KIND).state == "withdrawn"


def test_stage_limit_passed_is_flagged_on_the_board_and_the_list(
    client, active, requisition, recruiter
):
    _sat(screened(requisition, recruiter, name="Ann Ames"), 10)
    _sat(screened(requisition, recruiter, name="Bo Berg"), 1)
    client.force_login(recruiter)
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
    for query in ({}, {"view": "list"}):
        body = client.get(url, query).content.decode()
        assert body.count("Past limit</span>") == 1
