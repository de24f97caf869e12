from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hiring.models import Requisition
from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

pytestmark = pytest.mark.django_db


def valid_post(recruiter, hr_generalist, hiring_manager, **overrides):
    data = {
        "title": "Site Reliability Engineer",
        "department": "Engineering",
        "location": "London",
        "country": "GB",
        "time_zone": "Europe/London",
        "headcount": "1",
        "employment_type": "full_time",
        "priority": "normal",
        "target_start_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "opening_reason": "new_role",
        "reason_detail": "",
        "salary_currency": "GBP",
        "salary_min": "70000",
        "salary_max": "90000",
        "team-recruiter": str(recruiter.pk),
        "team-hr_generalist": str(hr_generalist.pk),
        "team-hiring_manager": str(hiring_manager.pk),
    }
    data.update(overrides)
    return data


def test_a_recruiter_creates_a_requisition_with_its_team(
    client, recruiter, hr_generalist, hiring_manager
):
    client.force_login(recruiter)
    response = client.post(
        reverse("hiring:requisition-create"), valid_post(recruiter, hr_generalist, hiring_manager)
    )
    requisition = Requisition.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hiring:requisition-detail", args=[requisition.pk])
    assert requisition.hiring_manager == hiring_manager
    assert requisition.created_by == recruiter


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"headcount": "-1"}, "headcount", "greater than or equal to 1"),
        ({"headcount": "abc"}, "headcount", "Enter a whole number"),
        ({"salary_min": "95000"}, "salary_max", "at least its bottom"),
        ({"salary_currency": "XYZ"}, "salary_currency", "not one of the available choices"),
        ({"target_start_date": "2001-01-01"}, "target_start_date", "cannot be in the past"),
        ({"title": "x" * 121}, "title", "at most 120 characters"),
        ({"reason_detail": "x" * 2001}, "reason_detail", "at most 2000 characters"),
        ({"country": "ZZ"}, "country", "not one of the available choices"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "not one of the available choices"),
        ({"team-hiring_manager": "999999"}, "hiring_manager", "not one of the available"),
        ({"title": ""}, "title", "This field is required"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_changes_nothing(
    client, recruiter, hr_generalist, hiring_manager, overrides, field, message
):
    client.force_login(recruiter)
    response = client.post(
        reverse("hiring:requisition-create"),
        valid_post(recruiter, hr_generalist, hiring_manager, **overrides),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    form = response.context["form"] if field in response.context["form"].fields else None
    errors = (form or response.context["team_form"]).errors
    assert field in errors
    assert 'aria-invalid="true"' in html
    assert not Requisition.objects.exists()


def test_an_interviewer_cannot_pick_themselves_as_recruiter(
    client, recruiter, hr_generalist, hiring_manager, interviewer
):
    client.force_login(recruiter)
    response = client.post(
        reverse("hiring:requisition-create"),
        valid_post(recruiter, hr_generalist, hiring_manager, **{"team-recruiter": interviewer.pk}),
    )
    assert response.status_code == 422
    assert not Requisition.objects.exists()


def test_editing_keeps_an_old_start_date_but_refuses_a_new_past_one(client, requisition, recruiter):
    requisition.target_start_date = timezone.localdate() - timedelta(days=3)
    requisition.save()
    client.force_login(recruiter)
    url = reverse("hiring:requisition-edit", args=[requisition.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["target_start_date"] = requisition.target_start_date.isoformat()
    data["headcount"] = 2
    assert client.post(url, data).status_code == 302
    requisition.refresh_from_db()
    assert requisition.headcount == 2

    data["target_start_date"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert client.post(url, data).status_code == 422


def test_an_agency_recruiter_edits_without_ever_seeing_the_band(client, agency_recruiter):
    requisition = RequisitionFactory(created_by=agency_recruiter, salary_max=123456)
    put_on_team(requisition, agency_recruiter, TeamRole.RECRUITER)
    client.force_login(agency_recruiter)
    detail = client.get(reverse("hiring:requisition-detail", args=[requisition.pk]))
    assert "123,456" not in detail.content.decode()
    assert "Not shared with you" in detail.content.decode()
    edit = client.get(reverse("hiring:requisition-edit", args=[requisition.pk]))
    assert "salary_max" not in edit.context["form"].fields
    assert "123456" not in edit.content.decode()


def test_moving_by_htmx_returns_the_summary_and_tells_the_journal(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("hiring:requisition-move", args=[requisition.pk]),
        {"to_state": "on_hold", "reason": "Budget review"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "journal-changed" in response.headers["HX-Trigger"]
    assert 'id="summary"' in response.content.decode()
    assert "<html" not in response.content.decode()
    requisition.refresh_from_db()
    assert requisition.state == "on_hold"


def test_putting_on_hold_without_a_reason_is_refused_with_a_message(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("hiring:requisition-move", args=[requisition.pk]),
        {"to_state": "on_hold", "reason": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Say why" in response.content.decode()
    requisition.refresh_from_db()
    assert requisition.state == "open"


def test_an_unknown_state_is_a_clear_refusal_not_a_500(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("hiring:requisition-move", args=[requisition.pk]), {"to_state": "exploded"}
    )
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.state == "open"


def test_the_team_form_by_htmx_saves_and_returns_the_team_card(
    client, requisition, hr_generalist, recruiter, hiring_manager
):
    client.force_login(hr_generalist)
    response = client.post(
        reverse("hiring:requisition-team", args=[requisition.pk]),
        {
            "recruiter": recruiter.pk,
            "hr_generalist": hr_generalist.pk,
            "hiring_manager": hiring_manager.pk,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="team"' in response.content.decode()
    assert requisition.interviewers == []


def test_a_team_form_error_stays_in_the_form(client, requisition, hr_generalist):
    client.force_login(hr_generalist)
    response = client.post(
        reverse("hiring:requisition-team", args=[requisition.pk]),
        {"recruiter": "", "hr_generalist": hr_generalist.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#team-form"
    assert "This field is required" in response.content.decode()
    assert requisition.team_members.count() == 4


def test_the_journal_partial_lists_entries_newest_first(client, requisition, hr_generalist):
    from hiring.journal import record_activity

    record_activity(requisition=requisition, actor=hr_generalist, kind="x", summary="first")
    record_activity(requisition=requisition, actor=hr_generalist, kind="x", summary="second")
    client.force_login(hr_generalist)
    response = client.get(
        reverse("hiring:requisition-journal", args=[requisition.pk]),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.index("second") < html.index("first")
    assert "<html" not in html


def test_the_list_filters_by_state_and_text(client, hr_lead):
    RequisitionFactory(title="Data Engineer", state="open")
    RequisitionFactory(title="Nurse", state="draft")
    client.force_login(hr_lead)
    response = client.get(reverse("hiring:requisition-list"), {"state": "open", "q": "data"})
    assert [r.title for r in response.context["page"].object_list] == ["Data Engineer"]


def test_bad_filter_values_do_not_break_the_list(client, hr_lead):
    client.force_login(hr_lead)
    response = client.get(
        reverse("hiring:requisition-list"), {"state": "nope", "page": "banana", "q": "x" * 500}
    )
    assert response.status_code == 200


def _make_searches(count, member):
    people = [UserFactory(role=r) for r in ("recruiter", "hr_generalist", "hiring_manager")]
    requisitions = RequisitionFactory.create_batch(count, created_by=people[0])
    for requisition in requisitions:
        put_on_team(requisition, member, TeamRole.INTERVIEWER)
        for person, role in zip(people, TeamRole.values, strict=False):
            put_on_team(requisition, person, role)


@pytest.mark.parametrize("count", [5, 500])
def test_the_list_takes_the_same_queries_for_5_or_500_requisitions(
    client, hr_lead, django_assert_num_queries, count
):
    _make_searches(count, UserFactory(role="interviewer"))
    client.force_login(hr_lead)
    # session, user, permission, count, page, team prefetch
    with django_assert_num_queries(6):
        response = client.get(reverse("hiring:requisition-list"))
    assert len(response.context["page"].object_list) == min(count, 25)


def test_a_member_list_also_has_a_fixed_query_count(client, django_assert_num_queries):
    member = UserFactory(role="interviewer")
    _make_searches(60, member)
    client.force_login(member)
    with django_assert_num_queries(6):
        response = client.get(reverse("hiring:requisition-list"), {"page": 2})
    assert response.context["page"].paginator.count == 60
