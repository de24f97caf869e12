from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from hiring.ics import Method, Person, build_calendar, content_type
from hiring.models import LEAD_ROLES, Requisition

from .feed import feed_body, feed_etag, feed_events, reset_feed, user_for_token
from .forms import (
    ActionItemDoneForm,
    ActionItemFormSet,
    CancelCheckInForm,
    MoveCheckInForm,
    PulseForm,
    RecordCheckInForm,
    StatusUpdateForm,
)
from .invites import series_events
from .models import ActionItem, CheckIn, CheckInSeries
from .records import (
    ActionItemDraft,
    answer_pulse,
    can_answer_pulse,
    can_record,
    complete_action_item,
    pulse_chart,
    pulse_lines,
    pulse_points,
    record_checkin,
    sees_every_pulse,
)
from .schedule import can_change_checkin, cancel_checkin, describe, move_checkin
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


# --- check-ins (issue 11) ------------------------------------------------------------------
def _requisition_for_checkins(request, pk) -> Requisition:
    """The one door: visible to the person (404 otherwise), and the check-ins are for the
    recruiter, HR and the hiring manager (403 for interviewers)."""
    requisition = get_object_or_404(Requisition.objects.visible_to(request.user).with_team(), pk=pk)
    if not requisition.can_read_journal(request.user):
        raise PermissionDenied("Check-ins are for the recruiter, HR and the hiring manager.")
    return requisition


def _checkin(request, pk) -> CheckIn:
    visible = Requisition.objects.visible_to(request.user)
    checkin = get_object_or_404(
        CheckIn.objects.filter(requisition__in=visible).select_related("series"), pk=pk
    )
    requisition = _requisition_for_checkins(request, checkin.requisition_id)
    checkin.requisition = checkin.series.requisition = requisition
    return checkin


def _zone(requisition):
    return ZoneInfo(requisition.time_zone)


@vary_on_headers("HX-Request")
@require_GET
def requisition_checkins(request, pk):
    """The Check-ins tab: the next occurrence, the last record, open action items, the
    pulse over time (SVG and a table)."""
    requisition = _requisition_for_checkins(request, pk)
    now = timezone.now()
    checkins = CheckIn.objects.filter(requisition=requisition).select_related(
        "recorded_by", "series"
    )
    upcoming = list(checkins.upcoming(now)[:4])
    last = checkins.filter(state__in=[CheckIn.State.HELD, CheckIn.State.MISSED]).order_by(
        "-starts_at"
    )
    awaiting = checkins.scheduled().filter(starts_at__lte=now).order_by("-starts_at")[:3]
    series = CheckInSeries.objects.current().filter(requisition=requisition).first()
    points = pulse_points(requisition, request.user)
    lines = pulse_lines(requisition, request.user)
    context = {
        "requisition": requisition,
        "series": series,
        "series_text": describe(series) if series else "",
        "upcoming": upcoming,
        "awaiting": list(awaiting),
        "last": last.first(),
        "recent": list(last[1:6]),
        "action_items": ActionItem.objects.filter(requisition=requisition, done_at=None)
        .select_related("owner", "checkin")
        .order_by("due_on", "pk"),
        "pulse": points,
        "chart": pulse_chart(points, lines),
        "lines": lines,
        "sees_every_pulse": sees_every_pulse(requisition, request.user),
        "zone": requisition.time_zone,
        "show_private_tabs": True,
        "now": now,
        "today": timezone.localtime(now, _zone(requisition)).date(),
    }
    template = "checkins/requisition_checkins.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#tab"
    return render(request, template, context)


@require_GET
def series_ics(request, pk):
    """Add to calendar: the series as the person's own .ics (only them as attendee)."""
    requisition = _requisition_for_checkins(request, pk)
    series = get_object_or_404(
        CheckInSeries.objects.filter(state=CheckInSeries.State.ACTIVE), requisition=requisition
    )
    series.requisition = requisition
    events = [e.for_recipient(Person.of(request.user)) for e in series_events(series)]
    response = HttpResponse(build_calendar(events), content_type=content_type(Method.PUBLISH))
    response["Content-Disposition"] = 'attachment; filename="check-ins.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def checkin_detail(request, pk):
    checkin = _checkin(request, pk)
    requisition = checkin.requisition
    return render(
        request,
        "checkins/checkin_detail.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "action_items": checkin.action_items.select_related("owner"),
            "can_record": can_record(checkin, request.user),
            "can_change": can_change_checkin(checkin, request.user),
            "can_answer_pulse": can_answer_pulse(checkin, request.user),
            "pulse_answers": _pulse_answers_for(checkin, request.user),
            "sees_every_pulse": sees_every_pulse(requisition, request.user),
            "zone": requisition.time_zone,
        },
    )


def _pulse_answers_for(checkin, user):
    """HR reads every answer with its author; everyone else only their own."""
    answers = checkin.pulse_answers.select_related("person")
    if sees_every_pulse(checkin.requisition, user):
        return list(answers)
    return list(answers.filter(person=user))


