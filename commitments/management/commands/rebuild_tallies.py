"""Recompute the commitments' summary rows from the commitments and (re)install the
triggers that keep them (`commitments.tallies`).

    python manage.py rebuild_tallies

The migration that made the table runs it once; run it again after changing
ACCORD_TIME_ZONE (the weeks are the organisation's) or after loading commitments with
triggers switched off. Safe at any time: one transaction, writers wait meanwhile.
"""

import time

from django.core.management.base import BaseCommand

from commitments.tallies import rebuild_tallies


class Command(BaseCommand):
    help = "Recompute the commitments' summary rows (tallies) and reinstall their triggers."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rebuild_tallies()
        took = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{rows:,} tally rows rebuilt in {took:.1f} s."))
