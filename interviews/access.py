"""Who may do what with interviews, scorecards, the debrief and offers. Views ask these
before acting and the domain functions ask them again; templates only mirror them.

Reading starts from `pipeline.models.Application.objects.visible_to(user)` (an interviewer
sees only the candidates they interview) and `interviews_visible_to` below (and only the
interviews they are on).
"""

from hiring.models import LEAD_ROLES, TeamRole
from intake.agreements import active_agreement_for
from intake.models import CycleStep

from .models import Interview


def _is_admin(user) -> bool:
    return user.is_admin


def sees_whole_search(requisition, user) -> bool:
    """The recruiter, HR and the hiring manager (and HR leads, admins) see every interview
    and every scorecard of the candidates they can see; an interviewer sees their own."""
    return (
        _is_admin(user)
        or user.can_view_all_requisitions()
        or bool(requisition.roles_of(user) & set(LEAD_ROLES))
    )


def interviews_visible_to(requisition, user):
    interviews = Interview.objects.filter(requisition=requisition)
    if sees_whole_search(requisition, user):
        return interviews
    return interviews.filter(interviewers=user)


def can_schedule(requisition, user) -> bool:
    """The recruiter, HR or the hiring manager; HR leads and admins may stand in."""
    if requisition.is_closed:
        return False
    return _is_admin(user) or user.is_hr_lead or bool(requisition.roles_of(user) & set(LEAD_ROLES))


def debrief_deciders(requisition, agreement=None) -> list[str]:
    """Who makes the hiring decision after a debrief: the party the active matrix makes
    Accountable for "interview feedback and debrief"; the hiring manager before an agreement
    is active (DESIGN: the hiring manager comes to "interview, give feedback, decide")."""
    agreement = agreement or active_agreement_for(requisition)
    party = agreement.accountable_party(CycleStep.INTERVIEW_FEEDBACK) if agreement else None
    return [party or TeamRole.HIRING_MANAGER]


def can_decide(requisition, user, agreement=None) -> bool:
    """The decider after the debrief (`debrief_deciders`; `agreement`: the active one, if
    already read); an admin may stand in."""
    if requisition.is_closed:
        return False
    deciders = set(debrief_deciders(requisition, agreement))
    return _is_admin(user) or bool(requisition.roles_of(user) & deciders)


def can_send_messages(requisition, user) -> bool:
    """The recruiter, HR or the hiring manager (HR leads, admins standing in) — also once
    the search is over: its end leaves every candidate still in play owed the outcome
    (issue 25, finding 4)."""
    return _is_admin(user) or user.is_hr_lead or bool(requisition.roles_of(user) & set(LEAD_ROLES))


def responsible_parties(requisition, step: str, fallback: str) -> list[str]:
    """The parties marked Responsible for `step` in the active agreement's matrix; before
    an agreement is active, the organisation's default owner for that work."""
    agreement = active_agreement_for(requisition)
    parties = agreement.responsible_parties(step) if agreement else []
    return parties or [fallback]


def offer_preparers(requisition) -> list[str]:
    return responsible_parties(requisition, CycleStep.OFFER_PREPARATION, TeamRole.HR_GENERALIST)


def offer_extenders(requisition) -> list[str]:
    return responsible_parties(requisition, CycleStep.OFFER_CLOSING, TeamRole.RECRUITER)


def follow_up_parties(requisition) -> list[str]:
    return responsible_parties(requisition, CycleStep.CANDIDATE_FOLLOW_UP, TeamRole.RECRUITER)


def people_for(requisition, parties) -> list:
    """(person, party) for each active team member in one of `parties`, each person once."""
    found = {}
    for member in requisition.team_members.all():
        if member.role in parties and member.user.is_active:
            found.setdefault(member.user_id, (member.user, member.role))
    return list(found.values())


def _acts_for(requisition, user, parties) -> bool:
    return not requisition.is_closed and bool(requisition.roles_of(user) & set(parties))


def can_prepare_offer(requisition, user, parties=None) -> bool:
    return _acts_for(requisition, user, parties or offer_preparers(requisition))


def can_extend_offer(requisition, user, parties=None) -> bool:
    return _acts_for(requisition, user, parties or offer_extenders(requisition))
