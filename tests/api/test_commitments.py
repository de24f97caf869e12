"""Commitments through the API: the list's filters, and "not mine" through the page's form
and `decline_commitment`."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from commitments.models import Commitment, CommitmentAnswer
from tests.api.helpers import bearer
from tests.factories import make_commitment

LIST = "/api/v1/commitments/"


@pytest.mark.django_db
def test_mine_overdue_and_search_filter_what_one_may_see(
    client, requisition, recruiter, hiring_manager, interviewer, outsider
):
    review = make_commitment(requisition, hiring_manager, title="Review Jane Doe")
    late = make_commitment(requisition, recruiter, party="recruiter", title="Send the brief")
    Commitment.objects.filter(pk=late.pk).update(due_at=late.started_at.replace(year=2020))
    header = bearer(recruiter)

    def ids(**query):
        return [c["id"] for c in client.get(LIST, query, **header).json()["items"]]

    assert ids() == [late.pk, review.pk]
    assert ids(mine="true") == [late.pk]
    assert ids(overdue="true") == [late.pk]
    assert ids(search="jane") == [review.pk]
    # The hiring manager's own; an interviewer and an outsider see none of them.
    assert client.get(LIST, **bearer(interviewer)).json()["items"] == []
    assert client.get(LIST, **bearer(outsider)).json()["items"] == []


@pytest.mark.django_db
def test_not_mine_goes_through_the_form_and_decline_commitment(
    client, requisition, hiring_manager, recruiter
):
    owed = make_commitment(requisition, hiring_manager)
    url = f"{LIST}{owed.pk}/decline/"
    refused = client.post(
        url, {"reason_code": "other"}, content_type="application/json", **bearer(hiring_manager)
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"reason": ["Say why it is not yours."]}
    not_owner = client.post(
        url,
        {"reason_code": "other", "reason": "x"},
        content_type="application/json",
        **bearer(recruiter),
    )
    assert not_owner.status_code == 403
    done = client.post(
        url,
        {"reason_code": "other", "reason": "I am on leave"},
        content_type="application/json",
        **bearer(hiring_manager),
    )
    assert done.status_code == 200, done.content
    assert CommitmentAnswer.objects.get(commitment=owed).state == CommitmentAnswer.State.PENDING
    # The recruiter receives it and gives it back: a note is needed, as on the page.
    answer_url = f"{LIST}{owed.pk}/answer/"
    bare = client.post(
        answer_url, {"accept": "no"}, content_type="application/json", **bearer(recruiter)
    )
    assert bare.status_code == 422 and "note" in bare.json()["errors"]
    back = client.post(
        answer_url,
        {"accept": "no", "note": "You still hold the review"},
        content_type="application/json",
        **bearer(recruiter),
    )
    assert back.status_code == 200, back.content
    assert CommitmentAnswer.objects.get(commitment=owed).state != CommitmentAnswer.State.PENDING


@pytest.mark.django_db
def test_more_time_goes_through_the_form_and_ask_for_more_time(client, requisition, hiring_manager):
    owed = make_commitment(requisition, hiring_manager)
    url = f"{LIST}{owed.pk}/more-time/"
    header = bearer(hiring_manager)
    past = client.post(
        url, {"date": "2001-01-01", "reason": "Leave"}, content_type="application/json", **header
    )
    assert past.status_code == 422 and past.json()["errors"]
    later = (owed.due_at + timedelta(days=3)).astimezone(ZoneInfo(requisition.time_zone))
    asked = client.post(
        url,
        {"date": later.date().isoformat(), "time": "12:00", "reason": "On leave Monday"},
        content_type="application/json",
        **header,
    )
    assert asked.status_code == 200, asked.content
    answer = CommitmentAnswer.objects.get(commitment=owed)
    assert answer.state == CommitmentAnswer.State.PENDING
