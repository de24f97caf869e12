from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hiring.fragments import page_or_fragment, varies_on_htmx
from hiring.ics import Method, Person, build_calendar, build_invite, content_type
from hiring.models import Requisition
from intake.agreements import active_agreement_for
from pipeline.models import CLOSED_STAGES, PAST_SCREENING, Application, Stage
from pipeline.stages import MoveRefused, move_application, next_stage_key

from . import access
from .candidate_messages import (
    Kind,
    message_key,
    preparation_message,
    preview_message,
    send_candidate_message,
    sendable_kinds,
)
from .debrief import debrief as debrief_data
from .debrief import offer_gate
from .feedback import may_see_others, save_draft, scorecard_for, submit_scorecard
from .forms import (
    CancelForm,
    CloseOfferForm,
    DecisionForm,
    InterviewForm,
    OfferForm,
    ScorecardForm,
    SurveyForm,
)
from .models import CandidateMessage, Interview, Offer, Scorecard
from .offers import close_offer, extend_offer, prepare_offer
from .scheduling import (
    PlanStage,
    calendar_event,
    cancel_interview,
    interview_url,
    plan_stages,
    reschedule_interview,
    schedule_interview,
    schedule_warnings,
    when_text,
)
from .surveys import SurveyLinkRefused, answer_survey, survey_figures, survey_for_token


# --- loading: every view goes through these; others' searches and candidates are 404 ----
def _get_requisition(request, pk) -> Requisition:
    return get_object_or_404(Requisition.objects.visible_to(request.user).with_team(), pk=pk)


def _get_application(request, requisition, application_id) -> Application:
    application = get_object_or_404(
        Application.objects.visible_to(request.user)
        .filter(requisition=requisition)
        .select_related("candidate", "resume"),
        pk=application_id,
    )
    application.requisition = requisition
    return application


def _interviews(request, requisition):
    """The interviews this person may open: all of the candidates they see for the
    recruiter, HR and the hiring manager; only the ones they sit on for an interviewer."""
    visible = Application.objects.visible_to(request.user).filter(requisition=requisition)
    return (
        access.interviews_visible_to(requisition, request.user)
        .filter(application__in=visible)
        .select_related("application__candidate", "application__resume", "scheduled_by")
        .prefetch_related("interviewers")
    )


def _get_interview(request, requisition, interview_id) -> Interview:
    interview = get_object_or_404(_interviews(request, requisition), pk=interview_id)
    interview.requisition = interview.application.requisition = requisition
    return interview


def _times(interview_or_start, end=None, *, requisition, user) -> dict:
    """The interview's time in the search's zone and, when it differs, the viewer's."""
    start = getattr(interview_or_start, "starts_at", interview_or_start)
    end = end or interview_or_start.ends_at
    zone = ZoneInfo(requisition.time_zone)
    mine = user.zone
    shown = {
        "start": timezone.localtime(start, zone),
        "end": timezone.localtime(end, zone),
        "zone": requisition.time_zone,
    }
    if (
        mine.key != zone.key
        and start.astimezone(mine).utcoffset() != start.astimezone(zone).utcoffset()
    ):
        shown["my_start"] = timezone.localtime(start, mine)
        shown["my_end"] = timezone.localtime(end, mine)
        shown["my_zone"] = mine.key
    return shown


# --- interviews -----------------------------------------------------------------------
@require_GET
def interview_list(request, pk):
    requisition = _get_requisition(request, pk)
    user = request.user
    interviews = list(
        _interviews(request, requisition)
        .order_by("-starts_at", "-pk")
        .annotate(cards_in=Count("scorecards", filter=Q(scorecards__state="submitted")))
        .prefetch_related(Prefetch("scorecards", queryset=Scorecard.objects.filter(author=user)))
    )
    for interview in interviews:
        interview.times = _times(interview, requisition=requisition, user=user)
        interview.on_panel = interview.is_on_panel(user)
        interview.my_card = next(iter(interview.scorecards.all()), None)
    candidates = []
    if access.sees_whole_search(requisition, user):
        candidates = list(
            Application.objects.visible_to(user)
            .filter(requisition=requisition, stage__in=PAST_SCREENING)
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
        )
        context["preview_subject"], context["preview_text"] = preparation_message(
            preview, panel=data["interviewer_users"]
        )
        context["times"] = _times(
            data["starts_at"], data["ends_at"], requisition=requisition, user=request.user
        )
        context["reviewing"] = True
    return context


