"""Buttons from messages (issue 18): fronts `commitments/actions.py`.

`email_action` answers a button in an email: a GET shows what the button would do (mail
scanners and link previews open every link, so a GET changes nothing); the page's POST
does it, without signing in, for that one person and commitment. With
ACCORD_EMAIL_ACTIONS=0 the same link leads through the sign-in to `commitment_act`, the
signed-in confirmation page the bell's buttons open too.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms_base import place_errors

from ..actions import (
    TokenRefused,
    action_named,
    action_url,
    actions,
    email_actions_on,
    perform_action,
    read_token,
    use_token,
)
from ..models import Commitment
from .answers import commitment_for

TEMPLATE = "commitments/act.html"


def _form(action, data, *, commitment, person):
    return action.form(data, commitment=commitment, person=person) if action.form else None


def _effect(action, commitment):
    decliner = commitment.declined_by.display_name if commitment.declined_by_id else ""
    return action.effect.format(owner=commitment.owner.display_name, decliner=decliner)


def _next_waiting(person, *, signed_in: bool, exclude: int):
    """The next thing waiting on `person` that a button can do, with its buttons; or the
    next one of any kind as a link; or None when nothing waits."""
    rows = (
        Commitment.objects.running()
        .filter(owner=person)
        .exclude(pk=exclude)
        .select_related("requisition", "owner", "declined_by")
        .order_by("due_at", "pk")[:10]
    )
    first = None
    for commitment in rows:
        first = first or commitment
        owner_actions = [
            a
            for a in actions().values()
            if a.audience == "owner" and (a.kinds is None or commitment.kind in a.kinds)
        ]
        if owner_actions and owner_actions[0].problem(commitment, person) is None:
            about = owner_actions[0].about(commitment) if owner_actions[0].about else ""
            links = [
                {
                    "label": a.label,
                    "primary": a.primary,
                    "url": (
                        reverse("commitments:commitment-act", args=[commitment.pk, a.name])
                        if signed_in
                        else action_url(person=person, commitment=commitment, action=a.name)
                    ),
                }
                for a in owner_actions
            ]
            return {"commitment": commitment, "about": about, "buttons": links}
    if first is not None:
        return {"commitment": first, "about": "", "buttons": [], "url": first.url}
    return None


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _page(request, context, status=200):
    response = render(request, TEMPLATE, context, status=status)
    # The page carries a token: no referrer to other sites (same-origin, not no-referrer:
    # that makes browsers send "Origin: null" with the POST, which CSRF refuses), no copy in
    # any cache, no index.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def email_action(request):
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    try:
        ticket = read_token(token or "")
    except TokenRefused as refused:
        status = 400 if refused.reason in ("tampered", "unknown") else 410
        return _page(request, {"refused": refused, "login_url": settings.LOGIN_URL}, status)
    commitment, action, person = ticket.commitment, ticket.action, ticket.person
    if not email_actions_on():
        # The organisation wants every action behind the sign-in (SSO included).
        target = reverse("commitments:commitment-act", args=[commitment.pk, action.name])
        if request.user.is_authenticated and request.user.pk == person.pk:
            return redirect(target)
        return redirect_to_login(target)
    data = request.POST if request.method == "POST" else None
    form = _form(action, data, commitment=commitment, person=person)
    context = {
        "token": token,
        "person": person,
        "commitment": commitment,
        "action": action,
        "about": action.about(commitment) if action.about else "",
        "effect": _effect(action, commitment),
        "form": form,
        "problem": action.problem(commitment, person),
    }
    if request.method == "POST" and not context["problem"]:
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                done = use_token(ticket=ticket, data=data, client_address=_client_address(request))
            except ValidationError as error:
                if form is None:
                    context["problem"] = " ".join(error.messages)
                else:
                    place_errors(form, error)
            else:
                nxt = _next_waiting(person, signed_in=False, exclude=commitment.pk)
                return _page(request, {"done": done, "next": nxt, "person": person})
        return _page(request, context, 422)
    return _page(request, context)


@require_http_methods(["GET", "POST"])
def commitment_act(request, pk, action):
    """The same confirmation for someone signed in (the bell's buttons, or an email's when
    the organisation turned email actions off)."""
    commitment = commitment_for(request, pk)
    found = action_named(action)
    if found is None:
        raise Http404("No such action.")
    if commitment.state != Commitment.State.OPEN:
        context = {"closed": True, "commitment": commitment, "action": found}
        return _page(request, context, 410)
    problem = found.problem(commitment, request.user)
    outsider = request.user.pk != commitment.owner_id and found.audience != "owner"
    if problem and outsider and not commitment.requisition.can_read_journal(request.user):
        raise PermissionDenied(problem)
    data = request.POST if request.method == "POST" else None
    form = _form(found, data, commitment=commitment, person=request.user)
    context = {
        "signed_in": True,
        "person": request.user,
        "commitment": commitment,
        "action": found,
        "about": found.about(commitment) if found.about else "",
        "effect": _effect(found, commitment),
        "form": form,
        "problem": problem,
    }
    if request.method == "POST" and not problem:
        if form is None or form.is_valid():
            data = form.cleaned_data if form is not None else {}
            try:
                done = perform_action(
                    action=found, commitment=commitment, person=request.user, data=data
                )
            except ValidationError as error:
                if form is None:
                    context["problem"] = " ".join(error.messages)
                else:
                    place_errors(form, error)
            else:
                nxt = _next_waiting(request.user, signed_in=True, exclude=commitment.pk)
                return _page(request, {"done": done, "next": nxt, "signed_in": True})
        return _page(request, context, 422)
    return _page(request, context)
