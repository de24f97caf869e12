"""The Interviews tab, scheduling, moving and cancelling an interview, its page and its
calendar file: fronts `interviews/scheduling.py`."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms_base import place_errors
from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from hiring.ics import Method, Person, build_calendar, build_invite, content_type
from pipeline.doors import application_for, applications_for
from pipeline.models import PAST_SCREENING, Stage

from .. import access
from ..candidate_messages import Kind, message_key, preparation_message, sendable_kinds
from ..doors import interview_for, interviews_for
from ..feedback import may_see_others
from ..forms import CancelForm, InterviewForm
from ..invites import calendar_event, interview_url, when_text
from ..models import CandidateMessage, Interview, Scorecard
from ..scheduling import (
    PlanStage,
    cancel_interview,
    plan_stages,
    reschedule_interview,
    schedule_interview,
    schedule_warnings,
)


@require_GET
def interview_list(request, pk):
    requisition = requisition_for(request, pk)
    user = request.user
    interviews = list(
        interviews_for(request, requisition)
        .order_by("-starts_at", "-pk")
        .annotate(cards_in=Count("scorecards", filter=Q(scorecards__state="submitted")))
        .prefetch_related(Prefetch("scorecards", queryset=Scorecard.objects.filter(author=user)))
    )
    for interview in interviews:
        interview.requisition = requisition
        interview.times = interview.times_for(user)
        interview.on_panel = interview.is_on_panel(user)
        interview.my_card = next(iter(interview.scorecards.all()), None)
    candidates = []
    if access.sees_whole_search(requisition, user):
        candidates = list(
            applications_for(request, requisition)
            .filter(stage__in=PAST_SCREENING)
            .select_related("candidate")
            .prefetch_related(Prefetch("offer"))
            .order_by("candidate__name")
        )
    return render(
        request,
        "interviews/interview_list.html",
        {
            "requisition": requisition,
            "interviews": interviews,
            "sees_whole_search": access.sees_whole_search(requisition, user),
            "candidates": candidates,
            "can_schedule": access.can_schedule(requisition, user),
            "show_private_tabs": requisition.can_read_journal(user),
            "now": timezone.now(),
        },
    )


def _interview_form_context(request, requisition, application, form, stages, interview=None):
    context = {
        "requisition": requisition,
        "application": application,
        "form": form,
        "stages": stages,
        "interview": interview,
        "show_private_tabs": requisition.can_read_journal(request.user),
    }
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        stage = stages[data["stage"]] if interview is None else None
        preview = Interview(
            requisition=requisition,
            application=application,
            stage_index=stage.index if stage else interview.stage_index,
            stage_name=stage.name if stage else interview.stage_name,
            focus_areas=list(stage.focus_areas) if stage else interview.focus_areas,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"],
        )
        context["warnings"] = schedule_warnings(
            requisition=requisition,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            interviewers=data["interviewer_users"],
            exclude=interview,
            application=application,
        )
        context["preview_subject"], context["preview_text"] = preparation_message(
            preview, panel=data["interviewer_users"]
        )
        context["times"] = preview.times_for(request.user)
        context["reviewing"] = True
    return context


@varies_on_htmx
@require_http_methods(["GET", "POST"])
def interview_schedule(request, pk, application):
    requisition = requisition_for(request, pk)
    application = application_for(request, requisition, application)
    if not access.can_schedule(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager schedule interviews.")
    stages = plan_stages(requisition)
    try:
        chosen = int(request.GET.get("stage", ""))
    except ValueError:
        chosen = application.interview_round if application.stage == Stage.INTERVIEW else 0
    chosen = chosen if 0 <= chosen < len(stages) else 0
    team_ids = {m.user_id for m in requisition.team_members.all()}
    initial = {"stage": chosen, "length": 60}
    if stages:
        initial["interviewers"] = [str(i) for i in stages[chosen].interviewer_ids if i in team_ids]
        initial["length"] = stages[chosen].length_minutes or 60
    form = InterviewForm(
        request.POST or None, initial=initial, requisition=requisition, stages=stages
    )
    status = 200
    if request.method == "POST":
        status = 422
        if not stages:
            form.add_error(None, "Agree an interview plan first: there is no active agreement.")
        elif form.is_valid() and form.cleaned_data.get("confirm"):
            data = form.cleaned_data
            try:
                interview = schedule_interview(
                    application=application,
                    stage_index=data["stage"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    notes=data["notes"],
                    interviewers=data["interviewer_users"],
                    scheduled_by=request.user,
                )
            except ValidationError as error:
                place_errors(form, error)
            else:
                messages.success(
                    request, "Interview scheduled: invites are on their way to everyone."
                )
                return redirect(
                    "interviews:interview-detail", pk=requisition.pk, interview=interview.pk
                )
        elif form.is_valid():
            status = 200  # the review step: warnings and the candidate's email, then send
    context = _interview_form_context(request, requisition, application, form, stages)
    template = "interviews/interview_form.html"
    if request.method == "GET" and "stage" in request.GET:
        template = page_or_fragment(request, template, "form")
    return render(request, template, context, status=status)


def _has_screening(application) -> bool:
    try:
        application.screening  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


@require_GET
def interview_detail(request, pk, interview):
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    user = request.user
    application = interview.application
    screening = getattr(application, "screening", None) if _has_screening(application) else None
    on_panel = interview.is_on_panel(user)
    card = Scorecard.objects.filter(interview=interview, author=user).first() if on_panel else None
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "requisition": requisition,
            "interview": interview,
            "application": application,
            "candidate": application.candidate,
            "screening": screening,
            "times": interview.times_for(user),
            "on_panel": on_panel,
            "card": card,
            "started": interview.starts_at <= timezone.now(),
            "can_schedule": access.can_schedule(requisition, user)
            and not interview.is_cancelled
            and interview.feedback_opened_at is None,
            "can_thank": access.can_send_messages(requisition, user)
            and Kind.THANKS in sendable_kinds(application, interview),
            "thanked": CandidateMessage.objects.filter(
                key=message_key(kind=Kind.THANKS, application=application, interview=interview)
            ).first(),
            "sees_whole_search": access.sees_whole_search(requisition, user),
            "may_see_others": may_see_others(application=application, user=user),
            "cancel_form": CancelForm(),
            "show_private_tabs": requisition.can_read_journal(user),
        },
    )


@require_GET
def interview_ics(request, pk, interview):
    """The interview as a calendar file for whoever may open it (PUBLISH: no replies),
    listing only the organizer and the person downloading it."""
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    method = Method.CANCEL if interview.is_cancelled else Method.PUBLISH
    internal = render_to_string(
        "interviews/emails/invite_panel.txt",
        {
            "interview": interview,
            "requisition": requisition,
            "candidate": interview.application.candidate,
            "when": when_text(interview),
            "url": interview_url(interview),
            "cancelled": interview.is_cancelled,
        },
    )
    event = calendar_event(interview, description=internal, for_candidate=False)
    if method == Method.PUBLISH:
        content = build_calendar([event.for_recipient(Person.of(request.user))], method=method)
    else:
        content = build_invite([event], recipient=Person.of(request.user), method=method)
    response = HttpResponse(content, content_type=content_type(method))
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def interview_edit(request, pk, interview):
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    if not access.can_schedule(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager move interviews.")
    stages = plan_stages(requisition)
    stage_choices = stages or []
    local = timezone.localtime(interview.starts_at, ZoneInfo(requisition.time_zone))
    initial = {
        "stage": interview.stage_index,
        "date": local.date(),
        "time": local.time(),
        "length": interview.length_minutes,
        "location": interview.location,
        "notes": interview.notes,
        "interviewers": [str(p.pk) for p in interview.interviewers.all()],
    }
    if not any(s.index == interview.stage_index for s in stage_choices):
        stage_choices = [
            PlanStage(
                interview.stage_index, interview.stage_name, tuple(interview.focus_areas), (), 0
            )
        ]
    form = InterviewForm(
        request.POST or None,
        initial=initial,
        requisition=requisition,
        stages=stage_choices,
        fixed_stage=interview.stage_index,
    )
    form.fields["length"].choices = sorted(
        {
            *form.fields["length"].choices,
            (interview.length_minutes, f"{interview.length_minutes} minutes"),
        }
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and form.cleaned_data.get("confirm"):
            data = form.cleaned_data
            try:
                reschedule_interview(
                    interview=interview,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    notes=data["notes"],
                    interviewers=data["interviewer_users"],
                    changed_by=request.user,
                )
            except ValidationError as error:
                place_errors(form, error)
            else:
                messages.success(request, "Interview updated: everyone gets the new invite.")
                return redirect(
                    "interviews:interview-detail", pk=requisition.pk, interview=interview.pk
                )
        elif form.is_valid():
            status = 200
    context = _interview_form_context(
        request, requisition, interview.application, form, stages, interview=interview
    )
    return render(request, "interviews/interview_form.html", context, status=status)


@require_POST
def interview_cancel(request, pk, interview):
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    if not access.can_schedule(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager cancel interviews.")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancel_interview(
                interview=interview, cancelled_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "Interview cancelled: everyone gets the cancellation.")
            return redirect(
                "interviews:interview-detail", pk=requisition.pk, interview=interview.pk
            )
    interview.refresh_from_db()
    interview.requisition = requisition
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "requisition": requisition,
            "interview": interview,
            "application": interview.application,
            "candidate": interview.application.candidate,
            "times": interview.times_for(request.user),
            "cancel_form": form,
            "can_schedule": True,
            "sees_whole_search": True,
            "show_private_tabs": requisition.can_read_journal(request.user),
        },
        status=422,
    )
