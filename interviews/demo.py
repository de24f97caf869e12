"""Demo interviews, scorecards, candidate messages and surveys, made through the same domain
functions as the pages, each on the day it happened (`hiring.demo.DemoClock`): scheduled a
few days ahead, held, scored that afternoon or the next morning, the candidate moved on.

Called by `insights/management/commands/seed_demo.py` after the candidates:

    interviews_demo.seed_interviews(people, requisitions, clock)

Senior Backend Engineer (plan: recruiter screen → technical interview → team and values):
- Aisha Khan: all three interviews held, every scorecard in, the last one yesterday: the
  debrief waits for Daniel's decision (an offer goes to HR to prepare, as the matrix says).
- Tom Becker: the technical interview was two working days ago; Aiko scored it, Daniel (the
  hiring manager) has not — his feedback is overdue, so the reminder ladder shows, and the
  debrief names him as missing.
- Noah Williams: recruiter screen held and scored; the technical interview is tomorrow.
- Ben Carter, rejected at review, was told the decision within a day.
- The three recruiter screens were thanked with a survey link and answered, so the survey
  results show Riya and Daniel (three answers each, in aggregate only).
"""

from __future__ import annotations

import re
from datetime import timedelta

from commitments.business_time import BusinessCalendar
from outbox.models import OutboundEmail
from pipeline.models import Application
from pipeline.review import advance

from .candidate_messages import send_candidate_message
from .feedback import open_feedback_commitments, submit_scorecard
from .models import CandidateMessage, MessageTemplate
from .scheduling import schedule_interview
from .surveys import answer_survey

NOTES = {
    4: "Clear, specific examples; owned it end to end.",
    3: "Good answers with some depth; would grow here.",
    2: "Some exposure, thin on detail.",
    1: "Could not give an example.",
}
VIDEO = "https://meet.example.com/backend-interviews"

# Per candidate, in order: (stage, panel, scheduled on, held on (days ago, hour, minute),
# minutes, where, notes, scorecards: (author, days ago, hour, ratings, recommendation, notes)
# and whether the manager then moves them on (days ago, hour)).
STORIES = {
    "Aisha Khan": [
        (0, ["recruiter"], (21, 11), (19, 10, 0), 30, "Phone", "",
         [("recruiter", (19, 11), [4], "strong_yes", "Owns on-call for payouts.")], (18, 9)),
        (1, ["interviewer", "manager"], (18, 10), (12, 14, 0), 60, VIDEO, "",
         [("interviewer", (12, 16, 30), [4, 4], "strong_yes",
           "The strongest systems answers so far."),
          ("manager", (11, 9, 15), [4, 3], "yes", "Payments depth; less on Go.")], (11, 10)),
        (2, ["manager"], (11, 10, 30), (2, 15, 0), 45, "Room 3.02", "",
         [("manager", (2, 17), [3], "yes", "Mentors two juniors today; good questions for us.")],
         None),
    ],
    "Tom Becker": [
        (0, ["recruiter"], (20, 15), (17, 11, 0), 30, "Phone", "",
         [("recruiter", (17, 12), [4], "strong_yes", "Led the on-call rota at Adyen.")],
         (16, 9, 30)),
        (1, ["interviewer", "manager"], (8, 11), (2, 14, 0), 60, VIDEO,
         "Ask about the double-entry ledger rewrite.",
         [("interviewer", (2, 16, 30), [4, 3], "yes",
           "Designed a ledger with idempotent postings; clear on trade-offs.")], None),
    ],
    "Noah Williams": [
        (0, ["recruiter"], (6, 10), (3, 11, 0), 30, "Phone", "",
         [("recruiter", (3, 12), [3], "yes", "Runs on-call for checkout; calm about incidents.")],
         (2, 10)),
        (1, ["interviewer", "manager"], (2, 10, 30), (-1, 14, 0), 60, VIDEO,
         "Go deep on the card-acquiring migration he led.", [], None),
    ],
}  # fmt: skip


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
    )


def seed_interviews(people, requisitions, clock):
    recruiter = people["recruiter"]
    backend = requisitions["Senior Backend Engineer"]
    calendar = BusinessCalendar.for_requisition(backend)

    def day(when):
        return clock.day(*when, calendar=calendar)

    applications = {
        a.candidate.name: a
        for a in Application.objects.filter(requisition=backend).select_related(
            "candidate", "requisition"
        )
    }
    # Every step of every story, in the order it happened across candidates.
    steps = []
    for name, interviews in STORIES.items():
        for number, story in enumerate(interviews):
            stage, panel, scheduled, held, minutes, where, notes, cards, moved_on = story
            steps.append((day(scheduled), "schedule", name, number))
            ended = day(held) + timedelta(minutes=minutes)
            if ended < clock.present:
                steps.append((ended + timedelta(minutes=1), "ended", name, number))
                if stage == 0:
                    steps.append((ended + timedelta(hours=2), "thanks", name, number))
                    steps.append((ended + timedelta(hours=6), "survey", name, number))
            for author, when, *_card in cards:
                steps.append((day(when), "score", name, (number, author)))
            if moved_on:
                steps.append((day(moved_on), "advance", name, number))
    ben = applications.get("Ben Carter")
    if ben is not None:
        steps.append((day((21, 10)), "rejection", "Ben Carter", 0))

    held = {}
    screens = []
    for moment, step, name, detail in sorted(steps, key=lambda s: s[0]):
        clock.go(moment)
        application = applications[name]
        application.refresh_from_db()
        if step == "schedule":
            stage, panel, _on, at, minutes, where, notes, _cards, _next = STORIES[name][detail]
            starts_at = day(at)
            held[name, detail] = schedule_interview(
                application=application,
                stage_index=stage,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                location=where,
                notes=notes,
                interviewers=[people[p] for p in panel],
                scheduled_by=recruiter,
            )
        elif step == "ended":
            open_feedback_commitments()  # as beat does every minute
        elif step == "score":
            number, author = detail
            interview = held[name, number]
            for who, _when, ratings, recommendation, notes in STORIES[name][number][7]:
                if who == author:
                    _score(interview, people[author], ratings, recommendation, notes)
        elif step == "thanks":
            screen = held[name, detail]
            screens.append(screen)
            send_candidate_message(
                kind="thanks", application=application, interview=screen, sent_by=recruiter
            )
        elif step == "survey":  # the candidate answers that evening
            _answer_survey(held[name, detail], len(screens))
        elif step == "advance":
            advance(application=application, by=people["manager"])
        elif step == "rejection":
            send_candidate_message(
                kind=MessageTemplate.Kind.REJECTION, application=application, sent_by=recruiter
            )


def _answer_survey(screen, number):
    """The candidate follows the link in the email they got and answers."""
    message = CandidateMessage.objects.filter(interview=screen, kind="thanks").get()
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
