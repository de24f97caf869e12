"""Slack (issue 23): reminders and notices as direct messages with the email's buttons,
against a local HTTP stand-in for the Slack Web API (tests/slack/stub.py) and interaction
payloads signed as Slack signs them. No client library is mocked: Accord's own HTTP calls
reach a real server."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import ActionToken, Commitment, Notification
from commitments.notices import notify_event
from commitments.sweep import sweep
from hiring.models import Activity
from outbox.models import OutboundEmail
from pipeline.models import Stage
from slack.delivery import dispatch_due, send_message, update_message
from slack.interactions import signature, verify
from slack.modals import CALLBACK
from slack.models import SlackAccount, SlackMessage
from tests.checksums import table_checksums
from tests.pipeline.helpers import activate_agreement, submitted
from tests.slack.stub import BOT_TOKEN, SlackStub

pytestmark = pytest.mark.django_db
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
INTERACTIONS = "/slack/interactions/"


@pytest.fixture
def stub():
    server = SlackStub().start()
    yield server
    server.stop()


@pytest.fixture
def slack_on(settings, stub):
    settings.ACCORD_SLACK_BOT_TOKEN = BOT_TOKEN
    settings.ACCORD_SLACK_SIGNING_SECRET = SECRET
    settings.ACCORD_SLACK_API_URL = stub.url
    settings.ACCORD_SLACK_BACKOFF_SECONDS = 0
    settings.ACCORD_SLACK_ATTEMPTS = 3
    return stub


@pytest.fixture
def reviews(requisition, recruiter, hiring_manager, hr_generalist):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    apps = [submitted(requisition, recruiter, name=n) for n in ("Ann One", "Ben Two")]
    return [
        Commitment.objects.get(kind="review_candidate", subject_id=a.pk, state="open") for a in apps
    ]


def remind(commitment, person) -> SlackMessage | None:
    """Run the sweep past the commitment's deadline; the Slack message it wrote, if any."""
    sweep(now=commitment.due_at + timedelta(minutes=1))
    return SlackMessage.objects.filter(recipient=person, reminder__commitment=commitment).first()


def tell(commitment, person) -> int:
    return notify_event(
        event="commitment.reminded_again",
        requisition=commitment.requisition,
        people=[person],
        text="Hannah reminds you: “Review Ann One” is waiting on you.",
        url=f"/commitments/{commitment.pk}/",
        key="test-reminded",
    )


def go(message) -> str:
    message.refresh_from_db()
    return send_message(message.pk, now=max(message.next_attempt_at, message.created_at))


def the_email(commitment, person) -> OutboundEmail:
    return OutboundEmail.objects.get(
        key__startswith=f"reminder-c{commitment.pk}-", to=[person.email]
    )


def posted(stub) -> dict:
    return stub.calls_of("chat.postMessage")[-1]


def elements(arguments) -> list[dict]:
    actions = [b for b in arguments["blocks"] if b["type"] == "actions"]
    return actions[0]["elements"] if actions else []


def signed(payload: dict, *, secret=SECRET, at=None) -> dict:
    """The request Slack sends when a button is pressed: a form with `payload`, signed."""
    body = urlencode({"payload": json.dumps(payload)})
    timestamp = str(int(time.time() if at is None else at))
    return {
        "data": body,
        "content_type": "application/x-www-form-urlencoded",
        "headers": {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(body.encode(), timestamp, secret),
        },
    }


