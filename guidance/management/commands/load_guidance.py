"""Build or update the guidance library from guidance/data/ (idempotent; fails on a non-verbatim passage)."""
import time

from django.core.management.base import BaseCommand, CommandError

from guidance.library import LibraryError, load


class Command(BaseCommand):
    help = "Build or update the guidance library from the source files and the curated mapping in guidance/data/."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compare every row even if the data files are unchanged.")

    def handle(self, *args, force=False, **options):
        started = time.perf_counter()
        try:
            report = load(force=force)
        except LibraryError as error:
            raise CommandError(f"Guidance library not loaded. {error}") from error
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{report.summary()} ({elapsed:.2f} s)")
