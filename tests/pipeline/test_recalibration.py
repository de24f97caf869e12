"""Issue 21, "Accord watches the pattern": hand-built histories of the hiring manager's
rejections within one agreement version, the finding they raise (or do not), the recruiter's
"revisit the brief" commitment and the amended version proposed from the brief check."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commitments.models import Commitment, Notification
from commitments.service_terms import CommitmentKind
from hiring.models import Activity
from intake.agreements import active_agreement_for
from intake.drafting import save_section
from intake.models import Agreement
from intake.signatures import sign_agreement
from pipeline.brief_check import BriefReason
from pipeline.recalibration import finding_for, propose_amended_brief
from pipeline.stages import move_application
from tests.pipeline.helpers import activate_agreement, add, reason, screen

pytestmark = pytest.mark.django_db

KIND = CommitmentKind.RECALIBRATE
NAMES = ["Ann Ames", "Bo Berg", "Cy Cole", "Di Dunn", "Ed Eyre"]


def _reject(requisition, recruiter, manager, name, choice, text="", ratings=None):
    application = add(requisition, recruiter, name=name)
    screen(application, recruiter, answers=ratings)
    move_application(application=application, to_stage="submitted", by=recruiter)
    move_application(
        application=application,
        to_stage="rejected",
        by=manager,
        reason=reason("skills_gap"),
        against_brief=BriefReason(choice, text),
    )
    return application


def test_finding_three_rejections_for_reasons_the_brief_does_not_name_open_revisit_the_brief(
    active, requisition, recruiter, hiring_manager, hr_generalist
):
    for name in NAMES[:2]:
        _reject(requisition, recruiter, hiring_manager, name, "unnamed", "No fintech background")
    assert not Commitment.objects.filter(kind=KIND).exists(), "two are not yet a pattern"
    _reject(requisition, recruiter, hiring_manager, NAMES[2], "unnamed", "No fintech background")
    owed = Commitment.objects.get(kind=KIND)
    assert owed.owner == recruiter and owed.party == "recruiter" and owed.state == "open"
    assert owed.subject == active
    assert owed.url == reverse("pipeline:brief-check", kwargs={"pk": requisition.pk})
    told = set(
        Notification.objects.filter(key__startswith="brief-disagrees:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {recruiter.username, hr_generalist.username}
    assert "3 rejected for reasons the brief does not name" in (
        Activity.objects.get(kind="brief_disagrees").summary
    )
    # A fourth rejection of the same version raises nothing more.
    _reject(requisition, recruiter, hiring_manager, NAMES[3], "unnamed", "Too senior")
    assert Commitment.objects.filter(kind=KIND).count() == 1
    assert Activity.objects.filter(kind="brief_disagrees").count() == 1


def test_finding_rejections_whose_reasons_all_match_the_brief_raise_nothing(
    active, requisition, recruiter, hiring_manager
):
    short = {"must_0_rating": 2, "must_0_note": "Little Python in production"}
    for name in NAMES:
        _reject(requisition, recruiter, hiring_manager, name, "must:0", ratings=short)
    finding = finding_for(requisition)
    assert len(finding.rejections) == 5 and not finding.raised
    assert finding.unnamed == [] and finding.despite_screening == []
    assert not Commitment.objects.filter(kind=KIND).exists()
    assert not Activity.objects.filter(kind="brief_disagrees").exists()


def test_finding_rejections_of_candidates_screened_as_meeting_every_must_have_raise_it(
    active, requisition, recruiter, hiring_manager
):
    for name in NAMES[:3]:  # screened 3 and 4 on both must-haves, rejected for the first
        _reject(requisition, recruiter, hiring_manager, name, "must:0")
    finding = finding_for(requisition)
    assert finding.raised and len(finding.despite_screening) == 3
    assert [p.change for p in finding.proposals()] == ["reword:0"]
    assert Commitment.objects.filter(kind=KIND, state="open").count() == 1


def test_finding_a_nice_to_have_behind_the_rejections_is_proposed_as_a_must_have(
    active, requisition, recruiter, hiring_manager
):
    for name in NAMES[:3]:
        _reject(requisition, recruiter, hiring_manager, name, "nice:1")
    assert [(p.change, p.words) for p in finding_for(requisition).proposals()] == [
        ("promote:1", "Mentoring")
    ]


def test_finding_threshold_is_the_agreements_setting(
    requisition, recruiter, hiring_manager, hr_generalist
):
    save_section(
        requisition=requisition,
        section="calibration",
        value={"round": False, "round_days": 5, "rejection_threshold": 2},
        edited_by=recruiter,
    )
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    for name in NAMES[:2]:
        _reject(requisition, recruiter, hiring_manager, name, "unnamed", "Wants remote")
    assert Commitment.objects.filter(kind=KIND).count() == 1


def test_finding_is_per_version_and_the_proposal_meets_it_both_sign_it(
    active, requisition, recruiter, hiring_manager, hr_generalist
):
    for name in NAMES[:3]:
        _reject(requisition, recruiter, hiring_manager, name, "unnamed", "Fintech background")
    with pytest.raises(PermissionDenied):
        propose_amended_brief(requisition=requisition, change="add", words="x", by=hiring_manager)
    sent = propose_amended_brief(
        requisition=requisition, change="add", words="Fintech background", by=recruiter
    )
    assert sent.version == 2 and sent.state == Agreement.State.AWAITING_SIGNATURES
    assert sent.role_profile["must_haves"][-1] == "Fintech background"
    assert Commitment.objects.get(kind=KIND).state == "met"
    for person in (recruiter, hiring_manager, hr_generalist):
        sign_agreement(agreement=sent, signer=person, version=2)
    now_in_force = active_agreement_for(requisition)
    assert now_in_force.version == 2
    assert "Fintech background" in now_in_force.role_profile.must_haves
    finding = finding_for(requisition)
    assert finding.version == 2 and finding.rejections == [], "v1's rejections stay with v1"


def test_finding_a_proposal_that_breaks_the_brief_changes_nothing(
    active, requisition, recruiter, hiring_manager
):
    save_section(
        requisition=requisition,
        section="role_profile",
        value={**active.role_profile, "must_haves": ["A", "B", "C"]},
        edited_by=recruiter,
    )
    with pytest.raises(ValidationError, match="3 must-haves at most"):
        propose_amended_brief(requisition=requisition, change="add", words="D", by=recruiter)
    with pytest.raises(ValidationError):
        propose_amended_brief(requisition=requisition, change="reword:7", words="D", by=recruiter)
    assert (
        not Agreement.objects.filter(requisition=requisition, version=2)
        .exclude(state=Agreement.State.DRAFT)
        .exists()
    )


def test_finding_the_brief_check_page_shows_rejections_beside_the_brief_and_proposes(
    client, active, requisition, recruiter, hiring_manager, interviewer
):
    for name in NAMES[:3]:
        _reject(requisition, recruiter, hiring_manager, name, "unnamed", "Fintech background")
    url = reverse("pipeline:brief-check", kwargs={"pk": requisition.pk})
    client.force_login(interviewer)
    assert client.get(url).status_code == 403
    client.force_login(hiring_manager)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    body = page.content.decode()
    assert "The decisions and the brief disagree" in body
    assert "Not in the brief: Fintech background" in body and "Python in production" in body
    client.force_login(recruiter)
    page = client.get(url)
    assert page.context["form"].initial == {"change": "add", "words": "Fintech background"}
    propose = reverse("pipeline:brief-check-propose", kwargs={"pk": requisition.pk})
    refused = client.post(propose, {"change": "add", "words": ""})
    assert refused.status_code == 422 and refused.context["form"].errors["words"]
    done = client.post(propose, {"change": "add", "words": "Fintech background"})
    assert done.status_code == 302
    assert done["Location"] == reverse("intake:agreement", kwargs={"pk": requisition.pk})
