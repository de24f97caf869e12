"""Calling the API as a person: a token of theirs in the Authorization header."""

from api.models import AccessToken
from api.tokens import create_token


def bearer(user, scope=AccessToken.Scope.READ_WRITE) -> dict:
    _, secret = create_token(user=user, name="test", scope=scope, days=30)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def sent_for_signature(requisition, *, recruiter):
    """The search's agreement v1 with a brief, an interview plan and sourcing, sent for
    signature (nobody has signed yet)."""
    from intake.drafting import save_section
    from intake.signatures import send_for_signature
    from tests.pipeline.helpers import BRIEF, PLAN

    save_section(requisition=requisition, section="role_profile", value=BRIEF, edited_by=recruiter)
    save_section(requisition=requisition, section="interview_plan", value=PLAN, edited_by=recruiter)
    save_section(
        requisition=requisition,
        section="sourcing",
        value={"channels": ["job_boards"], "target_companies": [], "notes": ""},
        edited_by=recruiter,
    )
    return send_for_signature(requisition=requisition, sent_by=recruiter)
