"""One searchable document per candidate, kept up to date through pipeline's hook lists
(issue 22): what it holds, what enqueues its rebuild, and a résumé that could not be read."""

import pytest
from django.db import connection
from django.urls import reverse

from pipeline.models import DispositionReason, Stage
from pipeline.stages import _move
from talent.indexing import refresh_document
from talent.models import Outcome, PoolDocument, ResumeText
from tests.pipeline.helpers import add, screen
from tests.talent.helpers import index, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_document_holds_the_candidates_searchable_fields(active, requisition, recruiter):
    application = add(
        requisition,
        recruiter,
        name="Ada Lovelace",
        current_title="Staff engineer",
        current_company="Monzo",
        location="London",
        resume=upload(pdf_bytes("Ada Lovelace", ("Kubernetes operator",)), "cv.pdf"),
    )
    screen(application, recruiter)
    reason = DispositionReason.objects.filter(side="ours").first()
    _move(application=application, to_stage=Stage.REJECTED, by=recruiter, reason=reason)
    index(application)

    document = PoolDocument.objects.get(pk=application.candidate_id)
    assert document.name == "Ada Lovelace"
    assert document.headline == "Staff engineer at Monzo · London"
    assert {"criterion": "Python in production", "rating": 3} in document.must_haves
    assert document.strong_must_haves == ["owns on-call", "python in production"]
    assert "Strong; ready for the manager." in document.skills
    assert document.outcome == Outcome.REJECTED
    assert document.disposition == reason.label
    assert document.reached_label == "Screening"
    assert document.searches[0]["title"] == requisition.title
    assert "Kubernetes operator" in document.resume_text
    assert "Kubernetes operator" in document.body
    if connection.vendor == "postgresql":
        assert document.__class__.objects.filter(
            pk=document.pk, search_vector__isnull=False
        ).exists()


def test_adding_a_candidate_with_a_resume_enqueues_its_reading_on_commit(
    active, requisition, recruiter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        application = add(requisition, recruiter, resume=upload(pdf_bytes(), "cv.pdf"))
    assert len(callbacks) == 1
    reading = ResumeText.objects.get(resume=application.resume)
    assert reading.state == ResumeText.State.PENDING


def test_a_move_and_a_screening_enqueue_a_rebuild_on_commit(
    active, requisition, recruiter, django_capture_on_commit_callbacks
):
    application = add(requisition, recruiter)
    with django_capture_on_commit_callbacks() as callbacks:
        screen(application, recruiter)  # moves to screening, then the form is saved
    assert len(callbacks) == 2


def test_a_resume_no_text_could_be_read_from_is_said_on_the_candidate_and_blocks_nothing(
    active, requisition, recruiter, client
):
    blank = pdf_bytes("", ()).replace(b"(Backend engineer) Tj", b"() Tj")
    application = add(requisition, recruiter, name="Scan Only", resume=upload(blank, "cv.pdf"))
    index(application)
    assert ResumeText.objects.get(resume=application.resume).state == ResumeText.State.FAILED
    assert PoolDocument.objects.filter(pk=application.candidate_id).exists()  # still found
    client.force_login(recruiter)
    page = client.get(
        reverse(
            "pipeline:application-detail",
            kwargs={"pk": requisition.pk, "application": application.pk},
        )
    )
    assert page.status_code == 200
    assert "No text could be read from this file" in page.content.decode()


def test_a_rebuild_is_idempotent_and_a_person_in_no_search_has_no_document(
    active, requisition, recruiter
):
    application = add(requisition, recruiter)
    first = refresh_document(candidate_id=application.candidate_id)
    again = refresh_document(candidate_id=application.candidate_id)
    assert (first.body, first.outcome) == (again.body, again.outcome) == (first.body, "active")
    assert refresh_document(candidate_id=10**9) is None
