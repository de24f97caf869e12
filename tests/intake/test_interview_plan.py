"""The interview plan is a formset of stages: one empty stage to fill, "Add a stage" without
saving, at most MAX_STAGES, and the stored plan read back into the forms."""

import pytest
from django.urls import reverse

from intake.drafting import save_section
from intake.forms import MAX_STAGES
from intake.models import Agreement

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def save_url(requisition):
    return reverse(
        "intake:section-save", kwargs={"pk": requisition.pk, "section": "interview_plan"}
    )


def plan(*stages, total=None, initial=0):
    data = {
        "interview_plan-stage-TOTAL_FORMS": str(total if total is not None else len(stages)),
        "interview_plan-stage-INITIAL_FORMS": str(initial),
    }
    for i, (name, length) in enumerate(stages):
        data[f"interview_plan-stage-{i}-name"] = name
        data[f"interview_plan-stage-{i}-length"] = length
    return data


def stage_names(html):
    return [i for i in range(MAX_STAGES + 2) if f'name="interview_plan-stage-{i}-name"' in html]


def test_add_a_stage_keeps_what_was_typed_adds_an_empty_stage_and_saves_nothing(
    client, requisition, recruiter
):
    client.force_login(recruiter)
    data = {**plan(("Screen", "30"), ("Tech", "")), "add_stage": "1"}

    response = client.post(save_url(requisition), data, **HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert stage_names(html) == [0, 1, 2]
    assert 'value="Screen"' in html and 'value="Tech"' in html
    assert "Say how long this stage takes" not in html  # not checked until saved
    assert not Agreement.objects.exists()


def test_add_a_stage_works_without_javascript(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(save_url(requisition), {**plan(("Screen", "30")), "add_stage": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<header class="topbar">' in html  # the whole page
    assert stage_names(html) == [0, 1]
    assert not Agreement.objects.exists()


def test_the_plan_is_read_back_with_one_empty_stage_and_no_add_button_at_the_limit(
    client, requisition, recruiter
):
    stages = [{"name": f"Stage {n}", "length_minutes": 30} for n in range(MAX_STAGES)]
    save_section(
        requisition=requisition,
        section="interview_plan",
        value={"stages": stages[:2]},
        edited_by=recruiter,
    )
    client.force_login(recruiter)
    url = reverse("intake:agreement", kwargs={"pk": requisition.pk})
    html = client.get(url).content.decode()
    assert stage_names(html) == [0, 1, 2]
    assert 'value="Stage 1"' in html and "Add a stage" in html

    save_section(
        requisition=requisition,
        section="interview_plan",
        value={"stages": stages},
        edited_by=recruiter,
    )
    html = client.get(url).content.decode()
    assert stage_names(html) == list(range(MAX_STAGES))
    assert "Add a stage" not in html


def test_more_stages_than_the_limit_are_refused(client, requisition, recruiter):
    client.force_login(recruiter)
    too_many = [(f"Stage {n}", "30") for n in range(MAX_STAGES + 1)]
    response = client.post(save_url(requisition), plan(*too_many), **HX)
    assert response.status_code == 422
    assert f"at most {MAX_STAGES}" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_post_without_the_formsets_counts_is_refused_not_a_crash(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(save_url(requisition), {"interview_plan-stage-0-name": "X"}, **HX)
    assert response.status_code == 422
    assert not Agreement.objects.exists()
