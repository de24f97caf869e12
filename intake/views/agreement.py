"""The Agreement tab: the draft's editor (sections and the responsibility matrix), sending
it for signature, and the recruiter declining the search. Fronts `intake/drafting.py`,
`intake/signatures.py` (sending) and `intake/declines.py`, which all answer on this page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from accounts.forms_base import place_errors
from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx

from .. import access
from ..declines import decline_search
from ..drafting import current_draft, cycle_matrix_cell, latest_version, save_section
from ..forms import DeclineForm
from ..matrix import PARTIES, letter_label, rows
from ..models import Agreement, CycleStep, IntakeSession, SearchDecline, Signer
from ..parts import Section, default_parts, fill_new_parts, sending_problems
from ..sections import section_form
from ..signatures import send_for_signature, signature_status
from ..versions import read_parts


def _editable_parts(requisition, draft):
    """What the editor shows: the draft, else the latest version (the first edit copies
    it into a new draft), else the organisation's templates."""
    source = draft or latest_version(requisition)
    return fill_new_parts(source.parts()) if source else default_parts(requisition)


def _section(section, *, requisition, parts, form=None, saved=False):
    form = form or section_form(section, agreement_parts=parts, requisition=requisition)
    return {
        "name": section,
        "title": Section(section).label,
        "form": form,
        "saved": saved,
        "warnings": getattr(form, "warnings", []) if saved else [],
    }


def _matrix_rows(matrix):
    shown = rows(matrix)
    for row in shown:
        row["cells"] = [
            {
                "party": party,
                "party_label": Signer(party).label,
                "letter": letter,
                "label": letter_label(letter),
            }
            for party, letter in row["cells"]
        ]
    return shown


def _agreement_context(request, requisition, **extra):
    user = request.user
    versions = list(
        Agreement.objects.for_requisition(requisition).with_signatures().order_by("-version")
    )
    # One draft at a time (agreement_one_draft): `current_draft`, read from the versions.
    draft = next((v for v in versions if v.state == Agreement.State.DRAFT), None)
    active = next((v for v in versions if v.state == Agreement.State.ACTIVE), None)
    awaiting = next((v for v in versions if v.state == Agreement.State.AWAITING_SIGNATURES), None)
    can_edit = access.can_edit_agreement(requisition, user)
    visible = access.visible_parts(requisition, user)
    intake = (
        IntakeSession.objects.filter(requisition=requisition).prefetch_related("attendees").first()
    )
    context = {
        "requisition": requisition,
        "show_private_tabs": requisition.can_read_journal(user),
        "draft": draft,
        "active": active,
        "awaiting": awaiting,
        "versions": versions,
        "intake": intake,
        "intake_started": intake is not None and intake.has_started(),
        "declines": SearchDecline.objects.filter(requisition=requisition).select_related(
            "declined_by"
        ),
        "can_edit": can_edit,
        "can_schedule": access.can_schedule_intake(requisition, user),
        "can_send": access.can_send_for_signature(requisition, user),
        "can_decline": access.can_decline_search(requisition, user) and active is None,
        "can_read_full": access.can_read_full_agreement(requisition, user),
        "visible_parts": visible,
        "active_parts": read_parts(active, visible) if active else [],
        "awaiting_signing": signature_status(awaiting, user) if awaiting else None,
        "sending_problems": sending_problems(draft) if draft else [],
        "parties": PARTIES,
        "decline_form": DeclineForm(),
    }
    # The editor's forms (seven sections, the matrix's 42 cells) are most of the page and
    # are rarely used once a version is out: then it is folded behind "Edit the brief"
    # (?edit=1) and the page is the agreement in force. A draft in progress, a first brief
    # or a form being corrected opens it.
    context["editor_open"] = can_edit and (
        draft is not None
        or not versions
        or request.GET.get("edit") == "1"
        or "bound_section" in extra
    )
    if context["editor_open"]:
        parts = _editable_parts(requisition, draft)
        bound = extra.pop("bound_section", None)
        sections = []
        for section in Section.values:
            if section == Section.BUDGET and "budget" not in visible:
                continue
            form = bound["form"] if bound and bound["name"] == section else None
            sections.append(_section(section, requisition=requisition, parts=parts, form=form))
        context["sections"] = sections
        context["matrix_rows"] = _matrix_rows(parts["matrix"])
        context["matrix_broken"] = sum(1 for r in context["matrix_rows"] if r["problem"])
    context.update(extra)
    return context


def _changed(response):
    """The journal and the agreement's status box refresh themselves after an edit."""
    response = trigger_client_event(response, "journal-changed")
    return trigger_client_event(response, "agreement-changed")


