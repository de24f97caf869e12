import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.models import Activity
from intake.agreements import active_agreement_for
from intake.drafting import save_section
from intake.models import Agreement, Signature
from intake.signatures import send_for_signature, sign_agreement

pytestmark = pytest.mark.django_db


def commitments(kind, **filters):
    return Commitment.objects.filter(kind=kind, **filters)


def test_sending_freezes_the_draft_and_asks_the_two_first_signers_only(
    sent, recruiter, hiring_manager, hr_generalist
):
    assert sent.state == Agreement.State.AWAITING_SIGNATURES
    assert sent.sent_at is not None
    opened = commitments(CommitmentKind.SIGN_AGREEMENT, state="open")
    # HR cannot countersign yet: the ball is not in HR's court, so nothing is owed by HR.
    assert {(c.owner, c.party) for c in opened} == {
        (recruiter, "recruiter"),
        (hiring_manager, "hiring_manager"),
    }
    first = opened.first()
    assert first.subject == sent
    assert first.title.startswith("Sign agreement v1 for ")
    assert first.url == f"/requisitions/{sent.requisition_id}/agreement/"


def test_a_sent_version_cannot_be_edited(sent):
    with pytest.raises(ValidationError, match="can no longer change"):
        sent.set_part("role_profile", {"must_haves": ["changed"]})


def test_sending_needs_one_to_three_must_haves(requisition, recruiter, brief):
    save_section(
        requisition=requisition, section="sourcing", value={"channels": []}, edited_by=recruiter
    )
    with pytest.raises(ValidationError, match="at least one must-have"):
        send_for_signature(requisition=requisition, sent_by=recruiter)


def test_the_hiring_manager_cannot_send_and_the_interviewer_cannot_sign(
    draft, requisition, hiring_manager, interviewer, recruiter
):
    with pytest.raises(PermissionDenied):
        send_for_signature(requisition=requisition, sent_by=hiring_manager)
    agreement = send_for_signature(requisition=requisition, sent_by=recruiter)
    with pytest.raises(PermissionDenied):
        sign_agreement(agreement=agreement, signer=interviewer, version=1)


def test_an_hr_lead_off_the_team_reads_but_cannot_sign(sent, hr_lead):
    with pytest.raises(PermissionDenied):
        sign_agreement(agreement=sent, signer=hr_lead, version=1)
    assert not Signature.objects.exists()


def test_signing_meets_only_the_signers_commitment(sent, recruiter):
    sign_agreement(agreement=sent, signer=recruiter, version=1)
    signing = commitments(CommitmentKind.SIGN_AGREEMENT)
    assert signing.get(owner=recruiter).state == "met"
    assert signing.filter(state="open").count() == 1


def test_hrs_countersignature_is_owed_from_the_moment_the_last_first_signature_lands(
    sent, recruiter, hiring_manager, hr_generalist
):
    sign_agreement(agreement=sent, signer=recruiter, version=1)
    assert not commitments(CommitmentKind.SIGN_AGREEMENT, owner=hr_generalist).exists()
    sign_agreement(agreement=sent, signer=hiring_manager, version=1)
    hr_owes = commitments(CommitmentKind.SIGN_AGREEMENT, owner=hr_generalist).get()
    assert hr_owes.state == "open"
    assert hr_owes.started_at >= Signature.objects.get(party="hiring_manager").signed_at
    told = hr_generalist.notifications.filter(key__contains="to-sign")
    assert told.count() == 1
    assert "countersignature" in told.get().text


def test_signing_twice_for_the_same_party_is_refused(sent, recruiter):
    sign_agreement(agreement=sent, signer=recruiter, version=1)
    with pytest.raises(ValidationError, match="already signed"):
        sign_agreement(agreement=sent, signer=recruiter, version=1)
    assert Signature.objects.count() == 1


def test_hr_countersigns_only_after_both_others(sent, recruiter, hr_generalist):
    sign_agreement(agreement=sent, signer=recruiter, version=1)
    with pytest.raises(ValidationError, match="countersigns after"):
        sign_agreement(agreement=sent, signer=hr_generalist, version=1)


def test_the_third_signature_activates_it_and_opens_the_shortlist_commitment(
    sent, sign_all, requisition, recruiter
):
    agreement = sign_all(sent)
    assert agreement.state == Agreement.State.ACTIVE
    assert agreement.activated_at is not None
    assert active_agreement_for(requisition).version == 1
    shortlist = commitments(CommitmentKind.PRESENT_SHORTLIST).get()
    assert (shortlist.owner, shortlist.subject, shortlist.state) == (recruiter, agreement, "open")
    assert Activity.objects.filter(kind="agreement_active").count() == 1


def test_a_signature_on_a_stale_version_is_refused(sent, requisition, recruiter, brief):
    save_section(
        requisition=requisition,
        section="role_profile",
        value={**brief, "shortlist_size": 6},
        edited_by=recruiter,
    )
    send_for_signature(requisition=requisition, sent_by=recruiter)  # v2 withdraws v1
    sent.refresh_from_db()
    assert sent.state == Agreement.State.WITHDRAWN
    with pytest.raises(ValidationError, match="Version 1 is no longer awaiting.*Version 2"):
        sign_agreement(agreement=sent, signer=recruiter, version=1)
    v2 = Agreement.objects.get(version=2)
    with pytest.raises(ValidationError, match="no longer awaiting"):
        sign_agreement(agreement=v2, signer=recruiter, version=1)  # the form was for v1
    withdrawn = commitments(CommitmentKind.SIGN_AGREEMENT, subject_id=sent.pk)
    assert {c.state for c in withdrawn} == {"withdrawn"}
    assert commitments(CommitmentKind.SIGN_AGREEMENT, subject_id=v2.pk, state="open").count() == 2


def test_editing_an_active_agreement_starts_n_plus_1_and_n_stays_in_force_until_signed(
    sent, sign_all, requisition, recruiter, hiring_manager, brief
):
    v1 = sign_all(sent)
    v2, _ = save_section(
        requisition=requisition,
        section="role_profile",
        value={**brief, "must_haves": ["Go in production"]},
        edited_by=hiring_manager,
    )
    assert (v2.version, v2.state) == (2, "draft")
    assert v2.matrix == v1.matrix
    v1.refresh_from_db()
    assert v1.role_profile["must_haves"] == brief["must_haves"]
    assert active_agreement_for(requisition).version == 1

    send_for_signature(requisition=requisition, sent_by=recruiter)
    assert active_agreement_for(requisition).version == 1
    v2.refresh_from_db()
    assert v2.signatures.count() == 0  # v1's signatures do not carry over
    sign_all(v2)
    v1.refresh_from_db()
    assert v1.state == Agreement.State.SUPERSEDED
    assert active_agreement_for(requisition).role_profile.must_haves == ("Go in production",)
    shortlist = commitments(CommitmentKind.PRESENT_SHORTLIST)
    assert shortlist.get(subject_id=v1.pk).state == "withdrawn"
    assert shortlist.get(subject_id=v2.pk).state == "open"


def test_only_one_draft_and_one_active_per_requisition_in_the_database(draft, recruiter):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(requisition=draft.requisition, version=9, created_by=recruiter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.bulk_create(
            [
                Agreement(
                    requisition=draft.requisition, version=v, state="active", created_by=recruiter
                )
                for v in (10, 11)
            ]
        )
