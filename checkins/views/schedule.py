"""A search's check-in series in the calendar, and moving or cancelling one check-in:
fronts `checkins/schedule.py` (and `checkins/invites.py` for the series' .ics)."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms_base import place_errors, render_form
from hiring.doors import requisition_for
from hiring.ics import Method, Person, build_calendar, content_type

from ..doors import checkin_for
from ..forms import CancelCheckInForm, MoveCheckInForm
from ..invites import series_events
from ..models import CheckInSeries
from ..schedule import can_change_checkin, cancel_checkin, move_checkin


@require_GET
def series_ics(request, pk):
    """Add to calendar: the series as the person's own .ics (only them as attendee)."""
    requisition = requisition_for(request, pk, journal=True)
    series = get_object_or_404(
        CheckInSeries.objects.filter(state=CheckInSeries.State.ACTIVE), requisition=requisition
    )
    series.requisition = requisition
    events = [e.for_recipient(Person.of(request.user)) for e in series_events(series)]
    response = HttpResponse(build_calendar(events), content_type=content_type(Method.PUBLISH))
    response["Content-Disposition"] = 'attachment; filename="check-ins.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def checkin_move(request, pk):
    checkin = checkin_for(request, pk)
    requisition = checkin.requisition
    if not can_change_checkin(checkin, request.user):
        raise PermissionDenied("This check-in cannot be moved.")
    local = timezone.localtime(checkin.starts_at, ZoneInfo(requisition.time_zone))
    form = MoveCheckInForm(
        request.POST or None,
        zone=requisition.time_zone,
        initial={"date": local.date(), "time": local.time().strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            move_checkin(
                checkin=checkin,
                starts_at=form.cleaned_data["starts_at"],
                reason=form.cleaned_data["reason"],
                moved_by=request.user,
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "Check-in moved; the attendees get the update.")
            return redirect("checkins:requisition-checkins", pk=requisition.pk)
    return render_form(
        request,
        "checkins/checkin_change.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "action": "move",
            "zone": requisition.time_zone,
        },
    )


@require_http_methods(["GET", "POST"])
def checkin_cancel(request, pk):
    checkin = checkin_for(request, pk)
    requisition = checkin.requisition
    if not can_change_checkin(checkin, request.user):
        raise PermissionDenied("This check-in cannot be cancelled.")
    form = CancelCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cancel_checkin(
            checkin=checkin, reason=form.cleaned_data["reason"], cancelled_by=request.user
        )
        messages.success(request, "Check-in cancelled; the attendees get the cancellation.")
        return redirect("checkins:requisition-checkins", pk=requisition.pk)
    return render_form(
        request,
        "checkins/checkin_change.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "action": "cancel",
            "zone": requisition.time_zone,
        },
    )
