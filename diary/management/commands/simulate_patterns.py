"""simulate_patterns: the pattern rule's false-pattern rate and power on synthetic diaries, from fixed seeds."""
import json
import time

from django.core.management.base import BaseCommand

from insights.simulate_patterns import markdown_table, simulation_table


class Command(BaseCommand):
    help = (
        "Simulate diaries with fixed seeds and print the chance of ever showing a false pattern over a year "
        "of weekly looks, the power at ratios 1.5, 2 and 3 after 90, 180 and 365 days, the co-travelling "
        "factor case and the next-day power (the table in docs/patterns-and-alerts.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--diaries", type=int, default=400, help="Diaries per power cell (default 400).")
        parser.add_argument("--null-diaries", type=int, default=400,
                            help="Diaries with no real trigger, each looked at weekly for a year (default 400).")
        parser.add_argument("--seed", type=int, default=20261201)
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a Markdown table.")

    def handle(self, *args, diaries, null_diaries, seed, **options):
        started = time.perf_counter()
        table = simulation_table(diaries=max(1, diaries), null_diaries=max(1, null_diaries), seed=seed)
        table["seconds"] = round(time.perf_counter() - started, 1)
        if options["json"]:
            self.stdout.write(json.dumps(table, indent=2))
        else:
            self.stdout.write(markdown_table(table))
