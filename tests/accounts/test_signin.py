"""Finding 2: password guessing, reset, validators, idle sessions, log out everywhere."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
ATTACKER, VICTIM_DESK = "203.0.113.66", "198.51.100.7"


def try_login(client, path, username, password, address):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def victim(db):
    return UserFactory(username="riya", role="recruiter", is_staff=True)


def test_forty_wrong_passwords_then_the_right_one_is_refused_for_a_while(
    client, victim, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC))
    for _ in range(40):
        response = try_login(client, LOGIN, "riya", "guess", ATTACKER)
        assert response.status_code in (200, 429)
    response = try_login(client, LOGIN, "riya", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert "_auth_user_id" not in client.session
    time_machine.shift(datetime.timedelta(minutes=16))  # the cool-off ends
    assert try_login(client, LOGIN, "riya", PASSWORD, ATTACKER).status_code == 302


def test_the_throttle_counts_username_and_address_together_so_nobody_locks_a_colleague_out(
    client, victim
):
    for _ in range(6):
        try_login(client, LOGIN, "riya", "guess", ATTACKER)
    assert try_login(client, LOGIN, "Riya ", PASSWORD, ATTACKER).status_code == 429
    # The victim, at her own desk, is not locked out by the attacker's tries.
    assert try_login(client, LOGIN, "riya", PASSWORD, VICTIM_DESK).status_code == 302


def test_the_admin_login_is_throttled_too(client, victim):
    for _ in range(4):
        assert try_login(client, ADMIN_LOGIN, "riya", "guess", ATTACKER).status_code == 200
    assert try_login(client, ADMIN_LOGIN, "riya", "guess", ATTACKER).status_code == 429
    assert try_login(client, ADMIN_LOGIN, "riya", PASSWORD, ATTACKER).status_code == 429


def test_one_address_trying_many_usernames_is_paused(client, settings, victim):
    settings.ACCORD_SIGNIN_IP_FAILURE_LIMIT = 8
    for number in range(8):
        try_login(client, LOGIN, f"person{number}", "Spring2027!", ATTACKER)
    assert try_login(client, LOGIN, "riya", PASSWORD, ATTACKER).status_code == 429
    assert try_login(client, LOGIN, "riya", PASSWORD, VICTIM_DESK).status_code == 302


def test_the_client_address_is_read_behind_our_proxy_and_cannot_be_chosen_by_the_client(
    client, settings, victim
):
    """One proxy of ours: it appends the address it saw; what the client wrote before that
    is ignored, so rotating a forged X-Forwarded-For buys no extra tries."""
    from accounts.throttling import client_ip

    settings.ACCORD_TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        client.post(
            LOGIN,
            {"username": "riya", "password": "guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ATTACKER}",
        )
    locked = client.post(
        LOGIN,
        {"username": "riya", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}",
    )
    assert locked.status_code == 429
    ok = client.post(
        LOGIN,
        {"username": "riya", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=VICTIM_DESK,
    )
    assert ok.status_code == 302

    class Request:
        META = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "junk"}

    assert client_ip(Request) == "10.0.0.2"
    settings.ACCORD_TRUSTED_PROXY_COUNT = 0
    Request.META["HTTP_X_FORWARDED_FOR"] = ATTACKER
    assert client_ip(Request) == "10.0.0.2"


# --- password reset ----------------------------------------------------------------------
def _reset_link(email_row) -> str:
    return re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", email_row.text).group(1)


def ask_for_reset(client, email, capture):
    """The page enqueues the worker's task on commit; here the test plays the worker."""
    from accounts.password_reset import send_reset_link

    with capture() as callbacks:
        response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert len(callbacks) == (1 if response.status_code == 302 else 0)
    if callbacks:
        send_reset_link(email=email)
    return response


