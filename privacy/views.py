from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hiring.doors import requisition_for
from interviews.models import Interview
from pipeline.doors import application_for
from pipeline.models import Application

from .access import can_handle_personal_data
from .erasure import erase_candidate
from .exports import export_candidate
from .forms import EraseForm, MergeForm
from .merging import merge_candidates, possible_duplicates
from .models import Erasure
from .records import records_of


def _get_application(request, pk, application) -> Application:
    """The search and the candidate through their usual doors (404 for others), then the
    question of who handles personal data (403)."""
    found = application_for(request, requisition_for(request, pk), application)
    if not can_handle_personal_data(request.user):
        raise PermissionDenied("HR leads and admins handle candidates' personal data.")
    return found


def _export_held(candidate, user) -> bool:
    """The archive holds every scorecard about the person: a reader who sits on one of their
    interview panels with their own scorecard not in waits for it (the rule of
    `interviews.feedback.may_see_others`, issue 25 finding 2)."""
    return (
        Interview.objects.filter(application__candidate=candidate)
        .awaiting_scorecard_from(user)
        .exists()
    )


def _page(request, application, form, status=200, merge_error=None):
    candidate = application.candidate
    records = records_of(candidate)
    return render(
        request,
        "privacy/candidate_privacy.html",
        {
            "requisition": application.requisition,
            "application": application,
            "candidate": candidate,
            "searches": records.applications,
            "erasure": Erasure.objects.filter(candidate=candidate).first(),
            "resumes": candidate.resumes.count(),
            "messages_sent": records.messages().count(),
            "form": form,
            "export_held": _export_held(candidate, request.user),
            "duplicates": possible_duplicates(candidate),
            "merge_error": merge_error,
        },
        status=status,
    )


@require_GET
def candidate_privacy(request, pk, application):
    found = _get_application(request, pk, application)
    return _page(request, found, EraseForm())


@require_POST
def candidate_export(request, pk, application):
    found = _get_application(request, pk, application)
    if _export_held(found.candidate, request.user):
        raise PermissionDenied("Submit your own scorecard first: the archive holds the others'.")
    archive = export_candidate(candidate=found.candidate, by=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="candidate-{found.candidate.pk}-personal-data.zip"'
    )
    return response


@require_POST
def candidate_erase(request, pk, application):
    found = _get_application(request, pk, application)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _page(request, found, form, status=422)
    erase_candidate(candidate=found.candidate, by=request.user)
    messages.success(request, "The candidate's personal data is erased; the counts stay.")
    return redirect("privacy:candidate", pk=pk, application=application)


@require_POST
def candidate_merge(request, pk, application):
    """Fold a possible duplicate (same email, another profile) into this candidate."""
    found = _get_application(request, pk, application)
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _page(request, found, EraseForm(), 422, "Choose a profile to merge.")
    other = next(
        (c for c in possible_duplicates(found.candidate) if c.pk == form.cleaned_data["other"]),
        None,
    )
    if other is None:
        return _page(request, found, EraseForm(), 422, "That profile is not a possible duplicate.")
    try:
        merge_candidates(keep=found.candidate, other=other, by=request.user)
    except ValidationError as error:
        return _page(request, found, EraseForm(), 422, " ".join(error.messages))
    messages.success(request, "The two profiles are one now; every search of both keeps it.")
    return redirect("privacy:candidate", pk=pk, application=application)
