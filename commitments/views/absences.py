"""Away, and a stand-in: fronts `commitments/absences.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms_base import place_errors, render_form

from ..absences import end_absence, may_set_absence, set_absence
from ..forms import AbsenceForm
from ..models import Absence

TEMPLATE = "commitments/absences.html"


def _visible(user):
    """One's own absences and those one stands in for; HR and admins see everyone's."""
    rows = Absence.objects.select_related("person", "deputy", "set_by")
    if user.is_admin or user.role == "hr_generalist":
        return rows
    return rows.filter(Q(person=user) | Q(deputy=user))


@require_http_methods(["GET", "POST"])
def absence_list(request):
    form = AbsenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_absence(
                person=data["person"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                deputy=data["deputy"],
                set_by=request.user,
                note=data["note"],
            )
        except ValidationError as error:
            place_errors(form, error)
        except PermissionDenied as error:
            form.add_error("person", str(error))
        else:
            messages.success(request, "Saved. The team is told when it begins.")
            return redirect("commitments:absences")
    context = {
        "form": form,
        "absences": _visible(request.user)[:50],
        "today": timezone.localdate(),
    }
    return render_form(request, TEMPLATE, context)


@require_POST
def absence_end(request, pk):
    """Back early (or never gone): ends it now; parts and paused commitments come back."""
    absence = get_object_or_404(_visible(request.user), pk=pk)
    if not may_set_absence(person=absence.person, set_by=request.user):
        raise PermissionDenied("Only the person, or HR, ends an absence.")
    now = timezone.now()
    if absence.started_at is None:
        Absence.objects.filter(pk=absence.pk, started_at__isnull=True).update(
            started_at=now, ended_at=now
        )
    else:
        end_absence(absence=absence, now=now, ended_by=request.user)
    messages.success(request, "Welcome back: your parts and what paused are yours again.")
    return redirect("commitments:absences")
