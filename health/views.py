import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from outbox import delivery
from outbox.models import OutboundEmail

from .figures import report

CHECK_GROUPS = {"database", "broker", "schedule", "emails"}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when every check is within its threshold, 503 otherwise. `?format=json` for
    machines; `?only=database,broker` for a container's own probe (compose)."""
    only = {p for p in request.GET.get("only", "").split(",") if p in CHECK_GROUPS} or None
    result = report(only)
    status = 200 if result.ok else 503
    if request.GET.get("format") == "json":
        return JsonResponse(result.as_json(), status=status)
    lines = ["ok" if result.ok else "failing"]
    for check in result.checks:
        detail = f" ({check.detail})" if check.detail else ""
        lines.append(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.value}{detail}")
    return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain")


def _require_admin(user):
    if not (user.is_superuser or user.role == Role.ADMIN):
        raise PermissionDenied


@never_cache
@require_GET
def email_list(request):
    """Admins only: sends that gave up or are stuck in a dead worker's hands."""
    _require_admin(request.user)
    now = timezone.now()
    timings = delivery.Timings.from_settings()
    emails = list(
        OutboundEmail.objects.needing_attention(now, timings.claim_timeout)
        .select_related("requisition")
        .order_by("-created_at")[:200]
    )
    values = {c.name: c.value for c in report({"emails"}).checks}
    oldest = values.get("emails_oldest_pending_seconds") or 0
    figures = [
        ("Waiting to be sent", values.get("emails_pending")),
        ("Gave up", values.get("emails_failed")),
        ("Stuck with a dead worker", values.get("emails_stuck")),
        ("Oldest due and unsent", f"{oldest // 60} min" if oldest >= 60 else f"{oldest} s"),
    ]
    return render(request, "health/email_list.html", {"emails": emails, "figures": figures})


@require_POST
def email_retry(request):
    _require_admin(request.user)
    ids = [int(pk) for pk in request.POST.getlist("email") if pk.isdigit()]
    count = delivery.retry_now(ids)
    messages.success(request, f"{count} email{'s' if count != 1 else ''} queued to send now.")
    return redirect("health:email-list")


def server_error(request):
    """Django's 500 handler: a database that is down (restarting, failing over) gets the
    product's "back in a moment" page with 503 and Retry-After, never a traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    ):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", status=500)
