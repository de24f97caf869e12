"""`seed_large_employer`: empty the domain tables and write the whole organisation, one
part after the other, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from django.db import connection, transaction

from accounts.models import User
from checkins.models import ActionItem, CheckIn, StatusUpdateRequest
from hiring.models import Requisition
from intake.models import Agreement
from interviews.models import Interview, Offer
from pipeline.models import Application

from .candidates import CandidateSeeding
from .deadlines import CommitmentSeeding
from .handles import find_handles, now_to_the_minute, reset
from .journal import JournalSeeding
from .meetings import CheckInSeeding
from .searches import SearchSeeding
from .shape import SIZES, Size


def _progress(out):
    started = time.perf_counter()

    def say(message: str):
        if out is not None:
            out(f"  {message:<52} {time.perf_counter() - started:6.1f} s")

    return say


def seed_large_employer(
    *, size: str = "large", history_days: int = 365, out: Callable[[str], None] | None = None
):
    """Empty the domain tables and write the organisation of `SIZES[size]` with
    `history_days` of history; return the handles. See the module docstring."""
    shape = SIZES[size]
    say = _progress(out)
    reset()
    seeder = _Seeder(shape, now_to_the_minute(), history_days=history_days)
    with transaction.atomic():
        seeder.people()
        say(f"{len(seeder.users):,} people")
        seeder.requisitions()
        say(f"{len(seeder.reqs):,} requisitions, teams, agreements, signatures")
        seeder.applications()
        say(f"{len(seeder.apps):,} applications, candidates, stage history, screening")
        seeder.interviews()
        say(f"{len(seeder.interview_rows):,} interviews, scorecards, offers")
        seeder.checkins()
        say(f"{len(seeder.checkin_rows):,} check-ins, pulse, action items, status requests")
        seeder.commitments()
        say(f"{seeder.commitment_count:,} commitments")
        seeder.journal_and_bell()
        say("journal and notifications")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say("analysed")
    return find_handles()


class _Seeder(SearchSeeding, CandidateSeeding, CheckInSeeding, CommitmentSeeding, JournalSeeding):
    """The rows written so far, shared by the parts that write the next ones."""

    def __init__(self, shape: Size, now: datetime, history_days: int = 365):
        self.shape, self.now = shape, now
        self.history_days = history_days
        # Candidates spread over each search's open time (else over the last 100 days).
        self.spread = history_days > 365
        self.users: list[User] = []
        self.by_role: dict[str, list[User]] = {}
        self.reqs: list[Requisition] = []
        self.team: dict[int, dict[str, User]] = {}  # requisition → lead role → user
        self.panel: dict[int, list[User]] = {}  # requisition → interviewers
        self.agreements: list[Agreement] = []
        self.apps: list[Application] = []
        self.interview_rows: list[Interview] = []
        self.panels: dict[int, list[User]] = {}  # interview → its panel
        self.offers: list[Offer] = []
        self.checkin_rows: list[CheckIn] = []
        self.action_items: list[ActionItem] = []
        self.status_requests: list[StatusUpdateRequest] = []
        self.commitment_count = 0
