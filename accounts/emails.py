"""How accounts sends its emails (a password reset link, an invitation).

The outbox sits above accounts (README, "Floors": its pages are forms and admin pages over
accounts' people), so accounts does not import it: the outbox registers its `queue_email` in
`MAILERS` from OutboxConfig.ready, and each email is written in the caller's transaction,
sent by the worker and retried. With no mailer registered (a project without the outbox app)
Django's `send_mail` sends it at once.
"""

from django.core.mail import send_mail

from config.hooks import Hooks

MAILERS = Hooks(
    "accounts.emails.MAILERS",
    signature="fn(*, key, to, subject, text, html=None, sender=None, reply_to=None)",
    called_in="the caller's transaction (the reset form's, the invitation's)",
)


def send_account_email(*, key, to, subject, text, html=None, sender=None, reply_to=None):
    """One email to `to`, once per `key` where the mailer keeps keys (the outbox does)."""
    mailers = list(MAILERS)
    for mailer in mailers:
        mailer(
            key=key, to=to, subject=subject, text=text, html=html, sender=sender, reply_to=reply_to
        )
    if not mailers:
        send_mail(subject, text, None, [to], html_message=html)
