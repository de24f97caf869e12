"""The candidate's post-interview survey: a private, unguessable, single-use link, and the
answers read only in aggregate (seed 004: "post-interview feedback forms so that candidates
can help improve both recruiter and HM performance")."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Avg, Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import Survey

SALT = "interviews.survey"
VALID_FOR = timedelta(days=30)
# Fewer answers than this are never shown: one or two could be traced to a candidate.
MINIMUM_ANSWERS = 3


class SurveyLinkRefused(Exception):
    """The link is forged, expired or already used; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_survey(*, interview, now=None) -> tuple[Survey, str]:
    """Create the interview's survey and return it with the link's token.

    The token is the survey's id and a 256-bit secret, signed with a timestamp; only the
    secret's SHA-256 is stored. The token exists once, here: whoever sends it must put it
    in the message in the same transaction.
    """
    now = now or timezone.now()
    requisition = interview.requisition
    secret = secrets.token_urlsafe(32)
    survey = Survey.objects.create(
        interview=interview,
        token_hash=_hash(secret),
        recruiter=requisition.recruiter,
        hiring_manager=requisition.hiring_manager,
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    token = signing.dumps({"s": survey.pk, "k": secret}, salt=SALT, compress=True)
    return survey, token


def survey_url(token: str) -> str:
    return f"{settings.ACCORD_BASE_URL}{reverse('interviews:survey', kwargs={'token': token})}"


def survey_for_token(token: str, *, now=None) -> Survey:
    """The open survey the token names; SurveyLinkRefused when it is forged, expired or
    already answered. A forged signature is refused before any query."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired as error:
        raise SurveyLinkRefused("expired") from error
    except (signing.BadSignature, ValueError) as error:
        raise SurveyLinkRefused("forged") from error
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise SurveyLinkRefused("forged")
    survey = Survey.objects.select_related("interview__requisition").filter(pk=data["s"]).first()
    if survey is None or not constant_time_compare(survey.token_hash, _hash(str(data.get("k")))):
        raise SurveyLinkRefused("forged")
    if survey.answered_at is not None:
        raise SurveyLinkRefused("used")
    if survey.expires_at <= now:
        raise SurveyLinkRefused("expired")
    return survey


def answer_survey(*, token: str, ratings: dict[str, int], comment: str, now=None) -> Survey:
    """Record the answers once. The conditional update is the claim: of two submissions at
    the same moment (a double click, two tabs) one writes and the other is refused."""
    now = now or timezone.now()
    survey = survey_for_token(token, now=now)
    fields = {name: ratings.get(name) for name in Survey.QUESTIONS}
    changed = Survey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
        answered_at=now, comment=comment.strip()[:2000], **fields
    )
    if not changed:
        raise SurveyLinkRefused("used")
    survey.refresh_from_db()
    return survey


def survey_figures(*, about: str) -> list[dict]:
    """Average answers per recruiter (`about="recruiter"`) or per hiring manager, only for
    people with at least MINIMUM_ANSWERS answers; never a single answer."""
    if about not in ("recruiter", "hiring_manager"):
        raise ValueError(about)
    averages = {name: Avg(name) for name in Survey.QUESTIONS}
    rows = (
        Survey.objects.answered()
        .filter(**{f"{about}__isnull": False})
        .values(person_id=F(about))
        .annotate(
            answers=Count("pk"),
            first_name=F(f"{about}__first_name"),
            last_name=F(f"{about}__last_name"),
            username=F(f"{about}__username"),
            **averages,
        )
        .filter(answers__gte=MINIMUM_ANSWERS)
        .order_by("last_name", "first_name", "person_id")
    )
    figures = []
    for row in rows:
        name = f"{row['first_name']} {row['last_name']}".strip() or row["username"]
        scores = [(Survey.QUESTIONS[q], round(row[q], 1) if row[q] else None) for q in averages]
        figures.append(
            {
                "person_id": row["person_id"],
                "name": name,
                "answers": row["answers"],
                "scores": scores,
            }
        )
    return figures
