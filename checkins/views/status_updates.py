"""The recruiter's status update to the hiring manager: fronts `checkins/status_updates.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts.forms_base import render_form
from hiring.doors import requisition_for

from ..forms import StatusUpdateForm
from ..status_updates import can_send_status_update, send_status_update


@require_http_methods(["GET", "POST"])
def status_update(request, pk):
    requisition = requisition_for(request, pk)
    if not can_send_status_update(requisition, request.user):
        raise PermissionDenied("Only the person agreed to send status updates can send one.")
    form = StatusUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_status_update(requisition=requisition, author=request.user, **form.cleaned_data)
        messages.success(request, "Status update sent to the hiring manager.")
        return redirect("hiring:requisition-detail", pk=pk)
    return render_form(
        request,
        "checkins/status_update.html",
        {
            "requisition": requisition,
            "form": form,
            "previous": requisition.status_updates.select_related("author")[:3],
        },
    )
