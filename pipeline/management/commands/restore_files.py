"""`manage.py restore_files < files.tar`: put the backed-up files back into storage."""

import sys

from django.core.management.base import BaseCommand, CommandError

from pipeline.file_backup import restore_files


class Command(BaseCommand):
    help = "Restore résumé files from a tar archive made by backup_files (never overwrites)."

    def add_arguments(self, parser):
        parser.add_argument("--input", help="a file to read instead of standard input")

    def handle(self, *args, input=None, **options):
        try:
            if input:
                with open(input, "rb") as source:
                    outcome = restore_files(source=source)
            else:
                outcome = restore_files(source=sys.stdin.buffer)
        except (ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"{outcome.written} files restored, {outcome.kept} already there")
