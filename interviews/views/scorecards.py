"""The interviewer's scorecard, its autosaved draft, and the others' scorecards once one's
own is in: fronts `interviews/feedback.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms_base import place_errors
from hiring.doors import requisition_for

from ..doors import interview_for
from ..feedback import may_see_others, save_draft, scorecard_for, submit_scorecard
from ..forms import ScorecardForm
from ..models import Scorecard


# --- scorecards -----------------------------------------------------------------------
def _scorecard_context(request, requisition, interview, card, form, **extra):
    application = interview.application
    context = {
        "requisition": requisition,
        "interview": interview,
        "application": application,
        "card": card,
        "form": form,
        "times": interview.times_for(request.user),
        # Before the interview starts the page says when the scorecard opens instead of a
        # form that could only fail on submit (issue 25, finding 6).
        "not_started": interview.starts_at > timezone.now() and not card.is_submitted,
        "may_see_others": card.is_submitted
        and may_see_others(application=application, user=request.user),
        "show_private_tabs": requisition.can_read_journal(request.user),
        **extra,
    }
    if context["may_see_others"]:
        context["others"] = _other_cards(interview, request.user)
    return context


def _other_cards(interview, user):
    """The other submitted scorecards of this candidate (every interview), oldest first."""
    return list(
        Scorecard.objects.submitted()
        .filter(interview__application_id=interview.application_id)
        .exclude(author=user)
        .select_related("author", "interview")
        .order_by("interview__starts_at", "submitted_at")
    )


@require_http_methods(["GET", "POST"])
def scorecard(request, pk, interview):
    """The interviewer's scorecard: the link in every feedback reminder opens this page."""
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    if not interview.is_on_panel(request.user):
        raise PermissionDenied("Only the interview's panel writes its scorecards.")
    card = scorecard_for(interview, request.user)
    if request.method == "POST":
        form = ScorecardForm(request.POST, interview=interview)
        if form.is_valid():
            was_submitted = card.is_submitted
            try:
                card = submit_scorecard(
                    interview=interview,
                    author=request.user,
                    ratings=form.ratings(),
                    recommendation=form.cleaned_data["recommendation"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as error:
                place_errors(form, error)
            else:
                messages.success(
                    request,
                    "Amendment saved; the journal keeps both versions."
                    if was_submitted
                    else "Scorecard submitted. Thank you: the other scorecards are below.",
                )
                return redirect("interviews:scorecard", pk=requisition.pk, interview=interview.pk)
        context = _scorecard_context(request, requisition, interview, card, form)
        return render(request, "interviews/scorecard.html", context, status=422)
    form = ScorecardForm(initial=ScorecardForm.initial_for(card), interview=interview)
    context = _scorecard_context(request, requisition, interview, card, form)
    return render(request, "interviews/scorecard.html", context)


@require_POST
def scorecard_draft(request, pk, interview):
    """htmx autosave of a draft, debounced by the page; answers with the status line."""
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    if not interview.is_on_panel(request.user):
        raise PermissionDenied("Only the interview's panel writes its scorecards.")
    form = ScorecardForm(request.POST, interview=interview)
    status, card, problem = 200, None, ""
    if form.is_valid():
        try:
            card = save_draft(
                interview=interview,
                author=request.user,
                ratings=form.ratings(),
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            status, problem = 422, " ".join(error.messages)
    else:
        status = 422
        problem = "Not saved: " + " ".join(e for errors in form.errors.values() for e in errors)
    return render(
        request,
        "interviews/scorecard.html#draft-status",
        {"card": card, "problem": problem, "saved_at": timezone.now()},
        status=status,
    )


@require_GET
def scorecard_others(request, pk, interview):
    """The other scorecards of the candidate, as a partial: refused (403) to an interviewer
    who has not submitted their own — the page and this partial ask the same rule."""
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    if not may_see_others(application=interview.application, user=request.user):
        raise PermissionDenied("Submit your own scorecard first.")
    return render(
        request,
        "interviews/scorecard.html#others",
        {"others": _other_cards(interview, request.user), "interview": interview},
    )
