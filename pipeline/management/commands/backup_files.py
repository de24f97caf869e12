"""`manage.py backup_files > files.tar`: every uploaded file, from any storage."""

import sys

from django.core.management.base import BaseCommand

from pipeline.file_backup import back_up_files


class Command(BaseCommand):
    help = "Write every résumé file as a tar archive to standard output (or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="a file to write instead of standard output")

    def handle(self, *args, output=None, **options):
        if output:
            with open(output, "wb") as target:
                outcome = back_up_files(into=target)
        else:
            outcome = back_up_files(into=sys.stdout.buffer)
        self.stderr.write(f"{outcome.written} files backed up, {len(outcome.missing)} missing")
        for name in outcome.missing:
            self.stderr.write(f"missing: {name}")
