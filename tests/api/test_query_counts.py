"""List operations read a constant number of queries whatever the page holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiring.models import Requisition
from tests.api.helpers import bearer
from tests.pipeline.helpers import activate_agreement, screened


def _queries(client, url, header) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url, **header).status_code == 200
    return len(seen)


def _search(n, by):
    return Requisition.objects.create(
        title=f"Search {n}",
        department="Ops",
        location="Remote",
        country="DE",
        time_zone="Europe/Berlin",
        salary_currency="EUR",
        created_by=by,
    )


@pytest.mark.django_db
def test_the_requisition_list_reads_the_same_queries_for_2_or_12(client, hr_lead, recruiter):
    header = bearer(hr_lead)
    for n in range(2):
        _search(n, recruiter)
    few = _queries(client, "/api/v1/requisitions/", header)
    for n in range(10):
        _search(n, recruiter)
    assert _queries(client, "/api/v1/requisitions/", header) == few


@pytest.mark.django_db
def test_the_candidate_list_reads_the_same_queries_for_1_or_6(
    client, requisition, recruiter, hiring_manager, hr_generalist
):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    header = bearer(recruiter)
    url = f"/api/v1/requisitions/{requisition.pk}/applications/"
    screened(requisition, recruiter, name="First One")
    few = _queries(client, url, header)
    for n in range(5):
        screened(requisition, recruiter, name=f"Person {n}", email=f"p{n}@example.com")
    assert _queries(client, url, header) == few
