from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind, Party
from hiring.models import Requisition
from intake.agreements import active_agreement_for

from . import access
from .candidates import add_candidate, replace_resume
from .forms import (
    SORTS,
    AnswerForm,
    CandidateForm,
    DecisionForm,
    ListFilterForm,
    MoveForm,
    ResumeUploadForm,
    ScreeningEntryForm,
    ShortlistSubmitForm,
)
from .models import (
    CLOSED_STAGES,
    Application,
    DispositionReason,
    ReviewQuestion,
    ScreeningForm,
    Source,
    Stage,
    knockout_passed,
)
from .resumes import download_name
from .review import advance, answer_question, ask_recruiter, reject, review_queue
from .screening import initial_values, save_screening
from .stages import MoveRefused, move_application, next_stage_key, open_stage_keys
from .submissions import submit_applications


def _get_requisition(request, pk) -> Requisition:
    """Every pipeline view loads the search through here: not on it → 404."""
    return get_object_or_404(Requisition.objects.visible_to(request.user).with_team(), pk=pk)


def _get_application(request, requisition, application) -> Application:
    """And the candidate through here: an agency recruiter's or interviewer's view of the
    search holds only their candidates; anything else is a 404."""
    queryset = (
        Application.objects.visible_to(request.user)
        .for_requisition(requisition)
        .select_related("candidate", "resume", "sourced_by", "disposition_reason")
    )
    found = get_object_or_404(queryset, pk=application)
    found.requisition = requisition
    return found


def _screening_of(application) -> ScreeningForm | None:
    return ScreeningForm.objects.filter(application=application).first()


# --- the Candidates tab: board and list ---------------------------------------------------
def _columns(requisition, applications, plan):
    keys = open_stage_keys(len(plan))
    labels = {k: Stage(k).label for k in keys if not k.startswith("interview:")}
    labels[Stage.SUBMITTED] = "Submitted"
    for i, stage in enumerate(plan):
        labels[f"interview:{i}"] = stage.name
    columns = {k: {"key": k, "label": labels[k], "cards": []} for k in keys}
    closed = {"key": "closed", "label": "Closed", "cards": []}
    for application in applications:
        key = application.stage_key
        if application.is_closed:
            closed["cards"].append(application)
        elif key in columns:
            columns[key]["cards"].append(application)
        else:  # an interview round the current plan no longer has
            label = application.stage_label
            columns.setdefault(key, {"key": key, "label": label, "cards": []})
            columns[key]["cards"].append(application)
    return [*columns.values(), closed]


