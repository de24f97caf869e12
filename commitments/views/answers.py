"""A commitment's own page, where its owner answers it honestly — "not mine", "I need
until …" — and the other side accepts or refuses: fronts `commitments/answers.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.forms_base import place_errors, render_form
from hiring.doors import requisitions_for
from hiring.models import Requisition

from ..answers import (
    EXTENSIONS_WITHOUT_HR,
    answer_decline,
    answer_extension,
    ask_for_more_time,
    can_decline,
    decline_commitment,
    decline_receiver,
    extension_limit,
    may_answer,
)
from ..forms import AnswerForm, DeclineForm, MoreTimeForm
from ..models import Commitment, CommitmentAnswer
from ..visibility import hidden_commitments

TEMPLATE = "commitments/commitment_detail.html"


def commitment_for(request, pk) -> Commitment:
    """The commitment `pk` for someone who may see it: its owner, whoever declined it, or
    the leads of its search (its private side) — never one about a candidate or interview
    hidden from them. 404 for anyone not on the search, 403 for others on it."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("owner", "declined_by").filter(
            requisition__in=requisitions_for(request)
        ),
        pk=pk,
    )
    commitment.requisition = Requisition.objects.with_team().get(pk=commitment.requisition_id)
    user = request.user
    involved = user.pk in (commitment.owner_id, commitment.declined_by_id)
    if not involved and not commitment.requisition.can_read_journal(user):
        raise PermissionDenied("This commitment is between its owner and the search's leads.")
    hidden = hidden_commitments(
        requisition=commitment.requisition, user=user, commitments=[commitment]
    )
    if commitment.pk in hidden:
        raise Http404("No such commitment.")
    return commitment


def _context(request, commitment, **forms):
    user = request.user
    pending = next(
        (a for a in commitment.answers.all() if a.state == CommitmentAnswer.State.PENDING), None
    )
    if pending is not None:
        pending.commitment = commitment
    owner_may = can_decline(commitment, user) and pending is None
    receiver, _ = decline_receiver(commitment)
    zone = commitment.requisition.time_zone
    return {
        "commitment": commitment,
        "requisition": commitment.requisition,
        "now": timezone.now(),
        "pending": pending,
        "may_answer": pending is not None and may_answer(pending, user),
        "answers": [a for a in commitment.answers.all() if a is not pending],
        "may_decline": owner_may,
        "receiver": receiver,
        "may_ask_time": owner_may and not commitment.is_paused,
        "extension_limit": extension_limit(commitment),
        "hr_only_now": commitment.extensions >= EXTENSIONS_WITHOUT_HR,
        "decline_form": forms.get("decline_form") or DeclineForm(kind=commitment.kind),
        "time_form": forms.get("time_form") or MoreTimeForm(zone=zone),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "open_form": forms.get("open_form", ""),
    }


@require_GET
def commitment_detail(request, pk):
    commitment = commitment_for(request, pk)
    return render_form(request, TEMPLATE, _context(request, commitment))


@require_POST
def commitment_decline(request, pk):
    commitment = commitment_for(request, pk)
    if not can_decline(commitment, request.user):
        raise PermissionDenied("Only its owner can say it is not theirs.")
    form = DeclineForm(request.POST, kind=commitment.kind)
    if form.is_valid():
        try:
            answer = decline_commitment(
                commitment=commitment,
                by=request.user,
                reason_code=form.cleaned_data["reason_code"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            receiver = answer.commitment.owner.display_name
            messages.success(request, f"It went to {receiver}; you will hear their answer.")
            return redirect("commitments:commitment-detail", pk=pk)
    context = _context(request, commitment, decline_form=form, open_form="decline")
    return render_form(request, TEMPLATE, context)


@require_POST
def commitment_more_time(request, pk):
    commitment = commitment_for(request, pk)
    if commitment.owner_id != request.user.pk:
        raise PermissionDenied("Only its owner can ask for more time.")
    form = MoreTimeForm(request.POST, zone=commitment.requisition.time_zone)
    if form.is_valid():
        try:
            ask_for_more_time(
                commitment=commitment,
                by=request.user,
                due_at=form.cleaned_data["due_at"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "Asked. The deadline stands until someone accepts.")
            return redirect("commitments:commitment-detail", pk=pk)
    context = _context(request, commitment, time_form=form, open_form="time")
    return render_form(request, TEMPLATE, context)


@require_POST
def commitment_answer(request, pk):
    """Accept or refuse the pending decline or request for more time."""
    commitment = commitment_for(request, pk)
    pending = CommitmentAnswer.objects.pending().filter(commitment=commitment).first()
    if pending is None:
        raise Http404("Nothing waits for an answer here.")
    pending.commitment = commitment
    if not may_answer(pending, request.user):
        raise PermissionDenied("This is not yours to answer.")
    form = AnswerForm(request.POST)
    if form.is_valid():
        is_decline = pending.kind == CommitmentAnswer.Kind.DECLINE
        answer = answer_decline if is_decline else answer_extension
        try:
            answer(
                commitment=commitment,
                by=request.user,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "Answered; they are told.")
            return redirect("commitments:commitment-detail", pk=pk)
    context = _context(request, commitment, answer_form=form)
    return render_form(request, TEMPLATE, context)
