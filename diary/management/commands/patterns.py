"""Print a user's see-a-doctor alerts and patterns, as text or as JSON."""
import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from diary.alerts import evaluate_alerts
from diary.analysis import analyse, format_ratio, pattern_dicts
from diary.records import load_diary


class Command(BaseCommand):
    help = "Print the alerts and patterns of one user's diary."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print {\"alerts\": [...], \"patterns\": [...]}.")
        parser.add_argument("--lang", default="en", help="Language of the reasons (default en).")

    def handle(self, *args, username, as_json, lang, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.")
        with translation.override(lang):
            data = load_diary(user)
            alerts = evaluate_alerts(data)
            report = analyse(data)
            if as_json:
                self._json(alerts, report)
            else:
                self._text(alerts, report)

    def _json(self, alerts, report):
        payload = {"alerts": [a.as_dict() for a in alerts], "patterns": pattern_dicts(report)}
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
        write("")
        write("Associations")
        for a in report.associations:
            if a.tested:
                write(f"  {a.factor}: {a.status}, RR {format_ratio(a.ratio)} ({format_ratio(a.ci_low)}-{format_ratio(a.ci_high)}), "
                      f"{a.exposed_with_episode}/{a.exposed_days} vs {a.unexposed_with_episode}/{a.unexposed_days} days")
            else:
                write(f"  {a.factor}: not enough data yet ({'; '.join(a.missing)})")
        write("")
        o = report.overview
        median = "-" if o.median_intensity is None else f"{o.median_intensity:.1f}"
        write(f"Overview {o.start} to {o.end}: {o.episodes} episodes, {o.episodes_per_week:.1f} a week, "
              f"median intensity {median}, worst {o.worst_intensity if o.worst_intensity is not None else '-'}")

