"""Searches through the API: what the token's owner may open on the pages, no more."""

import pytest

from hiring.models import Requisition
from tests.api.helpers import bearer

LIST = "/api/v1/requisitions/"


@pytest.mark.django_db
def test_a_token_of_one_person_never_reaches_another_search(
    client, requisition, outsider, recruiter, hr_lead
):
    assert client.get(LIST, **bearer(outsider)).json()["items"] == []
    detail = f"{LIST}{requisition.pk}/"
    assert client.get(detail, **bearer(outsider)).status_code == 404
    mine = client.get(LIST, **bearer(recruiter)).json()["items"]
    assert [r["id"] for r in mine] == [requisition.pk]
    assert {m["role"] for m in mine[0]["team"]} >= {"recruiter", "hiring_manager"}
    assert client.get(detail, **bearer(hr_lead)).json()["state"] == requisition.state


@pytest.mark.django_db
def test_the_salary_band_follows_the_page_rule(client, requisition, interviewer, recruiter):
    requisition.salary_min, requisition.salary_max = 50000, 60000
    requisition.save()
    detail = f"{LIST}{requisition.pk}/"
    assert client.get(detail, **bearer(interviewer)).json()["salary_band"] is None
    assert "50,000" in client.get(detail, **bearer(recruiter)).json()["salary_band"]


@pytest.mark.django_db
def test_pages_follow_the_cursor_and_filter_by_state(client, requisition, recruiter, hr_lead):
    for n in range(4):
        Requisition.objects.create(
            title=f"Search {n}",
            department="Ops",
            location="Remote",
            country="DE",
            time_zone="Europe/Berlin",
            salary_currency="EUR",
            created_by=recruiter,
            state="on_hold" if n == 0 else "open",
        )
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get(LIST, query, **bearer(hr_lead)).json()
        seen += [r["id"] for r in body["items"]]
        if not (cursor := body["next_cursor"]):
            break
    assert seen == sorted(Requisition.objects.values_list("pk", flat=True), reverse=True)
    held = client.get(LIST, {"state": "on_hold"}, **bearer(hr_lead)).json()["items"]
    assert [r["title"] for r in held] == ["Search 0"]


@pytest.mark.django_db
def test_bad_query_input_is_a_422_with_messages(client, recruiter):
    header = bearer(recruiter)
    forged = client.get(LIST, {"cursor": "1:forged"}, **header)
    assert forged.status_code == 422 and "cursor" in forged.json()["errors"]
    assert client.get(LIST, {"limit": 0}, **header).status_code == 422
    assert client.get(LIST, {"state": "sideways"}, **header).status_code == 422
    assert client.get(LIST, {"search": "a\x00b"}, **header).status_code == 200


def _new(**team):
    return {
        "title": "Platform Engineer",
        "department": "Engineering",
        "location": "Berlin",
        "team": team,
    }


@pytest.mark.django_db
def test_a_search_is_drafted_through_the_form_and_its_rules(
    client, recruiter, hr_generalist, hiring_manager, interviewer, agency_recruiter
):
    team = {
        "recruiter": recruiter.pk,
        "hr_generalist": hr_generalist.pk,
        "hiring_manager": hiring_manager.pk,
        "interviewers": [interviewer.pk],
    }
    response = client.post(LIST, _new(**team), content_type="application/json", **bearer(recruiter))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and len(body["team"]) == 4
    refused = client.post(
        LIST,
        {**_new(**team), "title": "", "salary_min": 9, "salary_max": 1},
        content_type="application/json",
        **bearer(recruiter),
    )
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert errors["title"] == ["This field is required."]
    assert errors["salary_max"] == ["The top of the band must be at least its bottom."]
    denied = client.post(
        LIST, _new(**team), content_type="application/json", **bearer(agency_recruiter)
    )
    assert denied.status_code == 403
    assert Requisition.objects.count() == 1
