from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from hiring.models import Requisition

from .forms import StatusUpdateForm
from .status_updates import can_send_status_update, send_status_update


@require_http_methods(["GET", "POST"])
def status_update(request, pk):
    requisition = get_object_or_404(Requisition.objects.visible_to(request.user).with_team(), pk=pk)
    if not can_send_status_update(requisition, request.user):
        raise PermissionDenied("Only the person agreed to send status updates can send one.")
    form = StatusUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        send_status_update(requisition=requisition, author=request.user, **form.cleaned_data)
        messages.success(request, "Status update sent to the hiring manager.")
        return redirect("hiring:requisition-detail", pk=pk)
    return render(
        request,
        "checkins/status_update.html",
        {
            "requisition": requisition,
            "form": form,
            "previous": requisition.status_updates.select_related("author")[:3],
        },
        status=422 if request.method == "POST" else 200,
    )
