from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from hiring.models import Requisition

from . import access
from .declines import decline_search
from .drafting import current_draft, latest_version, save_section
from .forms import DeclineForm, ScheduleIntakeForm, section_form
from .invites import build_intake_ics
from .matrix import PARTIES, cycle_matrix_cell, letter_label, rows
from .models import Agreement, CycleStep, IntakeSession, SearchDecline, Signer
from .parts import Section, default_parts, sending_problems
from .sessions import mark_intake_held, schedule_intake, scheduling_warnings
from .signatures import send_for_signature, sign_agreement, signature_status
from .versions import compare_versions, previous_version, read_parts


def _get_requisition(request, pk) -> Requisition:
    """Every view loads through here: someone not on the team gets a 404."""
    return get_object_or_404(Requisition.objects.visible_to(request.user).with_team(), pk=pk)


def _get_version(requisition, version) -> Agreement:
    return get_object_or_404(
        Agreement.objects.for_requisition(requisition).with_signatures(), version=version
    )


def _visible_parts(requisition, user) -> list[str]:
    """Interviewers read the interview plan only; the budget follows the salary rule."""
    if not access.can_read_full_agreement(requisition, user):
        return ["interview_plan"]
    parts = list(Agreement.PARTS)
    if not access.can_see_budget(requisition, user):
        parts.remove("budget")
    return parts


def _editable_parts(requisition, draft):
    """What the editor shows: the draft, else the latest version (the first edit copies
    it into a new draft), else the organisation's templates."""
    source = draft or latest_version(requisition)
    return source.parts() if source else default_parts(requisition)


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
    draft = current_draft(requisition)
    versions = list(
        Agreement.objects.for_requisition(requisition).with_signatures().order_by("-version")
    )
    active = next((v for v in versions if v.state == Agreement.State.ACTIVE), None)
    awaiting = next((v for v in versions if v.state == Agreement.State.AWAITING_SIGNATURES), None)
    can_edit = access.can_edit_agreement(requisition, user)
    visible = _visible_parts(requisition, user)
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
    if can_edit:
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
def agreement(request, pk):
    requisition = _get_requisition(request, pk)
    context = _agreement_context(request, requisition)
    template = "intake/agreement.html"
    if request.htmx and request.GET.get("part") == "status":
        template += "#status"
    return render(request, template, context)


@require_POST
def section_save(request, pk, section):
    requisition = _get_requisition(request, pk)
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
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
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
    requisition = _get_requisition(request, pk)
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
    requisition = _get_requisition(request, pk)
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


@require_GET
def version_detail(request, pk, version):
    requisition = _get_requisition(request, pk)
    agreement = _get_version(requisition, version)
    return render(request, "intake/agreement_version.html", _version_context(request, agreement))


def _version_context(request, agreement, **extra):
    requisition = agreement.requisition
    return {
        "requisition": requisition,
        "agreement": agreement,
        "parts": read_parts(agreement, _visible_parts(requisition, request.user)),
        "previous": previous_version(agreement),
        "signing": signature_status(agreement, request.user),
        "signatures": list(agreement.signatures.all()),
        **extra,
    }


@require_POST
def version_sign(request, pk, version):
    requisition = _get_requisition(request, pk)
    agreement = _get_version(requisition, version)
    agreement.requisition = requisition  # keep the prefetched team for the checks
    try:
        sign_agreement(agreement=agreement, signer=request.user, version=version)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("intake:version-detail", pk=pk, version=version)
    if agreement.state == Agreement.State.ACTIVE:
        messages.success(request, f"Signed. Version {version} is now in force.")
    else:
        messages.success(request, f"You signed version {version}.")
    return redirect("intake:agreement", pk=pk)


@require_GET
def version_diff(request, pk, version):
    requisition = _get_requisition(request, pk)
    agreement = _get_version(requisition, version)
    previous = previous_version(agreement)
    visible = _visible_parts(requisition, request.user)
    context = {
        "requisition": requisition,
        "agreement": agreement,
        "previous": previous,
        "sections": compare_versions(previous, agreement, visible) if previous else [],
    }
    return render(request, "intake/agreement_diff.html", context)


@require_POST
def search_decline(request, pk):
    requisition = _get_requisition(request, pk)
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
            form.add_error(None, error)
        else:
            messages.success(request, "You declined the search; the hiring team can see why.")
            return redirect("intake:agreement", pk=pk)
    context = _agreement_context(request, requisition, decline_form=form, decline_open=True)
    return render(request, "intake/agreement.html", context, status=422)


@require_http_methods(["GET", "POST"])
def intake_schedule(request, pk):
    requisition = _get_requisition(request, pk)
    if not access.can_schedule_intake(requisition, request.user):
        raise PermissionDenied("Only the recruiter or HR schedule the intake.")
    session = IntakeSession.objects.filter(requisition=requisition).first()
    initial = {"attendees": [str(m.user_id) for m in requisition.team_members.all()]}
    if session:
        local = session.starts_at.astimezone(ZoneInfo(requisition.time_zone))
        initial = {
            "date": local.date(),
            "time": local.time(),
            "duration_minutes": session.duration_minutes,
            "channel": session.channel,
            "where": session.where,
            "attendees": [str(u.pk) for u in session.attendees.all()],
        }
    form = ScheduleIntakeForm(request.POST or None, initial=initial, requisition=requisition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            schedule_intake(
                requisition=requisition,
                scheduled_by=request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                channel=data["channel"],
                where=data["where"],
                attendees=data["attendee_users"],
            )
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors lands next to its fields
        else:
            messages.success(request, "Intake scheduled; the invites are on their way.")
            for warning in scheduling_warnings(
                requisition=requisition,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
            ):
                messages.warning(request, f"Worth a second look: {warning}")
            return redirect("intake:agreement", pk=pk)
    return render(
        request,
        "intake/intake_schedule.html",
        {"requisition": requisition, "form": form, "session": session},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def intake_held(request, pk):
    requisition = _get_requisition(request, pk)
    if not access.can_schedule_intake(requisition, request.user):
        raise PermissionDenied("Only the recruiter or HR mark the intake held.")
    try:
        mark_intake_held(requisition=requisition, marked_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(reverse("intake:agreement", kwargs={"pk": pk}) + "#intake")
    messages.success(request, "The intake is marked held.")
    return redirect("intake:agreement", pk=pk)


@require_GET
def intake_ics(request, pk):
    requisition = _get_requisition(request, pk)
    session = get_object_or_404(IntakeSession, requisition=requisition)
    response = HttpResponse(
        build_intake_ics(session, method="PUBLISH", recipient=request.user),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="intake.ics"'
    return response
