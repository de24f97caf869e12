"""Local mail: where `make run` and `make dev` deliver email instead of an SMTP server.

Django's console backend printed every message as raw MIME (an invite is a hundred lines of
base64 and calendar text), and a newcomer's terminal drowned in it within seconds (issue 25,
finding 10). This backend prints one line per email — who it is to, its subject, and the
address of the page where it can be read as its recipient would (`outbox.views`, "Mail sent")
— and sends nothing anywhere.
"""

import sys
import threading

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse


def mail_line(message) -> str:
    """`✉ to ann@example.com: Subject  → http://127.0.0.1:8000/operations/mail/12/`."""
    line = f"✉ to {', '.join(message.to)}: {message.subject}"
    pk = getattr(message, "outbox_id", None)
    if pk is not None:
        line += f"  → {settings.ACCORD_BASE_URL}{reverse('outbox:mail-detail', args=[pk])}"
    return line


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream
        self._lock = threading.RLock()

    def send_messages(self, messages):
        # The process's own standard output: a Celery worker turns `sys.stdout` into log
        # records ("WARNING celery.redirected [request …] …"), and one plain line is the point.
        stream = self.stream or sys.__stdout__ or sys.stdout
        with self._lock:
            for message in messages:
                stream.write(mail_line(message) + "\n")
            stream.flush()
        return len(messages)
