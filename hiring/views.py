from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from accounts.forms_base import place_errors, render_form

from .doors import requisition_for, requisitions_for
from .forms import MoveForm, RequisitionFilterForm, RequisitionForm, TeamForm
from .fragments import page_or_fragment, varies_on_htmx
from .journal import journal_for
from .lifecycle import create_requisition, move_requisition, update_requisition
from .models import Requisition
from .permissions import moves_for
from .team import assign_hiring_team

PAGE_SIZE = 25


@require_GET
@varies_on_htmx
def requisition_list(request):
    filters = RequisitionFilterForm(request.GET or None)
    requisitions = requisitions_for(request)
    if filters.is_valid():
        data = filters.cleaned_data
        requisitions = requisitions.search(data["q"])
        if data["state"]:
            requisitions = requisitions.filter(state=data["state"])
        if data["priority"]:
            requisitions = requisitions.filter(priority=data["priority"])
        if data["mine"]:
            requisitions = requisitions.filter(team_members__user=request.user).distinct()
    page = Paginator(requisitions.with_team(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "can_create": request.user.can_create_requisitions(),
    }
    template = page_or_fragment(request, "hiring/requisition_list.html", "results")
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def requisition_create(request):
    if not request.user.can_create_requisitions():
        raise PermissionDenied("You cannot open requisitions.")
    form = RequisitionForm(request.POST or None, user=request.user)
    team_form = TeamForm(request.POST or None, creator=request.user, prefix="team")
    if request.method == "POST" and form.is_valid() and team_form.is_valid():
        try:
            requisition = create_requisition(
                data=form.cleaned_data, team=team_form.cleaned_data, created_by=request.user
            )
        except ValidationError as error:
            place_errors(team_form, error)
        else:
            messages.success(request, f"“{requisition.title}” is drafted.")
            return redirect("hiring:requisition-detail", pk=requisition.pk)
    return render_form(
        request,
        "hiring/requisition_form.html",
        {"form": form, "team_form": team_form, "creating": True},
    )


@require_GET
def requisition_detail(request, pk):
    requisition = requisition_for(request, pk)
    return render(request, "hiring/requisition_detail.html", _detail_context(request, requisition))


def _detail_context(request, requisition, **extra):
    user = request.user
    return {
        "requisition": requisition,
        "can_edit": requisition.can_edit(user),
        "can_change_team": requisition.can_change_team(user),
        "can_read_journal": requisition.can_read_journal(user),
        "salary_visible": requisition.salary_visible_to(user),
        "moves": [Requisition.State(s) for s in moves_for(requisition, user)],
        **extra,
    }


@require_http_methods(["GET", "POST"])
def requisition_edit(request, pk):
    requisition = requisition_for(request, pk)
    if not requisition.can_edit(request.user):
        raise PermissionDenied("You cannot edit this requisition.")
    form = RequisitionForm(request.POST or None, instance=requisition, user=request.user)
    if request.method == "POST" and form.is_valid():
        # update_requisition compares with the locked row, not with this instance, onto
        # which the ModelForm has already copied the new values.
        changed = update_requisition(
            requisition=requisition, data=form.cleaned_data, changed_by=request.user
        )
        messages.success(request, "Saved." if changed else "Nothing changed.")
        return redirect("hiring:requisition-detail", pk=pk)
    return render_form(
        request,
        "hiring/requisition_form.html",
        {"form": form, "requisition": requisition, "creating": False},
    )


@require_POST
def requisition_move(request, pk):
    requisition = requisition_for(request, pk)
    if not moves_for(requisition, request.user):
        raise PermissionDenied("You cannot change this requisition's state.")
    form = MoveForm(request.POST, requisition=requisition)
    error = None
    if form.is_valid() and form.cleaned_data["to_state"] == Requisition.State.FILLED:
        # Filled only after its confirmation (the hires against the headcount, the
        # candidates still in play, HR's note when filled outside Accord): issue 25.
        error = "Mark the search filled on its confirmation page."
    elif form.is_valid():
        try:
            move_requisition(
                requisition=requisition,
                to_state=form.cleaned_data["to_state"],
                moved_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            error = exc.messages[0]
    else:
        error = next(iter(form.errors.values()))[0]
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"The requisition is now {requisition.get_state_display()}.")
        return redirect("hiring:requisition-detail", pk=pk)
    requisition = requisition_for(request, pk)
    response = render(
        request,
        "hiring/requisition_detail.html#summary",
        _detail_context(request, requisition, move_error=error, move_form=form),
        status=422 if error else 200,
    )
    return trigger_client_event(response, "journal-changed")


@require_http_methods(["GET", "POST"])
@varies_on_htmx
def requisition_team(request, pk):
    requisition = requisition_for(request, pk)
    if not requisition.can_change_team(request.user):
        raise PermissionDenied("Only HR, an admin or the hiring manager can change the team.")
    form = TeamForm(request.POST or None, requisition=requisition)
    if request.method == "POST" and form.is_valid():
        try:
            changes = assign_hiring_team(
                requisition=requisition, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, "Hiring team saved." if changes else "No change.")
                return redirect("hiring:requisition-detail", pk=pk)
            requisition = requisition_for(request, pk)
            response = render(
                request,
                "hiring/requisition_detail.html#team",
                _detail_context(request, requisition, team_saved=bool(changes)),
            )
            return trigger_client_event(response, "journal-changed")
    template = page_or_fragment(request, "hiring/requisition_team.html", "team-form")
    response = render_form(request, template, {"requisition": requisition, "form": form})
    if request.htmx and request.method == "POST":
        # The form stays where it is, now with its messages next to the fields.
        response = reswap(retarget(response, "#team-form"), "outerHTML")
    return response


@require_GET
@varies_on_htmx
def requisition_journal(request, pk):
    requisition = requisition_for(request, pk, journal=True)
    entries = journal_for(requisition, request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = page_or_fragment(request, "hiring/requisition_journal.html", "journal")
    return render(request, template, {"requisition": requisition, "page": page})
