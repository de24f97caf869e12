"""Settings → API tokens: make one (its secret shown once), see when each was last used and
when it expires, revoke one. Only your own tokens, always."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms_base import render_form

from .forms import TokenForm
from .models import AccessToken
from .tokens import create_token, revoke_token

SHOWN = 50  # the newest tokens listed; revoked and expired ones stay visible for a while


@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = create_token(user=request.user, **form.cleaned_data)
        form = TokenForm()
    tokens = AccessToken.objects.filter(user=request.user)[:SHOWN]
    response = render_form(
        request, "api/token_list.html", {"form": form, "tokens": tokens, "secret": secret}
    )
    if secret:
        response.status_code = 201
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(AccessToken, pk=pk, user=request.user)
    revoke_token(token=token)
    messages.success(request, f"“{token.name}” is revoked: it stops working at once.")
    return redirect("api-tokens:token-list")
