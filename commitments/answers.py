"""Answering a deadline honestly (issue 18): the owner of a commitment says "not mine"
(with a reason from a short list per kind) or "I need until <date>", and the other side
accepts or refuses in one step.

Guarantees, each enforced here whatever the page, email link or task that calls:
- Only the owner declines or asks for time, only while the commitment is open, one
  pending answer at a time (a unique index).
- A decline hands the commitment at once to whoever's part it is — the recruiter, or HR
  when it is about the agreement or the recruiter declines — so from that moment no
  reminder goes to the decliner. It counts for the decliner (`late_owner`) until the
  receiver accepts the reason; accepted, it is closed as `declined` (out of on-time
  figures, a category of its own) and nothing more is sent; refused, it goes back to the
  decliner as it was, deadline unchanged.
- An extension is accepted by the counterpart or HR (a third and later ones by HR only)
  before the old deadline; then the ladder is rebuilt around the new one, steps already
  sent stay sent. Refused or unanswered before the old deadline, the old one stands.
- Every step is journaled and the other side is told, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hiring.journal import record_activity
from hiring.models import Activity, Requisition, TeamRole

from .actions import buttons
from .business_time import BusinessCalendar, hours_per_day
from .ledger import _ladder_from
from .models import Commitment, CommitmentAnswer, cancel_waiting_emails, counterpart_parties
from .notices import notify_event
from .service_terms import CommitmentKind, Party

OTHER = "other"
# "Not mine / cannot do it": a short list per kind, then "other" with text.
DECLINE_REASONS: dict[str, tuple[tuple[str, str], ...]] = {
    CommitmentKind.INTERVIEW_FEEDBACK: (("not_attended", "I did not attend this interview"),),
    CommitmentKind.REVIEW_CANDIDATE: (
        ("candidate_withdrew", "The candidate withdrew"),
        ("not_my_search", "I am not the one deciding on this search"),
    ),
    CommitmentKind.SIGN_AGREEMENT: (("not_my_part", "I am not a party to this agreement"),),
    CommitmentKind.RECORD_CHECKIN: (("not_attended", "I did not attend this check-in"),),
    CommitmentKind.PREPARE_OFFER: (("candidate_withdrew", "The candidate withdrew"),),
    CommitmentKind.INFORM_CANDIDATE: (("already_told", "The candidate was already told"),),
}
COMMON_REASONS = (("someone_else", "Someone else holds this part now"),)
# "I need more time": at most this far past the current deadline, and two accepted
# extensions per commitment unless HR grants more.
MAX_EXTENSION_BUSINESS_DAYS = 10
EXTENSIONS_WITHOUT_HR = 2


def decline_reasons(kind: str) -> list[tuple[str, str]]:
    return [*DECLINE_REASONS.get(kind, ()), *COMMON_REASONS, (OTHER, "Other (say why)")]


def reason_text(kind: str, code: str, text: str) -> str:
    label = dict(decline_reasons(kind)).get(code)
    if label is None:
        raise ValidationError({"reason_code": "Choose one of the reasons."})
    text = (text or "").strip()
    if code == OTHER and not text:
        raise ValidationError({"reason": "Say why it is not yours."})
    if code == OTHER:
        return text[:300]
    return f"{label}: {text}"[:300] if text else label


def _is_hr(commitment: Commitment, user) -> bool:
    return (
        user.is_admin
        or user.is_hr_lead
        or TeamRole.HR_GENERALIST in commitment.requisition.roles_of(user)
    )


def decline_receiver(commitment: Commitment):
    """(person, party) whose part a declined commitment is: HR for the agreement or for
    what the recruiter owes, the search's recruiter for everything else."""
    requisition = commitment.requisition
    if commitment.kind == CommitmentKind.SIGN_AGREEMENT or commitment.party == Party.RECRUITER:
        return requisition.member(TeamRole.HR_GENERALIST), Party.HR_GENERALIST
    return requisition.member(TeamRole.RECRUITER), Party.RECRUITER


def can_decline(commitment: Commitment, user) -> bool:
    return commitment.state == Commitment.State.OPEN and commitment.owner_id == user.pk