def press(message, element, *, user="U0DANIEL") -> dict:
    """A block_actions payload as Slack sends it for `element` of `message`."""
    return {
        "type": "block_actions",
        "user": {"id": user, "username": "daniel", "name": "daniel", "team_id": "T0TEST"},
        "api_app_id": "A0TEST",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": False,
        },
        "trigger_id": "1234.5678.abcd",
        "team": {"id": "T0TEST", "domain": "acme"},
        "channel": {"id": message.channel, "name": "directmessage"},
        "message": {"type": "message", "ts": message.ts, "text": "…", "bot_id": "B0TEST"},
        "response_url": "https://hooks.slack.com/actions/T0TEST/1/abc",
        "actions": [
            {
                "action_id": element["action_id"],
                "block_id": "b1",
                "text": element["text"],
                "value": element.get("value", ""),
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def checksum() -> dict:
    return table_checksums(
        (
            "commitments_commitment",
            "commitments_actiontoken",
            "pipeline_application",
            "hiring_activity",
            "slack_slackmessage",
        )
    )


# --- the signature -------------------------------------------------------------------------
def test_the_signature_is_slacks_worked_example():
    """Slack's own example (api.slack.com/authentication/verifying-requests-from-slack)."""
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        b"G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook"
        b"-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F39770"
        b"0885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10"
        b"d2c447fce8b6703c"
    )
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert signature(body, "1531420618", SECRET) == expected
    by_hand = hmac.new(SECRET.encode(), b"v0:1531420618:" + body, hashlib.sha256).hexdigest()
    assert expected == f"v0={by_hand}"


def test_verify_refuses_stale_changed_and_unsigned_requests(settings):
    settings.ACCORD_SLACK_SIGNING_SECRET = SECRET
    body, now = b"payload=%7B%7D", 1_700_000_000
    good = signature(body, str(now), SECRET)
    assert verify(body, str(now), good, now=now)
    assert verify(body, str(now), good, now=now + 299)
    assert not verify(body, str(now), good, now=now + 301)  # more than five minutes old
    assert not verify(body, str(now), good, now=now - 301)
    assert not verify(body + b"x", str(now), good, now=now)
    assert not verify(body, str(now), signature(body, str(now), "another secret"), now=now)
    assert not verify(body, None, good, now=now)
    assert not verify(body, str(now), None, now=now)
    assert not verify(body, "12ab", good, now=now)
    settings.ACCORD_SLACK_SIGNING_SECRET = ""
    assert not verify(body, str(now), signature(body, str(now), ""), now=now)


# --- sending ---------------------------------------------------------------------------------
def test_off_unless_configured_emails_as_before(reviews, hiring_manager):
    assert remind(reviews[0], hiring_manager) is None
    assert the_email(reviews[0], hiring_manager).state == "pending"


def test_a_reminder_goes_as_a_direct_message_with_the_emails_buttons(
    slack_on, reviews, hiring_manager
):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    email = the_email(reviews[0], hiring_manager)
    assert message.email == email and email.state == "held"  # written in one transaction
    assert go(message) == "sent"
    arguments = posted(slack_on)
    assert arguments["channel"] == "U0DANIEL"
    assert "Ann One" in json.dumps(arguments) or reviews[0].title in arguments["text"]
    by_label = {e["text"]["text"]: e for e in elements(arguments)}
    assert by_label["Advance"]["action_id"].startswith("act:") and by_label["Advance"]["value"]
    # Those that need words open their form in a modal; links stay links.
    assert by_label["Reject with a reason"]["action_id"].startswith("form:")
    assert by_label["Ask the recruiter"]["action_id"].startswith("form:")
    assert by_label["Not mine, or need more time"]["url"].endswith(f"/commitments/{reviews[0].pk}/")
    email.refresh_from_db()
    message.refresh_from_db()
    assert email.state == "elsewhere" and "@daniel" in email.last_error
    assert message.state == "sent" and message.channel == "D0DANIEL" and message.ts
    account = SlackAccount.objects.get(user=hiring_manager)
    assert account.slack_user_id == "U0DANIEL" and account.handle == "daniel"
    # Idempotent: the task again posts nothing.
    assert send_message(message.pk) == "not claimed"
    assert len(slack_on.calls_of("chat.postMessage")) == 1


def test_the_lookup_is_cached_and_checked_again_when_stale(
    slack_on, reviews, hiring_manager, settings
):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    assert go(remind(reviews[0], hiring_manager)) == "sent"
    assert go(remind(reviews[1], hiring_manager)) == "sent"
    assert len(slack_on.calls_of("users.lookupByEmail")) == 1  # the second used the cache
    SlackAccount.objects.filter(user=hiring_manager).update(
        checked_at=timezone.now() - timedelta(hours=settings.ACCORD_SLACK_RECHECK_HOURS + 1)
    )
    tell(reviews[0], hiring_manager)
    notice = SlackMessage.objects.get(recipient=hiring_manager, text__startswith="Hannah reminds")
    assert go(notice) == "sent"
    assert len(slack_on.calls_of("users.lookupByEmail")) == 2
    assert "Hannah reminds you" in posted(slack_on)["text"]


def test_someone_slack_does_not_know_gets_the_email(slack_on, reviews, hiring_manager):
    message = remind(reviews[0], hiring_manager)
    assert go(message) == "emailed"
    email = the_email(reviews[0], hiring_manager)
    assert email.state == "pending" and "not found in Slack" in email.last_error
    assert not slack_on.calls_of("chat.postMessage")
    # Known to be missing (for a day): the next one is an email at once, no Slack row.
    tell(reviews[0], hiring_manager)
    assert not SlackMessage.objects.filter(
        recipient=hiring_manager, text__startswith="Hannah reminds"
    )
    assert OutboundEmail.objects.get(key__startswith="notice:test-reminded").state == "pending"


def test_slack_failing_is_retried_then_the_email_goes(slack_on, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    slack_on.fail_next(1, status=429, error="ratelimited")
    assert go(message) == "retry"
    message.refresh_from_db()
    assert message.state == "pending" and message.last_error == "http_429"
    assert message.next_attempt_at >= message.claimed_at + timedelta(seconds=1)  # Retry-After
    slack_on.fail_next(2, status=503)
    assert go(message) == "retry"
    assert the_email(reviews[0], hiring_manager).state == "held"
    assert go(message) == "emailed"  # the third and last try
    message.refresh_from_db()
    email = the_email(reviews[0], hiring_manager)
    assert message.state == "emailed" and email.state == "pending"
    assert "http_503" in email.last_error


def test_slack_refusing_for_good_sends_the_email_at_once(slack_on, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    slack_on.fail_next(1, status=200, error="invalid_auth")
    assert go(message) == "emailed"
    assert the_email(reviews[0], hiring_manager).state == "pending"


def test_a_withdrawn_commitment_cancels_its_message(slack_on, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    OutboundEmail.objects.filter(pk=message.email_id).update(state="cancelled")
    assert go(message) == "cancelled"
    assert not slack_on.calls_of("chat.postMessage")


def test_the_dispatcher_finds_what_the_broker_lost(slack_on, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    message.refresh_from_db()
    later = max(message.next_attempt_at, message.created_at) + timedelta(minutes=2)
    assert dispatch_due(now=later) >= 1
    assert SlackMessage.objects.get(pk=message.pk).queued_at == later
    assert dispatch_due(now=later) == 0  # stamped: once per REQUEUE_AFTER


def test_turning_slack_off_sends_emails_again(slack_on, client, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    client.force_login(hiring_manager)
    page = client.get(reverse("slack:settings"))
    assert b"Not looked up yet" in page.content
    assert not SlackAccount.objects.exists()  # a GET writes nothing
    assert go(remind(reviews[0], hiring_manager)) == "sent"
    page = client.get(reverse("slack:settings"))
    assert b"Connected as" in page.content and b"@daniel" in page.content
    response = client.post(reverse("slack:settings"), {})
    assert response.status_code == 302
    assert not SlackAccount.objects.get(user=hiring_manager).direct_messages
    tell(reviews[0], hiring_manager)
    assert not SlackMessage.objects.filter(
        recipient=hiring_manager, text__startswith="Hannah reminds"
    )
    assert OutboundEmail.objects.get(key__startswith="notice:test-reminded").state == "pending"


def test_the_settings_page_says_when_slack_is_not_connected(client, hiring_manager):
    client.force_login(hiring_manager)
    page = client.get(reverse("slack:settings"))
    assert page.status_code == 200 and b"not connected for this organisation" in page.content


# --- acting from Slack ----------------------------------------------------------------------
@pytest.fixture
def delivered(slack_on, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    assert go(message) == "sent"
    message.refresh_from_db()
    by_label = {e["text"]["text"]: e for e in elements(posted(slack_on))}
    return message, by_label


def test_the_manager_advances_from_slack_and_the_message_says_so(
    client, slack_on, delivered, reviews
):
    message, buttons = delivered
    response = client.post(INTERACTIONS, **signed(press(message, buttons["Advance"])))
    assert response.status_code == 200
    application = reviews[0].subject
    application.refresh_from_db()
    assert application.stage != Stage.SUBMITTED
    assert ActionToken.objects.count() == 1
    entry = Activity.objects.get(kind="email_action")
    assert "acted from Slack" in entry.summary and entry.details["via"] == "Slack"
    message.refresh_from_db()
    assert message.outcome.startswith("✓ Ann One moves on")
    assert update_message(message.pk) == "updated"
    update = slack_on.calls_of("chat.update")[-1]
    assert update["channel"] == message.channel and update["ts"] == message.ts
    assert not [b for b in update["blocks"] if b["type"] == "actions"]  # buttons gone
    assert "Ann One moves on" in json.dumps(update["blocks"])


def test_a_button_works_once(client, delivered, reviews):
    message, buttons = delivered
    request = signed(press(message, buttons["Advance"]))
    client.post(INTERACTIONS, **request)
    before = checksum()
    again = client.post(INTERACTIONS, **signed(press(message, buttons["Advance"])))
    assert again.status_code == 200
    assert ActionToken.objects.count() == 1
    message.refresh_from_db()
    assert message.outcome.startswith("✓ Ann One moves on")  # what was done stays said
    after = checksum()
    assert before["commitments_actiontoken"] == after["commitments_actiontoken"]
    assert before["pipeline_application"] == after["pipeline_application"]
    assert before["hiring_activity"] == after["hiring_activity"]


@pytest.mark.parametrize("how", ["unsigned", "wrong secret", "stale", "changed body"])
def test_an_unsigned_or_stale_press_changes_nothing(client, delivered, how):
    message, buttons = delivered
    payload = press(message, buttons["Advance"])
    if how == "unsigned":
        request = signed(payload)
        request["headers"] = {}
    elif how == "wrong secret":
        request = signed(payload, secret="not the secret")
    elif how == "stale":
        request = signed(payload, at=time.time() - 6 * 60)
    else:
        request = signed(payload)
        request["data"] = request["data"].replace("daniel", "danieL")
    before = checksum()
    response = client.post(INTERACTIONS, **request)
    assert response.status_code == 403
    assert checksum() == before


def test_a_press_by_another_slack_user_changes_nothing(client, delivered):
    message, buttons = delivered
    before = checksum()
    response = client.post(INTERACTIONS, **signed(press(message, buttons["Advance"], user="U0EVE")))
    assert response.status_code == 200
    assert checksum() == before


def test_the_press_is_refused_when_the_rule_no_longer_holds(client, delivered, reviews, recruiter):
    """The state is checked again at the press: a candidate already decided on the page."""
    from pipeline.review import advance

    message, buttons = delivered
    application = reviews[0].subject
    advance(application=application, by=reviews[0].owner, note="")
    before = checksum()
    client.post(INTERACTIONS, **signed(press(message, buttons["Advance"])))
    assert ActionToken.objects.count() == 0
    after = checksum()
    assert before["pipeline_application"] == after["pipeline_application"]
    message.refresh_from_db()
    assert message.outcome.startswith("⚠")


def test_a_link_button_press_does_nothing(client, delivered):
    message, buttons = delivered
    before = checksum()
    link = buttons["Not mine, or need more time"]
    response = client.post(INTERACTIONS, **signed(press(message, link)))
    assert response.status_code == 200 and checksum() == before


def test_a_payload_that_is_not_json_is_a_400(client, slack_on):
    body = "payload=%7Bnot+json"
    timestamp = str(int(time.time()))
    response = client.post(
        INTERACTIONS,
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(body.encode(), timestamp, SECRET),
        },
    )
    assert response.status_code == 400


def test_with_email_actions_off_every_button_is_a_link_and_a_press_acts_not(
    client, settings, delivered, slack_on, reviews, hiring_manager
):
    message, buttons = delivered
    settings.ACCORD_EMAIL_ACTIONS = False
    go(remind(reviews[1], hiring_manager))
    assert all("url" in e and "value" not in e for e in elements(posted(slack_on)))
    before = checksum()
    client.post(INTERACTIONS, **signed(press(message, buttons["Advance"])))
    after = checksum()
    assert before["pipeline_application"] == after["pipeline_application"]
    assert ActionToken.objects.count() == 0


def test_the_send_task_takes_an_id(slack_on, reviews, hiring_manager):
    from slack.tasks import send_slack_message

    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    message.refresh_from_db()
    SlackMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert send_slack_message.apply(args=[message.pk]).get() == "sent"
    assert send_slack_message.apply(args=[message.pk]).get() == "not claimed"


def test_notices_told_in_bulk_go_to_slack_too(slack_on, requisition, hiring_manager, recruiter):
    from commitments.notices import Notice, notify_events

    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    told = notify_events(
        [
            Notice(
                event="interviews.ended",
                requisition=requisition,
                text="Your interview with Ann One ended: your scorecard is open.",
                url="/requisitions/1/",
                key="ended-test",
                people=(hiring_manager, recruiter),
            )
        ]
    )
    assert told == 2
    message = SlackMessage.objects.get(recipient=hiring_manager)
    assert message.email.state == "held" and message.text.startswith("Your interview")
    assert go(message) == "sent"
    assert "scorecard is open" in posted(slack_on)["text"]
    # The recruiter is not in Slack: their email goes once the task has looked.
    other = SlackMessage.objects.get(recipient=recruiter)
    assert go(other) == "emailed"
    other.email.refresh_from_db()
    assert other.email.state == "pending"


def test_mail_sent_shows_an_email_slack_carried(client, admin_user, delivered, settings):
    settings.ACCORD_MAIL_VIEWER = True
    message, _ = delivered
    client.force_login(admin_user)
    page = client.get(reverse("outbox:mail-detail", args=[message.email_id])).content.decode()
    assert "By Slack" in page and "Delivered by Slack to @daniel" in page
    listing = client.get(reverse("outbox:mail-list")).content.decode()
    assert "By Slack" in listing


# --- a few words first: the form in a modal ------------------------------------------------
def submission(view: dict, values: dict, *, user="U0DANIEL") -> dict:
    """A view_submission payload as Slack sends it when the modal's submit is pressed."""
    state = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        name, element = block["block_id"], block["element"]
        value = values.get(name)
        if element["type"] == "static_select":
            option = next((o for o in element["options"] if o["value"] == value), None)
            state[name] = {name: {"type": "static_select", "selected_option": option}}
        else:
            state[name] = {name: {"type": element["type"], "value": value}}
    return {
        "type": "view_submission",
        "team": {"id": "T0TEST", "domain": "acme"},
        "user": {"id": user, "username": "daniel", "name": "daniel", "team_id": "T0TEST"},
        "api_app_id": "A0TEST",
        "token": "legacy-verification-token",
        "trigger_id": "2234.5678.abcd",
        "view": {
            **view,
            "id": "V0TEST",
            "team_id": "T0TEST",
            "state": {"values": state},
            "hash": "1700000000.abc",
        },
        "response_urls": [],
    }


def opened_form(client, slack_on, message, button, *, user="U0DANIEL") -> dict:
    before = checksum()
    response = client.post(INTERACTIONS, **signed(press(message, button, user=user)))
    assert response.status_code == 200
    assert checksum() == before  # opening the form changes nothing
    opened = slack_on.calls_of("views.open")[-1]
    assert opened["trigger_id"] == "1234.5678.abcd"
    return opened["view"]


def test_reject_with_a_reason_from_a_slack_modal(client, slack_on, delivered, reviews):
    message, buttons = delivered
    view = opened_form(client, slack_on, message, buttons["Reject with a reason"])
    fields = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert fields["reason"]["element"]["type"] == "static_select"
    assert not fields["reason"]["optional"] and fields["note"]["optional"]
    # No reason: the form's own message beside the field, nothing changed.
    before = checksum()
    refused = client.post(INTERACTIONS, **signed(submission(view, {})))
    assert refused.status_code == 200
    answer = refused.json()
    assert answer["response_action"] == "errors"
    assert "nobody is rejected without one" in answer["errors"]["reason"]
    assert checksum() == before
    first = {
        name: block["element"]["options"][0]["value"]
        for name, block in fields.items()
        if block["element"]["type"] == "static_select"
    }
    # Another Slack user submitting the same view changes nothing.
    client.post(INTERACTIONS, **signed(submission(view, first, user="U0EVE")))
    assert checksum() == before
    done = client.post(INTERACTIONS, **signed(submission(view, first)))
    assert done.status_code == 200 and done.content == b""  # closes the modal
    application = reviews[0].subject
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert ActionToken.objects.count() == 1
    message.refresh_from_db()
    assert message.outcome.startswith("✓ Ann One is rejected")
    # The same token again (a second submit): used, nothing more.
    client.post(INTERACTIONS, **signed(submission(view, first)))
    assert ActionToken.objects.count() == 1


def test_a_modal_is_not_opened_when_the_rule_no_longer_holds(client, slack_on, delivered, reviews):
    from pipeline.review import advance

    message, buttons = delivered
    advance(application=reviews[0].subject, by=reviews[0].owner, note="")
    client.post(INTERACTIONS, **signed(press(message, buttons["Ask the recruiter"])))
    assert not slack_on.calls_of("views.open")
    message.refresh_from_db()
    assert message.outcome.startswith("⚠")


# --- the escalation's recipient: remind them again, waive with a reason -------------------
def test_hr_reminds_again_then_waives_from_an_escalation_in_slack(
    client, slack_on, reviews, hiring_manager, hr_generalist
):
    slack_on.add_user(hr_generalist.email, "U0HANNAH", "hannah")
    commitment = reviews[0]
    sweep(now=commitment.escalate_at + timedelta(minutes=1))
    message = SlackMessage.objects.get(recipient=hr_generalist, reminder__commitment=commitment)
    assert go(message) == "sent"
    message.refresh_from_db()
    by_label = {e["text"]["text"]: e for e in elements(posted(slack_on))}
    assert set(by_label) == {"Remind them again", "Waive with a reason"}
    assert by_label["Remind them again"]["action_id"].startswith("act:")
    assert by_label["Waive with a reason"]["action_id"].startswith("form:")
    told = Notification.objects.filter(recipient=hiring_manager).count()
    client.post(
        INTERACTIONS, **signed(press(message, by_label["Remind them again"], user="U0HANNAH"))
    )
    assert Notification.objects.filter(recipient=hiring_manager).count() == told + 1
    # The message says it; the waive button went with the others (one press per message),
    # but a fresh escalation message carries it again: here, its token from the first post.
    SlackMessage.objects.filter(pk=message.pk).update(outcome="")
    view = opened_form(client, slack_on, message, by_label["Waive with a reason"], user="U0HANNAH")
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["reason"]
    assert view["blocks"][1]["element"]["multiline"] is True
    done = client.post(
        INTERACTIONS,
        **signed(submission(view, {"reason": "Covered in the debrief"}, user="U0HANNAH")),
    )
    assert done.status_code == 200
    commitment.refresh_from_db()
    assert commitment.state == "waived" and commitment.waived_reason == "Covered in the debrief"
    assert ActionToken.objects.count() == 2


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "block_actions", "user": "x", "actions": "y", "container": []},
        {"type": "block_actions", "actions": [{"action_id": "act:0", "value": "forged"}]},
        {"type": "view_submission", "view": {"callback_id": CALLBACK, "private_metadata": "[]"}},
        {"type": "view_submission", "view": {"callback_id": CALLBACK, "state": []}},
        {"type": "view_submission", "view": []},
        {"type": "shortcut"},
    ],
)
def test_odd_signed_payloads_change_nothing_and_never_fail(client, slack_on, payload):
    before = checksum()
    response = client.post(INTERACTIONS, **signed(payload))
    assert response.status_code == 200 and checksum() == before


def test_a_reminder_met_before_it_goes_carries_no_buttons(slack_on, reviews, hiring_manager):
    from pipeline.review import advance

    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    advance(application=reviews[0].subject, by=hiring_manager, note="")
    assert go(message) == "sent"
    assert elements(posted(slack_on)) == []


def test_a_message_whose_workers_keep_dying_goes_by_email(slack_on, reviews, hiring_manager):
    slack_on.add_user(hiring_manager.email, "U0DANIEL", "daniel")
    message = remind(reviews[0], hiring_manager)
    SlackMessage.objects.filter(pk=message.pk).update(attempts=5)
    assert go(message) == "emailed"
    assert the_email(reviews[0], hiring_manager).state == "pending"
