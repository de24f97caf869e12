"""Builders for interview tests, the access matrix and the browser journey. Import from
here, never from a conftest."""

from datetime import timedelta

from django.utils import timezone

BRIEF = {
    "must_haves": ["Python in production", "Owns on-call"],
    "nice_to_haves": ["Mentoring", "PostgreSQL"],
    "qualifications": "",
    "team_description": "Payments",
    "past_hires": "",
    "knockout_questions": [{"question": "Right to work in the UK?", "answer": "Yes"}],
    "shortlist_size": 2,
}


def activate_plan(
    requisition, *, recruiter, hiring_manager, hr_generalist, panel, before=None, one_stage=False
):
    """An active agreement whose plan has two stages: "Technical interview" with `panel`
    preselected, then "Team and values" with the hiring manager (or only the first, with
    `one_stage`). `before(requisition)` runs
    on the draft before it is signed (e.g. to change the matrix)."""
    from intake.drafting import save_section
    from intake.signatures import send_for_signature, sign_agreement

    save_section(requisition=requisition, section="role_profile", value=BRIEF, edited_by=recruiter)
    plan = {
        "stages": [
            {
                "name": "Technical interview",
                "length_minutes": 60,
                "focus_areas": ["Python in production", "Owns on-call", "PostgreSQL"],
                "interviewers": [{"id": p.pk, "name": p.display_name} for p in panel],
            },
            {
                "name": "Team and values",
                "length_minutes": 45,
                "focus_areas": ["Mentoring"],
                "interviewers": [{"id": hiring_manager.pk, "name": hiring_manager.display_name}],
            },
        ]
    }
    if one_stage:
        plan["stages"] = plan["stages"][:1]
    save_section(requisition=requisition, section="interview_plan", value=plan, edited_by=recruiter)
    if before:
        before(requisition)
    agreement = send_for_signature(requisition=requisition, sent_by=recruiter)
    for person in (recruiter, hiring_manager, hr_generalist):
        sign_agreement(agreement=agreement, signer=person, version=agreement.version)
    return agreement


def make_application(requisition, recruiter, name="Jane Doe", stage="interview", round_=0):
    from pipeline.models import Application, Candidate

    candidate, _ = Candidate.objects.get_or_create(
        email=f"{name.split()[0].lower()}@candidates.example",
        defaults={"name": name, "created_by": recruiter},
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


def past_interview(application, *, panel, scheduled_by, hours_ago=2):
    """An interview that took place `hours_ago` hours ago (one hour long)."""
    from interviews.models import Interview
    from interviews.scheduling import schedule_interview

    start = timezone.now() + timedelta(days=1)
    interview = schedule_interview(
        application=application,
        stage_index=0,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        location="https://meet.example.com/tech",
        notes="Probe the ledger migration story.",
        interviewers=panel,
        scheduled_by=scheduled_by,
    )
    now = timezone.now().replace(microsecond=0)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=now - timedelta(hours=hours_ago),
        ends_at=now - timedelta(hours=hours_ago - 1),
    )
    interview.refresh_from_db()
    return interview


def matrix_objects(
    requisition, *, recruiter, hiring_manager, hr_generalist, interviewer, manager_on_panel=False
):
    """For the access matrix: Jane Doe interviewed by `interviewer` (and, with
    `manager_on_panel`, the hiring manager; no scorecard yet) and an offer being prepared
    for her."""
    from interviews.models import Offer

    activate_plan(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        panel=[interviewer],
    )
    application = make_application(requisition, recruiter)
    panel = [interviewer, hiring_manager] if manager_on_panel else [interviewer]
    interview = past_interview(application, panel=panel, scheduled_by=recruiter)
    Offer.objects.create(application=application, requisition=requisition)
    one = {"pk": requisition.pk}
    return {
        "application": {**one, "application": application.pk},
        "interview": {**one, "interview": interview.pk},
        "rejection": {**one, "application": application.pk, "kind": "rejection"},
    }