def can_answer_decline(answer: CommitmentAnswer, user) -> bool:
    commitment = answer.commitment
    if answer.state != CommitmentAnswer.State.PENDING or commitment.state != Commitment.State.OPEN:
        return False
    if user.pk == answer.asked_by_id:
        return False
    return user.pk == commitment.owner_id or _is_hr(commitment, user)


def can_answer_extension(answer: CommitmentAnswer, user) -> bool:
    commitment = answer.commitment
    if answer.state != CommitmentAnswer.State.PENDING or commitment.state != Commitment.State.OPEN:
        return False
    if user.pk == commitment.owner_id:
        return False
    if commitment.extensions >= EXTENSIONS_WITHOUT_HR:
        return _is_hr(commitment, user)
    return _is_hr(commitment, user) or commitment.can_be_waived_by(user)


def may_answer(answer: CommitmentAnswer, user) -> bool:
    if answer.kind == CommitmentAnswer.Kind.DECLINE:
        return can_answer_decline(answer, user)
    return can_answer_extension(answer, user)


def _locked(commitment: Commitment) -> Commitment:
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("requisition", "owner")
        .get(pk=commitment.pk)
    )
    locked.requisition = Requisition.objects.with_team().get(pk=locked.requisition_id)
    return locked


def _pending_answer(commitment: Commitment, kind: str) -> CommitmentAnswer:
    CommitmentAnswer.objects.filter(commitment=commitment).lapse_stale(timezone.now())
    found = (
        CommitmentAnswer.objects.pending()
        .select_for_update()
        .filter(commitment=commitment, kind=kind)
        .first()
    )
    if found is None:
        raise ValidationError(
            "That request was already answered, or its deadline passed first and stands."
        )
    return found


def _save_answer(answer: CommitmentAnswer) -> None:
    CommitmentAnswer.objects.filter(commitment=answer.commitment).lapse_stale(answer.asked_at)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            "An earlier request on this is still waiting for an answer."
        ) from None


@transaction.atomic
def decline_commitment(*, commitment: Commitment, by, reason_code: str, reason: str = ""):
    """The owner says "not mine": the commitment goes to whoever's part it is, pending."""
    commitment = _locked(commitment)
    if commitment.state != Commitment.State.OPEN:
        raise ValidationError("It is no longer open.")
    if not can_decline(commitment, by):
        raise PermissionDenied("Only its owner can say it is not theirs.")
    said = reason_text(commitment.kind, reason_code, reason)
    receiver, party = decline_receiver(commitment)
    if receiver is None or receiver.pk == by.pk:
        raise ValidationError(
            "Nobody else on this search holds that part: ask HR to change the hiring team."
        )
    answer = CommitmentAnswer(
        commitment=commitment,
        kind=CommitmentAnswer.Kind.DECLINE,
        asked_by=by,
        reason_code=reason_code,
        reason=said,
        from_party=commitment.party,
        from_late_owner_id=commitment.late_owner_id,
    )
    _save_answer(answer)
    # Until the receiver accepts the reason it still counts for the one who declined it.
    commitment.late_owner_id = commitment.late_owner_id or by.pk
    commitment.owner, commitment.party, commitment.declined_by = receiver, party, by
    try:
        with transaction.atomic():
            commitment.save(update_fields=["owner", "party", "declined_by", "late_owner"])
    except IntegrityError:
        raise ValidationError(f"{receiver.display_name} already owes the same thing.") from None
    record_activity(
        requisition=commitment.requisition,
        actor=by,
        kind=Activity.Kind.COMMITMENT_DECLINED,
        summary=f"{by.display_name} declined “{commitment.title}”: {said}. "
        f"It went to {receiver.display_name}.",
        details={"commitment": commitment.pk, "answer": answer.pk},
    )
    notify_event(
        event="commitment.declined",
        requisition=commitment.requisition,
        actor=by,
        people=[receiver],
        text=f"{by.display_name} says “{commitment.title}” is not theirs ({said}). "
        "Accept the reason or give it back.",
        url=commitment_url(commitment),
        key=f"declined:{answer.pk}",
        buttons=lambda person: buttons(
            commitment=commitment,
            person=person,
            audience="answerer",
            names=("accept_decline", "give_back"),
        ),
    )
    return answer


