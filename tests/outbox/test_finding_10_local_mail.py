"""Issue 25, finding 10: "a newcomer's terminal drowns" — within seconds of `make run` the
worker printed raw MIME, and no email could be read as a person would. Now: one line per
email, linking to the page where it reads as its recipient sees it (tests/outbox/
test_local_mail.py has the rest)."""

import json
import re

import pytest
from django.urls import reverse

from outbox import delivery
from outbox.mail import queue_email
from tests.test_local_run import _settings_as_make_run

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_finding_10_the_worker_prints_one_line_per_email_with_where_to_read_it(
    tmp_path, settings, capfd, client, admin_user
):
    settings.ACCORD_MAIL_VIEWER = True
    settings.ACCORD_BASE_URL = "http://127.0.0.1:8000"
    made_by_make_run = json.loads(_settings_as_make_run(tmp_path).stdout)["MAILER"]
    settings.MAILERS = {"default": {"BACKEND": made_by_make_run}}
    email = queue_email(
        key="interview-1-seq0-request-user4",
        to="manager@example.com",
        subject="Invitation: Technical interview with Noah Williams",
        text="You are on the panel.\n\nThe plan: http://127.0.0.1:8000/requisitions/1/interviews/1/",
        html='<p>You are on the panel. <a href="http://127.0.0.1:8000/requisitions/1/">Plan</a></p>',
        attachments=[("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )

    assert delivery.send_email(email.pk) == "sent"

    printed = capfd.readouterr().out.splitlines()
    assert len(printed) == 1, printed  # not a MIME message of a hundred lines
    line = printed[0]
    assert "manager@example.com" in line
    assert "Invitation: Technical interview with Noah Williams" in line
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", line).group(1)
    assert link == reverse("outbox:mail-detail", args=[email.pk])
    client.force_login(admin_user)
    page = client.get(link).content.decode()
    assert "Invitation: Technical interview with Noah Williams" in page
    assert '<a href="http://127.0.0.1:8000/requisitions/1/interviews/1/"' in page  # text links
    assert reverse("outbox:mail-html", args=[email.pk]) in page  # the HTML, framed
    assert "invite.ics" in page
