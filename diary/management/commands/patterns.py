"""Print a user's see-a-doctor alerts and patterns, as text or as JSON, as the app showed them on a day."""
import json
from dataclasses import replace
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diary.alerts import evaluate_alerts
from diary.analysis import analyse, format_ratio, pattern_dicts
from diary.records import load_diary


def diary_as_of(data, day: date):
    """The diary as it stood at the end of `day`: records dated up to it (the alert engine keeps only
    the answers dated up to it when told today=day)."""
    return replace(data.between(None, day), today=day)


class Command(BaseCommand):
    help = "Print the alerts and patterns of one user's diary (optionally as they stood at the end of a past day)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print {\"alerts\": [...], \"patterns\": [...]}.")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD: what the app showed at the end of that day.")
        parser.add_argument("--lang", default="en", help="Language of the reasons (default en).")

    def handle(self, *args, username, as_json, lang, as_of=None, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.")
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of wants a date as YYYY-MM-DD, not {as_of!r}.")
        with translation.override(lang):
            data = load_diary(user)
            if day is not None:
                if day > data.today:
                    raise CommandError(f"--as-of {day} is after the user's today ({data.today}).")
                data = diary_as_of(data, day) if day != data.today else data
            alerts = evaluate_alerts(data, today=data.today)
            report = analyse(data)
            if as_json:
                self._json(alerts, report, data.today)
            else:
                self._text(alerts, report)

    def _json(self, alerts, report, today):
        payload = {"as_of": today.isoformat(), "alerts": [a.as_dict() for a in alerts], "patterns": pattern_dicts(report)}
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))

    def _text(self, alerts, report):
        write = self.stdout.write
        write("Alerts")
        if not alerts:
            write("  none")
        for a in alerts:
            discussed = f" (discussed {a.discussed_on.isoformat()})" if a.discussed else ""
            write(f"  [{a.urgency}] {a.title}{discussed}")
            write(f"    {a.reason}")
            write(f"    sources: {'; '.join(str(s) for s in a.sources)}; guidance: {', '.join(a.guidance)}")
        write("")
        write("Trends")
        for t in report.trends:
            if t.direction == "not_enough_data":
                write(f"  {t.measure}, {t.weeks} weeks: not enough data yet ({t.missing})")
            else:
                write(f"  {t.measure}, {t.weeks} weeks: {t.recent:.1f} (was {t.previous:.1f}), {t.direction}")
        for title, rows in (("Associations (same day)", report.same_day), ("Associations (the day after)", report.next_day)):
            write("")
            write(title)
            for a in rows:
                if a.tested:
                    write(f"  {a.factor}: {a.status}, ratio {format_ratio(a.ratio)} ({format_ratio(a.ci_low)}-"
                          f"{format_ratio(a.ci_high)}), {a.exposed_with_episode}/{a.exposed_days} vs "
                          f"{a.unexposed_with_episode}/{a.unexposed_days} days")
                else:
                    write(f"  {a.factor}: not enough data yet ({'; '.join(a.missing)})")
        write("")
        o = report.overview
        median = "-" if o.median_intensity is None else f"{o.median_intensity:.1f}"
        write(f"Overview {o.start} to {o.end}: {o.episodes} episodes, {o.episodes_per_week:.1f} a week, "
              f"median intensity {median}, worst {o.worst_intensity if o.worst_intensity is not None else '-'}")
