"""Offers: prepared by the party Responsible for "offer preparation" in the active matrix,
extended and closed by the party Responsible for "offer extension and closing"; accepting
fills a headcount, and the last one fills the search (seed 001: "HR is highly capable of
doing some of the tasks that you feel are your responsibility (such as presenting the job
offer)" — so the matrix, not a fixed role, says who).

Moving an application to "offer" (the debrief's decision, or the board) opens the offer and
the "prepare the offer" commitment through `pipeline.stages.MOVE_FOLLOWERS`; the
gate registered in `pipeline.stages.MOVE_GATES` refuses it until every scorecard is in.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import meet_commitments, open_commitment, withdraw_commitments
from commitments.models import Commitment
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind
from hiring.journal import record_activity
from hiring.lifecycle import move_requisition
from hiring.models import Activity, Requisition
from hiring.permissions import may_move
from intake.agreements import service_term_for
from pipeline.gates import asked_once
from pipeline.models import CLOSED_STAGES, DispositionReason, Stage
from pipeline.stages import move_application

from . import access
from .candidate_messages import message_key
from .debrief import offer_gate
from .decisions import open_offer_extension, settle_debrief_decision
from .models import CandidateMessage, Offer, OfferDeclineReason


def offer_path(application) -> str:
    return reverse(
        "interviews:offer", kwargs={"pk": application.requisition_id, "application": application.pk}
    )


def open_offer(*, application, by) -> Offer:
    """The offer row and one "prepare the offer" commitment per person of the Responsible
    party (a matrix may name two parties; the first to prepare it meets them all)."""
    requisition = application.requisition
    offer, _ = Offer.objects.get_or_create(
        application=application,
        defaults={"requisition": requisition, "salary_currency": requisition.salary_currency},
    )
    if offer.state in (Offer.State.ACCEPTED, Offer.State.DECLINED):
        # A new round after a decline: start again from preparation.
        offer.state = Offer.State.PREPARING
        offer.save(update_fields=["state"])
    term = service_term_for(requisition, CommitmentKind.PREPARE_OFFER)
    for person, party in access.people_for(requisition, access.offer_preparers(requisition)):
        open_commitment(
            kind=CommitmentKind.PREPARE_OFFER,
            requisition=requisition,
            owner=person,
            party=party,
            subject=offer,
            title=f"Prepare the offer for {application.candidate.name}",
            url=offer_path(application),
            term=term,
        )
    return offer


@transaction.atomic
def prepare_offer(
    *, offer, salary: Decimal, start_date, notes: str, outside_band_reason: str, prepared_by
) -> Offer:
    """Write the offer's terms. Outside the requisition's band it needs a reason; the gate
    is asked again (a scorecard may have been re-opened since). Meets the commitment."""
    offer = (
        Offer.objects.select_for_update().select_related("application__candidate").get(pk=offer.pk)
    )
    requisition = Requisition.objects.with_team().get(pk=offer.requisition_id)
    if not access.can_prepare_offer(requisition, prepared_by):
        raise PermissionDenied("The matrix gives offer preparation to another party.")
    if offer.state not in (Offer.State.PREPARING, Offer.State.PREPARED):
        raise ValidationError("This offer was already extended.")
    if problem := offer_gate(offer.application):
        raise ValidationError(problem)
    offer.salary, offer.start_date, offer.notes = salary, start_date, notes.strip()
    offer.salary_currency = requisition.salary_currency
    reason = outside_band_reason.strip()
    if offer.is_outside_band(requisition):
        if not reason:
            raise ValidationError(
                {"outside_band_reason": f"Outside the band ({requisition.salary_band}): say why."}
            )
        offer.outside_band_reason = reason[:500]
    else:
        offer.outside_band_reason = ""
    first = offer.state == Offer.State.PREPARING
    offer.state = Offer.State.PREPARED
    offer.prepared_by, offer.prepared_at = prepared_by, timezone.now()
    offer.save()
    flag = " (outside the band)" if offer.outside_band_reason else ""
    record_activity(
        requisition=requisition,
        actor=prepared_by,
        kind=Activity.Kind.OFFER_PREPARED,
        # No figure here: agency recruiters read the journal too.
        summary=f"{'Prepared' if first else 'Revised'} the offer for "
        f"{offer.application.candidate.name}{flag}",
        details={"offer": offer.pk, "outside_band": bool(offer.outside_band_reason)},
    )
    meet_commitments(subject=offer, kind=CommitmentKind.PREPARE_OFFER)
    open_offer_extension(offer=offer)
    if first:
        people = [p for p, _ in access.people_for(requisition, access.offer_extenders(requisition))]
        notify_event(
            event="offers.prepared",
            requisition=requisition,
            actor=prepared_by,
            people=people,
            text=f"The offer for {offer.application.candidate.name} is prepared: extend it",
            url=offer_path(offer.application),
            key=f"offer-prepared-{offer.pk}",
        )
    return offer


@transaction.atomic
def extend_offer(*, offer, extended_by) -> Offer:
    offer = (
        Offer.objects.select_for_update().select_related("application__candidate").get(pk=offer.pk)
    )
    requisition = Requisition.objects.with_team().get(pk=offer.requisition_id)
    if not access.can_extend_offer(requisition, extended_by):
        raise PermissionDenied("The matrix gives offer extension to another party.")
    if offer.state != Offer.State.PREPARED:
        raise ValidationError("Prepare the offer before extending it.")
    offer.state = Offer.State.EXTENDED
    offer.extended_by, offer.extended_at = extended_by, timezone.now()
    offer.save(update_fields=["state", "extended_by", "extended_at"])
    meet_commitments(subject=offer, kind=CommitmentKind.EXTEND_OFFER)
    record_activity(
        requisition=requisition,
        actor=extended_by,
        kind=Activity.Kind.OFFER_EXTENDED,
        summary=f"Extended the offer to {offer.application.candidate.name}",
        details={"offer": offer.pk},
    )
    return offer


@transaction.atomic
def close_offer(
    *,
    offer,
    accepted: bool,
    closed_by,
    decline_reason: OfferDeclineReason | None = None,
    note: str = "",
) -> Offer:
    """Record the candidate's answer. Accepted: the application is hired and one headcount
    is filled; when every headcount is, the search moves to filled through
    `hiring.lifecycle.move_requisition` (which withdraws what is still open on it).
    Declined: a reason from the managed list is required."""
    requisition = Requisition.objects.select_for_update().get(pk=offer.requisition_id)
    requisition = Requisition.objects.with_team().get(pk=requisition.pk)
    offer = (
        Offer.objects.select_for_update().select_related("application__candidate").get(pk=offer.pk)
    )
    if not access.can_extend_offer(requisition, closed_by):
        raise PermissionDenied("The matrix gives offer closing to another party.")
    if offer.state != Offer.State.EXTENDED:
        raise ValidationError("Record the offer as extended first.")
    candidate = offer.application.candidate
    offer.closed_by, offer.closed_at = closed_by, timezone.now()
    if accepted:
        offer.state = Offer.State.ACCEPTED
        offer.save()
        record_activity(
            requisition=requisition,
            actor=closed_by,
            kind=Activity.Kind.OFFER_ACCEPTED,
            summary=f"{candidate.name} accepted the offer",
            details={"offer": offer.pk},
        )
        _tell(offer, "offers.accepted", closed_by, f"{candidate.name} accepted the offer")
        move_application(application=offer.application, to_stage=Stage.HIRED, by=closed_by)
        _fill_if_complete(requisition=requisition, by=closed_by)
    else:
        if decline_reason is None or not decline_reason.active:
            raise ValidationError({"decline_reason": "Choose why the candidate declined."})
        offer.state = Offer.State.DECLINED
        offer.decline_reason, offer.decline_note = decline_reason, note.strip()[:500]
        offer.save()
        record_activity(
            requisition=requisition,
            actor=closed_by,
            kind=Activity.Kind.OFFER_DECLINED,
            summary=f"{candidate.name} declined the offer: {decline_reason.label}",
            details={"offer": offer.pk, "reason": decline_reason.pk},
        )
        _tell(offer, "offers.declined", closed_by, f"{candidate.name} declined the offer")
        # The candidate's decision closes their application (withdrawn, "declined our offer").
        reason = DispositionReason.objects.filter(code="declined_offer", is_active=True).first()
        if reason is not None:
            move_application(
                application=offer.application,
                to_stage=Stage.WITHDRAWN,
                by=closed_by,
                reason=reason,
                note=decline_reason.label,
            )
    return offer


def _tell(offer, event, actor, text):
    notify_event(
        event=event,
        requisition=offer.requisition,
        actor=actor,
        text=text,
        url=offer_path(offer.application),
        key=f"{event}-{offer.pk}",
    )


def filled_count(requisition) -> int:
    return Offer.objects.filter(requisition=requisition, state=Offer.State.ACCEPTED).count()


def _fill_if_complete(*, requisition, by):
    if filled_count(requisition) < requisition.headcount or requisition.is_closed:
        return
    mover = by
    if not may_move(requisition, by, Requisition.State.FILLED):
        # An agency recruiter records the acceptance but makes no moves of the search:
        # the hiring manager (else HR) is journaled as filling it.
        mover = requisition.hiring_manager or requisition.hr_generalist
    move_requisition(
        requisition=requisition,
        to_state=Requisition.State.FILLED,
        moved_by=mover,
        reason=f"every headcount filled ({requisition.headcount})",
    )


# --- pipeline hooks (registered in InterviewsConfig.ready) --------------------------------
def gate_offer_and_hire(*, application, to_stage, to_round, by) -> str | None:
    """No offer before every scorecard is in; nobody hired without an accepted offer; and
    no move that would withdraw what someone still owes on the candidate without meeting it
    (issue 25): out of the offer stage while the offer is being prepared or is to be
    extended, or back from an interview round whose decision after the debrief is due. A
    candidate's own withdrawal ends them openly."""
    if to_stage != Stage.WITHDRAWN and (owed := _owed_by_moving(application, to_stage, to_round)):
        return owed
    if to_stage == Stage.OFFER:
        return offer_gate(application)
    if to_stage == Stage.HIRED:
        offer = _offer_of(application)
        if offer is None or offer.state != Offer.State.ACCEPTED:
            return "Record the offer as accepted first: that hires the candidate."
    return None