@transaction.atomic
def answer_decline(*, commitment: Commitment, by, accept: bool, note: str = ""):
    """The receiver (or HR) accepts the reason — the commitment closes as declined — or
    refuses it, and the commitment goes back to its owner as it was."""
    commitment = _locked(commitment)
    answer = _pending_answer(commitment, CommitmentAnswer.Kind.DECLINE)
    answer.commitment = commitment
    if not can_answer_decline(answer, by):
        raise PermissionDenied("Only whoever received it, or HR, answers this.")
    note = (note or "").strip()[:300]
    if not accept and not note:
        raise ValidationError({"note": "Say why it is theirs after all."})
    now = timezone.now()
    decliner = answer.asked_by
    answer.state = CommitmentAnswer.State.ACCEPTED if accept else CommitmentAnswer.State.REFUSED
    answer.answered_by, answer.answered_at, answer.answer_note = by, now, note
    answer.save(update_fields=["state", "answered_by", "answered_at", "answer_note"])
    commitment.late_owner_id = answer.from_late_owner_id
    if accept:
        commitment.state, commitment.next_step_at = Commitment.State.DECLINED, None
        commitment.waived_at, commitment.waived_by, commitment.waived_reason = (
            now,
            by,
            answer.reason,
        )
        cancel_waiting_emails([commitment.pk], reason="its owner's decline was accepted")
        # Closed, it is shown where it was owed: the decliner's side, as "declined".
        commitment.owner, commitment.party = decliner, answer.from_party
        told = f"{by.display_name} accepted that “{commitment.title}” is not yours."
    else:
        commitment.owner, commitment.party = decliner, answer.from_party
        commitment.declined_by = None
        told = f"{by.display_name} gave “{commitment.title}” back to you: {note}"
    commitment.save()
    record_activity(
        requisition=commitment.requisition,
        actor=by,
        kind=Activity.Kind.COMMITMENT_DECLINE_ANSWERED,
        summary=(
            f"Accepted {decliner.display_name}'s decline of “{commitment.title}”"
            if accept
            else f"Gave “{commitment.title}” back to {decliner.display_name}: {note}"
        ),
        details={"commitment": commitment.pk, "answer": answer.pk, "accepted": accept},
    )
    notify_event(
        event="commitment.decline_answered",
        requisition=commitment.requisition,
        actor=by,
        people=[decliner],
        text=told,
        url=commitment_url(commitment),
        key=f"decline-answered:{answer.pk}",
    )
    return answer


def extension_limit(commitment: Commitment) -> datetime:
    calendar = BusinessCalendar.for_requisition(commitment.requisition)
    return calendar.add(
        commitment.due_at, timedelta(hours=MAX_EXTENSION_BUSINESS_DAYS * hours_per_day())
    )


def extension_answerers(commitment: Commitment) -> list:
    """Who is asked: HR of the search, and the counterpart while fewer than two were given."""
    wanted = {TeamRole.HR_GENERALIST}
    if commitment.extensions < EXTENSIONS_WITHOUT_HR:
        wanted |= set(counterpart_parties(commitment.party))
    return [
        m.user
        for m in commitment.requisition.team_members.all()
        if m.role in wanted and m.user_id != commitment.owner_id
    ]


