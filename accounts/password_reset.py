"""Password reset by email: Django's views and tokens, our templates, the outbox (through
`accounts.emails`: the outbox sits above accounts, README "Floors").

The token in the link is Django's (it dies when the password changes or after
PASSWORD_RESET_TIMEOUT). At most one reset email per person per quarter hour: the outbox
key names the window, so asking again sends nothing more.

The page answers the same, in the same time, whether or not the address is known (issue 20,
finding 5: a known address took 2–3 ms longer, the time to build and store its email): the
request only checks the form and hands the address to the worker
(`accounts.tasks.send_password_reset_link`), and the worker looks the address up and
writes the email. Known or unknown, the request does the same queries and one enqueue.
"""

import hashlib
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string

from .emails import send_account_email
from .forms_base import SafeFormMixin

RESET_EMAIL_WINDOW_SECONDS = 15 * 60
EMAIL_TEMPLATES = {
    "subject_template_name": "accounts/emails/password_reset_subject.txt",
    "email_template_name": "accounts/emails/password_reset.txt",
    "html_email_template_name": "accounts/emails/password_reset.html",
}


class ResetPasswordForm(SafeFormMixin, PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = " ".join(render_to_string(subject_template_name, context).split())
        text = render_to_string(email_template_name, context)
        html = (
            render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        send_reset_email(user=context["user"], to=to_email, subject=subject, text=text, html=html)


PASSWORD_HELP = (
    "At least 12 characters. Not a common password, not only digits, and not close to "
    "your name or username. A few unrelated words work well."
)


class NewPasswordForm(SafeFormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].help_text = ""


class ChangePasswordForm(SafeFormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].help_text = ""


def send_reset_email(*, user, to, subject, text, html=None, now=None) -> None:
    """Through the outbox where it is installed (accounts.emails)."""
    window = int((now or time.time()) // RESET_EMAIL_WINDOW_SECONDS)
    address = hashlib.sha256(to.lower().encode()).hexdigest()[:12]
    send_account_email(
        key=f"password-reset-{user.pk}-{address}-{window}",
        to=to,
        subject=subject,
        text=text,
        html=html,
    )


def send_reset_link(*, email: str) -> int:
    """In the worker: email a reset link to each active account with a usable password at
    `email` (Django's rules: case-insensitive, none for an unknown address). Links point at
    ACCORD_BASE_URL, like every other link Accord emails. Returns how many were written;
    asking twice within the window writes one (the outbox key)."""
    form = ResetPasswordForm(data={"email": email})
    if not form.is_valid():
        return 0
    base = urlsplit(settings.ACCORD_BASE_URL)
    users = list(form.get_users(form.cleaned_data["email"]))
    if users:
        form.save(domain_override=base.netloc, use_https=base.scheme == "https", **EMAIL_TEMPLATES)
    return len(users)
