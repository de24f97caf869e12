"""Who may do what with a search's candidates. Views ask before acting, the domain functions
ask again; templates only mirror the answers. Seeing an application at all is
`Application.objects.visible_to(user)`; these are the actions on top of that."""

from hiring.models import TeamRole

from .models import CLOSED_STAGES, PAST_SCREENING, Stage


def _is_admin(user) -> bool:
    return user.is_admin


def runs_the_search(requisition, user) -> bool:
    """The recruiter (internal or agency), HR on the search, HR leads, admins: the people who
    add, screen, submit, move back and reopen."""
    if _is_admin(user):
        return True
    if user.is_hr_lead:
        return True
    return bool(requisition.roles_of(user) & {TeamRole.RECRUITER, TeamRole.HR_GENERALIST})


def is_hiring_manager(requisition, user) -> bool:
    return TeamRole.HIRING_MANAGER in requisition.roles_of(user)


def can_add_candidates(requisition, user) -> bool:
    return not requisition.is_closed and runs_the_search(requisition, user)


can_screen = can_add_candidates


def can_see_salary_expectation(requisition, user) -> bool:
    """Never interviewers (issue 9); everyone else who can see the application."""
    return runs_the_search(requisition, user) or is_hiring_manager(requisition, user)


def movable_stages(requisition, user) -> set[str]:
    """Which board columns this person may drop cards into: a shortcut only, every move is
    decided by `pipeline.gates` and `pipeline.rights` (the agreement's matrix)."""
    if runs_the_search(requisition, user):
        return set(Stage.values)
    if is_hiring_manager(requisition, user):
        return set(PAST_SCREENING) | set(CLOSED_STAGES)
    return set()
