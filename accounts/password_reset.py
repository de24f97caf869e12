"""Password reset by email: Django's views and tokens, our templates, our outbox (which sits
below accounts: README, "Floors").

The token in the link is Django's (it dies when the password changes or after
PASSWORD_RESET_TIMEOUT). At most one reset email per person per quarter hour: the outbox
key names the window, so asking again sends nothing more; the page says the same whether
or not the address is known.
"""

import hashlib
import time

from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string

from outbox.mail import queue_email

from .forms_base import SafeFormMixin

RESET_EMAIL_WINDOW_SECONDS = 15 * 60


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
    """Through the outbox: a row in this transaction, sent by the worker, retried."""
    window = int((now or time.time()) // RESET_EMAIL_WINDOW_SECONDS)
    address = hashlib.sha256(to.lower().encode()).hexdigest()[:12]
    queue_email(
        key=f"password-reset-{user.pk}-{address}-{window}",
        to=to,
        subject=subject,
        text=text,
        html=html,
    )
