from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from . import oidc, views
from .forms import LoginForm
from .password_reset import NewPasswordForm, ResetPasswordForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
                extra_context={"sso_enabled": oidc.oidc_enabled},
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", views.security, name="security"),
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path(
        "password-reset/",
        login_not_required(
            views.PasswordResetView.as_view(
                form_class=ResetPasswordForm,
                template_name="accounts/password_reset_form.html",
                success_url=reverse_lazy("accounts:password-reset-done"),
            )
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        login_not_required(
            views.PasswordResetConfirmView.as_view(
                form_class=NewPasswordForm,
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password-reset-complete"),
            )
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password-reset-complete",
    ),
    path("sso/", login_not_required(oidc.SignInStart.as_view()), name="oidc-start"),
    path(
        "sso/callback/",
        login_not_required(oidc.SignInCallback.as_view()),
        name="oidc-callback",
    ),
]
