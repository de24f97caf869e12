"""The HR status board: every visible search, who owes what on each side; CSV."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hiring.csv_export import csv_response
from hiring.fragments import page_or_fragment, varies_on_htmx

from ..forms import StatusBoardFilterForm
from ..status_board import board_requisitions, commitment_figures, search_figures, write_board_csv


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
