"""Marking a search filled: a confirmation with the hires against the headcount and the
candidates still in play, each then to be told (issue 25, findings 4 and 5). Fronts
`pipeline/closing.py` and `hiring.lifecycle.move_requisition`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts.forms_base import place_errors, render_form
from hiring.doors import requisition_for
from hiring.lifecycle import move_requisition
from hiring.models import Requisition
from hiring.permissions import HR, capacities, may_move

from ..closing import hires, in_play
from ..forms import FillForm
from ..models import Application, Stage

FILLED = Requisition.State.FILLED


@require_http_methods(["GET", "POST"])
def requisition_fill(request, pk):
    requisition = requisition_for(request, pk)
    if not may_move(requisition, request.user, FILLED):
        raise PermissionDenied("You cannot mark this search filled.")
    hired = hires(requisition)
    is_hr = HR in capacities(requisition, request.user)
    form = FillForm(request.POST or None, needs_outside=hired == 0 and is_hr)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data.get("note", "") if form.cleaned_data.get("outside") else ""
        try:
            move_requisition(
                requisition=requisition,
                to_state=FILLED,
                moved_by=request.user,
                reason=f"{hired} of {requisition.headcount} hired in Accord" if hired else "",
                outside_note=note,
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(
                request, "The search is filled. Everyone still in play is closed and owed the news."
            )
            return redirect("hiring:requisition-detail", pk=pk)
    visible = Application.objects.visible_in(requisition, request.user)
    context = {
        "requisition": requisition,
        "form": form,
        "hired": hired,
        "hired_names": [
            a.candidate.name for a in visible.filter(stage=Stage.HIRED).select_related("candidate")
        ],
        "in_play": list(in_play(requisition).filter(pk__in=visible.values("pk"))[:50]),
        "in_play_count": in_play(requisition).count(),
        "refused": hired == 0 and not is_hr,
        "show_private_tabs": requisition.can_read_journal(request.user),
    }
    return render_form(request, "pipeline/requisition_fill.html", context)
