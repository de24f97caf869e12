import csv
import io

import pytest
from django.urls import reverse

from commitments.sweep import sweep
from tests.factories import RequisitionFactory, TeamRole, UserFactory, make_commitment, put_on_team

pytestmark = pytest.mark.django_db


def test_the_board_counts_open_and_overdue_on_each_side(
    client, requisition, hr_lead, hiring_manager, recruiter
):
    late = make_commitment(requisition, hiring_manager, title="Review A")
    make_commitment(requisition, hiring_manager, title="Review B", subject=hiring_manager)
    make_commitment(requisition, recruiter, party="recruiter", title="Shortlist", days=10)
    late.due_at = late.started_at
    late.save()
    client.force_login(hr_lead)
    response = client.get(reverse("insights:status-board"))
    [(row, figures, _search)] = response.context["rows"]
    assert row == requisition
    assert figures["hiring_manager"] == {"open": 2, "overdue": 1}
    assert figures["recruiter"] == {"open": 1, "overdue": 0}
    assert figures["hr_generalist"] == {"open": 0, "overdue": 0}
    assert figures["next_due"] == late.due_at


def test_the_board_filters_to_searches_with_something_overdue(client, requisition, hr_lead):
    RequisitionFactory(state="open", title="Quiet search")
    late = make_commitment(requisition, requisition.hiring_manager)
    late.due_at = late.started_at
    late.save()
    client.force_login(hr_lead)
    response = client.get(reverse("insights:status-board"), {"overdue": "on"})
    assert [r.title for r, _, _ in response.context["rows"]] == [requisition.title]


def test_the_board_exports_csv(client, requisition, hr_lead, hiring_manager):
    make_commitment(requisition, hiring_manager)
    client.force_login(hr_lead)
    response = client.get(reverse("insights:status-board"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Requisition"
    assert rows[1][0] == requisition.title
    assert rows[1][13] == "1"  # hiring manager side open


@pytest.mark.parametrize("count", [3, 60])
def test_the_board_takes_the_same_queries_for_3_or_60_searches(
    client, hr_lead, django_assert_num_queries, count
):
    manager = UserFactory(role="hiring_manager")
    for requisition in RequisitionFactory.create_batch(count, state="open"):
        put_on_team(requisition, manager, TeamRole.HIRING_MANAGER)
        make_commitment(requisition, manager)
    sweep()
    client.force_login(hr_lead)
    # session, user, permissions (2), count, page, team prefetch, commitment figures
    with django_assert_num_queries(11):
        client.get(reverse("insights:status-board"))


def test_only_hr_and_admins_see_the_board(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("insights:status-board")).status_code == 403


def test_the_board_shows_candidates_per_stage_the_next_check_in_and_the_latest_pulse(
    client, hr_lead, requisition, recruiter, hiring_manager
):
    from datetime import timedelta

    from django.utils import timezone

    from checkins.models import CheckIn, CheckInSeries, PulseAnswer
    from tests.interviews.helpers import make_application

    make_application(requisition, recruiter, name="Ann One", stage="screening")
    make_application(requisition, recruiter, name="Bob Two", stage="interview")
    make_application(requisition, recruiter, name="Cy Three", stage="hired")
    now = timezone.now()
    series = CheckInSeries.objects.create(
        requisition=requisition,
        rrule="FREQ=WEEKLY;BYDAY=TU",
        starts_at=now - timedelta(days=7),
        time_zone="Europe/London",
        duration_minutes=30,
        channel="video",
        leader_party="recruiter",
    )

    def checkin(days, state):
        at = now + timedelta(days=days)
        return CheckIn.objects.create(
            series=series,
            requisition=requisition,
            recurrence_id=at,
            starts_at=at,
            ends_at=at + timedelta(minutes=30),
            state=state,
        )

    held = checkin(-7, "held")
    checkin(7, "scheduled")
    for person, side, score in [(recruiter, "recruiting", 4), (hiring_manager, "hiring", 3)]:
        PulseAnswer.objects.create(
            checkin=held, requisition=requisition, person=person, side=side, score=score
        )
    client.force_login(hr_lead)
    [(_row, _figures, search)] = client.get(reverse("insights:status-board")).context["rows"]
    assert (search["in_play"], search["hired"]) == (2, 1)
    assert search["stages"] == [("screening", 1), ("interviewing", 1)]
    assert search["next_checkin"] > now
    assert search["pulse"] == {"recruiting": (4.0, 1), "hiring": (3.0, 1)}
    csv = client.get(reverse("insights:status-board") + "?format=csv").content.decode()
    assert "Candidates in play" in csv and "Recruiter side 4" in csv
