from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from accounts.forms_base import SafeFormMixin


class BoundedUsernameMixin:
    """A username longer than the column is a form error, never a database error.

    Django's AuthenticationForm sets the username field's `max_length` after the field is
    built, so the length validator is never added: a 300-character username reached
    `authenticate()`, and django-axes wrote it into its 255-character column — a 500 on
    PostgreSQL (issue 20, finding 4). The validator refuses it before `clean()` runs, so
    nothing is authenticated and nothing is written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(BoundedUsernameMixin, SafeFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class AdminLoginForm(BoundedUsernameMixin, SafeFormMixin, AdminAuthenticationForm):
    """/admin/login/ (config/urls.py sets it as the admin site's login form)."""
