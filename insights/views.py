from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.models import Commitment
from hiring.csv_export import csv_response
from hiring.doors import requisitions_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from hiring.models import Requisition

from .forms import StatusBoardFilterForm
from .status_board import board_requisitions, commitment_figures, search_figures, write_board_csv


@require_GET
def home(request):
    """ "Waiting on me": my open commitments, soonest due first; then my active searches."""
    user = request.user
    waiting = list(
        Commitment.objects.open()
        .owed_by(user)
        .filter(requisition__in=requisitions_for(request))
        .select_related("requisition")
        # Running clocks first, soonest due first; paused ones (search on hold) after them.
        .order_by(F("paused_at").asc(nulls_first=True), "due_at")[:50]
    )
    mine = Requisition.objects.filter(team_members__user=user)
    counts = mine.aggregate(
        open=Count("pk", filter=Q(state=Requisition.State.OPEN), distinct=True),
        draft=Count("pk", filter=Q(state=Requisition.State.DRAFT), distinct=True),
        on_hold=Count("pk", filter=Q(state=Requisition.State.ON_HOLD), distinct=True),
    )
    active = (
        Requisition.objects.filter(pk__in=mine.values("pk"))
        .exclude(state__in=[Requisition.State.FILLED, Requisition.State.CANCELLED])
        .with_team()
        .order_by("target_start_date", "-created_at")[:10]
    )
    now = timezone.now()
    return render(
        request,
        "insights/home.html",
        {
            "waiting": waiting,
            "overdue": sum(1 for c in waiting if c.is_overdue),
            "now": now,
            "counts": counts,
            "requisitions": active,
        },
    )


@require_GET
@varies_on_htmx
def status_board(request):
    """HR's view across searches; CSV with ?format=csv."""
    if not request.user.can_see_status_board():
        raise PermissionDenied("The status board is for HR and admins.")
    filters = StatusBoardFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    requisitions = board_requisitions(
        request.user,
        state=data.get("state", ""),
        department=data.get("department", ""),
        overdue_only=data.get("overdue", False),
    )
    if request.GET.get("format") == "csv":
        rows = list(requisitions)
        response = csv_response("accord-status-board.csv")
        write_board_csv(response, rows, commitment_figures([r.pk for r in rows]))
        return response
    page = Paginator(requisitions, 50).get_page(request.GET.get("page"))
    figures = commitment_figures([r.pk for r in page.object_list])
    searches = search_figures([r.pk for r in page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    template = page_or_fragment(request, "insights/status_board.html", "board")
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "rows": [(r, figures[r.pk], searches[r.pk]) for r in page.object_list],
            "query": query.urlencode(),
            "now": timezone.now(),
        },
    )
