"""Put an agreement in force on a search, as the intake pages would (tests helper)."""

from intake.drafting import save_section
from intake.signatures import send_for_signature, sign_agreement

BRIEF = {
    "must_haves": ["Python in production"],
    "nice_to_haves": ["PostgreSQL", "Celery", "Mentoring"],
    "qualifications": "",
    "team_description": "Payments",
    "past_hires": "",
    "knockout_questions": [],
    "shortlist_size": 4,
}
PLAN = {
    "checkin_cadence": "weekly",
    "checkin_weekday": 0,
    "checkin_time": "10:00",
    "checkin_channel": "video",
    "checkin_leader_party": "recruiter",
    "status_update_party": "recruiter",
    "status_update_weekday": 4,
    "status_update_content": "",
}


def activate_agreement(requisition, *, recruiter, hiring_manager, hr_generalist, **plan):
    """Sign a new version whose communication plan is PLAN with `plan` changes."""
    save_section(requisition=requisition, section="role_profile", value=BRIEF, edited_by=recruiter)
    save_section(
        requisition=requisition,
        section="communication",
        value={**PLAN, **plan},
        edited_by=recruiter,
    )
    agreement = send_for_signature(requisition=requisition, sent_by=recruiter)
    for person in (recruiter, hiring_manager, hr_generalist):
        sign_agreement(agreement=agreement, signer=person, version=agreement.version)
    agreement.refresh_from_db()
    return agreement
