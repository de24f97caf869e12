"""Interview feedback: the commitments opened when an interview ends, scorecards (drafts,
submission, amendment) and the independence rule.

Seed 004: "when an HM finishes an interview, they could receive an automatic prompt to give
feedback"; DESIGN: "Interviewers see the other scorecards only after submitting their own".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import Promise, meet_commitments, open_commitments
from commitments.models import Notification
from commitments.notices import Notice, notify_events
from commitments.service_terms import CommitmentKind, Party
from hiring.journal import record_activity
from hiring.models import Activity, TeamRole
from intake.agreements import TermsInForce

from . import access
from .decisions import open_debrief_decision_if_ready
from .models import Interview, Recommendation, Scorecard

BATCH_SIZE = 500


def interview_path(interview) -> str:
    return reverse(
        "interviews:interview-detail",
        kwargs={"pk": interview.requisition_id, "interview": interview.pk},
    )


def scorecard_path(interview) -> str:
    return reverse(
        "interviews:scorecard", kwargs={"pk": interview.requisition_id, "interview": interview.pk}
    )


def _party(requisition, person) -> str:
    """The hiring manager answers for their own feedback as the hiring manager; everyone
    else on a panel as an interviewer (both sit on the hiring manager's side)."""
    roles = requisition.roles_of(person)
    if TeamRole.HIRING_MANAGER in roles:
        return Party.HIRING_MANAGER
    if TeamRole.RECRUITER in roles:
        return Party.RECRUITER
    if TeamRole.HR_GENERALIST in roles:
        return Party.HR_GENERALIST
    return Party.INTERVIEWER


def open_feedback_commitments(*, now=None, batch_size: int = BATCH_SIZE) -> int:
    """Open one "submit interview feedback" commitment per interviewer of every interview
    whose end has passed; return how many were opened.

    Guarantee: exactly once per interviewer and interview, even with two sweeps at once.
    Each batch claims its interviews with `SELECT … FOR UPDATE SKIP LOCKED` (through
    interview_feedback_due_idx) and sets `feedback_opened_at` in the same transaction as the
    commitments, so a second sweep either skips the locked rows or, after the commit, no
    longer finds them. A sweep killed mid-batch rolls back whole and the next one redoes it.
    An interviewer who already submitted gets nothing; an interview of a closed search is
    marked done without opening anything (nobody can act on it).

    A batch costs the same dozen queries whatever its size: the claim with its panels and
    teams, the scorecards in, the agreements, the commitments (`open_commitments`), the
    prompts (`notify_events`), the panel's notices of the meeting marked read and the
    claim's mark.
    """
    now = now or timezone.now()
    opened = 0
    while True:
        with transaction.atomic():
            batch = list(
                Interview.objects.feedback_due(now)
                .select_related("requisition", "application__candidate")
                .prefetch_related("interviewers", "requisition__team_members__user")
                .order_by("ends_at", "pk")
                .select_for_update(skip_locked=True, of=("self",))[:batch_size]
            )
            if not batch:
                return opened
            submitted = set(
                Scorecard.objects.submitted()
                .filter(interview__in=batch)
                .values_list("interview_id", "author_id")
            )
            terms = TermsInForce({i.requisition_id for i in batch})
            promises, prompts = [], []
            for interview in batch:
                requisition = interview.requisition
                if requisition.is_closed:
                    continue
                term = terms.term(requisition, CommitmentKind.INTERVIEW_FEEDBACK)
                owing = [
                    person
                    for person in interview.interviewers.all()
                    if (interview.pk, person.pk) not in submitted and person.is_active
                ]
                promises.extend(
                    Promise(
                        kind=CommitmentKind.INTERVIEW_FEEDBACK,
                        requisition=requisition,
                        owner=person,
                        party=_party(requisition, person),
                        subject=interview,
                        title=f"Scorecard for {interview.application.candidate.name} "
                        f"({interview.stage_name})",
                        url=scorecard_path(interview),
                        started_at=min(interview.ends_at, now),
                        term=term,
                    )
                    for person in owing
                )
                if owing:
                    prompts.append(_prompt(interview, owing))
            opened += len(open_commitments(promises))
            notify_events(prompts)
            # The meeting is over: "you are on the panel" / "moved" are no longer news; the
            # prompt above takes their place (issue 25, finding 7).
            Notification.objects.filter(
                read_at__isnull=True,
                reminder__isnull=True,
                key__startswith="interviews.",
                url__in=[interview_path(i) for i in batch],
            ).update(read_at=now)
            Interview.objects.filter(pk__in=[i.pk for i in batch]).update(feedback_opened_at=now)
        if len(batch) < batch_size:
            return opened  # what is left is another sweep's (locked) or nothing is


def _prompt(interview, people) -> Notice:
    """The prompt right after the interview (seed 004: "when an HM finishes an interview,
    they could receive an automatic prompt to give feedback"), in the app and by email."""
    candidate = interview.application.candidate.name
    return Notice(
        event="interviews.ended",
        requisition=interview.requisition,
        people=tuple(people),
        text=f"Your {interview.stage_name} with {candidate} has ended: your scorecard, "
        "while it is fresh",
        url=scorecard_path(interview),
        key=f"interview-ended-{interview.pk}",
    )


# --- scorecards -----------------------------------------------------------------------
def blank_ratings(interview) -> list[dict]:
    return [{"area": area, "rating": None, "note": ""} for area in interview.focus_areas]


def scorecard_for(interview, author) -> Scorecard:
    """The author's scorecard, or an unsaved blank one with the stage's focus areas."""
    found = Scorecard.objects.filter(interview=interview, author=author).first()
    return found or Scorecard(interview=interview, author=author, ratings=blank_ratings(interview))


def clean_ratings(interview, ratings: list[dict], *, complete: bool) -> list[dict]:
    """Ratings in the stage's order, each 1–4 or None, with a note. `complete`: every
    focus area rated (for submission)."""
    given = {r.get("area"): r for r in ratings}
    cleaned, errors = [], {}
    for i, area in enumerate(interview.focus_areas):
        row = given.get(area, {})
        rating = row.get("rating")
        if rating in ("", None):
            rating = None
        else:
            try:
                rating = int(rating)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 4:
                errors[f"rating_{i}"] = "Rate from 1 to 4."
        if complete and rating is None:
            errors[f"rating_{i}"] = "Rate this focus area."
        cleaned.append({"area": area, "rating": rating, "note": str(row.get("note", ""))[:1000]})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_author(interview, author):
    if not interview.is_on_panel(author):
        raise PermissionDenied("Only the interview's panel writes its scorecards.")
    if interview.is_cancelled:
        raise ValidationError("This interview was cancelled.")


def _check_open(interview, now):
    """A scorecard, draft or submitted, is written once the interview has started: the
    interviewer rates what they saw, not what they expect (the page says when it opens; the
    autosave, the API and any other path are refused the same)."""
    if interview.starts_at > now:
        raise ValidationError("The scorecard opens when the interview starts.")


@transaction.atomic
def save_draft(*, interview, author, ratings, recommendation: str, notes: str, now=None):
    """Keep what the interviewer has written so far (htmx autosave). A submitted scorecard
    is not touched by autosave: changing it is an amendment, made by submitting again."""
    _check_author(interview, author)
    now = now or timezone.now()
    _check_open(interview, now)
    if recommendation and recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": "Pick one of the four recommendations."})
    ratings = clean_ratings(interview, ratings, complete=False)
    card, _ = Scorecard.objects.select_for_update().get_or_create(
        interview=interview, author=author, defaults={"ratings": ratings, "updated_at": now}
    )
    if card.is_submitted:
        return card
    card.ratings, card.recommendation, card.notes = ratings, recommendation, notes.strip()
    card.updated_at = now
    card.save(update_fields=["ratings", "recommendation", "notes", "updated_at"])
    return card


def _content(card) -> dict:
    return {"ratings": card.ratings, "recommendation": card.recommendation, "notes": card.notes}


@transaction.atomic
def submit_scorecard(*, interview, author, ratings, recommendation: str, notes: str, now=None):
    """Submit (or, by its author only, amend) a scorecard. Submitting meets the author's
    feedback commitment in the same transaction; the journal keeps every submitted version
    (the first as "submitted", each later one as "amended", with what it said before)."""
    _check_author(interview, author)
    now = now or timezone.now()
    _check_open(interview, now)
    errors = {}
    try:
        ratings = clean_ratings(interview, ratings, complete=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    if recommendation not in Recommendation.values:
        errors["recommendation"] = "Give your overall recommendation."
    if errors:
        raise ValidationError(errors)
    card, _ = Scorecard.objects.select_for_update().get_or_create(
        interview=interview, author=author, defaults={"ratings": ratings, "updated_at": now}
    )
    if card.author_id != author.pk:  # pragma: no cover — get_or_create keys on the author
        raise PermissionDenied("Only its author amends a scorecard.")
    amending = card.is_submitted
    before = _content(card)
    card.ratings, card.recommendation, card.notes = ratings, recommendation, notes.strip()
    card.updated_at = now
    if amending:
        card.amended_at = now
    else:
        card.state, card.submitted_at = Scorecard.State.SUBMITTED, now
    card.save()
    candidate = interview.application.candidate.name
    verdict = Recommendation(recommendation).label.lower()
    record_activity(
        requisition=interview.requisition,
        actor=author,
        kind=Activity.Kind.SCORECARD_AMENDED if amending else Activity.Kind.SCORECARD_SUBMITTED,
        summary=(
            f"Amended the scorecard for {candidate} ({interview.stage_name}): {verdict}"
            if amending
            else f"Submitted the scorecard for {candidate} ({interview.stage_name}): {verdict}"
        ),
        details={
            "interview": interview.pk,
            "scorecard": card.pk,
            "content": _content(card),
            **({"before": before} if amending else {}),
        },
    )
    if not amending:
        meet_commitments(
            subject=interview, kind=CommitmentKind.INTERVIEW_FEEDBACK, owner=author, met_at=now
        )
        open_debrief_decision_if_ready(interview=interview, author=author, now=now)
    return card


# --- independence -----------------------------------------------------------------------
def may_see_others(*, application, user) -> bool:
    """Whether `user` may read the other panel members' scorecards of this candidate: the
    one rule of every page, partial and export that shows scorecards (DESIGN: "Interviewers
    see the other scorecards only after submitting their own"; issue 25, finding 2).

    Whoever sits on one of the candidate's interview panels — the recruiter, HR and the
    hiring manager as much as an interviewer — sees the others' only once their own is
    submitted for every interview of this candidate they sit on, so no opinion reaches them
    before theirs is written. The recruiter, HR and the hiring manager (and HR leads,
    admins) on none of its panels see every scorecard; an interviewer on none sees none."""
    interviews = Interview.objects.filter(application=application)
    if interviews.awaiting_scorecard_from(user).exists():
        return False
    if access.sees_whole_search(application.requisition, user):
        return True
    return interviews.scheduled().given_by(user).exists()


def held_application_ids(*, requisition, user) -> set[int]:
    """The candidates of this search whose other scorecards `user` may not read yet (they
    sit on a panel of theirs with their own scorecard not in): the set form of
    `may_see_others`, for lists such as the journal."""
    return set(
        Interview.objects.filter(requisition=requisition)
        .awaiting_scorecard_from(user)
        .values_list("application_id", flat=True)
    )


def pending_own_scorecards(*, application, user) -> list[Interview]:
    """The candidate's interviews whose scorecard `user` still owes (for "yours first")."""
    return list(
        Interview.objects.filter(application=application)
        .awaiting_scorecard_from(user)
        .order_by("starts_at", "pk")
    )
