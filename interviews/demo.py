"""Demo interviews, scorecards and surveys, made through the same domain functions as the
pages (times moved into the past afterwards, as if they had been scheduled days ago).

Called by `insights/management/commands/seed_demo.py` after the candidates:

    interviews_demo.seed_interviews(people, requisitions)

Senior Backend Engineer (plan: recruiter screen → technical interview → team and values):
- Noah Williams: recruiter screen held and scored; the technical interview is tomorrow.
- Tom Becker: the technical interview was two business days ago; Aiko scored it, Daniel
  (the hiring manager) has not — his feedback commitment is overdue, so the sweep's
  reminder and escalation show up, and the debrief names him as missing.
- Aisha Khan: three interviews, every scorecard in: the debrief is ready for Daniel's
  decision (an offer goes to HR to prepare, as the matrix says).
- The three recruiter screens were thanked with a survey link and answered, so the survey
  results show Riya and Daniel (three answers each, in aggregate only).
"""

from __future__ import annotations

import re
from datetime import time, timedelta

from django.utils import timezone

from commitments.business_time import BusinessCalendar
from outbox.models import OutboundEmail
from pipeline.models import Application

from .candidate_messages import send_candidate_message
from .feedback import open_feedback_commitments, submit_scorecard
from .models import Interview
from .scheduling import schedule_interview
from .surveys import answer_survey

NOTES = {
    4: "Clear, specific examples; owned it end to end.",
    3: "Good answers with some depth; would grow here.",
    2: "Some exposure, thin on detail.",
    1: "Could not give an example.",
}


def _business_day(calendar, days_ago: int, hour: int):
    day = timezone.localdate()
    for _ in range(days_ago):
        day = calendar.previous_business_day(day)
    if days_ago < 0:
        for _ in range(-days_ago):
            day = calendar.next_business_day(day)
    return calendar.at(day, time(hour, 0))


def _interview(application, stage, panel, by, starts_at, minutes, location, notes=""):
    """Scheduled through the domain (invites queued), then placed at `starts_at`."""
    future = timezone.now() + timedelta(days=1)
    interview = schedule_interview(
        application=application,
        stage_index=stage,
        starts_at=future,
        ends_at=future + timedelta(minutes=minutes),
        location=location,
        notes=notes,
        interviewers=panel,
        scheduled_by=by,
    )
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes)
    )
    interview.refresh_from_db()
    return interview


def _score(interview, author, ratings, recommendation, notes):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=[
            {"area": area, "rating": rating, "note": NOTES[rating] if rating in (1, 4) else ""}
            for area, rating in zip(interview.focus_areas, ratings, strict=False)
        ],
        recommendation=recommendation,
        notes=notes,
        now=interview.ends_at + timedelta(hours=2),
    )


def seed_interviews(people, requisitions):
    recruiter, manager, aiko = people["recruiter"], people["manager"], people["interviewer"]
    backend = requisitions["Senior Backend Engineer"]
    calendar = BusinessCalendar.for_requisition(backend)
    applications = {
        a.candidate.name: a
        for a in Application.objects.filter(requisition=backend).select_related("candidate")
    }
    video = "https://meet.example.com/backend-interviews"
    screens = []

    noah = applications.get("Noah Williams")
    if noah is not None:
        screen = _interview(
            noah, 0, [recruiter], recruiter, _business_day(calendar, 3, 11), 30, "Phone"
        )
        _score(screen, recruiter, [3], "yes", "Runs on-call for checkout; calm about incidents.")
        screens.append(screen)
        tomorrow = _business_day(calendar, -1, 10)
        schedule_interview(
            application=noah,
            stage_index=1,
            starts_at=tomorrow,
            ends_at=tomorrow + timedelta(minutes=60),
            location=video,
            notes="Go deep on the card-acquiring migration he led.",
            interviewers=[aiko, manager],
            scheduled_by=recruiter,
        )

    tom = applications.get("Tom Becker")
    if tom is not None:
        screen = _interview(
            tom, 0, [recruiter], recruiter, _business_day(calendar, 6, 11), 30, "Phone"
        )
        _score(screen, recruiter, [4], "strong_yes", "Led the on-call rota at Adyen.")
        screens.append(screen)
        technical = _interview(
            tom,
            1,
            [aiko, manager],
            recruiter,
            _business_day(calendar, 2, 14),
            60,
            video,
            notes="Ask about the double-entry ledger rewrite.",
        )
        _score(
            technical,
            aiko,
            [4, 3],
            "yes",
            "Designed a ledger with idempotent postings; clear on trade-offs.",
        )

    aisha = applications.get("Aisha Khan")
    if aisha is not None:
        screen = _interview(
            aisha, 0, [recruiter], recruiter, _business_day(calendar, 9, 10), 30, "Phone"
        )
        _score(screen, recruiter, [4], "strong_yes", "Owns on-call for payouts.")
        screens.append(screen)
        technical = _interview(
            aisha, 1, [aiko, manager], recruiter, _business_day(calendar, 7, 14), 60, video
        )
        _score(technical, aiko, [4, 4], "strong_yes", "The strongest systems answers so far.")
        _score(technical, manager, [4, 3], "yes", "Payments depth; less on Go.")
        values = _interview(
            aisha, 2, [manager], recruiter, _business_day(calendar, 4, 15), 45, "Room 3.02"
        )
        _score(values, manager, [3], "yes", "Mentors two juniors today; good questions for us.")

    # The feedback still owed (Daniel on Tom's technical interview) opens as the sweep would.
    open_feedback_commitments()

    for number, screen in enumerate(screens):
        message = send_candidate_message(
            kind="thanks", application=screen.application, interview=screen, sent_by=recruiter
        )
        # The candidate follows the link in the email they got and answers.
        email = OutboundEmail.objects.get(key=message.key)
        token = re.search(r"/survey/([^/\s]+)/", email.text).group(1)
        answer_survey(
            token=token,
            ratings={
                "rating_respect": 5,
                "rating_preparation": 4 + number % 2,
                "rating_organisation": 4,
                "rating_communication": 3 + number % 2,
            },
            comment="",
        )
