"""The first shortlist: progress toward the agreed size and the recruiter's batch
submission to the hiring manager. Fronts `pipeline/submissions.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms_base import place_errors
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.doors import requisition_for
from intake.agreements import active_agreement_for

from .. import access
from ..doors import applications_for
from ..forms import ShortlistSubmitForm
from ..models import Application, Stage
from ..submissions import submit_applications


def _shortlist_context(request, requisition, form=None):
    user = request.user
    agreement = active_agreement_for(requisition)
    size = agreement.role_profile.shortlist_size if agreement else 0
    visible = applications_for(request, requisition)
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
    requisition = requisition_for(request, pk)
    if request.method == "GET":
        return render(request, "pipeline/shortlist.html", _shortlist_context(request, requisition))
    if not access.can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter submits candidates.")
    visible = applications_for(request, requisition)
    form = ShortlistSubmitForm(request.POST, queryset=visible.select_related("candidate"))
    if form.is_valid():
        try:
            moved = submit_applications(
                applications=form.cleaned_data["applications"], by=request.user
            )
        except ValidationError as error:
            place_errors(form, error)
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
