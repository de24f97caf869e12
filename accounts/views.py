from axes import utils as throttle
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from .forms_base import render_form
from .oidc import oidc_enabled
from .password_reset import ChangePasswordForm
from .sessions import log_out_everywhere
from .tasks import send_password_reset_link


@require_http_methods(["GET", "POST"])
def security(request):
    """Sign-in and security: change the password, end every session."""
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this session stays; the others end
        messages.success(request, "Password changed. Your other sessions were signed out.")
        return redirect("accounts:security")
    return render_form(
        request,
        "accounts/security.html",
        {"form": form, "sso": oidc_enabled(), "has_password": request.user.has_usable_password()},
    )


@require_POST
def logout_everywhere(request):
    log_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, "You are logged out on every device.")
    return redirect("accounts:login")


class _Refuses422:
    """Bad input answers 422 with the errors next to the fields, as everywhere in Accord."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class PasswordResetView(_Refuses422, auth_views.PasswordResetView):
    def form_valid(self, form):
        """The same work for a known and an unknown address: hand it to the worker, which
        looks it up and writes the email (accounts.password_reset)."""
        send_password_reset_link.delay_on_commit(form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(_Refuses422, auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        """Whoever chose a new password through the emailed link controls the account's
        email: the sign-in pauses on their username end (the lockout page points here)."""
        response = super().form_valid(form)
        throttle.reset(username=form.user.get_username().strip().lower())
        return response
