from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core import signing
from django.core.validators import MaxLengthValidator

from accounts.forms_base import SafeForm, SafeFormMixin

from .models import Role, User


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


class InviteForm(SafeForm):
    """An admin invites one person (accounts.invitations.invite_person)."""

    email = forms.EmailField()
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices)
    agency_name = forms.CharField(
        max_length=120, required=False, help_text="Only for recruiters from an outside agency."
    )
    job_title = forms.CharField(max_length=120, required=False)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("This address already has an account.")
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agency_name") and cleaned.get("role") != Role.RECRUITER:
            self.add_error("agency_name", "Only recruiters come from an agency.")
        return cleaned


class ImportPeopleForm(SafeForm):
    """A CSV of people to invite; shown as a preview before anything is written."""

    file = forms.FileField(
        label="CSV file",
        help_text="A header row with email, first_name, last_name, role (and optionally "
        "agency_name, job_title); roles as on this page. At most 1,000 people, 1 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The file is larger than 1 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Save the file as CSV in UTF-8 and try again.") from None


class ConfirmImportForm(SafeForm):
    """The previewed file, carried signed to the confirmation (nothing to tamper with)."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return signing.loads(self.cleaned_data["payload"], salt="accounts.import", max_age=3600)
        except signing.BadSignature:
            raise forms.ValidationError("The preview expired; upload the file again.") from None