def _owed_by_moving(application, to_stage, to_round) -> str | None:
    name = application.candidate.name
    if application.stage == Stage.OFFER and to_stage != Stage.HIRED:
        offer = _offer_of(application)
        kinds = (CommitmentKind.PREPARE_OFFER, CommitmentKind.EXTEND_OFFER)
        owed = offer and asked_once(application, "offer owed", lambda: _open_on(offer, kinds))
        if owed:
            doing = "preparing" if owed.kind == CommitmentKind.PREPARE_OFFER else "to extend"
            return (
                f"{owed.owner.display_name} is {doing} the offer for {name}: moving the "
                "candidate now would withdraw it. Record the candidate's answer on the offer, "
                "or close as withdrawn if the candidate withdrew."
            )
    back = to_stage in (Stage.APPLIED, Stage.SCREENING, Stage.SUBMITTED) or (
        to_stage == Stage.INTERVIEW and (to_round or 0) < (application.interview_round or 0)
    )
    if application.stage == Stage.INTERVIEW and back:
        owed = asked_once(
            application,
            "debrief decision owed",
            lambda: _open_on(application, (CommitmentKind.DEBRIEF_DECISION,)),
        )
        if owed:
            return (
                f"{name} is waiting for {owed.owner.display_name}'s decision after the "
                "debrief: moving the candidate back would withdraw it. The decision is theirs."
            )
    return None


