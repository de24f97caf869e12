"""Settings → Webhooks (admins only): register an endpoint (its signing secret shown once),
change or pause it, regenerate its secret, send a test event, read its delivery log, retry a
failed delivery, delete it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms_base import render_form

from . import recording, sending
from .catalogue import label
from .forms import EndpointForm
from .models import Delivery, Endpoint

LOG_SHOWN = 50  # the newest deliveries in an endpoint's log


def _admin_only(request):
    if not request.user.is_admin:
        raise PermissionDenied


def _endpoint(request, pk) -> Endpoint:
    _admin_only(request)
    return get_object_or_404(Endpoint, pk=pk)


def _log(endpoint) -> list[Delivery]:
    deliveries = list(Delivery.objects.log_of(endpoint)[:LOG_SHOWN])
    for delivery in deliveries:
        delivery.label = label(delivery.event)
    return deliveries


def _detail(request, endpoint, *, form=None, secret=None, status=200):
    form = form or EndpointForm(
        endpoint=endpoint,
        initial={
            "name": endpoint.name,
            "url": endpoint.url,
            "events": endpoint.events,
            "active": endpoint.active,
        },
    )
    deliveries = _log(endpoint)
    context = {
        "endpoint": endpoint,
        "form": form,
        "secret": secret,
        "deliveries": deliveries,
        "waiting": any(d.is_unsent for d in deliveries),
        "now": timezone.now(),
    }
    return render(request, "webhooks/endpoint_detail.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def endpoint_list(request):
    _admin_only(request)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = recording.create_endpoint(by=request.user, **form.cleaned_data)
        # Shown once: the page that made it is the only one that ever shows the secret whole.
        return _detail(request, endpoint, secret=endpoint.secret or None, status=201)
    endpoints = Endpoint.objects.with_figures()
    context = {"form": form, "endpoints": endpoints}
    return render_form(request, "webhooks/endpoint_list.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def endpoint_detail(request, pk):
    endpoint = _endpoint(request, pk)
    if request.method == "GET":
        return _detail(request, endpoint)
    form = EndpointForm(request.POST, endpoint=endpoint)
    if not form.is_valid():
        return _detail(request, endpoint, form=form, status=422)
    recording.update_endpoint(endpoint, **form.cleaned_data)
    messages.success(request, f"“{endpoint.name}” is saved.")
    return redirect("webhooks:endpoint-detail", pk=endpoint.pk)


@never_cache
@require_GET
def delivery_log(request, pk):
    """The log alone, for the page to refresh while a delivery is on its way."""
    endpoint = _endpoint(request, pk)
    deliveries = _log(endpoint)
    context = {
        "endpoint": endpoint,
        "deliveries": deliveries,
        "waiting": any(d.is_unsent for d in deliveries),
    }
    return render(request, "webhooks/_delivery_log.html", context)


@require_POST
def endpoint_test(request, pk):
    endpoint = _endpoint(request, pk)
    recording.send_test_event(endpoint, by=request.user)
    messages.success(request, "A test event is on its way: its delivery shows below.")
    return redirect("webhooks:endpoint-detail", pk=endpoint.pk)


@require_POST
def endpoint_secret(request, pk):
    endpoint = _endpoint(request, pk)
    if not endpoint.is_signed:
        messages.error(request, "A Teams endpoint has no secret: Teams checks none.")
        return redirect("webhooks:endpoint-detail", pk=endpoint.pk)
    secret = recording.regenerate_secret(endpoint)
    return _detail(request, endpoint, secret=secret)


@require_POST
def endpoint_delete(request, pk):
    endpoint = _endpoint(request, pk)
    name = endpoint.name
    endpoint.delete()
    messages.success(request, f"“{name}” is deleted, with its delivery log.")
    return redirect("webhooks:endpoint-list")


@require_POST
def delivery_retry(request, pk, delivery):
    endpoint = _endpoint(request, pk)
    row = get_object_or_404(Delivery, pk=delivery, endpoint=endpoint)
    if sending.retry_now(row):
        messages.success(request, "Sending it again now, with another day of retries.")
    else:
        messages.error(request, "Only a failed delivery can be retried.")
    return redirect("webhooks:endpoint-detail", pk=endpoint.pk)
