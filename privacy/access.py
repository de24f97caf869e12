"""Who handles a candidate's personal data. A subject-access export and an erasure cover
the person in every search they are in, so they are for those who see every search: HR
leads (HR with `view_all_requisitions`) and admins."""


def can_handle_personal_data(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    return user.is_hr_lead
