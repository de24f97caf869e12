"""`manage.py healthcheck`: the /healthz report for probes without HTTP (compose's beat)."""

import json

from django.core.management.base import BaseCommand, CommandError

from health.figures import report
from health.views import CHECK_GROUPS


class Command(BaseCommand):
    help = "Print the health report; exit 1 when a required check fails."

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="groups: " + ", ".join(sorted(CHECK_GROUPS)))
        parser.add_argument(
            "--require", nargs="*", default=None, help="check names that must pass (default: all)"
        )

    def handle(self, *args, only, require, **options):
        groups = {g for g in only.split(",") if g in CHECK_GROUPS} or None
        result = report(groups)
        self.stdout.write(json.dumps(result.as_json(), indent=2))
        failing = [
            c.name for c in result.checks if not c.ok and (require is None or c.name in require)
        ]
        if failing:
            raise CommandError("failing: " + ", ".join(failing))
