"""The debrief of a candidate (every scorecard side by side) and the hiring manager's
decision after it: fronts `interviews/debrief.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.forms_base import place_errors
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.doors import requisition_for
from intake.agreements import active_agreement_for
from pipeline.brief_check import needs_brief_reason
from pipeline.doors import application_for
from pipeline.forms import brief_reason_of
from pipeline.models import CLOSED_STAGES, Stage
from pipeline.stages import MoveRefused, move_application, next_stage_key

from .. import access
from ..debrief import debrief as debrief_data
from ..feedback import may_see_others, pending_own_scorecards
from ..forms import DecisionForm
from ..models import Offer
from ..scheduling import plan_stages


def _outcomes(application, plan_length):
    outcomes = []
    nxt = next_stage_key(application, plan_length)
    if nxt and nxt.startswith("interview:"):
        outcomes.append(("advance", "Advance to the next stage"))
    if nxt == Stage.OFFER:
        outcomes.append(("offer", "Make an offer"))
    outcomes.append(("reject", "Reject"))
    return outcomes


def _brief_terms(request, application, agreement) -> dict:
    """What a rejection after the debrief offers and asks against the brief in force."""
    return {
        "profile": agreement.role_profile if agreement else None,
        "brief_required": agreement is not None
        and needs_brief_reason(
            requisition=application.requisition, by=request.user, from_stage=application.stage
        ),
    }


@require_GET
def debrief(request, pk, application):
    requisition = requisition_for(request, pk)
    application = application_for(request, requisition, application)
    return render(request, "interviews/debrief.html", _debrief_context(request, application))


def _debrief_context(request, application, form=None, problem=""):
    """The debrief; for a lead who sits on the candidate's panel with their own scorecard
    not in, the same page held: who is missing and their own scorecard to write, none of
    the others' ratings, notes or recommendations, and no decision (finding 2)."""
    requisition = application.requisition
    user = request.user
    held = not may_see_others(application=application, user=user)
    if held and not access.sees_whole_search(requisition, user):
        raise PermissionDenied("Submit your own scorecard first.")
    agreement = active_agreement_for(requisition)
    plan_length = len(agreement.interview_plan.stages) if agreement else 0
    can_decide = (
        access.can_decide(requisition, user, agreement)
        and application.stage not in CLOSED_STAGES
        and not held
    )
    data = debrief_data(application, agreement=agreement)
    if held:
        data = {"missing": data["missing"], "interviews": data["interviews"], "gate": None}
    decision = (
        Commitment.objects.open()
        .for_subject(application)
        .filter(kind=CommitmentKind.DEBRIEF_DECISION)
        .first()
    )
    return {
        "held": held,
        "decision": decision,
        "mine": pending_own_scorecards(application=application, user=user) if held else [],
        "requisition": requisition,
        "application": application,
        "candidate": application.candidate,
        "data": data,
        "can_decide": can_decide and application.stage in (Stage.SUBMITTED, Stage.INTERVIEW),
        "form": form
        or DecisionForm(
            outcomes=_outcomes(application, plan_length),
            **_brief_terms(request, application, agreement),
        ),
        "gate": data["gate"] if application.stage == Stage.INTERVIEW else None,
        "problem": problem,
        "offer": Offer.objects.filter(application=application).first(),
        "show_private_tabs": requisition.can_read_journal(user),
    }


@require_POST
def debrief_decide(request, pk, application):
    requisition = requisition_for(request, pk)
    application = application_for(request, requisition, application)
    if not access.can_decide(requisition, request.user):
        raise PermissionDenied("The hiring manager decides after the debrief.")
    if not may_see_others(application=application, user=request.user):
        raise PermissionDenied("Submit your own scorecard first: the decision comes after it.")
    plan_length = len(plan_stages(requisition))
    form = DecisionForm(
        request.POST,
        outcomes=_outcomes(application, plan_length),
        **_brief_terms(request, application, active_agreement_for(requisition)),
    )
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
                against_brief=brief_reason_of(form) if outcome == "reject" else None,
            )
        except MoveRefused as error:
            if hasattr(error, "error_dict"):
                place_errors(form, error)
            else:
                problem = error.messages[0]
        else:
            messages.success(request, "Decision recorded.")
            if outcome == "offer":
                return redirect("interviews:offer", pk=requisition.pk, application=application.pk)
            return redirect("interviews:debrief", pk=requisition.pk, application=application.pk)
    context = _debrief_context(request, application, form=form, problem=problem)
    return render(request, "interviews/debrief.html", context, status=422)