@varies_on_htmx
@require_http_methods(["GET", "POST"])
def interview_schedule(request, pk, application):
    requisition = _get_requisition(request, pk)
    application = _get_application(request, requisition, application)
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
                _add_errors(form, error)
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


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_GET
def interview_detail(request, pk, interview):
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
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
            "times": _times(interview, requisition=requisition, user=user),
            "on_panel": on_panel,
            "card": card,
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


def _has_screening(application) -> bool:
    try:
        application.screening  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


@require_GET
def interview_ics(request, pk, interview):
    """The interview as a calendar file for whoever may open it (PUBLISH: no replies),
    listing only the organizer and the person downloading it."""
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
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
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
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
                _add_errors(form, error)
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
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
    if not access.can_schedule(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager cancel interviews.")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancel_interview(
                interview=interview, cancelled_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
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
            "times": _times(interview, requisition=requisition, user=request.user),
            "cancel_form": form,
            "can_schedule": True,
            "sees_whole_search": True,
            "show_private_tabs": requisition.can_read_journal(request.user),
        },
        status=422,
    )


# --- scorecards -----------------------------------------------------------------------
def _scorecard_context(request, requisition, interview, card, form, **extra):
    application = interview.application
    context = {
        "requisition": requisition,
        "interview": interview,
        "application": application,
        "card": card,
        "form": form,
        "times": _times(interview, requisition=requisition, user=request.user),
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
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
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
                _add_errors(form, error)
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
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
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
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
    if not may_see_others(application=interview.application, user=request.user):
        raise PermissionDenied("Submit your own scorecard first.")
    return render(
        request,
        "interviews/scorecard.html#others",
        {"others": _other_cards(interview, request.user), "interview": interview},
    )


# --- the debrief ----------------------------------------------------------------------
def _outcomes(application, plan_length):
    outcomes = []
    nxt = next_stage_key(application, plan_length)
    if nxt and nxt.startswith("interview:"):
        outcomes.append(("advance", "Advance to the next stage"))
    if nxt == Stage.OFFER:
        outcomes.append(("offer", "Make an offer"))
    outcomes.append(("reject", "Reject"))
    return outcomes


@require_GET
def debrief(request, pk, application):
    requisition = _get_requisition(request, pk)
    application = _get_application(request, requisition, application)
    return render(request, "interviews/debrief.html", _debrief_context(request, application))


def _debrief_context(request, application, form=None, problem=""):
    requisition = application.requisition
    user = request.user
    if not may_see_others(application=application, user=user):
        raise PermissionDenied("Submit your own scorecard first.")
    agreement = active_agreement_for(requisition)
    plan_length = len(agreement.interview_plan.stages) if agreement else 0
    can_decide = access.can_decide(requisition, user) and application.stage not in CLOSED_STAGES
    data = debrief_data(application, agreement=agreement)
    return {
        "requisition": requisition,
        "application": application,
        "candidate": application.candidate,
        "data": data,
        "can_decide": can_decide and application.stage in (Stage.SUBMITTED, Stage.INTERVIEW),
        "form": form or DecisionForm(outcomes=_outcomes(application, plan_length)),
        "gate": data["gate"] if application.stage == Stage.INTERVIEW else None,
        "problem": problem,
        "offer": Offer.objects.filter(application=application).first(),
        "show_private_tabs": requisition.can_read_journal(user),
    }


@require_POST
def debrief_decide(request, pk, application):
    requisition = _get_requisition(request, pk)
    application = _get_application(request, requisition, application)
    if not access.can_decide(requisition, request.user):
        raise PermissionDenied("The hiring manager decides after the debrief.")
    plan_length = len(plan_stages(requisition))
    form = DecisionForm(request.POST, outcomes=_outcomes(application, plan_length))
    problem = ""
    if form.is_valid():
        data = form.cleaned_data
        outcome = data["outcome"]
        target = {
            "advance": next_stage_key(application, plan_length),
            "offer": Stage.OFFER,
            "reject": Stage.REJECTED,
        }[outcome]
        try:
            move_application(
                application=application,
                to_stage=target,
                by=request.user,
                reason=data.get("disposition_reason"),
                note=data.get("note", ""),
            )
        except MoveRefused as error:
            problem = error.messages[0]
        else:
            messages.success(request, "Decision recorded.")
            if outcome == "offer":
                return redirect("interviews:offer", pk=requisition.pk, application=application.pk)
            return redirect("interviews:debrief", pk=requisition.pk, application=application.pk)
    context = _debrief_context(request, application, form=form, problem=problem)
    return render(request, "interviews/debrief.html", context, status=422)


# --- offers ---------------------------------------------------------------------------
def _offer_context(request, application, **extra):
    requisition = application.requisition
    user = request.user
    offer = (
        Offer.objects.filter(application=application)
        .select_related("prepared_by", "extended_by", "closed_by", "decline_reason")
        .first()
    )
    preparers, extenders = access.offer_preparers(requisition), access.offer_extenders(requisition)
    can_prepare = offer is not None and access.can_prepare_offer(requisition, user, preparers)
    initial = {}
    if offer is not None and offer.salary is not None:
        initial = {
            "salary": offer.salary,
            "start_date": offer.start_date,
            "notes": offer.notes,
            "outside_band_reason": offer.outside_band_reason,
        }
    elif requisition.target_start_date:
        initial = {"start_date": requisition.target_start_date}
    return {
        "requisition": requisition,
        "application": application,
        "candidate": application.candidate,
        "offer": offer,
        "gate": offer_gate(application) if offer and offer.state == Offer.State.PREPARING else None,
        "preparers": preparers,
        "extenders": extenders,
        "can_prepare": can_prepare,
        "can_extend": offer is not None and access.can_extend_offer(requisition, user, extenders),
        "salary_visible": can_prepare or requisition.salary_visible_to(user),
        "offer_form": extra.pop("offer_form", None) or OfferForm(initial=initial),
        "close_form": extra.pop("close_form", None) or CloseOfferForm(),
        "can_message": access.can_send_messages(requisition, user)
        and Kind.OFFER in sendable_kinds(application),
        "show_private_tabs": requisition.can_read_journal(user),
        **extra,
    }


def _load_offer_page(request, pk, application):
    requisition = _get_requisition(request, pk)
    application = _get_application(request, requisition, application)
    if not access.sees_whole_search(requisition, request.user):
        raise PermissionDenied("Offers are for the recruiter, HR and the hiring manager.")
    return requisition, application


@require_http_methods(["GET", "POST"])
def offer(request, pk, application):
    requisition, application = _load_offer_page(request, pk, application)
    if request.method == "GET":
        return render(request, "interviews/offer.html", _offer_context(request, application))
    current = Offer.objects.filter(application=application).first()
    if current is None or not access.can_prepare_offer(requisition, request.user):
        raise PermissionDenied("The matrix gives offer preparation to another party.")
    form = OfferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            prepare_offer(
                offer=current,
                salary=data["salary"],
                start_date=data["start_date"],
                notes=data["notes"],
                outside_band_reason=data["outside_band_reason"],
                prepared_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Offer prepared.")
            return redirect("interviews:offer", pk=requisition.pk, application=application.pk)
    context = _offer_context(request, application, offer_form=form)
    return render(request, "interviews/offer.html", context, status=422)


@require_POST
def offer_extend(request, pk, application):
    requisition, application = _load_offer_page(request, pk, application)
    current = Offer.objects.filter(application=application).first()
    if current is None or not access.can_extend_offer(requisition, request.user):
        raise PermissionDenied("The matrix gives offer extension to another party.")
    try:
        extend_offer(offer=current, extended_by=request.user)
    except ValidationError as error:
        context = _offer_context(request, application, problem=" ".join(error.messages))
        return render(request, "interviews/offer.html", context, status=422)
    messages.success(request, "Offer recorded as extended.")
    return redirect("interviews:offer", pk=requisition.pk, application=application.pk)


@require_POST
def offer_close(request, pk, application):
    requisition, application = _load_offer_page(request, pk, application)
    current = Offer.objects.filter(application=application).first()
    if current is None or not access.can_extend_offer(requisition, request.user):
        raise PermissionDenied("The matrix gives offer closing to another party.")
    form = CloseOfferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            close_offer(
                offer=current,
                accepted=data["answer"] == "accepted",
                decline_reason=data.get("decline_reason"),
                note=data.get("note", ""),
                closed_by=request.user,
            )
        except (ValidationError, MoveRefused) as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                "Offer accepted: welcome aboard!"
                if data["answer"] == "accepted"
                else "Offer recorded as declined.",
            )
            return redirect("interviews:offer", pk=requisition.pk, application=application.pk)
    context = _offer_context(request, application, close_form=form)
    return render(request, "interviews/offer.html", context, status=422)


# --- messages to the candidate --------------------------------------------------------
def _message_page(request, requisition, application, kind, interview=None):
    if not access.can_send_messages(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager message candidates.")
    status, problem = 200, ""
    if request.method == "POST":
        try:
            send_candidate_message(
                kind=kind, application=application, interview=interview, sent_by=request.user
            )
        except ValidationError as error:
            status, problem = 422, " ".join(error.messages)
        else:
            messages.success(request, "Message sent to the candidate.")
            if interview is not None:
                return redirect(
                    "interviews:interview-detail", pk=requisition.pk, interview=interview.pk
                )
            return redirect("interviews:debrief", pk=requisition.pk, application=application.pk)
    subject, text = preview_message(kind=kind, application=application, interview=interview)
    sent = CandidateMessage.objects.filter(
        key=message_key(kind=kind, application=application, interview=interview)
    ).first()
    return render(
        request,
        "interviews/message.html",
        {
            "requisition": requisition,
            "application": application,
            "interview": interview,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "subject": sent.subject if sent else subject,
            "text": sent.text if sent else text,
            "sent": sent,
            "sendable": kind in sendable_kinds(application, interview),
            "problem": problem,
            "show_private_tabs": requisition.can_read_journal(request.user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def message(request, pk, application, kind):
    """Preview, then send, a decision message (rejection or offer)."""
    if kind not in (Kind.REJECTION, Kind.OFFER):
        raise Http404("No such message.")
    requisition = _get_requisition(request, pk)
    application = _get_application(request, requisition, application)
    return _message_page(request, requisition, application, kind)


@require_http_methods(["GET", "POST"])
def interview_thanks(request, pk, interview):
    """Preview, then send, the thanks after the interview with the survey link."""
    requisition = _get_requisition(request, pk)
    interview = _get_interview(request, requisition, interview)
    return _message_page(request, requisition, interview.application, Kind.THANKS, interview)


# --- the candidate's survey (no login) ------------------------------------------------
REFUSALS = {
    "forged": (404, "This link is not valid."),
    "expired": (410, "This survey link has expired."),
    "used": (410, "This survey was already answered. Thank you!"),
}


@login_not_required
@require_http_methods(["GET", "POST"])
def survey(request, token):
    try:
        found = survey_for_token(token)
    except SurveyLinkRefused as refused:
        status, text = REFUSALS[refused.reason]
        return render(request, "interviews/survey.html", {"refused": text}, status=status)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_survey(
                    token=token, ratings=form.ratings(), comment=form.cleaned_data["comment"]
                )
            except SurveyLinkRefused as refused:
                status, text = REFUSALS[refused.reason]
                return render(request, "interviews/survey.html", {"refused": text}, status=status)
            return render(request, "interviews/survey.html", {"thanks": True})
        status = 422
    else:
        status = 200
    interview = found.interview
    response = render(
        request,
        "interviews/survey.html",
        {
            "form": form,
            "job_title": interview.requisition.title,
            "stage": interview.stage_name,
            "organisation": settings.ACCORD_ORGANISATION_NAME,
        },
        status=status,
    )
    # The site's Referrer-Policy (same-origin) keeps the token from other sites; no-referrer
    # would make the browser send `Origin: null` with the answers and fail the CSRF check.
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def survey_results(request):
    """HR and admins see everyone's averages; a recruiter or hiring manager sees their own
    (still only from three answers on)."""
    everyone = request.user.can_see_status_board()
    recruiters = survey_figures(about="recruiter")
    managers = survey_figures(about="hiring_manager")
    if not everyone:
        recruiters = [r for r in recruiters if r["person_id"] == request.user.pk]
        managers = [r for r in managers if r["person_id"] == request.user.pk]
    return render(
        request,
        "interviews/survey_results.html",
        {"recruiters": recruiters, "managers": managers, "everyone": everyone},
    )
