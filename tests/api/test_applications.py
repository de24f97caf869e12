"""Candidates through the API: the pipeline's doors for reading, its form, `add_candidate`
and `move_application` (with every gate) for writing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pipeline.models import Application, Stage
from tests.api.helpers import bearer
from tests.pipeline.helpers import activate_agreement, pdf_upload, screened, submitted


def _url(requisition, *rest):
    return "/".join([f"/api/v1/requisitions/{requisition.pk}/applications", *map(str, rest)]) + "/"


@pytest.fixture
def active(requisition, recruiter, hiring_manager, hr_generalist):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    return requisition


@pytest.mark.django_db
def test_a_candidate_is_listed_with_the_stage_history(client, active, recruiter, interviewer):
    waiting = submitted(active, recruiter, name="Wendy Waiting")
    body = client.get(_url(active), **bearer(recruiter)).json()
    [row] = body["items"]
    assert row["candidate"]["name"] == "Wendy Waiting" and row["stage"] == "submitted"
    assert [c["to_stage"] for c in row["history"]][-1] == "submitted"
    detail = client.get(_url(active, waiting.pk), **bearer(recruiter)).json()
    assert detail["history"] == row["history"]
    # An interviewer sees only whom they interview: none here.
    assert client.get(_url(active), **bearer(interviewer)).json()["items"] == []
    assert client.get(_url(active, waiting.pk), **bearer(interviewer)).status_code == 404


@pytest.mark.django_db
def test_a_candidate_is_added_through_the_form(client, active, recruiter, hiring_manager):
    new = {"name": "Ada Lovelace", "email": "ada@example.com", "source": "referrals"}
    response = client.post(_url(active), new, content_type="application/json", **bearer(recruiter))
    assert response.status_code == 201, response.content
    assert response.json()["stage"] == "applied"
    again = client.post(_url(active), new, content_type="application/json", **bearer(recruiter))
    assert again.status_code == 422 and again.json()["errors"]
    bad = client.post(
        _url(active),
        {**new, "email": "not an email", "source": "pigeon"},
        content_type="application/json",
        **bearer(recruiter),
    )
    assert set(bad.json()["errors"]) == {"email", "source"}
    denied = client.post(
        _url(active), new, content_type="application/json", **bearer(hiring_manager)
    )
    assert denied.status_code == 403
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_a_move_goes_through_move_application_and_its_gates(client, active, recruiter):
    ready = screened(active, recruiter, name="Sam Screened")
    url = _url(active, ready.pk, "move")
    skipped = client.post(
        url, {"to_stage": "offer"}, content_type="application/json", **bearer(recruiter)
    )
    assert skipped.status_code == 422
    assert skipped.json()["errors"]["__all__"]
    no_reason = client.post(
        url, {"to_stage": "rejected"}, content_type="application/json", **bearer(recruiter)
    )
    assert no_reason.status_code == 422
    ready.refresh_from_db()
    assert ready.stage == Stage.SCREENING
    moved = client.post(
        url, {"to_stage": "submitted"}, content_type="application/json", **bearer(recruiter)
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == "submitted"
    ready.refresh_from_db()
    assert ready.stage == Stage.SUBMITTED
    nonsense = client.post(
        url, {"to_stage": "interview:x\x00"}, content_type="application/json", **bearer(recruiter)
    )
    assert nonsense.status_code == 422


@pytest.mark.django_db
def test_a_resume_is_uploaded_through_the_page_form(
    client, active, recruiter, hiring_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    ready = screened(active, recruiter, name="Sam Screened")
    url = _url(active, ready.pk, "resume")
    uploaded = client.post(url, {"resume": pdf_upload()}, **bearer(recruiter))
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["has_resume"] is True
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    refused = client.post(url, {"resume": fake}, **bearer(recruiter))
    assert refused.status_code == 422 and refused.json()["errors"]["resume"]
    denied = client.post(url, {"resume": pdf_upload()}, **bearer(hiring_manager))
    assert denied.status_code == 403
