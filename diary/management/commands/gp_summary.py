"""gp_summary --username U [--start D --end D] --format pdf|html|csv|fhir [--lang L] -o FILE."""
import json
import sys
from dataclasses import replace
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from diary.exports import csv_bytes, episodes_csv
from diary.fhir import summary_bundle
from diary.records import load_diary, local_today
from diary.summary import DEFAULT_DAYS, MAX_DAYS, SummaryOptions, render_summary_html, render_summary_pdf, \
    summary_for_user

FORMATS = ("pdf", "html", "csv", "fhir")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}")


class Command(BaseCommand):
    help = "Write one user's GP summary for a period (default: the last 90 days) as PDF, HTML, CSV or FHIR JSON."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--start", help="First day, YYYY-MM-DD (default: 90 days before --end).")
        parser.add_argument("--end", help="Last day, YYYY-MM-DD (default: today in the user's timezone).")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--lang", choices=[code for code, _ in settings.LANGUAGES],
                            help="Language of the summary (default: the user's language).")
        parser.add_argument("--notes", action="store_true", help="Include the user's notes.")
        parser.add_argument("--questions", action="store_true", help="Include the user's questions for the doctor.")
        parser.add_argument("--appendix", action="store_true", help="Add a table of every episode on extra pages.")
        parser.add_argument("-o", "--output", required=True, help="File to write, or - for standard output.")

    def handle(self, *args, username, start, end, format, lang, notes, questions, appendix, output, **options):
        user = get_user_model().objects.select_related("profile").filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        end_day = _date(end) if end else local_today(user)
        start_day = _date(start) if start else end_day - timedelta(days=DEFAULT_DAYS - 1)
        if end_day < start_day:
            raise CommandError("--end must be on or after --start.")
        if (end_day - start_day).days + 1 > MAX_DAYS:
            raise CommandError("The period can be at most ten years.")
        summary_options = SummaryOptions(
            start=start_day, end=end_day, language=lang or user.profile.language or settings.LANGUAGE_CODE,
            include_notes=notes, include_questions=questions, include_appendix=appendix,
        )

        if format == "pdf":
            content = render_summary_pdf(summary_for_user(user, summary_options))
        elif format == "html":
            content = render_summary_html(summary_for_user(user, summary_options), standalone=True).encode("utf-8")
        else:
            diary = load_diary(user, start_day, end_day)
            if format == "csv":
                episodes = diary.episodes if notes else tuple(replace(e, notes="") for e in diary.episodes)
                content = csv_bytes(episodes_csv(episodes))
            else:
                bundle = summary_bundle(diary, summary_options, user_key=str(user.pk))
                content = (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Wrote {len(content)} bytes of {format} to {output}.")
