"""The hiring manager's review of submitted candidates: advance, reject, or ask the
recruiter; and the recruiter's answer, which puts the candidate back in the queue.

Each decision meets the manager's "review a submitted candidate" in the same transaction
(pipeline.stages). A question opens the recruiter's "answer the manager's question"; the
answer meets it and opens a fresh review for the manager, under the same service level.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.actions import buttons
from commitments.ledger import meet_commitments, open_commitment
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind, Party
from hiring.journal import record_activity
from hiring.models import Requisition, TeamRole
from intake.agreements import active_agreement_for, service_term_for

from . import access, rights
from .models import Application, ReviewQuestion, Stage
from .stages import (
    MoveRefused,
    application_url,
    move_application,
    next_stage_key,
    open_review,
    review_url,
)


def review_queue(requisition, user):
    """The submitted candidates waiting on the manager, oldest submission first."""
    return (
        Application.objects.visible_to(user)
        .for_requisition(requisition)
        .awaiting_review()
        .select_related("candidate")
        .order_by("stage_changed_at", "pk")
    )


def advance(*, application, by, note=""):
    """To the plan's first interview stage (or the next stage after the current one)."""
    agreement = active_agreement_for(application.requisition)
    plan = len(agreement.interview_plan.stages) if agreement else 0
    target = next_stage_key(application, plan)
    if target is None:
        raise MoveRefused(f"{application.candidate.name} cannot move further.")
    return move_application(application=application, to_stage=target, by=by, note=note)


def reject(*, application, by, reason, note="", against_brief=None):
    """Reject with a disposition reason and, from the hiring manager, the reason against the
    brief (`pipeline.brief_check`)."""
    return move_application(
        application=application,
        to_stage=Stage.REJECTED,
        by=by,
        reason=reason,
        note=note,
        against_brief=against_brief,
    )


@transaction.atomic
def ask_recruiter(*, application, by, text: str) -> ReviewQuestion:
    """The manager's question about a submitted candidate: meets their review (asking is a
    decision made in time) and opens the recruiter's answer. Out of the queue until answered."""
    text = text.strip()
    if not text:
        raise ValidationError("Write your question for the recruiter.")
    locked = (
        Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    )
    requisition = Requisition.objects.with_team().get(pk=locked.requisition_id)
    if not rights.can_review(requisition, by):
        raise PermissionDenied("Only the hiring manager reviews submitted candidates.")
    if locked.stage != Stage.SUBMITTED:
        raise ValidationError(f"{locked.candidate.name} is no longer waiting for your review.")
    if locked.question_open:
        raise ValidationError("You already asked about this candidate; the answer is pending.")
    recruiter = _who_answers(locked, requisition)
    if recruiter is None:
        raise ValidationError("This search has no recruiter to ask.")
    try:
        with transaction.atomic():
            question = ReviewQuestion.objects.create(
                application=locked, asked_by=by, asked_of=recruiter, text=text
            )
    except IntegrityError:
        raise ValidationError("You already asked about this candidate.") from None
    locked.question_open = True
    locked.save(update_fields=["question_open", "updated_at"])
    now = question.asked_at
    meet_commitments(subject=locked, kind=CommitmentKind.REVIEW_CANDIDATE, met_at=now)
    open_commitment(
        kind=CommitmentKind.ANSWER_QUESTION,
        requisition=requisition,
        owner=recruiter,
        party=Party.RECRUITER,
        subject=question,
        title=f"Answer {by.display_name}'s question about {locked.candidate.name}",
        url=application_url(locked),
        started_at=now,
        term=service_term_for(requisition, CommitmentKind.ANSWER_QUESTION),
    )
    record_activity(
        requisition=requisition,
        actor=by,
        kind="candidate_question",
        summary=f"Asked {recruiter.display_name} about {locked.candidate.name}: {text}",
        details={"application": locked.pk, "question": question.pk},
    )
    notify_event(
        event="candidate.question",
        requisition=requisition,
        actor=by,
        people=[recruiter],
        text=f"{by.display_name} asked about {locked.candidate.name}: {text}",
        url=application_url(locked),
        key=f"question:{question.pk}",
    )
    application.question_open = True
    return question


def _who_answers(application, requisition):
    """The recruiter who sourced the candidate while still on the search, else the
    search's recruiter."""
    recruiter = requisition.member(TeamRole.RECRUITER)
    if recruiter is not None and recruiter.pk == application.sourced_by_id:
        return recruiter
    return recruiter or application.sourced_by


@transaction.atomic
def answer_question(*, question: ReviewQuestion, by, answer: str) -> ReviewQuestion:
    answer = answer.strip()
    if not answer:
        raise ValidationError("Write your answer.")
    locked = ReviewQuestion.objects.select_for_update().get(pk=question.pk)
    application = (
        Application.objects.select_for_update()
        .select_related("candidate")
        .get(pk=locked.application_id)
    )
    requisition = Requisition.objects.with_team().get(pk=application.requisition_id)
    if not access.runs_the_search(requisition, by):
        raise PermissionDenied("The recruiter answers the hiring manager's questions.")
    if locked.answered_at is not None:
        raise ValidationError("This question is already answered.")
    now = timezone.now()
    locked.answer, locked.answered_by, locked.answered_at = answer, by, now
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    meet_commitments(subject=locked, kind=CommitmentKind.ANSWER_QUESTION, met_at=now)
    application.question_open = False
    application.save(update_fields=["question_open", "updated_at"])
    review = None
    if application.stage == Stage.SUBMITTED:
        review = open_review(application=application, requisition=requisition, started_at=now)
    record_activity(
        requisition=requisition,
        actor=by,
        kind="candidate_answer",
        summary=f"Answered about {application.candidate.name}: {answer}",
        details={"application": application.pk, "question": locked.pk},
    )
    notify_event(
        event="candidate.answered",
        requisition=requisition,
        actor=by,
        people=[locked.asked_by],
        text=f"{by.display_name} answered your question about {application.candidate.name}",
        url=review_url(application),
        # The review is theirs again: decide from the notice (issue 18).
        buttons=(lambda person: buttons(commitment=review, person=person)) if review else None,
        key=f"answer:{locked.pk}",
    )
    question.__dict__.update(answer=answer, answered_by_id=by.pk, answered_at=now)
    return locked
