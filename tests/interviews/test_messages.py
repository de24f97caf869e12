from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from commitments.models import Commitment
from hiring.models import Activity
from interviews.candidate_messages import preview_message, send_candidate_message
from interviews.models import CandidateMessage, Interview, MessageTemplate
from interviews.rendering import TemplateProblem, check_template, render_text
from outbox.models import OutboundEmail
from pipeline.brief_check import BriefReason
from pipeline.models import DispositionReason
from pipeline.stages import move_application

pytestmark = pytest.mark.django_db


def test_templates_render_with_the_applications_data(interview, hiring_manager):
    hiring_manager.job_title = "Head of Payments"
    hiring_manager.save()
    subject, text = preview_message(
        kind="preparation", application=interview.application, interview=interview
    )
    assert subject.startswith("Your Technical interview for ")
    assert "Dear Jane," in text
    assert "- Owns on-call" in text
    assert f"{hiring_manager.display_name} (Head of Payments) is the hiring manager" in text
    assert "60 minutes" in text and "https://meet.example.com/tech" in text


@pytest.mark.parametrize(
    "source",
    [
        "{% load static %}{% static 'x' %}",
        "{% include 'base.html' %}",
        "{% extends 'base.html' %}",
        "{% debug %}",
        "{% if %}",
    ],
)
def test_a_template_that_reaches_outside_its_context_is_refused(source):
    with pytest.raises(TemplateProblem):
        check_template(source)


def test_rendering_sees_only_plain_values_and_never_breaks():
    assert render_text("{{ candidate.email }}{{ settings.SECRET_KEY }}", {"x": 1}) == ""
    assert render_text("{% include 'base.html' %}", {}) == "{% include 'base.html' %}"
    assert render_text("Hi {{ name|upper }}", {"name": "jo"}) == "Hi JO"


def test_a_stored_template_is_used_and_the_subject_stays_one_line(interview):
    MessageTemplate.objects.filter(kind="preparation").update(
        subject="Line one\r\nBcc: x@evil.example {{ stage }}", body="Only {{ stage }}"
    )
    subject, text = preview_message(
        kind="preparation", application=interview.application, interview=interview
    )
    assert "\n" not in subject and "\r" not in subject
    assert text == "Only Technical interview"


def test_thanks_after_the_interview_goes_once_with_a_survey_link(interview, recruiter):
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=interview.starts_at - timedelta(days=30),
        ends_at=interview.ends_at - timedelta(days=30),
    )
    interview.refresh_from_db()
    message = send_candidate_message(
        kind="thanks", application=interview.application, interview=interview, sent_by=recruiter
    )
    email = OutboundEmail.objects.get(key=message.key)
    assert "/survey/" in email.text  # the candidate's link…
    assert "/survey/" not in message.text  # …which the team's copy does not show
    assert email.to == ["jane@candidates.example"] and email.message_id
    assert Activity.objects.filter(kind="candidate_messaged", details__kind="thanks").exists()
    with pytest.raises(ValidationError):
        send_candidate_message(
            kind="thanks", application=interview.application, interview=interview, sent_by=recruiter
        )


def test_thanks_cannot_go_before_the_interview_ends(interview, recruiter):
    with pytest.raises(ValidationError):
        send_candidate_message(
            kind="thanks", application=interview.application, interview=interview, sent_by=recruiter
        )


def test_sending_the_rejection_meets_inform_the_candidate(application, hiring_manager, recruiter):
    reason = DispositionReason.objects.filter(side="ours", is_active=True).first()
    move_application(
        application=application,
        to_stage="rejected",
        by=hiring_manager,
        reason=reason,
        against_brief=BriefReason("unnamed", "Not a fit for the team"),
    )
    owed = Commitment.objects.get(kind="inform_candidate")
    send_candidate_message(kind="rejection", application=application, sent_by=recruiter)
    owed.refresh_from_db()
    assert owed.state == "met"
    assert CandidateMessage.objects.get(kind="rejection").to == "jane@candidates.example"


def test_the_page_previews_then_sends(client, recruiter, application, hiring_manager):
    from django.urls import reverse

    reason = DispositionReason.objects.filter(side="ours", is_active=True).first()
    move_application(
        application=application,
        to_stage="rejected",
        by=hiring_manager,
        reason=reason,
        against_brief=BriefReason("unnamed", "Not a fit for the team"),
    )
    url = reverse(
        "interviews:message",
        kwargs={
            "pk": application.requisition_id,
            "application": application.pk,
            "kind": "rejection",
        },
    )
    client.force_login(recruiter)
    preview = client.get(url)
    assert (
        preview.status_code == 200
        and "not to take your application further" in preview.content.decode()
    )
    assert not CandidateMessage.objects.exists()
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 422  # once
    assert CandidateMessage.objects.count() == 1


def test_the_admin_refuses_a_template_that_does_not_render_and_previews_one_that_does(
    client, admin_user
):
    template = MessageTemplate.objects.get(kind="rejection")
    url = f"/admin/interviews/messagetemplate/{template.pk}/change/"
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and "Dear Jane," in page.content.decode()
    refused = client.post(url, {"subject": "Hi", "body": "{% include 'base.html' %}"})
    assert refused.status_code == 200 and "is not allowed" in refused.content.decode()
    template.refresh_from_db()
    assert "include" not in template.body
    saved = client.post(url, {"subject": "Your application", "body": "Dear {{ candidate_name }}"})
    assert saved.status_code == 302
