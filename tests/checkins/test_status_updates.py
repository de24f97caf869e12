from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from checkins.models import StatusUpdateRequest
from checkins.status_requests import email_status_update, request_status_updates
from checkins.status_updates import send_status_update
from commitments.models import Commitment
from outbox.delivery import send_email
from outbox.models import OutboundEmail

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
FRIDAY_10 = datetime(2026, 11, 27, 10, tzinfo=LONDON)


def test_on_the_agreed_day_the_recruiter_owes_an_update_by_five(requisition, recruiter):
    with time_machine.travel(FRIDAY_10, tick=False):
        assert request_status_updates() == 1
        assert request_status_updates() == 0  # hourly runs: still one
    commitment = Commitment.objects.get()
    assert commitment.owner == recruiter
    assert commitment.due_at == datetime(2026, 11, 27, 17, tzinfo=LONDON)
    assert commitment.url == reverse("checkins:status-update", args=[requisition.pk])


def test_no_request_on_other_days_or_for_searches_not_open(requisition):
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=LONDON), tick=False):
        assert request_status_updates() == 0
    requisition.state = "on_hold"
    requisition.save()
    with time_machine.travel(FRIDAY_10, tick=False):
        assert request_status_updates() == 0


def test_sending_the_update_meets_it_journals_it_and_emails_the_manager(
    requisition, recruiter, hiring_manager, django_capture_on_commit_callbacks
):
    with time_machine.travel(FRIDAY_10, tick=False):
        request_status_updates()
        with django_capture_on_commit_callbacks() as callbacks:
            update = send_status_update(
                requisition=requisition, author=recruiter, progress="Three in screening"
            )
    assert len(callbacks) == 1
    commitment = Commitment.objects.get()
    assert commitment.state == "met"
    assert requisition.activities.get(kind="status_update").actor == recruiter
    assert email_status_update(update.pk) is True
    assert email_status_update(update.pk) is False  # a redelivered task sends nothing
    assert send_email(OutboundEmail.objects.get(key=f"status-update-{update.pk}").pk) == "sent"
    assert mail.outbox[0].to == [hiring_manager.email]
    assert "Three in screening" in mail.outbox[0].body


def test_only_the_recruiter_sends_status_updates(requisition, hiring_manager):
    with pytest.raises(PermissionDenied):
        send_status_update(requisition=requisition, author=hiring_manager, progress="x")


def test_the_form_refuses_an_empty_update(client, requisition, recruiter):
    client.force_login(recruiter)
    url = reverse("checkins:status-update", args=[requisition.pk])
    response = client.post(url, {"progress": ""})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not StatusUpdateRequest.objects.exists()
    assert not requisition.status_updates.exists()
    assert client.post(url, {"progress": "Shortlist Friday"}).status_code == 302
    assert requisition.status_updates.count() == 1


@pytest.mark.parametrize("searches", [1, 12])
def test_a_run_costs_the_same_queries_whatever_the_number_of_searches(
    searches, requisition, recruiter, hr_generalist, hiring_manager, django_assert_max_num_queries
):
    """Searches with teams and their people (3), agreements, today's requests, one INSERT of
    requests, the open commitments and one INSERT of them: read once for all, not once a
    search."""
    from tests.factories import RequisitionFactory, TeamRole, put_on_team

    for _ in range(searches - 1):
        other = RequisitionFactory(created_by=recruiter, state="open")
        put_on_team(other, recruiter, TeamRole.RECRUITER)
        put_on_team(other, hr_generalist, TeamRole.HR_GENERALIST)
        put_on_team(other, hiring_manager, TeamRole.HIRING_MANAGER)
    ContentType.objects.clear_cache()  # counted each time, whatever ran before in this process
    with time_machine.travel(FRIDAY_10, tick=False):
        # The batch, its teams and their people, agreements, the organisation's service
        # levels (these searches have no agreement), requests made, their INSERT (in a
        # savepoint: 3), the content type, commitments open, who is away, their INSERT (in a
        # savepoint: 3), the batch's savepoint (2), and the next (empty) batch.
        with django_assert_max_num_queries(3 + 1 + 1 + 1 + 3 + 1 + 1 + 1 + 3 + 2 + 1):
            assert request_status_updates() == searches
        assert request_status_updates() == 0  # the same day again: nothing more
