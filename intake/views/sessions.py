"""The intake session: scheduling it, marking it held, its calendar file. Fronts
`intake/sessions.py`."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms_base import place_errors, render_form
from hiring.doors import requisition_for

from .. import access
from ..forms import ScheduleIntakeForm
from ..invites import build_intake_ics
from ..models import IntakeSession
from ..sessions import mark_intake_held, schedule_intake, scheduling_warnings


@require_http_methods(["GET", "POST"])
def intake_schedule(request, pk):
    requisition = requisition_for(request, pk)
    if not access.can_schedule_intake(requisition, request.user):
        raise PermissionDenied("Only the recruiter or HR schedule the intake.")
    session = IntakeSession.objects.filter(requisition=requisition).first()
    initial = {"attendees": [str(m.user_id) for m in requisition.team_members.all()]}
    if session:
        local = session.starts_at.astimezone(ZoneInfo(requisition.time_zone))
        initial = {
            "date": local.date(),
            "time": local.time(),
            "duration_minutes": session.duration_minutes,
            "channel": session.channel,
            "where": session.where,
            "attendees": [str(u.pk) for u in session.attendees.all()],
        }
    form = ScheduleIntakeForm(request.POST or None, initial=initial, requisition=requisition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule_intake(
                requisition=requisition,
                scheduled_by=request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                channel=data["channel"],
                where=data["where"],
                attendees=data["attendee_users"],
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "Intake scheduled; the invites are on their way.")
            for warning in scheduling_warnings(
                requisition=requisition,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
            ):
                messages.warning(request, f"Worth a second look: {warning}")
            return redirect("intake:agreement", pk=pk)
    return render_form(
        request,
        "intake/intake_schedule.html",
        {"requisition": requisition, "form": form, "session": session},
    )


@require_POST
def intake_held(request, pk):
    requisition = requisition_for(request, pk)
    if not access.can_schedule_intake(requisition, request.user):
        raise PermissionDenied("Only the recruiter or HR mark the intake held.")
    try:
        mark_intake_held(requisition=requisition, marked_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(reverse("intake:agreement", kwargs={"pk": pk}) + "#intake")
    messages.success(request, "The intake is marked held.")
    return redirect("intake:agreement", pk=pk)


@require_GET
def intake_ics(request, pk):
    requisition = requisition_for(request, pk)
    session = get_object_or_404(IntakeSession, requisition=requisition)
    response = HttpResponse(
        build_intake_ics(session, method="PUBLISH", recipient=request.user),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="intake.ics"'
    return response
