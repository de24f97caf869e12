"""The board and the list run a fixed number of queries, for 10 or 300 candidates, and
show what fits a page: 20 cards a column (with "show more"), 50 rows a page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pipeline.models import Application, Candidate, Stage

pytestmark = pytest.mark.django_db

# session, user, requisition + team, agreement, counts per column, the cards (the list: its
# count and its page), …
BOARD_QUERIES = 9


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
    assert response.context["total"] == n
    shown = len(response.context["applications"])
    assert shown == (min(n, 4 * 20) if view == "board" else min(n, 50))


def test_a_column_shows_its_first_20_cards_its_exact_count_and_more_on_request(
    client, active, requisition, recruiter
):
    _fill(requisition, recruiter, 120)  # 30 in each of four columns
    client.force_login(recruiter)
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
    columns = {c["key"]: c for c in client.get(url).context["columns"]}
    applied = columns["applied"]
    assert (applied["count"], len(applied["cards"]), applied["more"]) == (30, 20, 10)
    body = client.get(url).content.decode()
    assert "Show the other 10" in body and "?column=applied&amp;shown=40" in body
    # The longest waiting first, the same order a "show more" continues.
    assert [a.pk for a in applied["cards"]] == sorted(a.pk for a in applied["cards"])
    more = client.get(url, {"column": "applied", "shown": 40}, HTTP_HX_REQUEST="true")
    assert more.content.decode().lstrip().startswith('<section id="candidates"')
    columns = {c["key"]: c for c in more.context["columns"]}
    assert (len(columns["applied"]["cards"]), columns["applied"]["more"]) == (30, 0)
    assert len(columns["screening"]["cards"]) == 20  # the others as they were


def test_the_list_pages_through_every_candidate_once(client, active, requisition, recruiter):
    _fill(requisition, recruiter, 120)
    client.force_login(recruiter)
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
    seen = []
    for page in (1, 2, 3):
        response = client.get(url, {"view": "list", "sort": "name", "dir": "asc", "page": page})
        seen += [a.pk for a in response.context["applications"]]
    assert len(seen) == len(set(seen)) == 120
    assert "Page 3 of 3 · 120 in all" in response.content.decode()
    assert client.get(url, {"view": "list", "page": 99}).status_code == 200  # the last page


def test_a_card_move_the_gate_refuses_comes_back_with_its_message(
    client, active, requisition, recruiter
):
    from pipeline.stages import move_application
    from tests.pipeline.helpers import add

    application = add(requisition, recruiter, name="Ann Ames")
    move_application(application=application, to_stage="screening", by=recruiter)
    client.force_login(recruiter)
    url = reverse(
        "pipeline:application-move", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    response = client.post(url, {"to_stage": "submitted"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="candidates"')
    assert 'class="app-card app-card--refused"' in body
    assert "Complete the screening form first" in body
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING

    response = client.post(url, {"to_stage": "applied"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_the_board_works_without_javascript(client, active, requisition, recruiter):
    from tests.pipeline.helpers import add

    application = add(requisition, recruiter, name="Ann Ames")
    client.force_login(recruiter)
    url = reverse(
        "pipeline:application-move", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    response = client.post(url, {"to_stage": "screening"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Ann Ames is now at Screening" in page.content.decode()
    response = client.post(url, {"to_stage": "submitted"})
    page = client.get(response["Location"])
    assert "Complete the screening form first" in page.content.decode()
