"""Adding candidates: one person once, whatever the case of their email."""

import pytest
from django.urls import reverse

from hiring.models import Activity
from pipeline.models import Application, Candidate
from tests.pipeline.helpers import add

pytestmark = pytest.mark.django_db


def test_an_email_in_another_case_links_the_known_candidate(requisition, recruiter, hr_generalist):
    from tests.factories import RequisitionFactory, put_on_team

    first = add(requisition, recruiter, name="Priya Nair", email="Priya.Nair@Example.com")
    other = RequisitionFactory(state="open")
    put_on_team(other, recruiter, "recruiter")
    second = add(
        other, recruiter, name="P. Nair", email="  priya.nair@EXAMPLE.COM ", phone="+44 7700"
    )
    assert Candidate.objects.count() == 1
    assert second.candidate == first.candidate
    first.candidate.refresh_from_db()
    assert first.candidate.name == "Priya Nair", "what is on file stays"
    assert first.candidate.phone == "+44 7700", "empty fields are filled in"
    assert Activity.objects.filter(kind="candidate_added", details__known=True).count() == 1


def test_the_same_person_twice_in_one_search_is_refused_next_to_the_email(
    client, requisition, recruiter
):
    add(requisition, recruiter, name="Priya Nair", email="priya@example.com")
    client.force_login(recruiter)
    response = client.post(
        reverse("pipeline:candidate-add", kwargs={"pk": requisition.pk}),
        {"name": "Priya N", "email": "PRIYA@example.com", "source": "referrals"},
    )
    assert response.status_code == 422
    assert "already in this search" in response.context["form"].errors["email"][0]
    assert Application.objects.count() == 1 and Candidate.objects.count() == 1


def test_the_recruiter_adds_a_candidate_with_a_resume_and_goes_on_to_screening(
    client, active, requisition, recruiter
):
    from tests.pipeline.helpers import pdf_upload

    client.force_login(recruiter)
    response = client.post(
        reverse("pipeline:candidate-add", kwargs={"pk": requisition.pk}),
        {
            "name": "Tom Becker",
            "email": "tom@example.com",
            "source": "job_boards",
            "salary_expectation": "£95k",
            "resume": pdf_upload("Tom Becker CV.pdf"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    application = Application.objects.get()
    assert response["Location"] == reverse(
        "pipeline:screening", kwargs={"pk": requisition.pk, "application": application.pk}
    )
    assert application.sourced_by == recruiter and application.stage == "applied"
    assert application.resume.original_name == "Tom Becker CV.pdf"
    assert "Tom" not in application.resume.file.name, "stored under a random name"


def test_hostile_input_is_refused_with_a_message_not_a_500(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        reverse("pipeline:candidate-add", kwargs={"pk": requisition.pk}),
        {"name": "Bad\x00Name", "email": "not-an-email", "source": "nowhere"},
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) >= {"name", "email", "source"}
    assert not Candidate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_one_recruiter_adding_the_same_email_twice_at_once_makes_one_candidate(recruiter):
    """The address is locked for the adding transaction (pipeline.candidates.lock_email):
    the second add waits, then sees the first's profile and links to it."""
    import threading

    from django.db import connection

    from tests.factories import RequisitionFactory, put_on_team
    from tests.services import require_postgres

    require_postgres()  # SQLite's write transactions are one at a time anyway
    searches = [RequisitionFactory(state="open") for _ in range(2)]
    for search in searches:
        put_on_team(search, recruiter, "recruiter")
    start, errors = threading.Barrier(2), []

    def add_to(search):
        try:
            start.wait()
            add(search, recruiter, name="Ann Ames", email="ann@example.com")
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_to, args=(s,)) for s in searches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Candidate.objects.count() == 1 and Application.objects.count() == 2


def test_the_candidates_tab_answers_htmx_with_the_partial_and_history_with_the_page(
    client, requisition, recruiter
):
    add(requisition, recruiter, name="Ann Ames")
    client.force_login(recruiter)
    url = reverse("pipeline:candidates", kwargs={"pk": requisition.pk}) + "?view=list"
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.content.lstrip().startswith(b'<section id="candidates"')
    assert "HX-Request" in partial["Vary"]
    restore = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert b"<html" in restore.content and b"Ann Ames" in restore.content
