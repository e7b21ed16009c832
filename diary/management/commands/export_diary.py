"""export_diary --username U --dir D: write the user's episodes.csv and checkins.csv into D."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from diary.exports import checkins_csv, episodes_csv
from diary.records import load_diary


class Command(BaseCommand):
    help = "Write a user's diary as episodes.csv and checkins.csv (the format import_diary reads)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--dir", required=True, help="Directory to write into (created if missing).")

    def handle(self, *args, username, dir, **options):
        try:
            user = get_user_model().objects.select_related("profile").get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        target = Path(dir)
        target.mkdir(parents=True, exist_ok=True)
        diary = load_diary(user)
        # Plain UTF-8 (no byte-order mark) for scripts; the web download adds one for spreadsheets.
        (target / "episodes.csv").write_text(episodes_csv(diary.episodes), encoding="utf-8", newline="")
        (target / "checkins.csv").write_text(checkins_csv(diary.checkins), encoding="utf-8", newline="")
        self.stdout.write(
            f"Wrote {len(diary.episodes)} episodes to {target / 'episodes.csv'} and "
            f"{len(diary.checkins)} check-ins to {target / 'checkins.csv'}."
        )
