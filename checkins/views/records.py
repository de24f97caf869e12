"""The Check-ins tab, one check-in's page, recording it, its pulse question, and an action
item's page: fronts `checkins/records.py`."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms_base import place_errors, render_form
from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from hiring.models import LEAD_ROLES

from ..agenda import agenda_for, agenda_text
from ..doors import action_item_for, checkin_for
from ..forms import ActionItemDoneForm, ActionItemFormSet, PulseForm, RecordCheckInForm
from ..models import ActionItem, CheckIn, CheckInSeries
from ..records import (
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
from ..schedule import can_change_checkin, why_none_scheduled
from ..series import describe


@varies_on_htmx
@require_GET
def requisition_checkins(request, pk):
    """The Check-ins tab: the next occurrence, the last record, open action items, the
    pulse over time (SVG and a table)."""
    requisition = requisition_for(request, pk, journal=True)
    now = timezone.now()
    checkins = CheckIn.objects.filter(requisition=requisition).select_related(
        "recorded_by", "series"
    )
    upcoming = list(checkins.upcoming(now)[:4])
    last = checkins.filter(state__in=[CheckIn.State.HELD, CheckIn.State.MISSED]).order_by(
        "-starts_at"
    )
    awaiting = list(checkins.scheduled().filter(starts_at__lte=now).order_by("-starts_at")[:3])
    for checkin in awaiting:  # a link to record only for those who may (HR leads see, not record)
        checkin.requisition = requisition
        checkin.recordable = can_record(checkin, request.user, now)
    series = CheckInSeries.objects.current().filter(requisition=requisition).first()
    points = pulse_points(requisition, request.user)
    lines = pulse_lines(requisition, request.user)
    context = {
        "requisition": requisition,
        "series": series,
        "series_text": describe(series) if series else "",
        "upcoming": upcoming,
        "why_none": "" if upcoming else why_none_scheduled(requisition),
        "awaiting": awaiting,
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
        "today": timezone.localtime(now, ZoneInfo(requisition.time_zone)).date(),
    }
    template = page_or_fragment(request, "checkins/requisition_checkins.html", "tab")
    return render(request, template, context)


@require_GET
def checkin_detail(request, pk):
    checkin = checkin_for(request, pk)
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
            # Before it is recorded: what it will go through (issue 21).
            "agenda": None if checkin.is_recorded else agenda_for(checkin).follow_as(request.user),
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
    checkin = checkin_for(request, pk)
    requisition = checkin.requisition
    if not can_record(checkin, request.user):
        if checkin.is_recorded:
            return redirect("checkins:checkin-detail", pk=checkin.pk)
        raise PermissionDenied("This check-in cannot be recorded now.")
    team = _team_choices(requisition)
    agenda = agenda_for(checkin).follow_as(request.user)
    # The record starts from the agenda (issue 21): what moved since the last check-in.
    initial = {"progress": agenda_text(agenda, ZoneInfo(requisition.time_zone))}
    form = RecordCheckInForm(request.POST or None, initial=initial)
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
            place_errors(form, error)
        else:
            messages.success(request, "Check-in recorded.")
            return redirect("checkins:checkin-detail", pk=checkin.pk)
    return render_form(
        request,
        "checkins/checkin_record.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "items": items,
            "agenda": agenda,
            "zone": requisition.time_zone,
        },
    )


@require_http_methods(["GET", "POST"])
def checkin_pulse(request, pk):
    """The pulse question, one click from the email (after log-in)."""
    checkin = checkin_for(request, pk)
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
    return render_form(
        request,
        "checkins/checkin_pulse.html",
        {
            "requisition": requisition,
            "checkin": checkin,
            "form": form,
            "mine": mine,
            "zone": requisition.time_zone,
        },
    )


@require_http_methods(["GET", "POST"])
def action_item(request, pk):
    """An action item's own page, where its owner marks it done with a note."""
    item = action_item_for(request, pk)
    requisition = item.requisition
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
    return render_form(
        request,
        "checkins/action_item.html",
        {
            "requisition": requisition,
            "item": item,
            "form": form,
            "is_owner": is_owner,
            "zone": requisition.time_zone,
        },
    )
