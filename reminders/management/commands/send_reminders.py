"""Send the daily check-in reminders that are due: a long-running loop, or one pass with --once.

Like healthchecks' `sendalerts`: run it under systemd (docs/deploy.md) or from cron with --once.
Two copies at the same time never send a reminder twice (see reminders.sending).
"""
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from reminders.sending import push_configured, run_pass


class Command(BaseCommand):
    help = "Send due check-in reminders (Web Push, email as the fallback); loops until SIGTERM unless --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit (for cron).")
        parser.add_argument("--interval", type=float, default=60, help="Seconds between passes (default 60).")

    def handle(self, *args, once=False, interval=60, **options):
        self.verbosity = options.get("verbosity", 1)
        if not push_configured():
            self.stderr.write("VAPID keys not set: reminders go by email only (manage.py make_vapid_keys).")
        if once:
            self.run_one_pass()
            return
        stop = threading.Event()

        def on_signal(signum, frame):
            self.stdout.write("Stopping after this pass.")
            stop.set()

        previous = {signum: signal.signal(signum, on_signal) for signum in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"send_reminders is now running (a pass every {interval:g} s).")
        while not stop.is_set():
            close_old_connections()  # a database restart between passes must not end the loop
            try:
                self.run_one_pass()
            except Exception as error:  # noqa: BLE001  keep going: the next pass may succeed
                self.stderr.write(f"pass failed: {error!r}")
            stop.wait(interval)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        self.stdout.write("send_reminders stopped.")

    def run_one_pass(self):
        result = run_pass()
        if result.sent or result.failed or self.verbosity >= 2:
            self.stdout.write(
                f"reminders: {len(result.pushed)} pushed, {len(result.emailed)} emailed, "
                f"{len(result.failed)} failed, {len(result.checked_in)} already checked in"
            )
        return result
