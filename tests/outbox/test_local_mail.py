"""Mail you can read locally (issue 25, finding 10): where email is printed instead of sent
(`make run`, `make dev`), the worker prints one line per email — to, subject, and the page
where it reads as its recipient sees it — and admins read every email Accord wrote at
"Mail sent", links and all. In production those pages do not exist."""

import io
import subprocess
import sys

import pytest
from django.urls import reverse

from outbox.console import EmailBackend
from outbox.mail import build_message, queue_email
from outbox.models import OutboundEmail
from tests.test_deployment import ROOT, _production_env

pytestmark = pytest.mark.django_db

INVITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:i-1@accord\r\n"
    "SUMMARY:Technical interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def viewer(settings):
    settings.ACCORD_MAIL_VIEWER = True
    settings.ACCORD_BASE_URL = "http://127.0.0.1:8000"


def _invite():
    return queue_email(
        key="interview-1-seq0-request-user4",
        to="manager@example.com",
        subject="Invitation: Technical interview with Noah Williams",
        text="You are on the panel.\n\nThe plan: http://127.0.0.1:8000/requisitions/1/interviews/1/",
        html=(
            '<p style="color:#1c2333">You are on the panel. '
            '<a href="http://127.0.0.1:8000/requisitions/1/interviews/1/">The plan</a></p>'
        ),
        attachments=[("invite.ics", INVITE, "text/calendar; method=REQUEST")],
    )


def test_the_console_backend_writes_to_its_stream_and_counts_what_it_sent():
    stream = io.StringIO()
    email = queue_email(key="k", to=["a@example.com", "b@example.com"], subject="Hi", text="x")
    sent = EmailBackend(stream=stream).send_messages([build_message(email)])
    assert sent == 1
    assert stream.getvalue().startswith("✉ to a@example.com, b@example.com: Hi  → http")


def test_the_emails_html_is_framed_sandboxed_with_links_that_open_in_the_window(
    client, admin_user, viewer
):
    email = _invite()
    client.force_login(admin_user)
    response = client.get(reverse("outbox:mail-html", args=[email.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<base target="_top">')
    assert 'href="http://127.0.0.1:8000/requisitions/1/interviews/1/"' in body
    policy = response["Content-Security-Policy"]
    assert "sandbox allow-popups allow-top-navigation-by-user-activation" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_an_attachment_downloads_as_it_was_sent(client, admin_user, viewer):
    email = _invite()
    client.force_login(admin_user)
    attachment = email.attachments.get()
    response = client.get(reverse("outbox:mail-attachment", args=[email.pk, attachment.pk]))
    assert response.content.decode() == INVITE
    assert response["Content-Disposition"] == 'attachment; filename="invite.ics"'


def test_mail_sent_lists_newest_first_and_finds_by_address_or_subject(client, admin_user, viewer):
    queue_email(key="a", to="hr@example.com", subject="Sign the agreement", text="x")
    queue_email(key="b", to="manager@example.com", subject="Review Priya Nair", text="x")
    client.force_login(admin_user)

    page = client.get(reverse("outbox:mail-list")).content.decode()
    assert page.index("Review Priya Nair") < page.index("Sign the agreement")
    found = client.get(reverse("outbox:mail-list"), {"q": "HR@example"}).content.decode()
    assert "Sign the agreement" in found and "Review Priya Nair" not in found
    found = client.get(reverse("outbox:mail-list"), {"q": "priya"}).content.decode()
    assert "Review Priya Nair" in found and "Sign the agreement" not in found


@pytest.mark.parametrize("count", [3, 40])
def test_mail_sent_takes_the_same_queries_at_any_size(
    client, admin_user, viewer, count, django_assert_max_num_queries
):
    for i in range(count):
        queue_email(key=f"e-{i}", to=f"p{i}@example.com", subject=f"Notice {i}", text="x")
    client.force_login(admin_user)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("outbox:mail-list")).status_code == 200
    with django_assert_max_num_queries(7):
        email = OutboundEmail.objects.order_by("pk")[count // 2]
        assert client.get(reverse("outbox:mail-detail", args=[email.pk])).status_code == 200


def test_newer_and_older_walk_through_the_mail(client, admin_user, viewer):
    first = queue_email(key="1", to="a@example.com", subject="First", text="x")
    second = queue_email(key="2", to="a@example.com", subject="Second", text="x")
    third = queue_email(key="3", to="a@example.com", subject="Third", text="x")
    client.force_login(admin_user)
    page = client.get(reverse("outbox:mail-detail", args=[second.pk])).content.decode()
    assert reverse("outbox:mail-detail", args=[third.pk]) in page
    assert reverse("outbox:mail-detail", args=[first.pk]) in page


def test_there_is_no_mail_page_where_the_mail_server_delivers(client, admin_user, settings):
    settings.ACCORD_MAIL_VIEWER = False
    email = _invite()
    client.force_login(admin_user)
    for url in (
        reverse("outbox:mail-list"),
        reverse("outbox:mail-detail", args=[email.pk]),
        reverse("outbox:mail-html", args=[email.pk]),
    ):
        assert client.get(url).status_code == 404


@pytest.mark.slow
def test_production_has_no_mail_page():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.ACCORD_MAIL_VIEWER, settings.MAILERS['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={**_production_env(), "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "django.core.mail.backends.smtp.EmailBackend"]


def test_the_operations_page_leads_to_mail_sent_where_there_is_one(client, admin_user, settings):
    client.force_login(admin_user)
    settings.ACCORD_MAIL_VIEWER = True
    assert reverse("outbox:mail-list") in client.get(reverse("health:email-list")).content.decode()
    settings.ACCORD_MAIL_VIEWER = False
    assert (
        reverse("outbox:mail-list") not in client.get(reverse("health:email-list")).content.decode()
    )
