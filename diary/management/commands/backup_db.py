"""Write a consistent copy of the SQLite database while the app keeps running."""
import sqlite3
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Back up the SQLite database with SQLite's online backup API (safe while the app runs)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="File to write (default: backups/db-YYYYmmdd-HHMMSS.sqlite3)")

    def handle(self, *args, **options):
        connection = connections["default"]
        if connection.vendor != "sqlite":
            raise CommandError("backup_db backs up SQLite only; use pg_dump for PostgreSQL.")
        source_path = Path(connection.settings_dict["NAME"])
        if not source_path.exists():
            raise CommandError(f"No database at {source_path}.")
        output = options["output"]
        if output:
            target = Path(output)
        else:
            target = Path(settings.BASE_DIR) / "backups" / f"db-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        # The backup API copies a consistent snapshot page by page, even with WAL and
        # concurrent writers; writing to a temporary name means a crash never leaves a
        # half-written file under the final name.
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination, pages=1024)
            check = destination.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise CommandError(f"The copy failed its integrity check: {check}")
        finally:
            destination.close()
            source.close()
        partial.replace(target)
        self.stdout.write(str(target))
