"""Replace the SQLite database with a backup (stop the app first)."""
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Restore the SQLite database from a file written by backup_db. Stop the app first."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="A file written by backup_db")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, **options):
        connection = connections["default"]
        if connection.vendor != "sqlite":
            raise CommandError("restore_db restores SQLite only; use pg_restore for PostgreSQL.")
        backup = Path(options["backup"])
        if not backup.is_file():
            raise CommandError(f"No backup file at {backup}.")
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            try:
                check = source.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as error:
                raise CommandError(f"{backup} is not a SQLite backup: {error}") from error
            if check != "ok":
                raise CommandError(f"The backup failed its integrity check: {check}")
            target_path = Path(connection.settings_dict["NAME"])
            if not options["yes"]:
                answer = input(f"Replace {target_path} with {backup}? Type yes: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            connection.close()
            target = sqlite3.connect(target_path)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        self.stdout.write(self.style.SUCCESS(f"Restored {target_path} from {backup}."))
