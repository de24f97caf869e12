"""The HR status board: every visible search, who owes what on each side; its CSV streams."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hiring.csv_export import stream_csv
from hiring.fragments import page_or_fragment, varies_on_htmx

from ..forms import StatusBoardFilterForm
from ..status_board import DEFAULT_SORT, PAGE_SIZE, SORTS, board_requisitions, board_rows
from ..status_board_csv import CSV_HEADER, board_csv_rows


@require_GET
@varies_on_htmx
def status_board(request):
    """HR's view across searches, sorted, searched and filtered in the URL; the same rows as
    a CSV with ?format=csv (streamed a chunk at a time)."""
    if not request.user.can_see_status_board():
        raise PermissionDenied("The status board is for HR and admins.")
    filters = StatusBoardFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    now = timezone.now()
    sort = data.get("sort") or DEFAULT_SORT
    direction = data.get("dir") or SORTS[sort][1]
    requisitions = board_requisitions(
        request.user,
        state=data.get("state", ""),
        department=data.get("department", ""),
        text=data.get("q", ""),
        recruiter=data.get("recruiter"),
        hiring_manager=data.get("manager"),
        agreement=data.get("agreement", ""),
        overdue_only=data.get("overdue", False),
        late_only=data.get("late", False),
        sort=sort,
        descending=direction == "desc",
        now=now,
    )
    if request.GET.get("format") == "csv":
        return stream_csv(
            "accord-status-board.csv", board_csv_rows(requisitions, now=now), header=CSV_HEADER
        )
    page = Paginator(requisitions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    for name in ("sort", "dir", "format"):
        unsorted.pop(name, None)
    template = page_or_fragment(request, "insights/status_board.html", "board")
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "rows": board_rows(page.object_list, now),
            "query": query.urlencode(),
            "unsorted": unsorted.urlencode(),
            "sort": sort,
            "dir": direction,
            "sort_label": SORTS[sort][0],
            "headings": list(SORTS.items()),
            "numeric": ("days_open",),
            "now": now,
            "today": timezone.localdate(now),
        },
    )
