"""The board and the list run a fixed number of queries, for 10 or 300 candidates."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pipeline.models import Application, Candidate, Stage

pytestmark = pytest.mark.django_db

BOARD_QUERIES = 8  # session, user, requisition + team, agreement, applications, …


def _fill(requisition, by, n):
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Person {i}", email=f"person{i}@example.com", created_by=by)
        for i in range(n)
    )
    stages = [Stage.APPLIED, Stage.SCREENING, Stage.SUBMITTED, Stage.INTERVIEW]
    Application.objects.bulk_create(
        Application(
            requisition=requisition,
            candidate=c,
            stage=stages[i % 4],
            interview_round=0 if stages[i % 4] == Stage.INTERVIEW else None,
            interview_stage_name="Technical interview" if stages[i % 4] == Stage.INTERVIEW else "",
            source="job_boards",
            sourced_by=by,
            stage_changed_at=timezone.now(),
        )
        for i, c in enumerate(candidates)
    )


@pytest.mark.parametrize("n", [10, 300])
@pytest.mark.parametrize("view", ["board", "list"])
def test_the_candidates_tab_runs_a_constant_number_of_queries(
    client, active, requisition, recruiter, django_assert_max_num_queries, n, view
):
    _fill(requisition, recruiter, n)
    client.force_login(recruiter)
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
    if view == "list":
        url += "?view=list&sort=name&dir=asc"
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["applications"]) == n
