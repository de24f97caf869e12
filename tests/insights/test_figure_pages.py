"""The figures pages: who opens what, the same number of queries at two sizes, filters in
the URL (htmx swaps, Back and reload), and every figure's link to its rows."""

import pytest
from django.urls import reverse

from commitments.ledger import meet_commitments
from tests.clock import london
from tests.factories import RequisitionFactory, UserFactory, make_commitment, put_on_team

pytestmark = pytest.mark.django_db


def owe(requisition, owner, party="hiring_manager", kind="review_candidate"):
    return make_commitment(requisition, owner, party=party, kind=kind, subject=UserFactory())


@pytest.fixture
def busy_week(traveller, requisition, recruiter, hiring_manager):
    """One review met on time, one overdue; a status update met on time."""
    met, late = owe(requisition, hiring_manager), owe(requisition, hiring_manager)
    update = owe(requisition, recruiter, party="recruiter", kind="status_update")
    traveller.to(london(24, 11))
    meet_commitments(subject=met.subject, kind=met.kind)
    meet_commitments(subject=update.subject, kind=update.kind)
    traveller.to(london(26, 12))
    return {"met": met, "late": late}


def many_pairs(count):
    """`count` searches, each with its own recruiter and hiring manager and a commitment."""
    for _ in range(count):
        requisition = RequisitionFactory(state="open")
        recruiter, manager = UserFactory(role="recruiter"), UserFactory(role="hiring_manager")
        put_on_team(requisition, recruiter, "recruiter")
        put_on_team(requisition, manager, "hiring_manager")
        owe(requisition, manager)
        owe(requisition, recruiter, party="recruiter", kind="status_update")


@pytest.mark.parametrize("count", [2, 30])
def test_the_scoreboard_takes_the_same_queries_for_2_or_30_pairs(
    client, traveller, hr_lead, django_assert_num_queries, count
):
    many_pairs(count)
    traveller.to(london(27, 12))  # every one overdue
    client.force_login(hr_lead)
    # session, user, permission, commitments (summary rows of whole weeks, the edges),
    # check-ins, pulse answers, people, and the trends (the page's pairs' searches, their
    # summary rows and edges by week)
    with django_assert_num_queries(11):
        response = client.get(reverse("insights:scoreboard"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 25)


@pytest.mark.parametrize("count", [2, 30])
def test_the_organisations_figures_take_the_same_queries_at_two_sizes(
    client, traveller, hr_lead, django_assert_num_queries, count
):
    many_pairs(count)
    traveller.to(london(27, 12))
    client.force_login(hr_lead)
    # session, user, permission, commitments with their weekly trend (summary rows of
    # whole weeks, the edges), service levels, check-ins, pulse answers, the pairs
    # (commitments: two, check-ins, pulse answers, people), and the searches (filled, first
    # shortlists, stays in stages, funnel, offers, surveys)
    with django_assert_num_queries(19):
        response = client.get(reverse("insights:figures-organisation"))
    assert response.context["commitments"].total.due == 2 * count


def test_a_searchs_figures_for_its_recruiter_link_each_figure_to_its_rows(
    client, busy_week, requisition, recruiter
):
    client.force_login(recruiter)
    url = reverse("insights:figures-requisition", args=[requisition.pk])
    response = client.get(url, {"period": "30"})
    hiring = response.context["commitments"].sides["hiring"]
    assert (hiring.met_on_time, hiring.overdue, hiring.on_time_pct) == (1, 1, 50)
    html = response.content.decode()
    rows = reverse("insights:figure-rows")
    link = f"{rows}?period=30&amp;scope=requisition&amp;requisition={requisition.pk}"
    assert f'{link}&amp;side=hiring&amp;outcome=overdue"' in html
    listed = client.get(
        rows,
        {
            "period": "30",
            "scope": "requisition",
            "requisition": requisition.pk,
            "side": "hiring",
            "outcome": "overdue",
        },
    )
    assert [c.pk for c in listed.context["page"].object_list] == [busy_week["late"].pk]
    assert "Overdue now" in listed.content.decode()


def test_people_see_their_own_figures_and_hr_leads_everyones(
    client, busy_week, recruiter, hiring_manager, hr_lead, outsider
):
    mine = reverse("insights:figures-person", args=[recruiter.pk])
    client.force_login(recruiter)
    assert client.get(mine).status_code == 200
    assert (
        client.get(reverse("insights:figures-person", args=[hiring_manager.pk])).status_code == 403
    )
    assert client.get(reverse("insights:figures-organisation")).status_code == 403
    client.force_login(hr_lead)
    assert client.get(mine).status_code == 200
    # An outsider opening a search's rows learns nothing: not found.
    client.force_login(outsider)
    rows = reverse("insights:figure-rows")
    requisition = busy_week["late"].requisition
    assert (
        client.get(rows, {"scope": "requisition", "requisition": requisition.pk}).status_code == 404
    )


def test_filters_swap_the_figures_and_a_history_restore_gets_the_whole_page(client, hr_lead):
    client.force_login(hr_lead)
    url = reverse("insights:figures-organisation")
    part = client.get(url, {"period": "365"}, HTTP_HX_REQUEST="true")
    assert part.content.decode().lstrip().startswith('<div id="figures">')
    assert "HX-Request" in part["Vary"]
    whole = client.get(
        url, {"period": "365"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in whole.content.decode()


def test_a_period_the_wrong_way_round_is_explained_and_changes_nothing(client, hr_lead):
    client.force_login(hr_lead)
    response = client.get(
        reverse("insights:scoreboard"),
        {"period": "custom", "start": "2026-11-20", "end": "2026-11-01"},
    )
    assert response.status_code == 200
    assert "The last day comes after the first." in response.content.decode()
    assert response.context["period"].label == "Last 90 days"


def test_the_funnel_links_to_its_candidates_as_the_viewer_may_see_them(
    client, requisition, recruiter, agency_recruiter, hr_lead
):
    from hiring.models import HiringTeamMember
    from tests.interviews.helpers import make_application

    HiringTeamMember.objects.filter(requisition=requisition, user=recruiter).update(
        user=agency_recruiter
    )
    make_application(requisition, agency_recruiter, name="Own Pick", stage="submitted")
    make_application(requisition, recruiter, name="Other Pick", stage="submitted")
    query = {
        "scope": "requisition",
        "requisition": requisition.pk,
        "what": "applications",
        "step": "submitted",
        "period": "30",
    }
    rows = reverse("insights:figure-rows")
    client.force_login(hr_lead)
    names = [a.candidate.name for a in client.get(rows, query).context["page"].object_list]
    assert sorted(names) == ["Other Pick", "Own Pick"]
    client.force_login(agency_recruiter)
    names = [a.candidate.name for a in client.get(rows, query).context["page"].object_list]
    assert names == ["Own Pick"]


def test_a_stage_limit_commitment_has_no_service_level_and_the_figures_still_open(
    client, traveller, hr_lead, requisition, hiring_manager
):
    """'Move a candidate on' takes its deadline from the agreement's stage limits, not from
    the service-level table (commitments.service_terms.TERMS_ELSEWHERE): the figures pages
    name the stage limits as its term instead of failing to find one (they answered 500)."""
    owe(requisition, hiring_manager, kind="stage_limit")
    traveller.to(london(27, 12))
    client.force_login(hr_lead)
    for url in (
        reverse("insights:figures-organisation"),
        reverse("insights:figures-requisition", args=[requisition.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        rows = {row.kind: row for row in response.context["commitments"].kinds}
        assert "stage limits" in rows["stage_limit"].agreed
        assert rows["stage_limit"].tally.overdue == 1
