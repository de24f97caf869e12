"""Inviting people: an admin names them, Accord creates the account and emails the way in.

`invite_person` creates the account with no usable password and emails either a link to set
one (Django's password-reset token: it works once, dies when the password changes or after
PASSWORD_RESET_TIMEOUT) or, when single sign-on is configured, the sign-in page where
"Sign in with your company account" matches them by this email. `import_people` reads a CSV
of people, says row by row what it would do (the preview), and invites the valid rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .emails import send_account_email
from .models import Role, User
from .oidc import oidc_enabled

MAX_ROWS = 1000
COLUMNS = ("email", "first_name", "last_name", "role", "agency_name", "job_title")
_ROLE_BY_WORD = {
    **{value: value for value in Role.values},
    **{label.casefold(): value for value, label in Role.choices},
}


def role_from(text: str) -> str | None:
    """'hiring_manager', 'Hiring manager' or 'hiring manager' → Role.HIRING_MANAGER."""
    word = " ".join(text.strip().casefold().replace("-", " ").split())
    return _ROLE_BY_WORD.get(word) or _ROLE_BY_WORD.get(word.replace(" ", "_"))


def username_for(email: str) -> str:
    """A free username from the address's local part (jane.doe, jane.doe2, …)."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:140] or "person"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _link(path: str) -> str:
    return settings.ACCORD_BASE_URL.rstrip("/") + path


def invitation_link(user: User) -> str:
    """Where the invitation leads: the company sign-in with single sign-on, otherwise a
    one-time link to set a password."""
    if oidc_enabled():
        return _link(reverse("accounts:login"))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return _link(reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token}))


def send_invitation(*, user: User, invited_by) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": invitation_link(user),
        "sso": oidc_enabled(),
        "organisation": settings.ACCORD_ORGANISATION_NAME,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = f"You are invited to Accord at {settings.ACCORD_ORGANISATION_NAME}"
    text = render_to_string("accounts/emails/invitation.txt", context)
    html = render_to_string("accounts/emails/invitation.html", context)
    send_account_email(
        key=f"invitation-{user.pk}-{user.password[-12:]}",
        to=user.email,
        subject=subject,
        text=text,
        html=html,
        sender=invited_by,
        reply_to=invited_by.email if invited_by and invited_by.email else None,
    )


@transaction.atomic
def invite_person(
    *, email, first_name, last_name, role, invited_by, agency_name="", job_title=""
) -> User:
    """Create the person's account (no usable password; they choose it from the link, or
    sign in through SSO) and email the invitation. An address already in use is refused."""
    email = email.strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(f"{email} already has an account.", code="exists")
    user = User(
        username=username_for(email),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        agency_name=agency_name.strip(),
        job_title=job_title.strip(),
        is_staff=role == Role.ADMIN,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    send_invitation(user=user, invited_by=invited_by)
    return user


# --- import from CSV -------------------------------------------------------------------------
@dataclass
class Row:
    line: int
    values: dict
    problems: list[str] = field(default_factory=list)
    skipped: str = ""

    @property
    def will_invite(self) -> bool:
        return not self.problems and not self.skipped


@dataclass
class Preview:
    rows: list[Row]
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def to_invite(self) -> list[Row]:
        return [r for r in self.rows if r.will_invite]


def preview_people(text: str) -> Preview:
    """What importing `text` (CSV with a header row naming COLUMNS; email, first_name,
    last_name and role required) would do, row by row. Nothing is written."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().casefold().replace(" ", "_") for h in (reader.fieldnames or [])]
    missing = [c for c in ("email", "first_name", "last_name", "role") if c not in header]
    if missing:
        return Preview([], [f"The header row needs the columns: {', '.join(missing)}."])
    reader.fieldnames = header
    rows, seen = [], set()
    existing = {e.casefold() for e in User.objects.values_list("email", flat=True) if e}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            return Preview(rows, [f"At most {MAX_ROWS} people per file."])
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        if not any(values.values()):
            continue
        row = Row(number, values)
        try:
            validate_email(values["email"])
        except ValidationError:
            row.problems.append("not an email address")
        if not values["first_name"] and not values["last_name"]:
            row.problems.append("no name")
        role = role_from(values["role"])
        if role is None:
            row.problems.append(f"unknown role “{values['role']}”")
        else:
            values["role"] = role
        for column in COLUMNS:
            if len(values[column]) > 150 or any(ord(c) < 32 for c in values[column]):
                row.problems.append(f"{column} is too long or has control characters")
        key = values["email"].casefold()
        if key in existing:
            row.skipped = "already has an account"
        elif key in seen:
            row.skipped = "appears earlier in the file"
        seen.add(key)
        rows.append(row)
    if not rows:
        return Preview([], ["The file has no people in it."])
    return Preview(rows)


@transaction.atomic
def import_people(*, text: str, invited_by) -> list[User]:
    """Invite every valid row of `text` (as `preview_people` showed them), in one
    transaction; rows with problems or already known are left out."""
    preview = preview_people(text)
    if preview.problems:
        raise ValidationError(preview.problems)
    return [invite_person(invited_by=invited_by, **row.values) for row in preview.to_invite]