def _team_choices(requisition):
    return [
        (m.user_id, f"{m.user.display_name} ({m.get_role_display()})")
        for m in (requisition.team_members.all())
        if m.role in LEAD_ROLES
    ]


@require_http_methods(["GET", "POST"])
def checkin_record(request, pk):
    checkin = _checkin(request, pk)
    requisition = checkin.requisition
    if not can_record(checkin, request.user):
        if checkin.is_recorded:
            return redirect("checkins:checkin-detail", pk=checkin.pk)
        raise PermissionDenied("This check-in cannot be recorded now.")
    team = _team_choices(requisition)
    form = RecordCheckInForm(request.POST or None)
    items = ActionItemFormSet(request.POST or None, prefix="items", form_kwargs={"team": team})
    if request.method == "POST" and form.is_valid() and items.is_valid():
        people = {m.user_id: m.user for m in requisition.team_members.all()}
        drafts = [
            ActionItemDraft(text=f["text"], owner=people[f["owner"]], due_on=f["due_on"])
            for f in items.cleaned_data
            if f.get("text") and f.get("owner") in people
        ]
        try:
            record_checkin(
                checkin=checkin,
                recorded_by=request.user,
                held=form.cleaned_data["outcome"] == "held",
                progress=form.cleaned_data["progress"],
                blockers=form.cleaned_data["blockers"],
                missed_reason=form.cleaned_data["missed_reason"],
                action_items=drafts,
            )
        except ValidationError as error:
            _place_errors(form, error)
        else:
            messages.success(request, "Check-in recorded.")
            return redirect("checkins:checkin-detail", pk=checkin.pk)
    return render(
        request,
        "checkins/checkin_record.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "items": items,
            "zone": requisition.time_zone,
        },
        status=422 if request.method == "POST" else 200,
    )


def _place_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def checkin_move(request, pk):
    checkin = _checkin(request, pk)
    requisition = checkin.requisition
    if not can_change_checkin(checkin, request.user):
        raise PermissionDenied("This check-in cannot be moved.")
    local = timezone.localtime(checkin.starts_at, _zone(requisition))
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
            _place_errors(form, error)
        else:
            messages.success(request, "Check-in moved; the attendees get the update.")
            return redirect("checkins:requisition-checkins", pk=requisition.pk)
    return render(
        request,
        "checkins/checkin_change.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "action": "move",
            "zone": requisition.time_zone,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def checkin_cancel(request, pk):
    checkin = _checkin(request, pk)
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
    return render(
        request,
        "checkins/checkin_change.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "action": "cancel",
            "zone": requisition.time_zone,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def checkin_pulse(request, pk):
    """The pulse question, one click from the email (after log-in)."""
    checkin = _checkin(request, pk)
    requisition = checkin.requisition
    if not can_answer_pulse(checkin, request.user):
        raise PermissionDenied("The pulse is asked of the attendees of a held check-in.")
    mine = checkin.pulse_answers.filter(person=request.user).first()
    initial = {"score": mine.score, "comment": mine.comment} if mine else None
    form = PulseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        answer_pulse(
            checkin=checkin,
            person=request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, "Thank you: your answer is in.")
        return redirect("checkins:requisition-checkins", pk=requisition.pk)
    return render(
        request,
        "checkins/checkin_pulse.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "mine": mine,
            "zone": requisition.time_zone,
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def action_item(request, pk):
    """An action item's own page, where its owner marks it done with a note."""
    visible = Requisition.objects.visible_to(request.user)
    item = get_object_or_404(
        ActionItem.objects.filter(requisition__in=visible).select_related(
            "owner", "created_by", "checkin"
        ),
        pk=pk,
    )
    requisition = _requisition_for_checkins(request, item.requisition_id)
    is_owner = item.owner_id == request.user.pk
    form = ActionItemDoneForm(request.POST or None)
    if request.method == "POST":
        if not is_owner:
            raise PermissionDenied("Only the person it names marks an action item done.")
        if item.is_done:
            form.add_error(None, "This action item is already done.")
        elif form.is_valid():
            complete_action_item(item=item, done_by=request.user, note=form.cleaned_data["note"])
            messages.success(request, "Marked done.")
            return redirect("checkins:action-item", pk=item.pk)
    return render(
        request,
        "checkins/action_item.html",
        {
            "requisition": requisition,
            "item": item,
            "form": form,
            "is_owner": is_owner,
            "zone": requisition.time_zone,
        },
        status=422 if request.method == "POST" else 200,
    )


# --- the personal calendar feed ------------------------------------------------------------
@require_GET
def calendar_settings(request):
    return render(request, "checkins/calendar_settings.html")


@require_POST
def calendar_reset(request):
    reset_feed(user=request.user)
    messages.success(request, "New calendar address made: the old one no longer works.")
    return redirect("checkins:calendar-settings")


@require_GET
@login_not_required
def calendar_feed(request, token):
    """The private feed; the token is the only key (404 for a wrong or old one)."""
    user = user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    events = feed_events(user)
    etag = feed_etag(events)
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(feed_body(user, events), content_type=content_type(Method.PUBLISH))
        response["Content-Disposition"] = 'inline; filename="accord.ics"'
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
