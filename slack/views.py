"""Settings → Slack (a person's choice and who they are in Slack), and the interactivity
endpoint Slack posts button presses to (slack.interactions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms_base import render_form

from . import interactions
from .api import configured
from .forms import SlackChoiceForm
from .models import SlackAccount
from .people import account_of


@require_http_methods(["GET", "POST"])
def slack_settings(request):
    account = None
    if configured():
        # A GET writes nothing: the account row is made by the first choice posted.
        account = (
            account_of(request.user)
            if request.method == "POST"
            else SlackAccount.objects.filter(user=request.user).first()
            or SlackAccount(user=request.user)
        )
    initial = {"direct_messages": account.direct_messages if account else True}
    form = SlackChoiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and account is not None and form.is_valid():
        account.direct_messages = form.cleaned_data["direct_messages"]
        account.save(update_fields=["direct_messages"])
        messages.success(
            request,
            "Your reminders and notices come to you in Slack."
            if account.direct_messages
            else "Your reminders and notices come by email.",
        )
        return redirect("slack:settings")
    return render_form(
        request, "slack/settings.html", {"form": form, "account": account, "on": configured()}
    )


@csrf_exempt  # Slack signs its requests instead (interactions.verify)
@login_not_required
@never_cache
@require_POST
def interactions_view(request):
    body = request.body  # without a signing secret nothing verifies: Slack off, all refused
    if not interactions.verify(
        body,
        request.headers.get("X-Slack-Request-Timestamp"),
        request.headers.get("X-Slack-Signature"),
    ):
        return HttpResponseForbidden("Not signed by Slack, or too old.")
    payload = interactions.parse(request.POST.get("payload", ""))
    if not payload:
        return HttpResponseBadRequest("No payload.")
    address = request.META.get("REMOTE_ADDR") or None
    if payload.get("type") == "view_submission":
        answer = interactions.submit(payload, client_address=address)
        if answer:  # the form's refusals, beside its fields in the modal
            return JsonResponse(answer)
        return HttpResponse(status=200)  # closes the modal
    for press in interactions.pressed(payload):
        interactions.act(press, client_address=address)
    # Slack wants a 200 within 3 s; the message is updated by a task.
    return HttpResponse(status=200)
