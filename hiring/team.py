"""Assigning the hiring team: one recruiter, one HR generalist, one hiring manager, and any
number of interviewers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role
from config.hooks import Hooks

from .journal import record_activity
from .models import Activity, HiringTeamMember, Requisition, TeamRole

# Which people may fill each part of a team.
ELIGIBLE_ROLES = {
    TeamRole.RECRUITER: {Role.RECRUITER},
    TeamRole.HR_GENERALIST: {Role.HR_GENERALIST},
    TeamRole.HIRING_MANAGER: {Role.HIRING_MANAGER},
    TeamRole.INTERVIEWER: {Role.INTERVIEWER, Role.HIRING_MANAGER, Role.HR_GENERALIST},
}


def _order(pair):
    role, person = pair
    return (LEAD_ORDER.index(role), person.display_name)


LEAD_ORDER = list(TeamRole.values)

# What follows a change of the hiring team: notices to the people added or removed, the
# intake's attendees and the agreement's signers following a hand-over. Those apps sit
# above `hiring`, so they register here (AppConfig.ready) and are called inside the
# change's transaction with `added` and `removed` as lists of (role, user).
TEAM_FOLLOWERS = Hooks(
    "hiring.team.TEAM_FOLLOWERS",
    signature="fn(*, requisition, added, removed, changed_by) -> None",
    called_in="`assign_hiring_team`'s transaction, the requisition row locked",
)


@transaction.atomic
def assign_hiring_team(
    *,
    requisition: Requisition,
    changed_by,
    recruiter=None,
    hr_generalist=None,
    hiring_manager=None,
    interviewers=(),
) -> list[str]:
    """Make the team exactly this; journal each person added or removed.

    Refuses a person whose job does not fit the part (an interviewer as recruiter). A first
    assignment at creation is allowed to the creator; afterwards `can_change_team` rules.
    """
    Requisition.objects.select_for_update().filter(pk=requisition.pk).first()
    is_first = not requisition.team_members.exists()
    if not is_first and not requisition.can_change_team(changed_by):
        raise PermissionDenied("Only HR, an admin or the hiring manager can change the team.")

    wanted = _wanted(
        recruiter=recruiter,
        hr_generalist=hr_generalist,
        hiring_manager=hiring_manager,
        interviewers=interviewers,
    )
    return _change_team(requisition=requisition, changed_by=changed_by, wanted=wanted)


def _wanted(*, recruiter, hr_generalist, hiring_manager, interviewers) -> set:
    wanted = {
        (TeamRole.RECRUITER, recruiter),
        (TeamRole.HR_GENERALIST, hr_generalist),
        (TeamRole.HIRING_MANAGER, hiring_manager),
        *((TeamRole.INTERVIEWER, person) for person in interviewers),
    }
    return {(role, person) for role, person in wanted if person is not None}


def _change_team(*, requisition, changed_by, wanted) -> list[str]:
    for role, person in wanted:
        if person.role not in ELIGIBLE_ROLES[role] or not person.is_active:
            raise ValidationError(
                f"{person.display_name} cannot be the {TeamRole(role).label.lower()}."
            )

    current = {(m.role, m.user): m for m in requisition.team_members.select_related("user").all()}
    removed = [key for key in current if key not in wanted]
    added = [key for key in wanted if key not in current]
    HiringTeamMember.objects.filter(pk__in=[current[key].pk for key in removed]).delete()
    HiringTeamMember.objects.bulk_create(
        HiringTeamMember(requisition=requisition, user=person, role=role) for role, person in added
    )
    lines = [
        *(
            f"added {p.display_name} as {TeamRole(r).label.lower()}"
            for r, p in sorted(added, key=_order)
        ),
        *(
            f"removed {p.display_name} as {TeamRole(r).label.lower()}"
            for r, p in sorted(removed, key=_order)
        ),
    ]
    if lines:
        record_activity(
            requisition=requisition,
            actor=changed_by,
            kind=Activity.Kind.TEAM_CHANGED,
            summary=("Hiring team: " + "; ".join(lines))[:300],
            details={
                "added": [[r, p.pk] for r, p in added],
                "removed": [[r, p.pk] for r, p in removed],
            },
        )
    # Drop the prefetch cache so permission checks see the new team.
    getattr(requisition, "_prefetched_objects_cache", {}).pop("team_members", None)
    if added or removed:
        for follower in TEAM_FOLLOWERS:
            follower(requisition=requisition, added=added, removed=removed, changed_by=changed_by)
    return lines


@transaction.atomic
def hand_part_over(*, requisition: Requisition, role: str, to, changed_by) -> list[str]:
    """Give one lead part of the team to `to`, the rest unchanged — for a stand-in while its
    holder is away and back on return (commitments.absences, which decides who may ask).
    The same team change as `assign_hiring_team`: journaled, its followers called (what the
    leaver owed moves to `to` in this transaction)."""
    if role not in (TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER):
        raise ValidationError("Only the recruiter's, HR's or the hiring manager's part.")
    requisition = Requisition.objects.with_team().select_for_update().get(pk=requisition.pk)
    parts = {
        "recruiter": requisition.recruiter,
        "hr_generalist": requisition.hr_generalist,
        "hiring_manager": requisition.hiring_manager,
    }
    parts[role] = to
    return _change_team(
        requisition=requisition,
        changed_by=changed_by,
        wanted=_wanted(interviewers=requisition.interviewers, **parts),
    )
