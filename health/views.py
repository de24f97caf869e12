import secrets
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from outbox import delivery
from outbox.models import OutboundEmail

from .figures import liveness, report
from .forms import DismissForm

CHECK_GROUPS = {"database", "broker", "schedule", "emails"}


def may_see_figures(request) -> bool:
    """The full figures need ACCORD_HEALTH_TOKEN (`Authorization: Bearer <token>`, as
    Prometheus and most probes send it) or a signed-in admin or staff member."""
    token = settings.ACCORD_HEALTH_TOKEN
    given = request.headers.get("Authorization", "")
    offered = given.removeprefix("Bearer ").strip().encode()
    if token and given.startswith("Bearer ") and secrets.compare_digest(offered, token.encode()):
        return True
    user = request.user
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_admin)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness for anyone: 200 "ok" when the process answers and reaches its database,
    503 "failing" otherwise — nothing more. With the health token or a staff session, every
    figure: 200 when each is within its threshold, 503 otherwise. `?format=json` for
    machines; `?only=database,broker` limits the figures."""
    if not may_see_figures(request):
        result = liveness()
        status = 200 if result.ok else 503
        if request.GET.get("format") == "json":
            return JsonResponse({"status": "ok" if result.ok else "failing"}, status=status)
        return HttpResponse(
            "ok\n" if result.ok else "failing\n", status=status, content_type="text/plain"
        )
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
    if not user.is_admin:
        raise PermissionDenied


@never_cache
@require_GET
def email_list(request):
    """Admins only: sends that gave up, were refused for good, or are stuck in a dead
    worker's hands; the ones dismissed lately."""
    _require_admin(request.user)
    return _email_page(request, DismissForm())


def _email_page(request, form, status=200):
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
        ("Refused by the mail server", values.get("emails_bounced")),
        ("Stuck with a dead worker", values.get("emails_stuck")),
        ("Oldest due and unsent", f"{oldest // 60} min" if oldest >= 60 else f"{oldest} s"),
    ]
    dismissed = list(
        OutboundEmail.objects.filter(dismissed_at__isnull=False)
        .select_related("dismissed_by")
        .order_by("-dismissed_at")[:20]
    )
    return render(
        request,
        "health/email_list.html",
        {
            "emails": emails,
            "figures": figures,
            "dismissed": dismissed,
            "form": form,
            # Where email is printed instead of sent, every email is readable there.
            "mail_viewer": settings.ACCORD_MAIL_VIEWER,
        },
        status=status,
    )


@require_POST
def email_retry(request):
    _require_admin(request.user)
    ids = [int(pk) for pk in request.POST.getlist("email") if pk.isdigit()]
    count = delivery.retry_now(ids)
    messages.success(request, f"{count} email{'s' if count != 1 else ''} queued to send now.")
    return redirect("health:email-list")


@require_POST
def email_dismiss(request):
    """An admin dismisses failed or bounced emails with a reason: they leave this page
    and /healthz's alarm (the rows stay, with who, when and why)."""
    _require_admin(request.user)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _email_page(request, form, status=422)
    ids = [int(pk) for pk in request.POST.getlist("email") if pk.isdigit()]
    count = delivery.dismiss_emails(ids, by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"{count} email{'s' if count != 1 else ''} dismissed.")
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
