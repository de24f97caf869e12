"""The Candidates tab (board and list) and a card's move: fronts `pipeline/board.py` and
`pipeline/stages.py`."""

from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx

from ..board import candidates_board
from ..brief_check import BriefReason
from ..doors import application_for
from ..forms import ListFilterForm, MoveForm
from ..models import CLOSED_STAGES
from ..stages import MoveRefused, move_application
from .candidates import application_context


def _board_context(request, requisition, **extra) -> dict:
    filters = ListFilterForm(request.GET or None)
    sort, direction, stage, page, column, shown = "days", "desc", "", 1, "", 0
    if filters.is_valid():
        sort, direction = filters.cleaned_data["sort"], filters.cleaned_data["dir"]
        stage = filters.cleaned_data["stage"]
        page = filters.cleaned_data["page"] or 1
        column, shown = filters.cleaned_data["column"], filters.cleaned_data["shown"] or 0
    return {
        **candidates_board(
            requisition=requisition,
            user=request.user,
            view="list" if request.GET.get("view") == "list" else "board",
            sort=sort,
            direction=direction,
            stage=stage,
            page=page,
            column=column,
            shown=shown,
        ),
        # One token field for every card's form, rendered once.
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        **extra,
    }


@require_GET
@varies_on_htmx
def candidates(request, pk):
    requisition = requisition_for(request, pk)
    template = page_or_fragment(request, "pipeline/candidates.html", "candidates")
    return render(request, template, _board_context(request, requisition))


@require_POST
def application_move(request, pk, application):
    """A card's move (board, list, candidate page). Refused moves come back with the gate's
    message: status 422, nothing changed."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    form = MoveForm(request.POST)
    error = None
    if form.is_valid():
        try:
            move_application(
                application=found,
                to_stage=form.cleaned_data["to_stage"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                against_brief=BriefReason(
                    form.cleaned_data["against_brief"], form.cleaned_data["against_brief_text"]
                ),
            )
        except MoveRefused as refused:
            error = refused.messages[0]
    else:
        error = next(iter(form.errors.values()))[0]
    back = request.POST.get("back")
    if request.htmx and back != "application":
        requisition = requisition_for(request, pk)
        context = _board_context(request, requisition, move_error=error, move_error_for=found.pk)
        response = render(
            request, "pipeline/candidates.html#candidates", context, status=422 if error else 200
        )
        return trigger_client_event(response, "journal-changed")
    if error and back == "application":
        # The candidate's page again, the refusal next to the field it concerns: 422, and
        # nothing changed (the move's transaction rolled back).
        found.refresh_from_db()
        to_stage = str(request.POST.get("to_stage", ""))[:20]
        context = application_context(
            request,
            requisition,
            found,
            move_error=error,
            move_to=to_stage,
            move_error_close=to_stage in CLOSED_STAGES,
        )
        return render(request, "pipeline/application_detail.html", context, status=422)
    if error:
        messages.error(request, f"{found.candidate.name}: {error}")
    else:
        found.refresh_from_db()
        messages.success(request, f"{found.candidate.name} is now at {found.stage_label}.")
    if back == "application":
        return redirect("pipeline:application-detail", pk=pk, application=found.pk)
    return redirect("pipeline:candidates", pk=pk)
