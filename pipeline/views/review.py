"""The hiring manager's review of submitted candidates, one at a time: fronts
`pipeline/review.py`.

Without JavaScript it is a page per candidate and a form per decision, POST then redirect to
the queue's next. With static/js/review.js the decision is posted in the background while the
next candidate — fetched as a fragment (`?after=`) while this one was read, résumé and all —
is already on screen; a refused decision brings its candidate back with the reason (issue 25,
finding 8). Either way the rules are the domain's: `advance`, `reject`, `ask_recruiter`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.forms_base import place_errors
from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from intake.agreements import active_agreement_for

from .. import access, rights
from ..brief_check import needs_brief_reason
from ..doors import application_for
from ..forms import (
    AskDecisionForm,
    DecisionForm,
    RejectDecisionForm,
    brief_reason_of,
    decision_form,
)
from ..models import Stage, knockout_passed
from ..review import advance, ask_recruiter, reject, review_queue
from ..screening import screening_of
from ..stages import next_stage_key

TEMPLATE = "pipeline/review.html"


def _reviewable_requisition(request, pk):
    """The search and its agreement in force (read once: the right to review and the page
    both need it), or 403 for someone who does not review its candidates."""
    requisition = requisition_for(request, pk)
    agreement = active_agreement_for(requisition)
    if not rights.can_review(requisition, request.user, agreement):
        raise PermissionDenied("The hiring manager reviews submitted candidates.")
    return requisition, agreement


def _after(request) -> set[int]:
    """`?after=<id>&after=…`: the queue as it will be once those candidates are decided (the
    one on screen, and any whose decision is still on its way)."""
    values = request.GET.getlist("after")[:50]
    return {int(v) for v in values if v.isdigit() and len(v) < 12}


@require_GET
@varies_on_htmx
def review(request, pk):
    """The queue's first candidate, or "nothing waiting". A page visit is sent to the
    candidate's own address; htmx (review.js, reading ahead) gets the next `?ahead=` (1–3)
    candidates after those in `?after=` as fragments, each as it will be once those before
    it are decided."""
    requisition, agreement = _reviewable_requisition(request, pk)
    after = _after(request)
    queue = review_queue(requisition, request.user).exclude(pk__in=after)
    template = page_or_fragment(request, TEMPLATE, "candidate")
    if template == TEMPLATE:
        first = queue.first()
        if first is not None:
            return redirect("pipeline:review-application", pk=pk, application=first.pk)
        return render(request, template, _empty_context(request, requisition))
    ahead = {"2": 2, "3": 3}.get(request.GET.get("ahead", ""), 1)
    upcoming = list(queue.values_list("pk", flat=True)[:ahead])
    if not upcoming:
        return render(request, template, _empty_context(request, requisition))
    parts = []
    for number, application in enumerate(upcoming):
        found = application_for(request, requisition, application)
        context = _review_context(
            request, requisition, agreement, found, after=after | set(upcoming[:number])
        )
        parts.append(render_to_string(template, context, request=request))
    return HttpResponse("".join(parts))


def _empty_context(request, requisition):
    return {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(request.user),
        "application": None,
    }


def _review_context(request, requisition, agreement, found, form=None, after=frozenset()):
    queue = [
        pk
        for pk in review_queue(requisition, request.user).values_list("pk", flat=True)
        if pk not in after
    ]
    position = queue.index(found.pk) + 1 if found.pk in queue else None
    later = [pk for pk in queue if pk != found.pk]
    following = queue[position:] if position else later
    screening = screening_of(found)
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
    posted = form.data.get("action") if form is not None else None
    resume_url = reverse("pipeline:resume", kwargs={"pk": requisition.pk, "application": found.pk})
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
        "form": form,
        "reject_form": form
        if posted == DecisionForm.REJECT
        else RejectDecisionForm(**_brief_terms(request, requisition, agreement)),
        "ask_form": form if posted == DecisionForm.ASK else AskDecisionForm(),
        "queue_size": len(queue),
        "position": position,
        "next_pk": following[0] if following else None,
        "decidable": found.stage == Stage.SUBMITTED and not found.question_open,
        "advance_label": advance_label,
        "salary_visible": access.can_see_salary_expectation(requisition, request.user),
        "resume_url": resume_url,
    }


def _brief_terms(request, requisition, agreement) -> dict:
    """What a rejection here offers and asks against the brief in force."""
    return {
        "profile": agreement.role_profile if agreement else None,
        "brief_required": agreement is not None
        and needs_brief_reason(
            requisition=requisition, by=request.user, from_stage=Stage.SUBMITTED
        ),
    }


@require_GET
@varies_on_htmx
def review_application(request, pk, application):
    requisition, agreement = _reviewable_requisition(request, pk)
    found = application_for(request, requisition, application)
    if found.stage not in (Stage.SUBMITTED,) and not found.submitted_at:
        raise Http404("This candidate was not submitted for review.")
    template = page_or_fragment(request, TEMPLATE, "candidate")
    return render(request, template, _review_context(request, requisition, agreement, found))


@require_POST
def review_decide(request, pk, application):
    """Advance, reject (with a reason) or ask the recruiter; then the next candidate (a
    redirect to the queue; in the background, a line saying what was done)."""
    requisition, agreement = _reviewable_requisition(request, pk)
    found = application_for(request, requisition, application)
    form = decision_form(request.POST, **_brief_terms(request, requisition, agreement))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if found.stage != Stage.SUBMITTED or found.question_open:
                raise ValidationError(f"{found.candidate.name} is not waiting for your review.")
            if data["action"] == DecisionForm.ADVANCE:
                advance(application=found, by=request.user, note=data["note"])
                done = f"{found.candidate.name} moves on to {found.stage_label}."
            elif data["action"] == DecisionForm.REJECT:
                reject(
                    application=found,
                    by=request.user,
                    reason=data["reason"],
                    note=data["note"],
                    against_brief=brief_reason_of(form),
                )
                done = f"{found.candidate.name} is rejected ({data['reason'].label})."
            else:
                ask_recruiter(application=found, by=request.user, text=data["question"])
                done = f"Your question about {found.candidate.name} went to the recruiter."
        except ValidationError as error:
            place_errors(form, error)
        else:
            if request.htmx:
                return render(request, f"{TEMPLATE}#decided", {"done": done})
            messages.success(request, done)
            return redirect("pipeline:review", pk=pk)
    template = page_or_fragment(request, TEMPLATE, "candidate")
    return render(
        request,
        template,
        _review_context(request, requisition, agreement, found, form=form),
        status=422,
    )
