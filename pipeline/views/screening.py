"""The recruiter's screening form of a candidate: fronts `pipeline/screening.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms_base import place_errors
from hiring.doors import requisition_for
from intake.agreements import active_agreement_for

from .. import access
from ..doors import application_for
from ..forms import ScreeningEntryForm
from ..models import DispositionReason, Stage
from ..screening import initial_values, save_screening, screening_of


@require_http_methods(["GET", "POST"])
def screening(request, pk, application):
    requisition = requisition_for(request, pk)
    found = application_for(request, requisition, application)
    agreement = active_agreement_for(requisition)
    stored = screening_of(found)
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
                place_errors(form, error)
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