@transaction.atomic
def ask_for_more_time(*, commitment: Commitment, by, due_at: datetime, reason: str):
    """The owner proposes a later deadline, with a reason, before the current one passes."""
    commitment = _locked(commitment)
    reason = (reason or "").strip()
    if commitment.state != Commitment.State.OPEN:
        raise ValidationError("It is no longer open.")
    if commitment.owner_id != by.pk:
        raise PermissionDenied("Only its owner can ask for more time.")
    if not reason:
        raise ValidationError({"reason": "Say why you need more time."})
    if commitment.is_paused:
        raise ValidationError("Its clock is stopped while the search is on hold.")
    now = timezone.now()
    if commitment.due_at <= now:
        raise ValidationError(
            {"due_at": "The deadline has passed: more time is asked before it, not after."}
        )
    if due_at <= commitment.due_at:
        raise ValidationError({"due_at": "Choose a moment after the current deadline."})
    if due_at > extension_limit(commitment):
        raise ValidationError(
            {"due_at": f"At most {MAX_EXTENSION_BUSINESS_DAYS} business days past the deadline."}
        )
    answer = CommitmentAnswer(
        commitment=commitment,
        kind=CommitmentAnswer.Kind.EXTEND,
        asked_by=by,
        reason=reason[:300],
        proposed_due_at=due_at,
        old_due_at=commitment.due_at,
    )
    _save_answer(answer)
    when = _said(due_at, commitment)
    record_activity(
        requisition=commitment.requisition,
        actor=by,
        kind=Activity.Kind.EXTENSION_ASKED,
        summary=f"{by.display_name} asked until {when} for “{commitment.title}”: {reason}",
        details={"commitment": commitment.pk, "answer": answer.pk},
    )
    notify_event(
        event="commitment.more_time",
        requisition=commitment.requisition,
        actor=by,
        people=extension_answerers(commitment),
        text=f"{by.display_name} asks until {when} for “{commitment.title}”: {reason}",
        url=commitment_url(commitment),
        key=f"more-time:{answer.pk}",
        buttons=lambda person: buttons(
            commitment=commitment,
            person=person,
            audience="answerer",
            names=("accept_time", "refuse_time"),
        ),
    )
    return answer


def answer_extension(*, commitment: Commitment, by, accept: bool, note: str = ""):
    """Accepted before the old deadline: the ladder is rebuilt from the new one. Refused, or
    answered too late, the old deadline stands (the request lapses, even when the answer
    that found it so is refused)."""
    CommitmentAnswer.objects.filter(commitment=commitment).lapse_stale(timezone.now())
    return _answer_extension(commitment=commitment, by=by, accept=accept, note=note)


@transaction.atomic
def _answer_extension(*, commitment: Commitment, by, accept: bool, note: str = ""):
    commitment = _locked(commitment)
    answer = _pending_answer(commitment, CommitmentAnswer.Kind.EXTEND)
    answer.commitment = commitment
    if not can_answer_extension(answer, by):
        if commitment.extensions >= EXTENSIONS_WITHOUT_HR:
            raise PermissionDenied("Only HR grants more than two extensions.")
        raise PermissionDenied("The other side or HR answers this.")
    now = timezone.now()
    note = (note or "").strip()[:300]
    answer.state = CommitmentAnswer.State.ACCEPTED if accept else CommitmentAnswer.State.REFUSED
    answer.answered_by, answer.answered_at, answer.answer_note = by, now, note
    answer.save(update_fields=["state", "answered_by", "answered_at", "answer_note"])
    when = _said(answer.proposed_due_at, commitment)
    if accept:
        commitment.first_due_at = commitment.first_due_at or commitment.due_at
        commitment.extensions += 1
        _ladder_from(commitment, due_at=answer.proposed_due_at)
        commitment.save()
        told = f"{by.display_name} gave you until {when} for “{commitment.title}”."
    else:
        told = f"{by.display_name} kept the deadline of “{commitment.title}”" + (
            f": {note}" if note else "."
        )
    record_activity(
        requisition=commitment.requisition,
        actor=by,
        kind=Activity.Kind.EXTENSION_ANSWERED,
        summary=(
            f"Extended “{commitment.title}” owed by {answer.asked_by.display_name} to {when}"
            if accept
            else f"Kept the deadline of “{commitment.title}”" + (f": {note}" if note else "")
        ),
        details={"commitment": commitment.pk, "answer": answer.pk, "accepted": accept},
    )
    notify_event(
        event="commitment.more_time_answered",
        requisition=commitment.requisition,
        actor=by,
        people=[answer.asked_by],
        text=told,
        url=commitment_url(commitment),
        key=f"more-time-answered:{answer.pk}",
    )
    return answer


def _said(moment, commitment) -> str:
    zone = BusinessCalendar.for_requisition(commitment.requisition).zone
    return (
        f"{timezone.localtime(moment, zone):%a %-d %b %H:%M} ({commitment.requisition.time_zone})"
    )


def commitment_url(commitment) -> str:
    return f"/commitments/{commitment.pk}/"
