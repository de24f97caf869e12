"""Who handles a candidate's personal data. A subject-access export and an erasure cover
the person in every search they are in, so they are for those who see every search: HR
leads (HR with `view_all_requisitions`) and admins."""

from accounts.models import Role


def can_handle_personal_data(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == Role.HR_GENERALIST and user.can_view_all_requisitions()
