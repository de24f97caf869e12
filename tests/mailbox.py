"""What a worker would do with the outbox, run in the test's own thread: send every email
whose time has come, through the real delivery code, into Django's test mail.outbox."""

from django.utils import timezone

from outbox.delivery import send_email
from outbox.models import OutboundEmail


def send_queued_emails(now=None) -> int:
    """Send every pending email due by `now` (default: now); return how many went."""
    now = now or timezone.now()
    due = OutboundEmail.objects.filter(state=OutboundEmail.State.PENDING, send_after__lte=now)
    return sum(send_email(pk) == "sent" for pk in due.order_by("pk").values_list("pk", flat=True))
