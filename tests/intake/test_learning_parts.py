"""Issue 21: the agreement's new sections — the calibration round and the rejection-pattern
threshold, stage limits per stage and party, agreed consequences — are parts like the
others: defaults from the admin's settings, edited one section at a time, shown in the diff,
read through the agreement in force."""

import pytest
from django.urls import reverse

from intake.agreements import active_agreement_for
from intake.drafting import draft_for_editing, save_section
from intake.models import Agreement, AgreementDefaults, StageLimitDefault
from intake.parts import default_parts, part_lines
from intake.versions import compare_versions

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(requisition, section):
    return reverse("intake:section-save", kwargs={"pk": requisition.pk, "section": section})


def test_a_new_search_starts_with_a_calibration_round_stage_limits_and_consequences(
    requisition,
):
    parts = default_parts(requisition)
    assert parts["calibration"] == {"round": True, "round_days": 5, "rejection_threshold": 3}
    assert parts["stage_limits"]["submitted"] == {"days": 2, "party": "hiring_manager"}
    assert parts["stage_limits"]["interview"] == {"days": 10, "party": "hiring_manager"}
    assert parts["stage_limits"]["applied"]["days"] is None
    assert parts["consequences"] == {
        "tell_owners_manager": True,
        "hr_lead": None,
        "mark_at_risk": True,
    }


def test_the_admins_defaults_are_what_new_agreements_copy(requisition, hr_lead):
    AgreementDefaults.objects.create(
        calibration_round=False, calibration_days=3, rejection_threshold=5, hr_lead=hr_lead
    )
    StageLimitDefault.objects.create(stage="submitted", party="hiring_manager", days=1)
    parts = default_parts(requisition)
    assert parts["calibration"] == {"round": False, "round_days": 3, "rejection_threshold": 5}
    assert parts["stage_limits"]["submitted"]["days"] == 1
    assert parts["consequences"]["hr_lead"] == {"id": hr_lead.pk, "name": hr_lead.display_name}


def test_a_copy_of_a_version_signed_before_these_parts_gets_defaults_but_no_round(
    requisition, recruiter
):
    old = Agreement.objects.create(
        requisition=requisition, version=1, created_by=recruiter, state="active"
    )
    assert old.calibration == {}
    draft = draft_for_editing(requisition=requisition, edited_by=recruiter)
    assert draft.version == 2
    assert draft.calibration["round"] is False
    assert draft.calibration["rejection_threshold"] == 3
    assert draft.stage_limits["interview"]["days"] == 10
    assert draft.consequences["mark_at_risk"] is True


def test_sections_save_from_the_editor_and_read_through_the_agreement_in_force(
    client, requisition, recruiter, hr_lead
):
    client.force_login(recruiter)
    response = client.post(
        url(requisition, "calibration"),
        {
            "calibration-round": "on",
            "calibration-round_days": "4",
            "calibration-rejection_threshold": "2",
        },
        **HX,
    )
    assert response.status_code == 200, response.content.decode()
    limits = {f"stage_limits-{s}_party": "recruiter" for s in ("applied", "screening", "offer")}
    limits |= {f"stage_limits-{s}_party": "hiring_manager" for s in ("submitted", "interview")}
    limits |= {"stage_limits-submitted_days": "3", "stage_limits-interview_days": "8"}
    assert client.post(url(requisition, "stage_limits"), limits, **HX).status_code == 200
    response = client.post(
        url(requisition, "consequences"),
        {"consequences-hr_lead": str(hr_lead.pk), "consequences-mark_at_risk": "on"},
        **HX,
    )
    assert response.status_code == 200
    draft = Agreement.objects.get()
    assert draft.calibration == {"round": True, "round_days": 4, "rejection_threshold": 2}
    assert draft.stage_limits["submitted"] == {"days": 3, "party": "hiring_manager"}
    assert draft.stage_limits["screening"] == {"days": None, "party": "recruiter"}
    assert draft.consequences == {
        "tell_owners_manager": False,
        "hr_lead": {"id": hr_lead.pk, "name": hr_lead.display_name},
        "mark_at_risk": True,
    }
    draft.state = Agreement.State.ACTIVE
    draft.save()
    active = active_agreement_for(requisition)
    assert active.calibration.round and active.calibration.rejection_threshold == 2
    assert active.stage_limits.for_stage("submitted").days == 3
    assert active.stage_limits.for_stage("screening") is None
    assert active.consequences.hr_lead_id == hr_lead.pk
    assert not active.consequences.tell_owners_manager


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"calibration-round": "on", "calibration-rejection_threshold": "3"}, "within how many"),
        ({"calibration-rejection_threshold": "0"}, "greater than or equal to 1"),
        ({"calibration-rejection_threshold": ""}, "required"),
    ],
)
def test_a_broken_calibration_section_says_why_and_changes_nothing(
    client, requisition, recruiter, data, message
):
    client.force_login(recruiter)
    response = client.post(url(requisition, "calibration"), data, **HX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_someone_who_is_not_an_hr_lead_cannot_be_named(client, requisition, recruiter, outsider):
    client.force_login(recruiter)
    response = client.post(
        url(requisition, "consequences"), {"consequences-hr_lead": str(outsider.pk)}, **HX
    )
    assert response.status_code == 422
    assert not Agreement.objects.exists()


def test_the_new_parts_read_as_lines_and_show_in_the_diff(requisition, recruiter):
    v1 = draft_for_editing(requisition=requisition, edited_by=recruiter)
    v1.state = Agreement.State.ACTIVE
    v1.save()
    limits = {**v1.stage_limits, "submitted": {"days": 1, "party": "hiring_manager"}}
    v2, _ = save_section(
        requisition=requisition, section="stage_limits", value=limits, edited_by=recruiter
    )
    lines = dict(part_lines("stage_limits", v2.stage_limits))["Stage limits"]
    assert (
        "With the hiring manager for review: 1 business day, then the hiring manager owes the move"
        in lines
    )
    assert "New, not yet screened: no limit" in lines
    diff = compare_versions(v1, v2, ["calibration", "stage_limits", "consequences"])
    changed = {section["part"]: section["fields"] for section in diff}
    assert changed["calibration"] == [] and changed["consequences"] == []
    assert ("removed", "With the hiring manager for review: 2 business days, then the hiring "
            "manager owes the move") in changed["stage_limits"][0]["lines"]  # fmt: skip
    calibration = dict(part_lines("calibration", v1.calibration))
    assert calibration["Calibration round"][0].startswith("Within 5 business days of signing")
    assert "after 3 rejections" in calibration["Decisions checked against the brief"][0]
    consequences = dict(part_lines("consequences", v1.consequences))
    assert consequences["After the last escalation"] == [
        "The late person's own manager is told",
        "The search shows “at risk” on the status board until the overdue work is met",
    ]


def test_the_editor_shows_the_new_sections(client, requisition, recruiter):
    client.force_login(recruiter)
    html = client.get(reverse("intake:agreement", kwargs={"pk": requisition.pk})).content.decode()
    for section in ("calibration", "stage_limits", "consequences"):
        assert f'id="section-{section}"' in html
    assert "Hold a calibration round once the agreement is in force" in html
