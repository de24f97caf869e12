"""Sending an agreement version for signature, signing it, and putting it in force.

The recruiter and the hiring manager sign; the HR generalist countersigns after both.
The third signature makes the version active and the previous active one superseded.
Each event opens, meets or withdraws its commitments in the same transaction.

A "sign the agreement" commitment is open only while it is its owner's turn (issue 7):
the recruiter's and the hiring manager's from the moment the version is sent, HR's from
the moment the last of those two signatures lands. `open_signing_turns` decides that from
the signatures that count, so a hand-over (a signer leaving the part) reopens the turns.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import meet_commitments, open_commitment, withdraw_commitments
from commitments.models import Commitment
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind
from config.hooks import Hooks
from hiring.journal import record_activity
from hiring.models import Requisition, TeamRole

from .access import can_send_for_signature, signing_parties
from .calibration import open_calibration_round
from .models import Agreement, Signature, Signer
from .parts import sending_problems

# Who signs, in the order their commitments are opened; HR countersigns last.
SIGNING_ORDER = [Signer.RECRUITER, Signer.HIRING_MANAGER, Signer.HR_GENERALIST]
FIRST_SIGNERS = {Signer.RECRUITER, Signer.HIRING_MANAGER}

# What follows a version coming into force (the check-in schedule, in checkins). Those apps
# sit above intake: they register here in their AppConfig.ready, and `_activate` calls each
# inside its transaction.
ACTIVATION_FOLLOWERS = Hooks(
    "intake.signatures.ACTIVATION_FOLLOWERS",
    signature="fn(*, requisition, agreement, now) -> None",
    called_in="`sign_agreement`'s transaction, when the third signature puts a version in force",
)


def agreement_url(agreement) -> str:
    return reverse("intake:agreement", kwargs={"pk": agreement.requisition_id})


def _withdraw(agreement, *, reason: str):
    withdraw_commitments(subject=agreement, kind=CommitmentKind.SIGN_AGREEMENT, reason=reason)


def _is_turn_of(party: str, signed: set[str]) -> bool:
    return party != Signer.HR_GENERALIST or signed >= FIRST_SIGNERS


def open_signing_turns(*, agreement, now=None) -> list:
    """Open "sign the agreement" for each signer whose turn it is and who has not signed
    (idempotent), withdraw it from anyone whose turn it no longer is, and tell each newly
    due signer. Returns the people newly asked to sign."""
    if agreement.state != Agreement.State.AWAITING_SIGNATURES:
        return []
    now = now or timezone.now()
    requisition = agreement.requisition
    signed = {s.party for s in agreement.signatures.filter(voided_at__isnull=True)}
    term = agreement.service_term(CommitmentKind.SIGN_AGREEMENT)
    asked = []
    open_now = (
        Commitment.objects.open().for_subject(agreement).filter(kind=CommitmentKind.SIGN_AGREEMENT)
    )
    for party in SIGNING_ORDER:
        user = requisition.member(party)
        mine = open_now.filter(party=party)
        if user is None or party in signed or not _is_turn_of(party, signed):
            mine.withdraw(reason="Not this signer's turn any more.", now=now)
            continue
        mine.exclude(owner=user).withdraw(reason="Another person holds this part now.", now=now)
        if mine.filter(owner=user).exists():
            continue
        open_commitment(
            kind=CommitmentKind.SIGN_AGREEMENT,
            requisition=requisition,
            owner=user,
            party=party,
            subject=agreement,
            title=f"Sign agreement v{agreement.version} for {requisition.title}",
            url=agreement_url(agreement),
            started_at=now,
            term=term,
        )
        asked.append(user)
        notify_event(
            event="agreement.to_sign",
            requisition=requisition,
            people=[user],
            text=f"You have agreement v{agreement.version} for {requisition.title} to sign"
            + (" (countersignature)" if party == Signer.HR_GENERALIST else ""),
            url=agreement_url(agreement),
            key=f"agreement:{agreement.pk}:to-sign:{party}:u{user.pk}",
        )
    return asked


@transaction.atomic
def send_for_signature(*, requisition, sent_by) -> Agreement:
    """Freeze the draft as version N, awaiting the three signatures.

    Refused while the brief breaks a rule (must-haves, the matrix) or the team lacks a
    signer. A version still awaiting signatures is withdrawn: only the newest one can be
    signed. Opens one "sign the agreement" commitment per signer.
    """
    Requisition.objects.select_for_update().filter(pk=requisition.pk).first()
    if not can_send_for_signature(requisition, sent_by):
        raise PermissionDenied("Only the recruiter or HR send the agreement for signature.")
    draft = Agreement.objects.for_requisition(requisition).draft().select_for_update().first()
    if draft is None:
        raise ValidationError("There is no draft to send: edit the agreement first.")
    if problems := sending_problems(draft):
        raise ValidationError(problems)
    signers = {party: requisition.member(party) for party in SIGNING_ORDER}
    if missing := [Signer(p).label.lower() for p, user in signers.items() if user is None]:
        raise ValidationError(
            f"The hiring team needs a {' and a '.join(missing)} before the agreement can be signed."
        )
    now = timezone.now()
    superseded = list(Agreement.objects.for_requisition(requisition).awaiting_signatures())
    for older in superseded:
        older.state, older.closed_at = Agreement.State.WITHDRAWN, now
        older.save(update_fields=["state", "closed_at", "updated_at"])
        _withdraw(older, reason=f"Version {draft.version} was sent for signature instead.")
    draft.state, draft.sent_at, draft.sent_by = Agreement.State.AWAITING_SIGNATURES, now, sent_by
    draft.save(update_fields=["state", "sent_at", "sent_by", "updated_at"])
    asked = open_signing_turns(agreement=draft, now=now)
    # One notice per person for this sending: the signers asked now hear "to sign" only,
    # not also "replaced" and "sent" (issue 25, finding 7).
    for older in superseded:
        notify_event(
            event="agreement.superseded",
            requisition=requisition,
            actor=sent_by,
            text=f"Agreement v{older.version} for {requisition.title} was replaced by "
            f"v{draft.version}; only v{draft.version} can be signed now",
            url=agreement_url(draft),
            key=f"agreement:{older.pk}:superseded",
            exclude=asked,
        )
    if not superseded:  # else "replaced by v{N}" told the others already
        notify_event(
            event="agreement.sent",
            requisition=requisition,
            actor=sent_by,
            text=f"{sent_by.display_name} sent agreement v{draft.version} for "
            f"{requisition.title} for signature",
            url=agreement_url(draft),
            key=f"agreement:{draft.pk}:sent",
            exclude=asked,  # they were just told it is theirs to sign
        )
    record_activity(
        requisition=requisition,
        actor=sent_by,
        kind="agreement_sent",
        summary=f"Sent agreement v{draft.version} for signature",
        details={"version": draft.version},
    )
    return draft


def _newest_awaiting(requisition):
    return Agreement.objects.for_requisition(requisition).awaiting_signatures().first()


@transaction.atomic
def sign_agreement(*, agreement, signer, version: int) -> Signature:
    """Record `signer`'s signature on `version`; the third signature activates it.

    Refuses, with a message and without writing anything: someone who is not the search's
    recruiter, hiring manager or HR generalist; a version that is not (or no longer)
    awaiting signatures, or not the one the form was for; a second signature by the same
    party; HR countersigning before the other two. The version row is locked, so two
    parties signing at the same moment activate it once.
    """
    requisition = agreement.requisition
    parties = signing_parties(requisition, signer)
    if not parties:
        raise PermissionDenied(
            "Only the recruiter, the hiring manager and the HR generalist on this search sign "
            "its agreement."
        )
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.version != version or locked.state != Agreement.State.AWAITING_SIGNATURES:
        newest = _newest_awaiting(requisition)
        hint = f" Version {newest.version} is awaiting signatures now." if newest else ""
        raise ValidationError(f"Version {version} is no longer awaiting signatures.{hint}")
    signed = set(locked.signatures.filter(voided_at__isnull=True).values_list("party", flat=True))
    unsigned = [p for p in parties if p not in signed]
    if not unsigned:
        raise ValidationError(f"You have already signed version {version}.")
    party = unsigned[0]
    if party == Signer.HR_GENERALIST and not signed >= FIRST_SIGNERS:
        raise ValidationError(
            "The HR generalist countersigns after the recruiter and the hiring manager."
        )
    try:
        with transaction.atomic():
            signature = Signature.objects.create(agreement=locked, party=party, signer=signer)
    except IntegrityError:
        raise ValidationError(f"Version {version} is already signed for that party.") from None
    meet_commitments(subject=locked, kind=CommitmentKind.SIGN_AGREEMENT, owner=signer)
    record_activity(
        requisition=requisition,
        actor=signer,
        kind="agreement_signed",
        summary=f"Signed agreement v{version} as {Signer(party).label.lower()}",
        details={"version": version, "party": party},
    )
    if signed | {party} >= set(SIGNING_ORDER):
        _activate(locked, activated_by=signer)
        agreement.state, agreement.activated_at = locked.state, locked.activated_at
    else:
        open_signing_turns(agreement=locked)  # HR's turn comes with the last first signature
    return signature


def _activate(agreement, *, activated_by):
    requisition = agreement.requisition
    now = timezone.now()
    previous = Agreement.objects.for_requisition(requisition).active().select_for_update()
    for old in previous:
        old.state, old.closed_at = Agreement.State.SUPERSEDED, now
        old.save(update_fields=["state", "closed_at", "updated_at"])
        withdraw_commitments(
            subject=old,
            kind=CommitmentKind.PRESENT_SHORTLIST,
            reason=f"Superseded by agreement v{agreement.version}.",
        )
    agreement.state, agreement.activated_at = Agreement.State.ACTIVE, now
    agreement.save(update_fields=["state", "activated_at", "updated_at"])
    recruiter = requisition.member(TeamRole.RECRUITER)
    # A shortlist already presented under an earlier version is not owed again.
    presented = Commitment.objects.filter(
        requisition=requisition,
        kind=CommitmentKind.PRESENT_SHORTLIST,
        state=Commitment.State.MET,
    ).exists()
    if recruiter is not None and not presented:
        open_commitment(
            kind=CommitmentKind.PRESENT_SHORTLIST,
            requisition=requisition,
            owner=recruiter,
            party=Signer.RECRUITER,
            subject=agreement,
            title=f"Present the first shortlist for {requisition.title}",
            # The shortlist page (pipeline) shows the progress and submits the candidates
            # whose submission meets it; reversed by name, so intake imports nothing above it.
            url=reverse("pipeline:shortlist", kwargs={"pk": requisition.pk}),
            started_at=now,
            term=agreement.service_term(CommitmentKind.PRESENT_SHORTLIST),
        )
    # Issue 21: a new search's calibration round starts with the agreement in force.
    open_calibration_round(agreement=agreement, now=now)
    notify_event(
        event="agreement.active",
        requisition=requisition,
        actor=activated_by,
        text=f"Agreement v{agreement.version} for {requisition.title} is signed by all three "
        "and now in force",
        url=agreement_url(agreement),
        key=f"agreement:{agreement.pk}:active",
    )
    record_activity(
        requisition=requisition,
        actor=activated_by,
        kind="agreement_active",
        summary=f"Agreement v{agreement.version} is signed by all three and now in force",
        details={"version": agreement.version},
    )
    for follower in ACTIVATION_FOLLOWERS:
        follower(requisition=requisition, agreement=agreement, now=now)


def signature_status(agreement, user) -> dict:
    """What the sign button should say to `user` on this version (mirrors sign_agreement)."""
    parties = signing_parties(agreement.requisition, user)
    signed = {s.party for s in agreement.signatures.all() if s.voided_at is None}
    unsigned = [p for p in parties if p not in signed]
    if agreement.state != Agreement.State.AWAITING_SIGNATURES or not unsigned:
        return {"can_sign": False, "waiting": False}
    waiting = unsigned[0] == Signer.HR_GENERALIST and not signed >= FIRST_SIGNERS
    return {"can_sign": not waiting, "waiting": waiting, "party": unsigned[0]}


def signers_follow_hand_over(*, requisition, added, removed, changed_by) -> None:
    """A signer who leaves their part before the version is in force: their signature stays
    on record, voided (shown as such, no longer counting), and the new holder is asked to
    sign; HR's countersignature waits again if it is no longer HR's turn."""
    leavers = {(role, person.pk) for role, person in removed if role in SIGNING_ORDER}
    if not leavers:
        return
    now = timezone.now()
    for agreement in Agreement.objects.for_requisition(requisition).awaiting_signatures():
        for signature in agreement.signatures.filter(voided_at__isnull=True):
            if (signature.party, signature.signer_id) in leavers:
                signature.voided_at = now
                signature.void_reason = (
                    f"{signature.signer.display_name} is no longer the "
                    f"{Signer(signature.party).label.lower()}"
                )
                signature.save(update_fields=["voided_at", "void_reason"])
        open_signing_turns(agreement=agreement, now=now)
