"""Seed a large employer's organisation for benchmarks (`insights.large_employer`).

    python manage.py seed_large_employer --size large   # 2,000 searches, 60,000 candidates…
    python manage.py seed_large_employer --size small   # the same shape at one fiftieth

Empties the domain tables first; refuses a database whose name does not contain "bench".
"""

from django.core.management.base import BaseCommand, CommandError

from insights.large_employer import SIZES, seed_large_employer


class Command(BaseCommand):
    help = "Seed a large employer for benchmarks (PostgreSQL, a database named *bench*)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="large")
        parser.add_argument(
            "--history-days", type=int, default=365, help="How far back searches were opened."
        )

    def handle(self, *args, size, history_days, **options):
        self.stdout.write(f"Seeding the {size} employer ({history_days} days of history)…")
        try:
            handles = seed_large_employer(
                size=size, history_days=history_days, out=self.stdout.write
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        for name, count in handles.counts.items():
            self.stdout.write(f"  {name:<20} {count:>9,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded; log in as {handles.recruiter.username} "
                "(and the others) with the password accord-bench."
            )
        )
