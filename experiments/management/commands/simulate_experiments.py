"""simulate_experiments: the power table of docs/experiments.md, with fixed seeds."""
from django.core.management.base import BaseCommand

from insights.experiments import simulate_power

LENGTHS = (6, 8, 12)
RATIOS = (1.0, 0.5, 2.0)


def percent(share):
    return "–" if share is None else f"{share * 100:.1f}%"


class Command(BaseCommand):
    help = "How often an experiment (days or weeks design) and an ordinary diary of the same length report a difference."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=1000, help="Simulated diaries per cell (default 1000).")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, runs, seed, **options):
        self.stdout.write("| weeks | true ratio | experiment, days | experiment, weeks | ordinary diary | "
                          "ordinary diary, suspect travels with a trigger |")
        self.stdout.write("|---:|---:|---:|---:|---:|---:|")
        for weeks in LENGTHS:
            for ratio in RATIOS:
                row = simulate_power(weeks, ratio, runs=runs, seed=seed)
                self.stdout.write(
                    f"| {weeks} | {ratio:g} | {percent(row.experiment_days)} | {percent(row.experiment_weeks)} | "
                    f"{percent(row.ordinary)} | {percent(row.ordinary_confounded)} |"
                )
