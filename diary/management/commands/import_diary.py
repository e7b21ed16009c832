"""import_diary --username U FILE...: import episodes.csv / checkins.csv files, or one complete
account export (the ZIP of /account/export/) into an empty account; all or nothing."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from diary.account_import import import_account
from diary.imports import import_files


class Command(BaseCommand):
    help = (
        "Import CSV files into a user's diary; each file's kind is known by its header. "
        "If any row is bad nothing is written and every bad row is listed. A ZIP from 'Export "
        "everything' (alone) is imported whole, settings included, into an account with no entries yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, username, files, **options):
        try:
            user = get_user_model().objects.select_related("profile").get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        contents = []
        for name in files:
            path = Path(name)
            try:
                contents.append((path.name, path.read_bytes()))
            except OSError as problem:
                raise CommandError(f"Cannot read {name}: {problem.strerror}.") from None
        if any(data.startswith(b"PK") or filename.lower().endswith(".zip") for filename, data in contents):
            self._import_archive(user, contents)
            return
        result = import_files(user, contents)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing was imported: {len(result.errors)} problem(s).")
        for summary in result.files:
            self.stdout.write(
                f"{summary.filename}: {summary.kind}, {summary.imported} imported, "
                f"{summary.skipped} skipped (already in the diary)."
            )

    def _import_archive(self, user, contents):
        if len(contents) != 1:
            raise CommandError("Give the account export ZIP on its own, without other files.")
        result = import_account(user, contents[0][1])
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing was imported: {len(result.errors)} problem(s).")
        self.stdout.write(", ".join(f"{count} {name.replace('_', ' ')}" for name, count in result.counts.items())
                          + " imported, with the account's settings.")
