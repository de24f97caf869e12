"""Who may do what with a requisition's agreement. The views ask these before acting and
the domain functions ask them again; templates only mirror them.

Hiring-team parties come from `requisition.roles_of(user)`; reading is already limited to
people who can see the requisition at all (`Requisition.objects.visible_to`).
"""

from hiring.models import LEAD_ROLES, TeamRole

from .models import Agreement

SCHEDULING_ROLES = {TeamRole.RECRUITER, TeamRole.HR_GENERALIST}


def can_read_full_agreement(requisition, user) -> bool:
    """Interviewers read only the interview plan; the three parties, HR leads and admins
    read every part (the budget still follows `salary_visible_to`)."""
    return (
        user.is_admin
        or user.can_view_all_requisitions()
        or bool(requisition.roles_of(user) & set(LEAD_ROLES))
    )


def can_see_budget(requisition, user) -> bool:
    return can_read_full_agreement(requisition, user) and requisition.salary_visible_to(user)


def visible_parts(requisition, user) -> list[str]:
    """The parts of an agreement `user` reads: interviewers the interview plan only; the
    budget follows the salary rule."""
    if not can_read_full_agreement(requisition, user):
        return ["interview_plan"]
    parts = list(Agreement.PARTS)
    if not can_see_budget(requisition, user):
        parts.remove("budget")
    return parts


def can_edit_agreement(requisition, user) -> bool:
    """The recruiter, HR and the hiring manager (who agree the intake), HR leads, admins."""
    return requisition.can_edit(user)


def can_schedule_intake(requisition, user) -> bool:
    """The recruiter or HR run the intake; HR leads and admins may stand in."""
    if requisition.is_closed:
        return False
    return user.is_admin or user.is_hr_lead or bool(requisition.roles_of(user) & SCHEDULING_ROLES)


can_send_for_signature = can_schedule_intake


def can_decline_search(requisition, user) -> bool:
    """Only the search's recruiter passes on it."""
    return not requisition.is_closed and TeamRole.RECRUITER in requisition.roles_of(user)


def signing_parties(requisition, user) -> list[str]:
    """The parties `user` signs for on this search: team membership, never a permission."""
    roles = requisition.roles_of(user)
    return [role for role in LEAD_ROLES if role in roles]
