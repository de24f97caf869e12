from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import TeamRole, UserFactory, put_on_team

BRIEF = {
    "must_haves": ["Python in production", "Owns on-call"],
    "nice_to_haves": ["Mentoring", "PostgreSQL"],
    "qualifications": "",
    "team_description": "Payments",
    "past_hires": "",
    "knockout_questions": [{"question": "Right to work in the UK?", "answer": "Yes"}],
    "shortlist_size": 2,
}


@pytest.fixture
def second_interviewer(requisition):
    person = UserFactory(username="bea", first_name="Bea", last_name="Moss", role="interviewer")
    put_on_team(requisition, person, TeamRole.INTERVIEWER)
    return person


@pytest.fixture
def active_plan(
    requisition, recruiter, hiring_manager, hr_generalist, interviewer, second_interviewer
):
    """An active agreement whose plan has two stages (interviewers preselected)."""
    from intake.drafting import save_section
    from intake.signatures import send_for_signature, sign_agreement

    save_section(requisition=requisition, section="role_profile", value=BRIEF, edited_by=recruiter)
    plan = {
        "stages": [
            {
                "name": "Technical interview",
                "length_minutes": 60,
                "focus_areas": ["Python in production", "Owns on-call", "PostgreSQL"],
                "interviewers": [
                    {"id": interviewer.pk, "name": interviewer.display_name},
                    {"id": second_interviewer.pk, "name": second_interviewer.display_name},
                ],
            },
            {
                "name": "Team and values",
                "length_minutes": 45,
                "focus_areas": ["Mentoring"],
                "interviewers": [{"id": hiring_manager.pk, "name": hiring_manager.display_name}],
            },
        ]
    }
    save_section(requisition=requisition, section="interview_plan", value=plan, edited_by=recruiter)
    agreement = send_for_signature(requisition=requisition, sent_by=recruiter)
    for person in (recruiter, hiring_manager, hr_generalist):
        sign_agreement(agreement=agreement, signer=person, version=agreement.version)
    return agreement


def make_application(requisition, recruiter, name="Jane Doe", stage="interview", round_=0):
    from pipeline.models import Application, Candidate

    candidate = Candidate.objects.create(
        name=name, email=f"{name.split()[0].lower()}@candidates.example", created_by=recruiter
    )
    return Application.objects.create(
        requisition=requisition,
        candidate=candidate,
        stage=stage,
        interview_round=round_ if stage == "interview" else None,
        interview_stage_name="Technical interview" if stage == "interview" else "",
        source="referrals",
        sourced_by=recruiter,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def application(active_plan, requisition, recruiter):
    return make_application(requisition, recruiter)


@pytest.fixture
def starts_at():
    """Next Tuesday 10:00 in London (a working day, inside 08:00–19:00)."""
    from zoneinfo import ZoneInfo

    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def interview(application, recruiter, interviewer, second_interviewer, starts_at):
    from interviews.scheduling import schedule_interview

    return schedule_interview(
        application=application,
        stage_index=0,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        location="https://meet.example.com/tech",
        notes="Probe the ledger migration story.",
        interviewers=[interviewer, second_interviewer],
        scheduled_by=recruiter,
    )