def _offer_of(application):
    return asked_once(
        application, "offer", lambda: Offer.objects.filter(application=application).first()
    )


def _open_on(subject, kinds):
    return (
        Commitment.objects.open()
        .filter(kind__in=kinds)
        .for_subject(subject)
        .select_related("owner")
        .first()
    )


def follow_moves(*, application, change, by) -> None:
    """Out of an interview round: its debrief decision is met (by its decider) or withdrawn.
    Into "offer": open the offer and its preparation. Rejected: open "inform an
    unsuccessful candidate" for the party Responsible for that follow-up (met by sending the
    rejection message). Closed either way: what was owed on the offer is withdrawn."""
    requisition = application.requisition
    settle_debrief_decision(application=application, change=change, by=by)
    if change.to_stage == Stage.OFFER:
        open_offer(application=application, by=by)
    if change.to_stage in CLOSED_STAGES:
        offer = Offer.objects.filter(application=application).first()
        if offer is not None:
            for kind in (CommitmentKind.PREPARE_OFFER, CommitmentKind.EXTEND_OFFER):
                withdraw_commitments(subject=offer, kind=kind, reason="Candidate closed")
    if change.to_stage == Stage.REJECTED:
        term = service_term_for(requisition, CommitmentKind.INFORM_CANDIDATE)
        url = reverse(
            "interviews:message",
            kwargs={"pk": requisition.pk, "application": application.pk, "kind": "rejection"},
        )
        already = message_key(kind="rejection", application=application)

        if CandidateMessage.objects.filter(key=already).exists():
            return
        for person, party in access.people_for(requisition, access.follow_up_parties(requisition)):
            open_commitment(
                kind=CommitmentKind.INFORM_CANDIDATE,
                requisition=requisition,
                owner=person,
                party=party,
                subject=application,
                title=f"Tell {application.candidate.name} the outcome",
                url=url,
                term=term,
            )


def headcount_summary(requisition) -> dict:
    counts = dict(
        Offer.objects.filter(requisition=requisition).values_list("state").annotate(n=Count("pk"))
    )
    return {"filled": counts.get(Offer.State.ACCEPTED, 0), "headcount": requisition.headcount}
