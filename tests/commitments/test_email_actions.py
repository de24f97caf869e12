"""Issue 18, "Act from the message": buttons in reminders, signed single-use tokens, a GET
that changes nothing, and the review decided from the email without signing in."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from commitments.actions import SALT, ActionLinks, action_url, buttons, mint_token
from commitments.delivery import reminder_email
from commitments.models import ActionToken, Commitment, Reminder, Step
from hiring.models import Activity
from outbox.models import OutboundEmail
from pipeline.message_actions import _reject_form
from pipeline.models import DispositionReason, ReviewQuestion, Stage
from pipeline.review import answer_question, ask_recruiter
from tests.checksums import table_checksums
from tests.pipeline.helpers import activate_agreement, submitted

pytestmark = pytest.mark.django_db

TABLES = (
    "commitments_commitment",
    "commitments_actiontoken",
    "pipeline_application",
    "hiring_activity",
    "commitments_notification",
    "outbox_outboundemail",
)


def checksum() -> dict:
    """Every row of the tables an action could touch: equal before and after."""
    return table_checksums(TABLES)


@pytest.fixture
def reviews(requisition, recruiter, hiring_manager, hr_generalist):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    apps = [submitted(requisition, recruiter, name=n) for n in ("Ann One", "Ben Two")]
    return [
        Commitment.objects.get(kind="review_candidate", subject_id=a.pk, state="open") for a in apps
    ]


def _token(url: str) -> str:
    return parse_qs(urlparse(url).query)["t"][0]


def test_the_review_reminder_carries_advance_reject_and_ask_as_buttons(reviews, hiring_manager):
    reminder = Reminder(commitment=reviews[0], step=Step.REMINDER, recipient=hiring_manager)
    email = reminder_email(reminder)
    for label in ("Advance", "Reject with a reason", "Ask the recruiter", "Not mine"):
        assert label in email.text
    assert "/act/?t=" in email.html


def test_a_get_on_every_action_link_changes_nothing(client, reviews, hiring_manager):
    before = checksum()
    for button in buttons(commitment=reviews[0], person=hiring_manager):
        response = client.get(button["url"].replace("http://testserver", ""))
        assert response.status_code in (200, 302)
    assert checksum() == before


def test_the_manager_advances_then_rejects_from_the_email_without_signing_in(
    client, reviews, hiring_manager
):
    url = action_url(person=hiring_manager, commitment=reviews[0], action="advance")
    page = client.get(url)
    assert b"Ann One" in page.content and b"moves on to the next stage" in page.content
    done = client.post(reverse("commitments:email-action"), {"t": _token(url)})
    assert b"Ann One moves on" in done.content and b"Ben Two" in done.content
    application = reviews[0].subject
    application.refresh_from_db()
    assert application.stage != Stage.SUBMITTED
    entry = Activity.objects.get(kind="email_action")
    assert entry.details["client_address"] == "127.0.0.1" and _token(url) not in str(entry.details)
    url = action_url(person=hiring_manager, commitment=reviews[1], action="reject")
    refused = client.post(reverse("commitments:email-action"), {"t": _token(url)})
    assert refused.status_code == 422  # no reason: nothing changed, the token still works
    reason = DispositionReason.objects.filter(side="ours").first()
    form = _reject_form(None, commitment=reviews[1], person=hiring_manager)
    against = form.fields["against_brief"].choices[0][0]  # the brief's first must-have
    done = client.post(
        reverse("commitments:email-action"),
        {"t": _token(url), "reason": reason.pk, "against_brief": against},
    )
    assert b"Nothing else is waiting on you" in done.content


def test_a_token_is_single_use(client, reviews, hiring_manager):
    url = action_url(person=hiring_manager, commitment=reviews[0], action="advance")
    client.post(reverse("commitments:email-action"), {"t": _token(url)})
    again = client.post(reverse("commitments:email-action"), {"t": _token(url)})
    assert again.status_code == 410 and b"used already" in again.content
    assert ActionToken.objects.count() == 1


def test_a_token_for_one_commitment_cannot_act_on_another_or_for_another_person(
    client, reviews, hiring_manager, recruiter
):
    token = mint_token(person=hiring_manager, commitment=reviews[0], action="advance")
    data = signing.loads(token, salt=SALT)
    forged = token.replace(
        token.split(":")[0], signing.dumps({**data, "c": reviews[1].pk}, salt="x").split(":")[0]
    )
    response = client.get(reverse("commitments:email-action"), {"t": forged})
    assert response.status_code == 400 and b"cut or changed" in response.content
    theirs = mint_token(person=recruiter, commitment=reviews[0], action="advance")
    response = client.post(reverse("commitments:email-action"), {"t": theirs})
    assert b"Only the hiring manager reviews" in response.content
    assert reviews[0].subject.stage == Stage.SUBMITTED


def test_a_token_expires_when_its_commitment_is_met_or_after_seven_days(
    client, reviews, hiring_manager, time_machine
):
    url = action_url(person=hiring_manager, commitment=reviews[0], action="advance")
    Commitment.objects.filter(pk=reviews[0].pk).update(state="met")
    response = client.get(url)
    assert response.status_code == 410 and b"no longer open" in response.content
    url = action_url(person=hiring_manager, commitment=reviews[1], action="advance")
    time_machine.move_to(timezone.now() + timedelta(days=8))
    response = client.get(url)
    assert response.status_code == 410 and b"more than 7 days old" in response.content


def test_with_email_actions_off_the_button_leads_through_the_sign_in(
    client, settings, reviews, hiring_manager
):
    settings.ACCORD_EMAIL_ACTIONS = False
    url = action_url(person=hiring_manager, commitment=reviews[0], action="advance")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(hiring_manager)
    response = client.get(url, follow=True)
    assert b"moves on to the next stage" in response.content
    client.post(reverse("commitments:commitment-act", args=[reviews[0].pk, "advance"]))
    assert reviews[0].subject.stage != Stage.SUBMITTED


def test_the_answer_to_the_managers_question_brings_the_review_buttons(
    reviews, recruiter, hiring_manager
):
    application = reviews[0].subject
    ask_recruiter(application=application, by=hiring_manager, text="Notice period?")
    answer_question(question=ReviewQuestion.objects.get(), by=recruiter, answer="One month")
    email = OutboundEmail.objects.get(key__startswith="notice:answer:")
    assert "Advance: " in email.text and "Reject with a reason: " in email.text


def test_a_reminder_email_is_the_templates_rendered_for_it(
    reviews, hiring_manager, hr_generalist, monkeypatch
):
    """The sweep fills each shape of email rendered once (`ReminderEmails`): the same text,
    byte for byte, as rendering both templates for each email — escaping included."""
    from django.template.loader import render_to_string  # noqa: PLC0415

    from commitments.delivery import ReminderEmails  # noqa: PLC0415
    from commitments.wording import absolute_url, reminder_text  # noqa: PLC0415

    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "1wxyz")
    hiring_manager.first_name = "<b>Dan & 'Co'</b>"
    reviews[0].requisition.title = 'Engineer <script>"x"</script>'
    writer = ReminderEmails()
    for person, step in ((hiring_manager, Step.REMINDER), (hr_generalist, Step.ESCALATION)):
        reminder = Reminder(commitment=reviews[0], step=step, recipient=person)
        email = writer.build(reminder)
        context = {
            "greeting_name": person.first_name or person.display_name,
            "search_title": reviews[0].requisition.title,
            "text": reminder_text(reminder),
            "url": absolute_url(reviews[0].url),
            "buttons": buttons(commitment=reviews[0], person=person, step=step),
            "preferences_url": absolute_url("/notifications/preferences/"),
        }
        assert email.text == render_to_string("emails/reminder.txt", context)
        assert email.html == render_to_string("emails/reminder.html", context)
    assert (
        "&lt;b&gt;Dan &amp; &#x27;Co&#x27;&lt;/b&gt;"
        in writer.build(
            Reminder(commitment=reviews[0], step=Step.REMINDER, recipient=hiring_manager)
        ).html
    )


def test_a_minted_token_is_what_django_signing_writes(reviews, hiring_manager, monkeypatch):
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "1wxyz")
    token = mint_token(person=hiring_manager, commitment=reviews[0], action="advance")
    payload = {"p": hiring_manager.pk, "c": reviews[0].pk, "a": "advance"}
    assert token == signing.dumps(payload, salt=SALT)
    url = ActionLinks().url(person=hiring_manager, commitment=reviews[0], action="advance")
    assert _token(url) == token
    assert signing.loads(_token(url), salt=SALT) == payload
