"""The figures through the API: the same numbers as the insights pages, by the pages' rules
of who sees what, the pages' filter form's messages for a bad period, and a constant number
of queries for the scoreboard and a scope's figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hiring.models import HiringTeamMember
from tests.api.helpers import bearer
from tests.clock import london
from tests.factories import RequisitionFactory, UserFactory, put_on_team
from tests.insights.test_figure_pages import busy_week, many_pairs, owe  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


def _get(client, url, who, **query):
    return client.get(url, query, **bearer(who))


def test_a_searchs_figures_are_the_pages_numbers(
    client,
    busy_week,  # noqa: F811
    requisition,
    recruiter,
):
    client.force_login(recruiter)
    page = client.get(
        reverse("insights:figures-requisition", args=[requisition.pk]), {"period": "30"}
    )
    answer = _get(client, f"/api/v1/figures/requisitions/{requisition.pk}/", recruiter, period="30")
    assert answer.status_code == 200, answer.content
    figures = answer.json()
    shown = page.context["commitments"]
    sides = {row["side"]: row["tally"] for row in figures["commitments"]["sides"]}
    assert sides["hiring"]["met_on_time"] == 1 and sides["hiring"]["overdue"] == 1
    assert sides["hiring"]["on_time_pct"] == shown.sides["hiring"].on_time_pct == 50
    assert figures["commitments"]["total"]["due"] == shown.total.due
    kinds = {(k["kind"], k["side"]): k for k in figures["commitments"]["kinds"]}
    review = kinds[("review_candidate", "hiring")]
    assert review["agreed"] and review["tally"]["due"] == 2
    assert figures["scope"] == {
        "kind": "requisition",
        "title": requisition.title,
        "department": "",
        "requisition_id": requisition.pk,
        "person": None,
        "recruiter": None,
        "hiring_manager": None,
    }
    assert figures["terms_from"] == page.context["terms_from"]
    assert figures["period"]["label"] == "Last 30 days"
    weeks = [day.isoformat() for day in page.context["period"].weeks()]
    assert [w["week"] for w in figures["weeks"]] == weeks
    assert [s["step"] for s in figures["searches"]["funnel"]] == [
        label for label, _n, _p in page.context["searches"]["funnel"].steps
    ]
    assert figures["url"].endswith(f"/figures/requisitions/{requisition.pk}/")


def test_a_figures_rows_are_the_pages_rows(
    client,
    busy_week,  # noqa: F811
    requisition,
    recruiter,
    outsider,
):
    query = {
        "period": "30",
        "scope": "requisition",
        "requisition": requisition.pk,
        "side": "hiring",
        "outcome": "overdue",
    }
    client.force_login(recruiter)
    page = client.get(reverse("insights:figure-rows"), query)
    url = "/api/v1/figures/rows/commitments/"
    rows = _get(client, url, recruiter, **query).json()
    assert [r["id"] for r in rows["items"]] == [c.pk for c in page.context["page"].object_list]
    assert [r["id"] for r in rows["items"]] == [busy_week["late"].pk]
    assert rows["items"][0]["outcome"] == "Overdue now" and rows["left_out"] == 0
    met = _get(client, url, recruiter, **{**query, "outcome": "on_time", "side": ""}).json()
    ids = [r["id"] for r in met["items"]]
    assert len(ids) == 2 and busy_week["met"].pk in ids  # and the recruiter's status update
    assert all(r["outcome"] == "Met on time" and r["took"] for r in met["items"])
    paged = _get(client, url, recruiter, **{**query, "outcome": "due", "side": "", "limit": 2})
    assert len(paged.json()["items"]) == 2 and paged.json()["next_cursor"]
    rest = _get(
        client,
        url,
        recruiter,
        **{
            **query,
            "outcome": "due",
            "side": "",
            "limit": 2,
            "cursor": paged.json()["next_cursor"],
        },
    ).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    odd = _get(client, url, recruiter, **{**query, "outcome": "sometimes"})
    assert odd.status_code == 422 and list(odd.json()["errors"]) == ["outcome"]
    assert _get(client, url, outsider, **query).status_code == 404
    assert _get(client, url, recruiter).status_code == 403  # the organisation's


def test_the_candidates_behind_a_funnel_step_as_the_reader_may_see_them(
    client, requisition, recruiter, agency_recruiter, hr_lead
):
    """As the rows page: an agency recruiter on the search sees only whom they sourced."""
    from tests.interviews.helpers import make_application

    HiringTeamMember.objects.filter(requisition=requisition, user=recruiter).update(
        user=agency_recruiter
    )
    make_application(requisition, agency_recruiter, name="Own Pick", stage="submitted")
    make_application(requisition, recruiter, name="Other Pick", stage="submitted")
    query = {"scope": "requisition", "requisition": requisition.pk, "step": "submitted"}
    url = "/api/v1/figures/rows/applications/"
    everyone = _get(client, url, hr_lead, **query).json()["items"]
    assert sorted(r["candidate_name"] for r in everyone) == ["Other Pick", "Own Pick"]
    own = _get(client, url, agency_recruiter, **query).json()["items"]
    assert [r["candidate_name"] for r in own] == ["Own Pick"]
    odd = _get(client, url, hr_lead, **{**query, "step": "dreamt"})
    assert odd.status_code == 422 and list(odd.json()["errors"]) == ["step"]
    checkins = _get(client, "/api/v1/figures/rows/checkins/", hr_lead, **query).json()
    assert checkins["items"] == [] and checkins["next_cursor"] is None
    filled = _get(client, "/api/v1/figures/rows/searches/", hr_lead, **query).json()
    assert filled["items"] == []


def test_people_see_their_own_figures_hr_leads_everyones_with_the_pages_refusal(
    client,
    busy_week,  # noqa: F811
    recruiter,
    hiring_manager,
    hr_lead,
    outsider,
):
    mine = f"/api/v1/figures/people/{recruiter.pk}/"
    assert _get(client, mine, recruiter).status_code == 200
    theirs = _get(client, f"/api/v1/figures/people/{hiring_manager.pk}/", recruiter)
    assert theirs.status_code == 403
    assert theirs.json()["detail"] == (
        "These figures are for HR leads, admins and the people in them."
    )
    assert _get(client, "/api/v1/figures/organisation/", recruiter).status_code == 403
    everyone = _get(client, "/api/v1/figures/organisation/", hr_lead).json()
    assert everyone["commitments"]["total"]["due"] == 3
    assert _get(client, mine, hr_lead).status_code == 200
    requisition = busy_week["late"].requisition
    off = _get(client, f"/api/v1/figures/requisitions/{requisition.pk}/", outsider)
    assert off.status_code == 404
    assert _get(client, "/api/v1/figures/people/999999/", hr_lead).status_code == 404


def test_an_agency_recruiter_counts_only_their_own_searches(
    client, traveller, agency_recruiter, hiring_manager
):
    """Marco recruits one search as an agency; another search has the same hiring manager.
    Marco's scoreboard and his pair's figures count his search only."""
    own, other = RequisitionFactory(state="open"), RequisitionFactory(state="open")
    put_on_team(own, agency_recruiter, "recruiter")
    in_house = UserFactory(role="recruiter")
    put_on_team(other, in_house, "recruiter")
    for search in (own, other):
        put_on_team(search, hiring_manager, "hiring_manager")
        owe(search, hiring_manager)
        owe(search, hiring_manager)
    traveller.to(london(27, 12))
    pairs = _get(client, "/api/v1/figures/pairs/", agency_recruiter).json()["items"]
    assert [(p["recruiter"]["id"], p["hiring_manager"]["id"]) for p in pairs] == [
        (agency_recruiter.pk, hiring_manager.pk)
    ]
    assert pairs[0]["sides"]["hiring"]["overdue"] == 2
    pair = f"/api/v1/figures/pairs/{agency_recruiter.pk}/{hiring_manager.pk}/"
    assert _get(client, pair, agency_recruiter).json()["commitments"]["total"]["due"] == 2
    assert (
        _get(client, f"/api/v1/figures/requisitions/{other.pk}/", agency_recruiter).status_code
        == 404
    )
    # The hiring manager sees both of their pairs.
    theirs = _get(client, "/api/v1/figures/pairs/", hiring_manager).json()["items"]
    assert len(theirs) == 2
    assert HiringTeamMember.objects.filter(user=agency_recruiter).count() == 1


def test_a_bad_period_is_a_422_with_the_filter_forms_messages(client, hr_lead):
    wrong_way = _get(
        client,
        "/api/v1/figures/organisation/",
        hr_lead,
        period="custom",
        start="2026-11-20",
        end="2026-11-01",
    )
    assert wrong_way.status_code == 422
    assert wrong_way.json()["errors"] == {"end": ["The last day comes after the first."]}
    half = _get(client, "/api/v1/figures/pairs/", hr_lead, period="custom", start="2026-11-20")
    assert half.json()["errors"] == {"end": ["Give the last day."]}
    odd = _get(client, "/api/v1/figures/pairs/", hr_lead, period="7")
    assert list(odd.json()["errors"]) == ["period"]
    cursor = _get(client, "/api/v1/figures/pairs/", hr_lead, cursor="made-up")
    assert cursor.status_code == 422 and list(cursor.json()["errors"]) == ["cursor"]
    custom = _get(
        client,
        "/api/v1/figures/organisation/",
        hr_lead,
        period="custom",
        start="2026-11-01",
        end="2026-11-20",
    )
    assert custom.json()["period"]["label"] == "1 Nov 2026 – 20 Nov 2026"


def test_the_scoreboard_pages_by_cursor(client, traveller, hr_lead):
    many_pairs(30)
    traveller.to(london(27, 12))
    first = _get(client, "/api/v1/figures/pairs/", hr_lead).json()
    assert len(first["items"]) == 25 and first["next_cursor"]
    assert all(len(p["trend"]) >= 1 for p in first["items"])
    rest = _get(client, "/api/v1/figures/pairs/", hr_lead, cursor=first["next_cursor"]).json()
    assert len(rest["items"]) == 5 and rest["next_cursor"] is None
    seen = {(p["recruiter"]["id"], p["hiring_manager"]["id"]) for p in first["items"]}
    seen |= {(p["recruiter"]["id"], p["hiring_manager"]["id"]) for p in rest["items"]}
    assert len(seen) == 30


def _queries(client, url, header) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url, **header).status_code == 200
    return len(seen)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/figures/pairs/",
        "/api/v1/figures/organisation/",
        "/api/v1/figures/rows/commitments/?outcome=overdue",
        "/api/v1/figures/rows/checkins/",
        "/api/v1/figures/rows/applications/",
        "/api/v1/figures/rows/searches/",
    ],
    ids=["pairs", "org", "rows", "checkins", "candidates", "searches"],
)
def test_the_scoreboard_and_a_scopes_figures_read_the_same_queries_for_2_or_30_pairs(
    client, traveller, hr_lead, url
):
    """The scoreboard: the token, permissions, commitments, check-ins, pulse answers, people
    and the trends (the page's pairs' searches, their commitments by week); a scope's
    figures add the weekly commitments, service levels and the searches' figures — grouped
    queries whatever the number of pairs or searches (the pages' own counts are pinned in
    tests/insights/test_figure_pages.py)."""
    many_pairs(2)
    traveller.to(london(27, 12))
    header = bearer(hr_lead)
    few = _queries(client, url, header)
    traveller.to(london(20, 12))
    many_pairs(28)
    traveller.to(london(27, 12))
    assert _queries(client, url, header) == few
