"""The import pages: choose a kind and a file, see the preview the worker writes (htmx
polls its progress), confirm, see the result. Thin: imports.running does the work."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms_base import render_form

from . import running, tasks
from .forms import ConfirmForm, RowFilterForm, UploadForm
from .models import ImportRun
from .templates_files import XLSX_TYPE, template_csv, template_xlsx

ROWS_PER_PAGE = 100
KINDS = ImportRun.Kind.values


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        raise Http404("No such kind of import.")
    return kind


def _allowed(request, kind: str) -> None:
    if not running.may_import(request.user, kind):
        raise PermissionDenied(
            "HR leads and admins import searches."
            if kind == ImportRun.Kind.REQUISITIONS
            else "Recruiters, HR and admins import candidates into their searches."
        )


@require_GET
def import_index(request):
    kinds = [k for k in KINDS if running.may_import(request.user, k)]
    if not kinds:
        raise PermissionDenied("Recruiters, HR and admins import; you do not.")
    runs = ImportRun.objects.of(request.user).with_counts()[:20]
    return render(
        request,
        "imports/index.html",
        {
            "kinds": [(k, ImportRun.Kind(k).label, running.columns_of(k)) for k in kinds],
            "runs": runs,
        },
    )


@require_GET
def import_template(request, kind, fmt):
    _allowed(request, _kind_or_404(kind))
    if fmt == "csv":
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(template_xlsx(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="accord-{kind}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def import_upload(request, kind):
    _allowed(request, _kind_or_404(kind))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = running.start(kind=kind, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            transaction.on_commit(lambda: tasks.check_rows.delay(run.pk))
            return redirect("imports:run", pk=run.pk)
    return render_form(
        request,
        "imports/upload.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": ImportRun.Kind(kind).label,
            "columns": running.columns_of(kind),
            "max_rows": settings.ACCORD_IMPORT_MAX_ROWS,
            "max_bytes": settings.ACCORD_IMPORT_MAX_BYTES,
        },
    )


def _run_for(request, pk) -> ImportRun:
    """A run is its importer's alone: anyone else gets 404."""
    return get_object_or_404(ImportRun.objects.of(request.user).with_counts(), pk=pk)


@require_GET
def import_run(request, pk):
    run = _run_for(request, pk)
    filters = RowFilterForm(request.GET or None)
    show = filters.cleaned_data["show"] if filters.is_valid() else ""
    rows = run.rows.select_related("requisition").order_by("number")
    if show:
        field = "result" if run.state == ImportRun.State.DONE else "outcome"
        value = {"refuse": "refused", "create": "created", "match": "matched"}[show]
        rows = rows.filter(**{field: value if field == "result" else show})
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "page": page,
            "show": show,
            "filters": filters,
            "columns": [c.name for c in running.columns_of(run.kind)],
            "can_confirm": run.can_confirm(request.user),
            "confirm_form": ConfirmForm(),
        },
    )


@require_GET
def import_progress(request, pk):
    """The progress box, polled while the worker checks or imports; once it is done the
    page reloads to show the rows (HX-Refresh)."""
    run = _run_for(request, pk)
    response = render(request, "imports/run.html#progress", {"run": run})
    if request.htmx and not run.is_working:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_confirm(request, pk):
    run = _run_for(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid() or not running.confirm(run, request.user):
        messages.error(request, "This import is not waiting for a confirmation.")
        response = redirect("imports:run", pk=run.pk)
        return response
    transaction.on_commit(lambda: tasks.import_rows.delay(run.pk))
    messages.success(request, "Importing: the rows go in one after the other.")
    return redirect("imports:run", pk=run.pk)