@require_GET
@varies_on_htmx
def agreement(request, pk):
    requisition = requisition_for(request, pk)
    context = _agreement_context(request, requisition)
    template = "intake/agreement.html"
    if request.GET.get("part") == "status":
        template = page_or_fragment(request, template, "status")
    return render(request, template, context)


@require_POST
def section_save(request, pk, section):
    requisition = requisition_for(request, pk)
    if section not in Section.values:
        raise Http404("No such section.")
    if not access.can_edit_agreement(requisition, request.user):
        raise PermissionDenied("You cannot edit this agreement.")
    if section == Section.BUDGET and not access.can_see_budget(requisition, request.user):
        raise PermissionDenied("The budget is not shared with you.")
    parts = _editable_parts(requisition, current_draft(requisition))
    form = section_form(section, agreement_parts=parts, requisition=requisition, data=request.POST)
    if section == Section.INTERVIEW_PLAN and "add_stage" in request.POST:
        return _add_stage(request, requisition, parts, form)
    saved = False
    if form.is_valid():
        try:
            save_section(
                requisition=requisition,
                section=section,
                value=form.part(),
                edited_by=request.user,
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            saved = True
    status = 200 if saved else 422
    if not request.htmx:
        if saved:
            messages.success(request, f"{Section(section).label} saved.")
            return redirect(reverse("intake:agreement", kwargs={"pk": pk}) + f"#section-{section}")
        bound = {"name": section, "form": form}
        return render(
            request,
            "intake/agreement.html",
            _agreement_context(request, requisition, bound_section=bound),
            status=422,
        )
    if saved:
        # Re-read so the form shows what was stored (e.g. blank lines dropped).
        parts = _editable_parts(requisition, current_draft(requisition))
        fresh = section_form(section, agreement_parts=parts, requisition=requisition)
        fresh.warnings = getattr(form, "warnings", [])
        form = fresh
    context = {
        "requisition": requisition,
        "section": _section(section, requisition=requisition, parts=parts, form=form, saved=saved),
    }
    response = render(request, "intake/agreement.html#section", context, status=status)
    return _changed(response) if saved else response


def _add_stage(request, requisition, parts, form):
    """Nothing is saved: the plan comes back as typed, with one more empty stage."""
    form = form.with_another_stage()
    if not request.htmx:
        bound = {"name": Section.INTERVIEW_PLAN, "form": form}
        context = _agreement_context(request, requisition, bound_section=bound)
        return render(request, "intake/agreement.html", context)
    section = _section(Section.INTERVIEW_PLAN, requisition=requisition, parts=parts, form=form)
    context = {"requisition": requisition, "section": section}
    return render(request, "intake/agreement.html#section", context)


@require_POST
def matrix_cell(request, pk, step, party):
    requisition = requisition_for(request, pk)
    if step not in CycleStep.values or party not in PARTIES:
        raise Http404("No such cell.")
    if not access.can_edit_agreement(requisition, request.user):
        raise PermissionDenied("You cannot edit this agreement.")
    draft = cycle_matrix_cell(
        requisition=requisition, step=step, party=party, edited_by=request.user
    )
    if not request.htmx:
        return redirect(reverse("intake:agreement", kwargs={"pk": pk}) + "#matrix")
    row = next(r for r in _matrix_rows(draft.matrix) if r["step"] == step)
    response = render(
        request,
        "intake/agreement.html#matrix-row",
        {"requisition": requisition, "row": row, "can_edit": True},
    )
    return _changed(response)


@require_POST
def agreement_send(request, pk):
    requisition = requisition_for(request, pk)
    if not access.can_send_for_signature(requisition, request.user):
        raise PermissionDenied("Only the recruiter or HR send the agreement for signature.")
    try:
        sent = send_for_signature(requisition=requisition, sent_by=request.user)
    except ValidationError as error:
        # Nothing was typed and nothing changed: say why on the page, after a redirect,
        # so a refresh does not post again (post/redirect/get).
        for problem in error.messages:
            messages.error(request, problem)
        return redirect(reverse("intake:agreement", kwargs={"pk": pk}) + "#send")
    messages.success(request, f"Version {sent.version} is out for signature.")
    return redirect("intake:agreement", pk=pk)


@require_POST
def search_decline(request, pk):
    requisition = requisition_for(request, pk)
    if not access.can_decline_search(requisition, request.user):
        raise PermissionDenied("Only the search's recruiter can decline it.")
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            decline_search(
                requisition=requisition,
                declined_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "You declined the search; the hiring team can see why.")
            return redirect("intake:agreement", pk=pk)
    context = _agreement_context(request, requisition, decline_form=form, decline_open=True)
    return render(request, "intake/agreement.html", context, status=422)
