"""The brief check (issue 21): the hiring side's rejections of the version in force beside
its brief, whether they disagree, and the recruiter's proposal of the amended version.
Fronts `pipeline/recalibration.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.forms_base import place_errors
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.doors import requisition_for
from intake.access import can_send_for_signature
from intake.agreements import active_agreement_for

from .. import access
from ..forms import BriefProposalForm
from ..recalibration import finding_for, propose_amended_brief

TEMPLATE = "pipeline/brief_check.html"


def _checked_requisition(request, pk):
    """The search's leads see its brief check; interviewers do not (it is about decisions
    on every candidate)."""
    requisition = requisition_for(request, pk)
    user = request.user
    if not (
        access.runs_the_search(requisition, user) or access.is_hiring_manager(requisition, user)
    ):
        raise PermissionDenied("The brief check is for the recruiter, HR and the hiring manager.")
    return requisition


def _context(request, requisition, form=None):
    agreement = active_agreement_for(requisition)
    finding = finding_for(requisition, agreement)
    rows = []
    for change in finding.rejections if finding else ():
        try:
            ratings = change.application.screening.must_have_ratings or []
        except change.application._meta.model.screening.RelatedObjectDoesNotExist:
            ratings = []
        by_text = {r.get("criterion"): r.get("rating") for r in ratings}
        rows.append({"change": change, "ratings": [by_text.get(t) for t in finding.must_haves]})
    can_propose = finding is not None and can_send_for_signature(requisition, request.user)
    commitment = None
    if agreement is not None:
        commitment = (
            Commitment.objects.for_subject(agreement.agreement)
            .filter(kind=CommitmentKind.RECALIBRATE)
            .select_related("owner")
            .first()
        )
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(request.user),
        "agreement": agreement,
        "finding": finding,
        "rows": rows,
        "proposals": finding.proposals() if finding else [],
        "commitment": commitment,
        "can_propose": can_propose,
        "form": form or (BriefProposalForm(finding=finding) if can_propose else None),
    }


@require_GET
def brief_check(request, pk):
    requisition = _checked_requisition(request, pk)
    return render(request, TEMPLATE, _context(request, requisition))


@require_POST
def brief_check_propose(request, pk):
    requisition = _checked_requisition(request, pk)
    if not can_send_for_signature(requisition, request.user):
        raise PermissionDenied("The recruiter or HR propose a new version of the brief.")
    agreement = active_agreement_for(requisition)
    if agreement is None:
        messages.error(request, "No agreement is in force yet: there is no brief to amend.")
        return redirect("pipeline:brief-check", pk=requisition.pk)
    form = BriefProposalForm(request.POST, finding=finding_for(requisition, agreement))
    if form.is_valid():
        try:
            sent = propose_amended_brief(
                requisition=requisition,
                change=form.cleaned_data["change"],
                words=form.cleaned_data["words"],
                by=request.user,
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(
                request, f"Agreement v{sent.version} is out for signature: both sides sign it."
            )
            return redirect("intake:agreement", pk=requisition.pk)
    return render(request, TEMPLATE, _context(request, requisition, form=form), status=422)
