"""Issue 25, finding 3: decisions nobody owns. The hiring decision after a debrief and the
offer's extension are commitments with the agreement's service level, met on the debrief and
the offer page, reminded and escalated by the sweep (interviews/decisions.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from commitments.models import Commitment, Notification
from commitments.sweep import sweep
from interviews.feedback import submit_scorecard
from interviews.models import Offer
from interviews.offers import extend_offer, prepare_offer
from pipeline.models import DispositionReason
from pipeline.stages import move_application

from .helpers import activate_plan, make_application

pytestmark = pytest.mark.django_db

RATED = [
    {"area": "Python in production", "rating": 4, "note": ""},
    {"area": "Owns on-call", "rating": 3, "note": ""},
    {"area": "PostgreSQL", "rating": 3, "note": ""},
]


def submit(interview, author):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=RATED,
        recommendation="yes",
        notes="",
        now=interview.ends_at + timedelta(minutes=1),
    )


def decisions():
    return Commitment.objects.filter(kind="debrief_decision")


def debrief_url(application, action="debrief"):
    return reverse(
        f"interviews:{action}",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )


def test_finding_3_the_last_scorecard_of_the_round_opens_the_hiring_managers_decision(
    interview, application, interviewer, second_interviewer, hiring_manager, recruiter
):
    submit(interview, interviewer)
    assert not decisions().exists()
    submit(interview, second_interviewer)
    owed = decisions().get()
    assert owed.owner == hiring_manager and owed.party == "hiring_manager"
    assert owed.url == debrief_url(application)
    # Tue 11:01 + the default 2 business days: Thu 11:01.
    assert owed.due_at - owed.started_at == timedelta(days=2)
    told = Notification.objects.filter(key=f"debrief-ready-{application.pk}-0")
    assert sorted(n.recipient.username for n in told) == sorted(
        [recruiter.username, hiring_manager.username]
    )


def test_finding_3_the_decision_on_the_debrief_page_meets_it(
    client, interview, application, interviewer, second_interviewer, hiring_manager
):
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    client.force_login(hiring_manager)
    page = client.get(debrief_url(application))
    assert page.context["decision"] == decisions().get()
    response = client.post(debrief_url(application, "debrief-decide"), {"outcome": "advance"})
    assert response.status_code == 302
    assert decisions().get().state == "met"


def test_finding_3_somebody_elses_move_withdraws_the_decision(
    interview, application, interviewer, second_interviewer, recruiter
):
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    reason = DispositionReason.objects.filter(side="candidate", is_active=True).first()
    move_application(application=application, to_stage="withdrawn", by=recruiter, reason=reason)
    assert decisions().get().state == "withdrawn"


def test_finding_3_the_debrief_decision_is_reminded_then_escalated_by_the_sweep(
    interview,
    application,
    interviewer,
    second_interviewer,
    hiring_manager,
    recruiter,
    hr_generalist,
):
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    owed = decisions().get()
    sweep(now=owed.due_at + timedelta(minutes=1))
    reminded = Notification.objects.filter(reminder__commitment=owed)
    assert [n.recipient for n in reminded] == [hiring_manager]
    assert reminded.get().url == debrief_url(application)
    late = owed.escalate_at + timedelta(minutes=1)
    sweep(now=late)
    escalated = {n.recipient for n in Notification.objects.filter(reminder__commitment=owed)}
    assert {recruiter, hr_generalist} <= escalated


def test_finding_3_a_scorecard_of_an_earlier_round_opens_no_decision(
    interview, application, interviewer, second_interviewer, hiring_manager
):
    submit(interview, interviewer)
    move_application(application=application, to_stage="interview:1", by=hiring_manager)
    decisions().update(state="met")
    submit(interview, second_interviewer)  # late, for a round the candidate has left
    assert not decisions().filter(state="open").exists()


def test_finding_3_the_matrix_accountable_party_owns_the_decision(
    requisition, recruiter, hiring_manager, hr_generalist, interviewer, starts_at
):
    """HR made Accountable for "interview feedback and debrief": HR owes and makes it."""
    from intake.drafting import cycle_matrix_cell
    from interviews import access
    from interviews.scheduling import schedule_interview

    def hr_decides(requisition):
        # Hiring manager A → C; HR C → I → blank → R → A.
        for party, times in (("hiring_manager", 1), ("hr_generalist", 4)):
            for _ in range(times):
                cycle_matrix_cell(
                    requisition=requisition,
                    step="interview_feedback",
                    party=party,
                    edited_by=recruiter,
                )

    activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer],
        before=hr_decides,
    )
    assert access.debrief_deciders(requisition) == ["hr_generalist"]
    application = make_application(requisition, recruiter)
    interview = schedule_interview(
        application=application,
        stage_index=0,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        location="Room",
        notes="",
        interviewers=[interviewer],
        scheduled_by=recruiter,
    )
    submit(interview, interviewer)
    assert decisions().get().owner == hr_generalist
    assert access.can_decide(requisition, hr_generalist)
    assert not access.can_decide(requisition, hiring_manager)


@pytest.fixture
def prepared(
    interview, application, hiring_manager, interviewer, second_interviewer, hr_generalist
):
    submit(interview, interviewer)
    submit(interview, second_interviewer)
    move_application(application=application, to_stage="interview:1", by=hiring_manager)
    move_application(application=application, to_stage="offer", by=hiring_manager)
    offer = Offer.objects.get(application=application)
    return prepare_offer(
        offer=offer,
        salary=Decimal(70000),
        start_date=date(2027, 2, 1),
        notes="",
        outside_band_reason="",
        prepared_by=hr_generalist,
    )


def test_finding_3_a_prepared_offer_opens_its_extension_met_by_extending_it(prepared, recruiter):
    owed = Commitment.objects.get(kind="extend_offer")
    assert owed.owner == recruiter and owed.party == "recruiter"
    assert owed.url.endswith(f"/candidates/{prepared.application_id}/offer/")
    assert owed.due_at - owed.started_at <= timedelta(days=3)  # 1 business day (a weekend)
    with time_machine.travel(owed.started_at + timedelta(hours=1)):
        extend_offer(offer=prepared, extended_by=recruiter)
    owed.refresh_from_db()
    assert owed.state == "met"


def test_finding_3_closing_the_candidate_withdraws_the_offers_extension(prepared, recruiter):
    reason = DispositionReason.objects.filter(side="candidate", is_active=True).first()
    move_application(
        application=prepared.application, to_stage="withdrawn", by=recruiter, reason=reason
    )
    assert Commitment.objects.get(kind="extend_offer").state == "withdrawn"


def test_finding_3_the_agreements_service_levels_list_both_decisions():
    from intake.service_levels import SERVICE_LEVEL_KINDS, default_service_levels

    levels = default_service_levels()
    assert {"debrief_decision", "extend_offer"} <= set(SERVICE_LEVEL_KINDS)
    assert levels["debrief_decision"]["owner_party"] == "hiring_manager"
    assert levels["extend_offer"]["owner_party"] == "recruiter"
