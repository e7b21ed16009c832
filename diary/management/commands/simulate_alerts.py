"""simulate_alerts: each history rule's share of stable diaries alerted in a year, and its sensitivity (fixed seeds)."""
import json

from django.core.management.base import BaseCommand

from insights.simulate_alerts import DOCTOR_LEVEL_LIMIT, doctor_level, format_table, rules_of, run, stable_shares


class Command(BaseCommand):
    help = (
        "Simulate stable diaries (0.5, 1 and 2 episodes a week for a year, judged daily), rising ones (tripling "
        "over 8 weeks, after 16 or 52 weeks of history), worsening, fluid and persistent-pain ones with fixed "
        "seeds, and print per rule the share of stable users alerted in a year and the sensitivity (the tables "
        "in docs/patterns-and-alerts.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=400, help="Simulated users per cell (default 400).")
        parser.add_argument("--seed", type=int, default=12)
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a Markdown table.")

    def handle(self, *args, users, seed, **options):
        users = max(1, users)
        table = run(users=users, seed=seed)
        if options["json"]:
            rows = {name: {"urgency": row["urgency"],
                           "stable": {f"{rate:g}": share for rate, share in row["stable"].items()},
                           "sensitivity": row["sensitivity"]} for name, row in rules_of(table).items()}
            rows["rising_frequency"]["stable_second_year"] = {
                f"{rate:g}": share for rate, share in table["rising_frequency"]["stable_second_year"].items()}
            rows["banner_days"] = {f"{rate:g}": share for rate, share in table["banner_days"].items()}
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write(format_table(table, users))
        over = [name for name, row in doctor_level(table).items() if max(stable_shares(row)) > DOCTOR_LEVEL_LIMIT]
        if over:
            self.stdout.write(self.style.WARNING("Over the 5% limit: " + ", ".join(over)))
