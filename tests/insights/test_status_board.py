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
    [row] = response.context["rows"]
    figures = row.figures
    assert row.requisition == requisition
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
    assert [r.requisition.title for r in response.context["rows"]] == [requisition.title]


def csv_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark: spreadsheets read UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_board_exports_csv(client, requisition, hr_lead, hiring_manager):
    make_commitment(requisition, hiring_manager)
    requisition.title = "Ingénieure données, Zürich"
    requisition.save()
    client.force_login(hr_lead)
    response = client.get(reverse("insights:status-board"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = csv_of(response)
    assert rows[0][0] == "Requisition"
    assert rows[1][0] == "Ingénieure données, Zürich"
    assert rows[1][rows[0].index("Hiring manager side open")] == "1"


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
    # session, user, permission, count, page, team prefetch; the page's commitments,
    # applications, check-ins, pulse answers and agreements; the recruiter and hiring
    # manager filters' people
    with django_assert_num_queries(13):
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
    [row] = client.get(reverse("insights:status-board")).context["rows"]
    search = row.search
    assert (search["in_play"], search["hired"]) == (2, 1)
    assert search["stages"] == [("screening", 1), ("interviewing", 1)]
    assert search["next_checkin"] > now
    assert search["pulse"] == {"recruiting": (4.0, 1), "hiring": (3.0, 1)}
    [header, line] = csv_of(client.get(reverse("insights:status-board") + "?format=csv"))
    assert line[header.index("Candidates in play")] == "2"
    assert (
        line[header.index("Latest pulse (of 5)")]
        == "Recruiter side 4 · Hiring manager and HR side 3"
    )


def titles(client, **query):
    response = client.get(reverse("insights:status-board"), query)
    assert response.status_code == 200
    return [row.requisition.title for row in response.context["rows"]]


def test_the_board_sorts_by_any_column_both_ways(client, hr_lead, requisition, hiring_manager):
    from insights.status_board import SORTS

    quiet = RequisitionFactory(state="open", title="Quiet search")
    late = make_commitment(requisition, hiring_manager)
    late.due_at = late.started_at
    late.save()
    client.force_login(hr_lead)
    for key in SORTS:
        for direction in ("asc", "desc"):
            assert sorted(titles(client, sort=key, dir=direction)) == sorted(
                [requisition.title, quiet.title]
            )
    assert titles(client, sort="hiring", dir="desc") == [requisition.title, quiet.title]
    assert titles(client, sort="title", dir="desc") == [quiet.title, requisition.title]


def test_the_board_searches_and_filters_by_recruiter_manager_and_late_target_dates(
    client, hr_lead, requisition, recruiter, hiring_manager
):
    from datetime import date

    other = RequisitionFactory(state="open", title="Sales lead", target_start_date=date(2020, 1, 6))
    put_on_team(other, UserFactory(role="recruiter"), TeamRole.RECRUITER)
    client.force_login(hr_lead)
    assert titles(client, q="sales") == ["Sales lead"]
    assert titles(client, recruiter=recruiter.pk) == [requisition.title]
    assert titles(client, manager=hiring_manager.pk) == [requisition.title]
    assert titles(client, late="on") == ["Sales lead"]


def test_the_board_filters_by_agreement_state_and_says_whom_it_awaits(
    client, hr_lead, requisition, recruiter, hiring_manager, hr_generalist
):
    from intake.signatures import send_for_signature, sign_agreement
    from tests.pipeline.helpers import activate_agreement

    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    pending = RequisitionFactory(state="open", title="Awaiting one")
    put_on_team(pending, recruiter, TeamRole.RECRUITER)
    put_on_team(pending, hiring_manager, TeamRole.HIRING_MANAGER)
    put_on_team(pending, hr_generalist, TeamRole.HR_GENERALIST)
    from intake.drafting import save_section
    from tests.pipeline.helpers import BRIEF, PLAN

    save_section(requisition=pending, section="role_profile", value=BRIEF, edited_by=recruiter)
    save_section(requisition=pending, section="interview_plan", value=PLAN, edited_by=recruiter)
    save_section(
        requisition=pending,
        section="sourcing",
        value={"channels": ["job_boards"], "target_companies": [], "notes": ""},
        edited_by=recruiter,
    )
    sent = send_for_signature(requisition=pending, sent_by=recruiter)
    sign_agreement(agreement=sent, signer=recruiter, version=sent.version)
    RequisitionFactory(state="draft", title="Nothing agreed")
    client.force_login(hr_lead)
    assert titles(client, agreement="active") == [requisition.title]
    assert titles(client, agreement="awaiting_hiring_manager") == ["Awaiting one"]
    assert titles(client, agreement="awaiting_recruiter") == []
    assert titles(client, agreement="none") == ["Nothing agreed"]
    rows = {
        r.requisition.title: r for r in client.get(reverse("insights:status-board")).context["rows"]
    }
    assert rows["Awaiting one"].agreement.label == "v1 awaiting the hiring manager"
    assert rows[requisition.title].agreement.label == "In force v1"


def test_the_csv_reads_its_rows_a_chunk_at_a_time_in_the_boards_order(
    hr_lead, django_assert_num_queries
):
    from insights.status_board import board_requisitions
    from insights.status_board_csv import board_csv_rows

    for n in range(5):
        RequisitionFactory(state="open", title=f"Search {n}")
    rows = board_csv_rows(board_requisitions(hr_lead, sort="title"), chunk=2)
    # the ordered ids, then for each chunk: its searches, their teams, and the figures
    # (commitments, applications, check-ins, pulse answers, agreements)
    with django_assert_num_queries(1 + 3 * 7):
        titles = [row[0] for row in rows]
    assert titles == [f"Search {n}" for n in range(5)]
