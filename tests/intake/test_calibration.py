"""Issue 21, "A calibration round right after signing": opened with the agreement in force
when it asks for one; the recruiter presents 3–5 profiles (a commitment), the hiring manager
marks each against every must-have (a commitment), the result stands beside the brief with
one step to amend it."""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from intake.drafting import save_section
from intake.models import Agreement, CalibrationRound
from tests.pipeline.helpers import activate_agreement

pytestmark = pytest.mark.django_db

PROFILES, REVIEW = CommitmentKind.CALIBRATION_PROFILES, CommitmentKind.CALIBRATION_REVIEW


@pytest.fixture
def active(requisition, recruiter, hiring_manager, hr_generalist):
    save_section(
        requisition=requisition,
        section="calibration",
        value={"round": True, "round_days": 3, "rejection_threshold": 3},
        edited_by=recruiter,
    )
    return activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )


def test_calibration_round_opens_with_the_agreement_for_the_recruiter(active, recruiter):
    owed = Commitment.objects.get(kind=PROFILES)
    assert owed.owner == recruiter and owed.state == "open"
    assert owed.url.endswith("/agreement/calibration/")
    assert CalibrationRound.objects.get().agreement == active


def test_calibration_round_none_when_the_agreement_does_not_ask(
    requisition, recruiter, hiring_manager, hr_generalist
):
    save_section(
        requisition=requisition,
        section="calibration",
        value={"round": False, "round_days": 3, "rejection_threshold": 3},
        edited_by=recruiter,
    )
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    assert not CalibrationRound.objects.exists()
    assert not Commitment.objects.filter(kind=PROFILES).exists()


def test_calibration_round_profiles_then_marks_then_amend(
    client, active, requisition, recruiter, hiring_manager
):
    base = reverse("intake:calibration", kwargs={"pk": requisition.pk})
    client.force_login(recruiter)
    two = {"label_0": "Past hire A", "label_1": "Past hire B"}
    refused = client.post(f"{base}present/", two)
    assert refused.status_code == 422 and "Present 3 to 5 profiles" in refused.content.decode()
    three = {**two, "label_2": "Candidate C", "summary_2": "Payments at a bank"}
    assert client.post(f"{base}present/", three).status_code == 302
    assert Commitment.objects.get(kind=PROFILES).state == "met"
    marking = Commitment.objects.get(kind=REVIEW)
    assert marking.owner == hiring_manager and marking.state == "open"
    assert client.post(f"{base}mark/", {}).status_code == 403  # the recruiter cannot mark
    client.force_login(hiring_manager)
    page = client.get(base).content.decode()
    assert 'name="mark_2_1"' in page and "Candidate C" in page
    partial = {"mark_0_0": "yes"}
    assert client.post(f"{base}mark/", partial).status_code == 422
    marks = {f"mark_{i}_{j}": "close" if j else "yes" for i in range(3) for j in range(2)}
    assert client.post(f"{base}mark/", marks).status_code == 302
    marking.refresh_from_db()
    assert marking.state == "met"
    result = client.get(base).content.decode()
    assert "The result" in result and "Amend the brief" in result
    assert client.post(f"{base}amend/").status_code == 302
    assert Agreement.objects.filter(requisition=requisition, state="draft").exists()
