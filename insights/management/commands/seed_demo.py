"""Load the demo organisation once: six people, one per role, four requisitions in different
states, and what each part of a search adds to them.

The seeding lives here, in the top layer, because it touches every app. Each app keeps its own
demo data in `<app>/demo.py`, made through the same domain functions its pages use, as a
function `seed_<things>(people, requisitions)` (`people`: username → User, `requisitions`:
title → Requisition). Add yours with one line below, in the import order of the apps.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from checkins import demo as checkins_demo
from commitments.models import Notification
from hiring import demo as hiring_demo
from intake import demo as intake_demo
from interviews import demo as interviews_demo
from outbox.models import OutboundEmail
from pipeline import demo as pipeline_demo


class Command(BaseCommand):
    help = "Load the demo organisation (once; does nothing when it is already there)."

    def handle(self, *args, **options):
        if User.objects.filter(username="recruiter").exists():
            self.stdout.write("Demo data already loaded.")
            return
        with transaction.atomic():
            seed()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def seed():
    """Every app's demo data, lower layers first (accounts ← hiring ← commitments ← intake ←
    pipeline ← interviews ← checkins ← insights)."""
    people = hiring_demo.seed_people()
    requisitions = hiring_demo.seed_requisitions(people)
    intake_demo.seed_agreements(people, requisitions)
    pipeline_demo.seed_candidates(people, requisitions)
    interviews_demo.seed_interviews(people, requisitions)
    checkins_demo.seed_checkins(people, requisitions)
    # A later part of a search adds its line here (and its import above).
    settle_demo_notices()
    return people, requisitions


def settle_demo_notices():
    """The events the seeding just played out (teams formed, agreements signed weeks ago…)
    count as read, so the bell opens on what is live: the reminders the sweep writes within a
    minute of `make run`, and nothing sent by email about the past."""
    Notification.objects.exclude(key="").update(read_at=timezone.now(), awaiting_digest=False)
    OutboundEmail.objects.filter(
        key__startswith="notice:", state=OutboundEmail.State.PENDING
    ).delete()
