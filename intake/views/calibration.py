"""The calibration round's page (issue 21): the recruiter presents 3–5 profiles, the hiring
manager marks each against every must-have, the result stands beside the brief with one step
to amend it. Fronts `intake/calibration.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hiring.doors import requisition_for

from .. import access
from ..calibration import MARKS, mark_profiles, present_profiles
from ..drafting import draft_for_editing
from ..models import CalibrationRound
from ..parts import CALIBRATION_PROFILES

TEMPLATE = "intake/calibration.html"


def _requisition(request, pk):
    requisition = requisition_for(request, pk)
    if not access.can_read_full_agreement(requisition, request.user):
        raise PermissionDenied("The calibration round is for the recruiter, HR and the manager.")
    return requisition


def _round(requisition):
    found = CalibrationRound.objects.filter(requisition=requisition).first()
    if found is None:
        raise Http404("This search has no calibration round.")
    found.requisition = requisition
    return found


def _context(request, requisition, problem=""):
    round_ = CalibrationRound.objects.filter(requisition=requisition).first()
    user = request.user
    musts = round_.agreement.role_profile.get("must_haves", []) if round_ else []
    rows = []
    for index, profile in enumerate(round_.profiles if round_ else []):
        marks = round_.marks[index] if round_ and index < len(round_.marks) else {}
        rows.append({"index": index, **profile, "marks": [(m, marks.get(m, "")) for m in musts]})
    manager = requisition.hiring_manager
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "round": round_,
        "musts": musts,
        "rows": rows,
        "slots": range(CALIBRATION_PROFILES[1]),
        "low": CALIBRATION_PROFILES[0],
        "marks": MARKS,
        "can_present": round_ is not None
        and round_.presented_at is None
        and access.can_send_for_signature(requisition, user),
        "can_mark": round_ is not None
        and round_.presented_at is not None
        and round_.reviewed_at is None
        and manager is not None
        and manager.pk == user.pk,
        "can_amend": round_ is not None
        and round_.reviewed_at is not None
        and access.can_edit_agreement(requisition, user),
        "problem": problem,
    }


@require_GET
def calibration(request, pk):
    requisition = _requisition(request, pk)
    return render(request, TEMPLATE, _context(request, requisition))


@require_POST
def calibration_present(request, pk):
    requisition = _requisition(request, pk)
    if not access.can_send_for_signature(requisition, request.user):
        raise PermissionDenied("The recruiter presents the calibration profiles.")
    round_ = _round(requisition)
    profiles = [
        {
            "label": request.POST.get(f"label_{i}", "").strip()[:120],
            "summary": request.POST.get(f"summary_{i}", "").strip()[:500],
        }
        for i in range(CALIBRATION_PROFILES[1])
    ]
    try:
        present_profiles(round_=round_, profiles=profiles, by=request.user)
    except ValidationError as error:
        context = _context(request, requisition, problem=error.messages[0])
        return render(request, TEMPLATE, context, status=422)
    messages.success(request, "The profiles are with the hiring manager.")
    return redirect("intake:calibration", pk=pk)


@require_POST
def calibration_mark(request, pk):
    requisition = _requisition(request, pk)
    manager = requisition.hiring_manager
    if manager is None or manager.pk != request.user.pk:
        raise PermissionDenied("The hiring manager marks the calibration profiles.")
    round_ = _round(requisition)
    musts = round_.agreement.role_profile.get("must_haves", [])
    marks = [
        {must: request.POST.get(f"mark_{i}_{j}", "") for j, must in enumerate(musts)}
        for i in range(len(round_.profiles))
    ]
    try:
        mark_profiles(round_=round_, marks=marks, by=request.user)
    except ValidationError as error:
        context = _context(request, requisition, problem=error.messages[0])
        return render(request, TEMPLATE, context, status=422)
    messages.success(request, "Your marks are in: the result stands beside the brief.")
    return redirect("intake:calibration", pk=pk)


@require_POST
def calibration_amend(request, pk):
    """One step to amend the brief from the result: a draft of the next version."""
    requisition = _requisition(request, pk)
    if _round(requisition).reviewed_at is None:
        raise Http404("The round has no result to amend the brief from yet.")
    draft = draft_for_editing(requisition=requisition, edited_by=request.user)
    messages.success(request, f"Draft v{draft.version} is open: amend the brief, then send it.")
    return redirect("intake:agreement", pk=pk)