def _candidates_context(request, requisition, **extra):
    user = request.user
    agreement = active_agreement_for(requisition)
    plan = agreement.interview_plan.stages if agreement else ()
    view = "list" if request.GET.get("view") == "list" else "board"
    applications = Application.objects.visible_to(user).for_requisition(requisition).for_board()
    filters = ListFilterForm(request.GET or None)
    sort, direction, stage = "days", "desc", ""
    if filters.is_valid():
        sort, direction = filters.cleaned_data["sort"], filters.cleaned_data["dir"]
        stage = filters.cleaned_data["stage"]
    if view == "list":
        field = SORTS[sort][0]
        # "Days in stage" descending = the longest waiting first = the oldest change first.
        descending = (direction == "desc") != (sort == "days")
        applications = applications.order_by(f"-{field}" if descending else field, "pk")
        if stage:
            applications = applications.filter(stage=stage)
    else:
        applications = applications.order_by("stage_changed_at", "pk")
    applications = list(applications)
    # A card's one-click move is for whoever has the ball: the recruiter's side screens
    # and submits (and records a hire), the hiring manager moves through the interviews.
    # Everything else is on the candidate's page (back, reopen, reject with a reason).
    quick = set()
    if access.runs_the_search(requisition, user):
        quick |= {Stage.APPLIED, Stage.SCREENING, Stage.OFFER}
    reviewer = access.can_review(requisition, user)
    if access.is_hiring_manager(requisition, user):
        quick |= {Stage.INTERVIEW}
    # 300 cards: everything a card shows is worked out here once, not looked up (or
    # reversed) per card in the template.
    base = reverse("pipeline:candidates", kwargs={"pk": requisition.pk})
    review_base = reverse("pipeline:review", kwargs={"pk": requisition.pk})
    sources = dict(Source.choices)
    labels = {
        Stage.SCREENING: "Start screening",
        Stage.SUBMITTED: "Submit to the manager",
        Stage.OFFER: "Move to offer",
        Stage.HIRED: "Mark hired",
    } | {f"interview:{i}": f"Move to {s.name}" for i, s in enumerate(plan)}
    now = timezone.now()
    for application in applications:
        application.requisition = requisition
        application.url = f"{base}{application.pk}/"
        application.move_url = f"{base}{application.pk}/move/"
        application.source_label = sources.get(application.source, application.source)
        application.days = (now - application.stage_changed_at).days
        application.ball = application.ball_with
        application.ball_label = Party(application.ball).label if application.ball else ""
        nxt = next_stage_key(application, len(plan))
        application.next_key = nxt if nxt and application.stage in quick else None
        # A submitted candidate is decided on the review page, beside the screening.
        application.review_url = (
            f"{review_base}{application.pk}/"
            if reviewer and application.stage == Stage.SUBMITTED and not application.question_open
            else ""
        )
        application.next_label = labels.get(nxt, "") if nxt else ""
    context = {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "view": view,
        "applications": applications,
        "columns": _columns(requisition, applications, plan) if view == "board" else [],
        "sort": sort,
        "dir": direction,
        "stage_filter": stage,
        "sorts": [(key, label) for key, (_f, label) in SORTS.items()],
        # One token field for every card's form, rendered once.
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        "stages": Stage.choices,
        "agreement": agreement,
        "can_add": access.can_add_candidates(requisition, user),
        "can_drag": bool(access.movable_stages(requisition, user)),
        "can_review": access.can_review(requisition, user),
        "waiting_review": sum(
            1 for a in applications if a.stage == Stage.SUBMITTED and not a.question_open
        ),
        **extra,
    }
    return context


@require_GET
@vary_on_headers("HX-Request")
def candidates(request, pk):
    requisition = _get_requisition(request, pk)
    template = "pipeline/candidates.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#candidates"
    return render(request, template, _candidates_context(request, requisition))


@require_POST
def application_move(request, pk, application):
    """A card's move (board, list, candidate page). Refused moves come back with the gate's
    message: status 422, nothing changed."""
    requisition = _get_requisition(request, pk)
    found = _get_application(request, requisition, application)
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
            )
        except MoveRefused as refused:
            error = refused.messages[0]
    else:
        error = next(iter(form.errors.values()))[0]
    back = request.POST.get("back")
    if request.htmx and back != "application":
        requisition = _get_requisition(request, pk)
        context = _candidates_context(
            request, requisition, move_error=error, move_error_for=found.pk
        )
        response = render(
            request, "pipeline/candidates.html#candidates", context, status=422 if error else 200
        )
        return trigger_client_event(response, "journal-changed")
    if error:
        messages.error(request, f"{found.candidate.name}: {error}")
    else:
        found.refresh_from_db()
        messages.success(request, f"{found.candidate.name} is now at {found.stage_label}.")
    if back == "application":
        return redirect("pipeline:application-detail", pk=pk, application=found.pk)
    return redirect("pipeline:candidates", pk=pk)


