"""Issue 18: the commitment's page, where its owner answers it in one step."""

import pytest
from django.urls import reverse

from commitments.models import Commitment, CommitmentAnswer
from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(traveller, requisition, interviewer):
    return make_commitment(
        requisition, interviewer, party="interviewer", kind="interview_feedback", days=1
    )


def test_the_owner_declines_from_the_commitment_page_and_the_recruiter_accepts(
    client, feedback, interviewer, recruiter
):
    client.force_login(interviewer)
    page = client.get(reverse("commitments:commitment-detail", args=[feedback.pk]))
    assert b"I did not attend this interview" in page.content
    response = client.post(
        reverse("commitments:commitment-decline", args=[feedback.pk]),
        {"reason_code": "not_attended"},
    )
    assert response.status_code == 302
    assert Commitment.objects.get(pk=feedback.pk).owner == recruiter
    client.force_login(recruiter)
    page = client.get(reverse("commitments:commitment-detail", args=[feedback.pk]))
    assert b"Send the answer" in page.content
    client.post(reverse("commitments:commitment-answer", args=[feedback.pk]), {"accept": "yes"})
    assert Commitment.objects.get(pk=feedback.pk).state == Commitment.State.DECLINED


def test_other_without_words_is_refused_beside_the_field_and_nothing_changes(
    client, feedback, interviewer
):
    client.force_login(interviewer)
    response = client.post(
        reverse("commitments:commitment-decline", args=[feedback.pk]), {"reason_code": "other"}
    )
    assert response.status_code == 422
    assert "Say why it is not yours." in response.content.decode()
    assert Commitment.objects.get(pk=feedback.pk).owner == interviewer
    assert not CommitmentAnswer.objects.exists()


def test_more_time_is_asked_from_the_page_in_the_search_time_zone(
    client, traveller, requisition, hiring_manager, recruiter
):
    review = make_commitment(requisition, hiring_manager)
    client.force_login(hiring_manager)
    response = client.post(
        reverse("commitments:commitment-more-time", args=[review.pk]),
        {"date": "2026-11-27", "time": "17:00", "reason": "Offsite until Thursday"},
    )
    assert response.status_code == 302
    answer = CommitmentAnswer.objects.get()
    assert answer.proposed_due_at.isoformat() == "2026-11-27T17:00:00+00:00"
    client.force_login(recruiter)
    client.post(reverse("commitments:commitment-answer", args=[review.pk]), {"accept": "yes"})
    review.refresh_from_db()
    assert review.extensions == 1
