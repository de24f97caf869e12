import pytest

from intake.drafting import save_section

BRIEF = {
    "must_haves": ["Python in production", "Owns on-call"],
    "nice_to_haves": ["PostgreSQL", "Celery", "Mentoring"],
    "qualifications": "",
    "team_description": "Payments",
    "past_hires": "",
    "knockout_questions": [{"question": "Right to work in the UK?", "answer": "Yes"}],
    "shortlist_size": 4,
}


@pytest.fixture
def brief():
    return {**BRIEF}


@pytest.fixture
def draft(requisition, recruiter, brief):
    """Draft v1 with a role profile that can be sent."""
    agreement, _ = save_section(
        requisition=requisition, section="role_profile", value=brief, edited_by=recruiter
    )
    return agreement


@pytest.fixture
def sent(draft, requisition, recruiter):
    from intake.signatures import send_for_signature

    return send_for_signature(requisition=requisition, sent_by=recruiter)


@pytest.fixture
def sign_all(recruiter, hiring_manager, hr_generalist):
    from intake.signatures import sign_agreement

    def do(agreement):
        for person in (recruiter, hiring_manager, hr_generalist):
            sign_agreement(agreement=agreement, signer=person, version=agreement.version)
        agreement.refresh_from_db()
        return agreement

    return do
