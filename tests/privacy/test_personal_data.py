"""A candidate's personal data: the subject-access export, erasure, retention."""

import io
import json
import os
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment
from hiring.models import Activity
from outbox.mail import queue_email
from outbox.models import OutboundEmail
from pipeline.models import Application, Candidate, DispositionReason
from privacy.erasure import erase_candidate
from privacy.models import Erasure
from privacy.retention import candidates_due_for_erasure, erase_expired
from tests.factories import make_commitment
from tests.pipeline.helpers import activate_agreement, pdf_upload, screened

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(requisition, recruiter, hiring_manager, hr_generalist, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    application = screened(
        requisition, recruiter, name="Jane Doe", phone="+44 7700 900123", resume=pdf_upload()
    )
    queue_email(key="jane-hello", to="jane.doe@example.com", subject="Hello Jane Doe", text="Hi")
    make_commitment(requisition, hiring_manager, title="Review Jane Doe")
    return application


def url(name, application):
    return reverse(
        f"privacy:{name}", kwargs={"pk": application.requisition_id, "application": application.pk}
    )


def test_the_export_holds_everything_about_the_person_in_one_archive(client, jane, hr_lead):
    client.force_login(hr_lead)
    response = client.post(url("candidate-export", jane))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert {"README.txt", "candidate.json", "applications.json", "messages.json"} <= set(names)
    assert any(n.startswith("resumes/") and n.endswith(".pdf") for n in names)
    person = json.loads(archive.read("candidate.json"))
    assert person["name"] == "Jane Doe" and person["phone"] == "+44 7700 900123"
    [application] = json.loads(archive.read("applications.json"))
    assert application["screening"][0]["summary"]
    emails = json.loads(archive.read("messages.json"))["emails"]
    assert [e["subject"] for e in emails] == ["Hello Jane Doe"]
    entry = Activity.objects.get(kind="candidate_data_exported")
    assert "Jane" not in entry.summary and entry.actor == hr_lead


def test_erasure_removes_the_person_and_keeps_the_counts(
    jane, hr_lead, django_capture_on_commit_callbacks
):
    resume = jane.candidate.resumes.get()
    path = resume.file.path
    stage = jane.stage
    with django_capture_on_commit_callbacks(execute=True):
        erasure = erase_candidate(candidate=jane.candidate, by=hr_lead)
    candidate = Candidate.objects.get(pk=jane.candidate_id)
    assert candidate.name == f"Erased candidate {candidate.pk}"
    assert candidate.email.endswith("@invalid") and candidate.phone == ""
    assert not candidate.resumes.exists()
    assert not os.path.exists(path)  # the file goes once the erasure commits
    application = Application.objects.get(pk=jane.pk)
    assert application.stage == stage and application.salary_expectation == ""
    assert application.screening.summary == ""
    email = OutboundEmail.objects.get(key="jane-hello")
    assert "Jane" not in email.subject and email.to == ["erased@invalid"]
    assert email.state == "cancelled"  # nothing more is sent to an erased person, no alarm
    assert not Commitment.objects.filter(title__contains="Jane").exists()
    assert not Activity.objects.filter(summary__contains="Jane Doe").exists()
    erased = Activity.objects.get(kind="candidate_erased")
    assert erased.details == {"erasure": erasure.pk}
    assert erase_candidate(candidate=candidate, by=hr_lead) == erasure  # once


def test_erasing_through_the_page_needs_the_typed_confirmation(client, jane, hr_lead):
    client.force_login(hr_lead)
    refused = client.post(url("candidate-erase", jane), {"confirm": "yes"})
    assert refused.status_code == 422 and not Erasure.objects.exists()
    done = client.post(url("candidate-erase", jane), {"confirm": "erase"})
    assert done.status_code == 302
    page = client.get(done["Location"])
    assert "Erased" in page.content.decode() and "Jane Doe" not in page.content.decode()


def test_only_hr_leads_and_admins_handle_personal_data(client, jane, recruiter, hr_generalist):
    for person in (recruiter, hr_generalist):
        client.force_login(person)
        assert client.get(url("candidate", jane)).status_code == 403
        assert client.post(url("candidate-erase", jane), {"confirm": "ERASE"}).status_code == 403
    assert not Erasure.objects.exists()


def test_retention_erases_candidates_whose_searches_ended_long_ago(jane, settings):
    settings.ACCORD_CANDIDATE_RETENTION_MONTHS = 12
    assert not candidates_due_for_erasure().exists()  # still in the search
    Application.objects.filter(pk=jane.pk).update(
        stage="rejected",
        closed_at=timezone.now() - timedelta(days=200),
        disposition_reason=DispositionReason.objects.get(code="skills_gap"),
    )
    assert not candidates_due_for_erasure().exists()  # closed, but not a year ago
    Application.objects.filter(pk=jane.pk).update(closed_at=timezone.now() - timedelta(days=400))
    assert list(candidates_due_for_erasure()) == [jane.candidate]
    assert erase_expired().erased == 1
    assert Erasure.objects.get().reason == "retention"
    assert erase_expired().erased == 0
    settings.ACCORD_CANDIDATE_RETENTION_MONTHS = 0
    assert not candidates_due_for_erasure().exists()


def test_the_candidate_page_leads_hr_leads_to_the_personal_data(client, jane, hr_lead, recruiter):
    page = reverse(
        "pipeline:application-detail", kwargs={"pk": jane.requisition_id, "application": jane.pk}
    )
    client.force_login(hr_lead)
    assert url("candidate", jane) in client.get(page).content.decode()
    client.force_login(recruiter)
    assert url("candidate", jane) not in client.get(page).content.decode()


def test_retention_works_in_bounded_runs_and_says_how_many_are_still_due(
    requisition, recruiter, hiring_manager, hr_generalist, settings
):
    """Issue 24: a run erases until its time budget is spent and records how many are still
    due (/healthz `retention_still_due`); the next run picks up where it stopped."""
    from health.figures import check_schedule  # noqa: PLC0415

    settings.ACCORD_CANDIDATE_RETENTION_MONTHS = 12
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    people = [screened(requisition, recruiter, name=f"Old Timer {i}") for i in range(5)]
    Application.objects.filter(pk__in=[a.pk for a in people]).update(
        stage="rejected",
        closed_at=timezone.now() - timedelta(days=400),
        disposition_reason=DispositionReason.objects.get(code="skills_gap"),
    )
    ticks = iter(range(100))  # a second passes between readings: 2 erasures fit
    first = erase_expired(budget_seconds=2.5, clock=lambda: next(ticks))
    assert (first.erased, first.still_due) == (2, 3)
    figure = {c.name: c for c in check_schedule(timezone.now())}["retention_still_due"]
    assert figure.value == 3 and figure.ok
    second = erase_expired()
    assert (second.erased, second.still_due) == (3, 0)
    assert Erasure.objects.filter(reason="retention").count() == 5
    assert {c.name: c for c in check_schedule(timezone.now())}["retention_still_due"].value == 0


def test_the_retention_task_chains_the_next_run_while_some_are_still_due(monkeypatch):
    from privacy import retention, tasks  # noqa: PLC0415

    runs = iter([retention.RetentionRun(erased=4, still_due=2), retention.RetentionRun()])
    monkeypatch.setattr(retention, "erase_expired", lambda: next(runs))
    queued = []
    monkeypatch.setattr(tasks.erase_expired_candidates, "delay", lambda: queued.append(1))
    assert tasks.erase_expired_candidates()["still_due"] == 2 and queued == [1]
    assert tasks.erase_expired_candidates()["still_due"] == 0 and queued == [1]