def test_password_reset_by_email_sends_one_link_and_the_link_sets_a_new_password(
    client, victim, django_capture_on_commit_callbacks
):
    from outbox.models import OutboundEmail

    for _ in range(3):  # asking again within the quarter hour sends nothing more
        response = ask_for_reset(client, "RIYA@example.com", django_capture_on_commit_callbacks)
        assert response.status_code == 302
    [email] = OutboundEmail.objects.all()
    assert email.subject == "Choose a new password for Accord"
    link = _reset_link(email)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "riya12345", "new_password2": "riya12345"})
    assert weak.status_code == 422 and "too short" in weak.content.decode()
    for _ in range(5):  # locked out from here before the reset…
        try_login(client, LOGIN, "riya", "guess", VICTIM_DESK)
    strong = "tangerine-harbour-42"
    done = client.post(set_url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    # …and not after it: whoever read the email controls the account.
    assert try_login(client, LOGIN, "riya", strong, VICTIM_DESK).status_code == 302
    client.logout()
    assert client.get(link, follow=True).context["validlink"] is False  # used once


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, victim, django_capture_on_commit_callbacks
):
    from outbox.models import OutboundEmail

    response = ask_for_reset(client, "nobody@example.com", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert not OutboundEmail.objects.exists()


def test_the_login_page_offers_the_reset(client):
    html = client.get(LOGIN).content.decode()
    assert reverse("accounts:password-reset") in html
    assert "company account" not in html  # no single sign-on unless configured


def test_weak_passwords_are_refused_when_changing_it(client, victim):
    client.force_login(victim)
    for weak in ("password", "12345678901234", "riya-riya"):
        response = client.post(
            reverse("accounts:security"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 422
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


# --- sessions ----------------------------------------------------------------------------
def test_a_session_unused_for_half_an_hour_ends(client, victim, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC))
    client.force_login(victim)
    assert client.get(reverse("insights:home")).status_code == 200
    time_machine.shift(datetime.timedelta(minutes=28))
    assert client.get(reverse("insights:home")).status_code == 200  # still in use
    time_machine.shift(datetime.timedelta(minutes=31))
    response = client.get(reverse("insights:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_session_in_use_all_day_ends_twelve_hours_after_signing_in(client, victim, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 4, 7, tzinfo=datetime.UTC))
    client.force_login(victim)
    for _ in range(35):  # a page every 20 minutes, 11 h 40 in all
        time_machine.shift(datetime.timedelta(minutes=20))
        assert client.get(reverse("insights:home")).status_code == 200
    time_machine.shift(datetime.timedelta(minutes=21))
    response = client.get(reverse("insights:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    # Signing in again starts a new twelve hours.
    assert try_login(client, LOGIN, "riya", PASSWORD, VICTIM_DESK).status_code == 302
    time_machine.shift(datetime.timedelta(minutes=20))
    assert client.get(reverse("insights:home")).status_code == 200


def test_both_session_limits_are_settings(client, victim, time_machine, settings):
    settings.ACCORD_SESSION_IDLE_MINUTES = 8 * 60
    settings.ACCORD_SESSION_ABSOLUTE_HOURS = 1
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC))
    client.force_login(victim)
    time_machine.shift(datetime.timedelta(minutes=45))  # idle, but within 8 hours
    assert client.get(reverse("insights:home")).status_code == 200
    time_machine.shift(datetime.timedelta(minutes=16))  # past the hour
    assert client.get(reverse("insights:home")).status_code == 302


def test_the_polling_bell_does_not_keep_an_idle_session_alive(client, victim, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC))
    client.force_login(victim)
    client.get(reverse("insights:home"))
    for _ in range(9):
        time_machine.shift(datetime.timedelta(hours=1))
        client.get(reverse("commitments:notification-badge"), HTTP_HX_REQUEST="true")
    assert client.get(reverse("insights:home")).status_code == 302


def test_log_out_everywhere_ends_every_session_of_that_person_only(client, victim, hr_generalist):
    from django.test import Client

    laptop, phone, colleague = client, Client(), Client()
    for device in (laptop, phone):
        device.force_login(victim)
    colleague.force_login(hr_generalist)
    assert phone.get(reverse("insights:home")).status_code == 200
    assert laptop.post(reverse("accounts:logout-everywhere")).status_code == 302
    assert phone.get(reverse("insights:home")).status_code == 302
    assert laptop.get(reverse("insights:home")).status_code == 302
    assert colleague.get(reverse("insights:home")).status_code == 200
    assert try_login(Client(), LOGIN, "riya", PASSWORD, VICTIM_DESK).status_code == 302


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, victim):
    from django.test import Client

    other = Client()
    client.force_login(victim)
    other.force_login(victim)
    new = "tangerine-harbour-42"
    response = client.post(
        reverse("accounts:security"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("insights:home")).status_code == 200
    assert other.get(reverse("insights:home")).status_code == 302


def test_a_malformed_reset_request_is_a_422_next_to_the_field(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "not an address\r\n"})
    assert response.status_code == 422
    assert 'id="id_email_error"' in response.content.decode()


def test_an_htmx_request_after_the_session_ended_takes_the_whole_tab_to_log_in(
    client, victim, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC))
    client.force_login(victim)
    client.get(reverse("insights:home"))
    time_machine.shift(datetime.timedelta(minutes=45))
    response = client.get(reverse("commitments:notification-badge"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(LOGIN)
    # Hours later the session is gone from the database too: the same.
    time_machine.shift(datetime.timedelta(hours=8))
    response = client.get(reverse("commitments:notification-badge"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(LOGIN)


def test_the_reset_email_goes_by_django_mail_where_no_mailer_is_registered(
    client, victim, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core import mail

    from accounts.emails import MAILERS

    monkeypatch.setattr(MAILERS, "_hooks", [])  # the outbox registers one in its ready()
    ask_for_reset(client, "riya@example.com", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["riya@example.com"]
    assert "/accounts/password-reset/" in message.body