# --- adding a candidate -------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def candidate_add(request, pk):
    requisition = _get_requisition(request, pk)
    if not access.can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter and HR add candidates to a search.")
    agreement = active_agreement_for(requisition)
    channels = list(agreement.sourcing.get("channels", [])) if agreement else []
    form = CandidateForm(request.POST or None, request.FILES or None, channels=channels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {f: data[f] for f in CandidateForm.Meta.fields if f != "email"}
        resume = data.get("resume")
        try:
            application = add_candidate(
                requisition=requisition,
                email=data["email"],
                details=details,
                application={
                    "source": data["source"],
                    "source_detail": data["source_detail"],
                    "salary_expectation": data["salary_expectation"],
                },
                resume=resume or None,
                resume_kind=getattr(resume, "resume_kind", None),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{application.candidate.name} is in the search.")
            return redirect("pipeline:screening", pk=pk, application=application.pk)
    return render(
        request,
        "pipeline/candidate_form.html",
        {"requisition": requisition, "form": form},
        status=422 if request.method == "POST" else 200,
    )


# --- one candidate ------------------------------------------------------------------------
def _application_context(request, requisition, found, **extra):
    user = request.user
    agreement = active_agreement_for(requisition)
    plan = agreement.interview_plan.stages if agreement else ()
    is_runner = access.runs_the_search(requisition, user)
    movable = access.movable_stages(requisition, user)
    targets = []
    if not found.is_closed:
        for key in open_stage_keys(len(plan)):
            stage = key.partition(":")[0]
            if key == found.stage_key or stage not in movable:
                continue
            label = plan[int(key.split(":")[1])].name if stage == Stage.INTERVIEW else None
            targets.append((key, label or Stage(stage).label))
    elif is_runner:
        targets = [(k, Stage(k).label) for k in (Stage.APPLIED, Stage.SCREENING)]
    questions = list(found.questions.select_related("asked_by", "answered_by"))
    open_question = next((q for q in questions if q.is_open), None)
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "application": found,
        "candidate": found.candidate,
        "screening": _screening_of(found),
        "history": found.stage_changes.select_related("by", "reason"),
        "questions": [q for q in questions if not q.is_open],
        "open_question": open_question,
        "answer_form": extra.pop("answer_form", None) or AnswerForm(),
        "resume_form": extra.pop("resume_form", None) or ResumeUploadForm(),
        "move_form": MoveForm(),
        "targets": targets,
        "can_close": not found.is_closed and bool(movable & set(CLOSED_STAGES)),
        "reasons_ours": DispositionReason.objects.filter(is_active=True, side="ours"),
        "reasons_candidate": DispositionReason.objects.filter(is_active=True, side="candidate"),
        "can_screen": access.can_screen(requisition, user)
        and found.stage in (Stage.APPLIED, Stage.SCREENING),
        "can_answer": access.runs_the_search(requisition, user),
        "can_upload": access.can_add_candidates(requisition, user),
        "salary_visible": access.can_see_salary_expectation(requisition, user),
        "can_review": access.can_review(requisition, user) and found.stage == Stage.SUBMITTED,
        **extra,
    }


@require_GET
def application_detail(request, pk, application):
    requisition = _get_requisition(request, pk)
    found = _get_application(request, requisition, application)
    return render(
        request,
        "pipeline/application_detail.html",
        _application_context(request, requisition, found),
    )


@require_POST
def resume_upload(request, pk, application):
    requisition = _get_requisition(request, pk)
    found = _get_application(request, requisition, application)
    if not access.can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter and HR keep résumés.")
    form = ResumeUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["resume"]
        replace_resume(application=found, upload=upload, kind=upload.resume_kind, by=request.user)
        messages.success(request, "Résumé uploaded.")
        return redirect("pipeline:application-detail", pk=pk, application=found.pk)
    return render(
        request,
        "pipeline/application_detail.html",
        _application_context(request, requisition, found, resume_form=form),
        status=422,
    )


# The résumé shown inside the review page: only this response may be framed, and only by
# our own pages; nothing in it may run or load anything.
RESUME_INLINE_CSP = {
    "default-src": [CSP.NONE],
    "object-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
RESUME_DOWNLOAD_CSP = {"default-src": [CSP.NONE], "frame-ancestors": [CSP.NONE]}


@require_GET
def resume_download(request, pk, application):
    """The one way to a résumé: the application must be visible to this person. Served with
    its sniffed type, `nosniff`, and as an attachment — inline only for PDFs, for the
    review page's frame."""
    requisition = _get_requisition(request, pk)
    found = _get_application(request, requisition, application)
    resume = found.resume
    if resume is None:
        raise Http404("No résumé on file.")
    inline = request.GET.get("inline") == "1" and resume.is_pdf
    try:
        handle = resume.file.open("rb")
    except FileNotFoundError:
        raise Http404("The résumé file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=download_name(resume, found.candidate.name),
        content_type=resume.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response._csp_config = RESUME_INLINE_CSP
    else:
        response._csp_config = RESUME_DOWNLOAD_CSP
    return response


@require_http_methods(["GET", "POST"])
def screening(request, pk, application):
    requisition = _get_requisition(request, pk)
    found = _get_application(request, requisition, application)
    agreement = active_agreement_for(requisition)
    stored = _screening_of(found)
    editable = access.can_screen(requisition, request.user) and found.stage in (
        Stage.APPLIED,
        Stage.SCREENING,
    )
    context = {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(request.user),
        "application": found,
        "candidate": found.candidate,
        "agreement": agreement,
        "screening": stored,
        "editable": editable,
        "salary_visible": access.can_see_salary_expectation(requisition, request.user),
    }
    if agreement is None:
        context["form"] = None
        return render(request, "pipeline/screening.html", context)
    profile = agreement.role_profile
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("This screening form cannot be changed now.")
        completing = request.POST.get("action") == "complete"
        form = ScreeningEntryForm(request.POST, profile=profile, completing=completing)
        if form.is_valid():
            try:
                stored = save_screening(
                    application=found,
                    data=form.cleaned_data,
                    profile=profile,
                    version=agreement.version,
                    by=request.user,
                    complete=completing,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Screening complete." if completing else "Draft saved.")
                return redirect("pipeline:screening", pk=pk, application=found.pk)
        context.update(form=form, status=422)
    else:
        form = ScreeningEntryForm(initial=initial_values(stored, profile), profile=profile)
        context["form"] = form
    failed = stored.failed_knockouts() if stored and stored.is_complete else []
    context.update(
        failed_knockouts=failed,
        knockout_reason=DispositionReason.objects.filter(code="knockout_answer").first(),
        can_submit=editable and stored is not None and stored.is_complete and not failed,
    )
    return render(request, "pipeline/screening.html", context, status=context.pop("status", 200))


# --- the first shortlist ------------------------------------------------------------------
def _shortlist_context(request, requisition, form=None):
    user = request.user
    agreement = active_agreement_for(requisition)
    size = agreement.role_profile.shortlist_size if agreement else 0
    visible = Application.objects.visible_to(user).for_requisition(requisition)
    counts = Application.objects.for_requisition(requisition).aggregate(
        submitted=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    ready = visible.filter(
        stage=Stage.SCREENING, screening__completed_at__isnull=False
    ).select_related("candidate", "screening")
    ready = [a for a in ready if not a.screening.failed_knockouts()]
    commitment = (
        Commitment.objects.filter(requisition=requisition, kind=CommitmentKind.PRESENT_SHORTLIST)
        .order_by("-started_at")
        .first()
    )
    submitted = visible.ever_submitted().select_related("candidate").order_by("submitted_at")
    if form is None:
        form = ShortlistSubmitForm(queryset=visible.filter(pk__in=[a.pk for a in ready]))
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "agreement": agreement,
        "size": size,
        "submitted_count": counts["submitted"],
        "percent": min(100, round(100 * counts["submitted"] / size)) if size else 0,
        "submitted": submitted,
        "ready": ready,
        "form": form,
        "commitment": commitment,
        "can_submit": access.can_add_candidates(requisition, user),
    }


@require_http_methods(["GET", "POST"])
def shortlist(request, pk):
    """Progress toward the agreed shortlist, and the recruiter's batch submission."""
    requisition = _get_requisition(request, pk)
    if request.method == "GET":
        return render(request, "pipeline/shortlist.html", _shortlist_context(request, requisition))
    if not access.can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter submits candidates.")
    visible = Application.objects.visible_to(request.user).for_requisition(requisition)
    form = ShortlistSubmitForm(request.POST, queryset=visible.select_related("candidate"))
    if form.is_valid():
        try:
            moved = submit_applications(
                applications=form.cleaned_data["applications"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            names = ", ".join(a.candidate.name for a in moved)
            messages.success(request, f"Submitted to the hiring manager: {names}.")
            return redirect("pipeline:shortlist", pk=pk)
    return render(
        request,
        "pipeline/shortlist.html",
        _shortlist_context(request, requisition, form=form),
        status=422,
    )


# --- the hiring manager's review ----------------------------------------------------------
@require_GET
def review(request, pk):
    """The queue's first candidate, or "nothing waiting"."""
    requisition = _get_requisition(request, pk)
    if not access.can_review(requisition, request.user):
        raise PermissionDenied("The hiring manager reviews submitted candidates.")
    first = review_queue(requisition, request.user).first()
    if first is not None:
        return redirect("pipeline:review-application", pk=pk, application=first.pk)
    return render(
        request,
        "pipeline/review.html",
        {
            "requisition": requisition,
            "show_private_tabs": requisition.can_read_journal(request.user),
            "application": None,
        },
    )


def _review_context(request, requisition, found, form=None):
    agreement = active_agreement_for(requisition)
    queue = list(review_queue(requisition, request.user).values_list("pk", flat=True))
    position = queue.index(found.pk) + 1 if found.pk in queue else None
    later = [pk for pk in queue if pk != found.pk]
    following = queue[position:] if position else later
    screening = _screening_of(found)
    musts = []
    if screening:
        by_text = {r["criterion"]: r for r in screening.must_have_ratings}
        profile_musts = agreement.role_profile.must_haves if agreement else ()
        for text in profile_musts or by_text:
            musts.append({"criterion": text, **by_text.get(text, {})})
    plan = agreement.interview_plan.stages if agreement else ()
    nxt = next_stage_key(found, len(plan))
    advance_label = (
        plan[int(nxt.split(":")[1])].name
        if nxt and nxt.startswith("interview:")
        else (Stage(nxt).label if nxt else "")
    )
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(request.user),
        "application": found,
        "candidate": found.candidate,
        "screening": screening,
        "musts": musts,
        "knockouts": [
            {**a, "passed": knockout_passed(a)}
            for a in (screening.knockout_answers if screening else [])
        ],
        "nices": screening.nice_to_have_ratings if screening else [],
        "questions": found.questions.select_related("asked_by", "answered_by"),
        "agreement": agreement,
        "form": form or DecisionForm(),
        "queue_size": len(queue),
        "position": position,
        "next_pk": following[0] if following else None,
        "decidable": found.stage == Stage.SUBMITTED and not found.question_open,
        "advance_label": advance_label,
        "salary_visible": access.can_see_salary_expectation(requisition, request.user),
        "resume_url": reverse(
            "pipeline:resume", kwargs={"pk": requisition.pk, "application": found.pk}
        ),
    }


@require_GET
def review_application(request, pk, application):
    requisition = _get_requisition(request, pk)
    if not access.can_review(requisition, request.user):
        raise PermissionDenied("The hiring manager reviews submitted candidates.")
    found = _get_application(request, requisition, application)
    if found.stage not in (Stage.SUBMITTED,) and not found.submitted_at:
        raise Http404("This candidate was not submitted for review.")
    return render(request, "pipeline/review.html", _review_context(request, requisition, found))


@require_POST
def review_decide(request, pk, application):
    """Advance, reject (with a reason) or ask the recruiter; then the next candidate."""
    requisition = _get_requisition(request, pk)
    if not access.can_review(requisition, request.user):
        raise PermissionDenied("The hiring manager reviews submitted candidates.")
    found = _get_application(request, requisition, application)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if found.stage != Stage.SUBMITTED or found.question_open:
                raise ValidationError(f"{found.candidate.name} is not waiting for your review.")
            if data["action"] == DecisionForm.ADVANCE:
                advance(application=found, by=request.user, note=data["note"])
                done = f"{found.candidate.name} moves on to {found.stage_label}."
            elif data["action"] == DecisionForm.REJECT:
                reject(application=found, by=request.user, reason=data["reason"], note=data["note"])
                done = f"{found.candidate.name} is rejected ({data['reason'].label})."
            else:
                ask_recruiter(application=found, by=request.user, text=data["question"])
                done = f"Your question about {found.candidate.name} went to the recruiter."
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("pipeline:review", pk=pk)
    return render(
        request,
        "pipeline/review.html",
        _review_context(request, requisition, found, form=form),
        status=422,
    )


@require_POST
def question_answer(request, pk, application, question):
    requisition = _get_requisition(request, pk)
    found = _get_application(request, requisition, application)
    if not access.runs_the_search(requisition, request.user):
        raise PermissionDenied("The recruiter answers the hiring manager's questions.")
    asked = get_object_or_404(ReviewQuestion, pk=question, application=found)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer_question(question=asked, by=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            form.add_error("answer", error)
        else:
            messages.success(request, "Answered: the candidate is back in the manager's queue.")
            return redirect("pipeline:application-detail", pk=pk, application=found.pk)
    return render(
        request,
        "pipeline/application_detail.html",
        _application_context(request, requisition, found, answer_form=form),
        status=422,
    )
