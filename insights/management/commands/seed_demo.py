"""Load the demo organisation once: six people, one per role, four requisitions in different
states, and what each part of a search adds to them — with a past.

The seeding lives here, in the top layer, because it touches every app. Each app keeps its own
demo data in `<app>/demo.py`, made through the same domain functions its pages use, as a
function `seed_<things>(people, requisitions, clock)` (`people`: username → User,
`requisitions`: title → Requisition, `clock`: the `hiring.demo.DemoClock` it moves to the
moment each step happened). Add yours with one line below, in the order things happen in a
search.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from checkins import demo as checkins_demo
from checkins.records import open_due_records
from checkins.schedule import roll_forward
from commitments import demo as commitments_demo
from hiring import demo as hiring_demo
from intake import demo as intake_demo
from interviews import demo as interviews_demo
from interviews.feedback import open_feedback_commitments
from outbox import demo as outbox_demo
from pipeline import demo as pipeline_demo
from talent import demo as talent_demo


class Command(BaseCommand):
    help = "Load the demo organisation (once; does nothing when it is already there)."

    def handle(self, *args, **options):
        if User.objects.filter(username="recruiter").exists():
            self.stdout.write("Demo data already loaded.")
            return
        with transaction.atomic():
            seed()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def seed(present=None):
    """Every app's demo data on one clock, from three months ago to `present` (default now):
    each search's history in the order it happened, then what beat would have done along
    the way, then what people had read and what the mail server had delivered by now."""
    with hiring_demo.demo_clock(present) as clock:
        people = hiring_demo.seed_people(clock)
        requisitions = hiring_demo.seed_requisitions(people, clock)
        intake_demo.seed_agreements(people, requisitions, clock)
        pipeline_demo.seed_candidates(people, requisitions, clock)
        hiring_demo.put_on_hold(people, requisitions, clock)
        interviews_demo.seed_interviews(people, requisitions, clock)
        checkins_demo.seed_checkins(people, requisitions, clock)
        talent_demo.build_the_pool()
        # A later part of a search adds its line here (and its import above).
        catch_up_with_beat(clock)
        commitments_demo.read_the_past(present=clock.present)
        outbox_demo.deliver_the_past(present=clock.present)
    return people, requisitions


def catch_up_with_beat(clock):
    """Beat's work up to the present: the reminder ladder at the moments its steps fell due,
    then, now, the records and scorecards owed and the check-ins eight weeks ahead."""
    commitments_demo.replay_the_ladder(clock)
    open_feedback_commitments()
    open_due_records()
    roll_forward()
