"""Adding a candidate, the candidate's page, their résumé, and the recruiter's answer to the
hiring manager's question on that page: fronts `pipeline/candidates.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms_base import place_errors, render_form
from hiring.doors import requisition_for
from intake.agreements import active_agreement_for

from .. import access
from ..brief_check import DECIDED_STAGES, brief_reason_choices
from ..candidates import add_candidate, replace_resume
from ..doors import application_for
from ..forms import AnswerForm, CandidateForm, MoveForm, ResumeUploadForm
from ..gates import allowed_moves
from ..models import DispositionReason, ReviewQuestion, Stage
from ..resumes import RESUME_DOWNLOAD_CSP, RESUME_INLINE_CSP, download_name
from ..review import answer_question
from ..rights import can_review
from ..screening import screening_of


@require_http_methods(["GET", "POST"])
def candidate_add(request, pk):
    requisition = requisition_for(request, pk)
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
            place_errors(form, error)
        else:
            messages.success(request, f"{application.candidate.name} is in the search.")
            return redirect("pipeline:screening", pk=pk, application=application.pk)
    return render_form(
        request, "pipeline/candidate_form.html", {"requisition": requisition, "form": form}
    )


# --- the candidate's page -------------------------------------------------------------------
def application_context(request, requisition, found, **extra):
    user = request.user
    agreement = active_agreement_for(requisition)
    # Only the moves this person may make now, every gate and the matrix asked (issue 25,
    # finding 1); the server asks them all again on the POST.
    moves = allowed_moves(
        application=found, user=user, requisition=requisition, agreement=agreement
    )
    questions = list(found.questions.select_related("asked_by", "answered_by"))
    open_question = next((q for q in questions if q.is_open), None)
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "application": found,
        "candidate": found.candidate,
        "screening": screening_of(found),
        "history": found.stage_changes.select_related("by", "reason"),
        "questions": [q for q in questions if not q.is_open],
        "open_question": open_question,
        "answer_form": extra.pop("answer_form", None) or AnswerForm(),
        "resume_form": extra.pop("resume_form", None) or ResumeUploadForm(),
        "move_form": MoveForm(),
        "targets": moves["targets"],
        "next_refused": moves["next"],
        "close_as": moves["close_as"],
        "can_close": bool(moves["close_as"]),
        "reasons_ours": DispositionReason.objects.filter(is_active=True, side="ours"),
        "reasons_candidate": DispositionReason.objects.filter(is_active=True, side="candidate"),
        "brief_choices": brief_reason_choices(agreement.role_profile if agreement else None)
        if found.stage in DECIDED_STAGES
        else (),
        "can_screen": access.can_screen(requisition, user)
        and found.stage in (Stage.APPLIED, Stage.SCREENING),
        "can_answer": access.runs_the_search(requisition, user),
        "can_upload": access.can_add_candidates(requisition, user),
        "salary_visible": access.can_see_salary_expectation(requisition, user),
        "can_review": found.stage == Stage.SUBMITTED and can_review(requisition, user, agreement),
        **extra,
    }


@require_GET
def application_detail(request, pk, application):
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    return render(
        request,
        "pipeline/application_detail.html",
        application_context(request, requisition, found),
    )


@require_POST
def question_answer(request, pk, application, question):
    """The recruiter answers the hiring manager's question on the candidate's page; the
    candidate goes back into the manager's review queue (`pipeline/review.py`)."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
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
        application_context(request, requisition, found, answer_form=form),
        status=422,
    )


# --- the résumé -----------------------------------------------------------------------------
@require_POST
def resume_upload(request, pk, application):
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
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
        application_context(request, requisition, found, resume_form=form),
        status=422,
    )


@require_GET
def resume_download(request, pk, application):
    """The one way to a résumé: the application must be visible to this person. Served with
    its sniffed type, `nosniff`, and as an attachment — inline only for PDFs, for the
    review page's frame."""
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
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
