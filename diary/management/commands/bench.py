"""bench: time the pages that matter on a five-year diary, in a throwaway database."""
import json
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from django.urls import reverse
from django.utils import timezone

FIVE_YEARS = 1826


class Command(BaseCommand):
    help = (
        "Build a five-year diary (about 1,800 check-ins and 1,000 episodes) in a throwaway database and "
        "print medians and 95th percentiles of the pages that matter, with queries per page and each "
        "figure's ratio to a minimal signed-in page (the floor)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument("--repeat", type=int, default=15, help="Timed runs per measurement (default 15).")
        parser.add_argument(
            "--quick", action="store_true",
            help="Three runs per measurement and 300 other users instead of 3,000 (PostgreSQL only).",
        )
        parser.add_argument(
            "--no-sizes", action="store_true",
            help="Leave out the diary-size axis (1, 5 and 20 years) and the other-users axis.",
        )
        parser.add_argument(
            "--worst-case", action="store_true",
            help="Also build the densest diary an import allows (ten years, about 7,600 episodes with notes) and "
                 "time its heaviest requests, with the process's peak memory.",
        )

    def handle(self, *args, **options):
        repeat = 3 if options["quick"] else max(3, options["repeat"])
        setup_test_environment()
        old_name = self._use_throwaway_database()
        try:
            results = self._run(repeat)
            if not options["no_sizes"]:
                from diary.management.bench_sizes import SizeAxes

                results["sizes"] = SizeAxes(self, repeat, options["quick"]).run()
            if options["worst_case"]:
                results["worst_case"] = self._worst_case()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            teardown_test_environment()
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=2))
        else:
            self._print_table(results)

    # -- set-up ------------------------------------------------------------------------------------
    def _use_throwaway_database(self):
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "sqlite":
            # A real file, so the numbers include the disk like production does (WAL and all).
            self._tmpdir = tempfile.TemporaryDirectory(prefix="spasm-bench-")
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(self._tmpdir.name) / "bench.sqlite3")
        else:
            # Its own name, not the test runner's "test_<name>": autoclobber would drop a test
            # database in use (pytest running bench's own test on PostgreSQL did).
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}"[:63]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return old_name

    def _build_diary(self, username, days, seeds=(1, 2), notes=None):
        from django.contrib.auth import get_user_model

        from diary.demo import generate_demo
        from diary.imports import write_records

        user = get_user_model().objects.create_user(username=username, password="bench-passphrase-1")
        tzinfo = user.profile.tzinfo
        today = timezone.localdate(timezone=tzinfo)
        episodes, checkins = [], {}
        for index, seed in enumerate(seeds):
            demo = generate_demo(days, seed, today - timedelta(days=1), tzinfo)
            # A second seed's episodes, shifted by a few hours, double the episode count to the
            # roughly 1,000 of five heavy years; its check-ins only fill days the first left empty.
            episodes.extend(
                replace(e, started_at=e.started_at + timedelta(hours=3 * index), notes=e.notes if notes is None else notes)
                for e in demo.episodes
            )
            for checkin in demo.checkins:
                checkins.setdefault(checkin.date, checkin)
        write_records(user, episodes, list(checkins.values()))
        return user

    # -- measuring ---------------------------------------------------------------------------------
    def _time(self, func, repeat, before=None):
        timings = []
        for _ in range(repeat):
            if before:
                before()
            start = time.perf_counter()
            func()
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95_index = min(len(timings) - 1, max(0, round(0.95 * len(timings)) - 1))
        return {"median_ms": round(statistics.median(timings), 2), "p95_ms": round(timings[p95_index], 2)}

    def _queries(self, client, path):
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        return len(context.captured_queries)

    def _run(self, repeat):
        from diary.alerts import evaluate_alerts
        from diary.analysis import analyse
        from diary.records import load_diary

        started = time.perf_counter()
        big = self._build_diary("bench-five-years", FIVE_YEARS)
        small = self._build_diary("bench-small", 21, seeds=(3,))
        build_seconds = time.perf_counter() - started
        from diary.models import CheckIn, Episode

        sizes = {
            "episodes": Episode.objects.filter(owner=big).count(),
            "checkins": CheckIn.objects.filter(owner=big).count(),
        }

        client = Client()
        client.force_login(big)
        small_client = Client()
        small_client.force_login(small)

        def get(path, which=client):
            def call():
                response = which.get(path)
                assert response.status_code == 200, f"{path} answered {response.status_code}"
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
            return call

        def invalidate(*users):
            # A diary change bumps the data version, which expires every cached chart and page.
            from diary.signals import bump_data_version

            for user in users or (big,):
                bump_data_version(user.pk)

        floor_path = reverse("account:delete")
        year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()
        today = timezone.localdate().isoformat()
        pdf_path = self._summary_path("pdf", year_ago, today)
        csv_path = reverse("diary:episodes-csv")

        measurements = {}
        measurements["floor"] = self._time(get(floor_path), repeat)
        measurements["quick_log_save"] = self._time(self._quick_log_saver(client), repeat)
        get("/")()  # warm imports and fonts once
        chart_paths = [
            reverse("diary:chart", kwargs={"chart": slug}) + "?size=sm" for slug in ("weekly", "calendar")
        ]

        def dashboard_with_charts():
            # What a phone loads above the fold: the page and its two charts, drawn afresh.
            get("/")()
            for path in chart_paths:
                get(path)()

        measurements["dashboard_cold"] = self._time(dashboard_with_charts, repeat, before=invalidate)
        measurements["dashboard_warm"] = self._time(get("/"), repeat)
        measurements["patterns_page"] = self._time(get(reverse("diary:patterns")), repeat)

        def analysis_alone():
            diary = load_diary(big)
            analyse(diary)
            evaluate_alerts(diary)

        measurements["analysis_alone"] = self._time(analysis_alone, repeat)
        loaded = load_diary(big)
        # The whole patterns analysis of five years (joint model, next-day model, the rule), no database.
        measurements["patterns_analysis"] = self._time(lambda: analyse(loaded), repeat)
        measurements["gp_pdf_year"] = self._time(get(pdf_path), max(3, repeat // 3))
        measurements["csv_export"] = self._time(get(csv_path), repeat)

        floor = measurements["floor"]["median_ms"] or 1
        for values in measurements.values():
            values["ratio_to_floor"] = round(values["median_ms"] / floor, 2)

        pages = {
            "floor": floor_path,
            "dashboard": "/",
            "patterns": reverse("diary:patterns"),
            "episodes": reverse("diary:episode-list"),
            "gp_summary_html": self._summary_path("html", year_ago, today),
            "csv_export": csv_path,
        }
        queries = {}
        for name, path in pages.items():
            # Counted as after today's entry: each page was seen once (the settled past's columns
            # and the guidance titles are cached), then the data version moved on for both diaries.
            for which in (client, small_client):
                self._queries(which, path)
            invalidate(big, small)
            queries[name] = {
                "five_years": self._queries(client, path),
                "three_weeks": self._queries(small_client, path),
            }
        return {
            "diary": sizes,
            "build_seconds": round(build_seconds, 2),
            "database": connection.vendor,
            "repeat": repeat,
            "timings": measurements,
            "queries": queries,
            "targets": self._targets(measurements, queries),
        }

    def _worst_case(self):
        """Ten dense years with notes: each heavy request once, its time and the peak memory so far."""
        import resource

        from diary.models import Episode

        started = time.perf_counter()
        user = self._build_diary("bench-ten-dense-years", 3650, seeds=range(1, 8), notes="note " * 40)
        build_seconds = time.perf_counter() - started
        client = Client()
        client.force_login(user)
        today = timezone.localdate()
        start = (today - timedelta(days=3650)).isoformat()
        requests = {
            "dashboard_all": "/?range=all",
            "calendar_chart_all": reverse("diary:chart", kwargs={"chart": "calendar"}) + "?range=all&size=lg",
            "patterns_page": reverse("diary:patterns"),
            "gp_pdf_ten_years": self._summary_path("pdf", start, today.isoformat()),
            "gp_pdf_ten_years_notes_appendix": self._summary_path("pdf", start, today.isoformat()) + "&notes=on&appendix=on",
            "csv_export": reverse("diary:episodes-csv"),
        }
        def cpu_seconds():
            usage = resource.getrusage(resource.RUSAGE_SELF)
            return usage.ru_utime + usage.ru_stime

        timings = {}
        for name, path in requests.items():
            begin, cpu_begin = time.perf_counter(), cpu_seconds()
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200, f"{path} answered {response.status_code}"
            timings[name] = {
                "ms": round((time.perf_counter() - begin) * 1000, 1),
                # CPU time as well: on a shared machine the wall clock mostly measures the neighbours.
                "cpu_ms": round((cpu_seconds() - cpu_begin) * 1000, 1),
                "kb": round(len(body) / 1024),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        return {
            "episodes": Episode.objects.filter(owner=user).count(),
            "build_seconds": round(build_seconds, 2),
            "timings": timings,
        }

    def _summary_path(self, fmt, start, end):
        return f"{reverse('diary:summary')}?start={start}&end={end}&format={fmt}"

    def _quick_log_saver(self, client):
        path = reverse("diary:episode-quick")

        def save():
            response = client.post(path, {"intensity": "5", "locations": ["lower_back"], "started": "now"})
            assert response.status_code == 302, f"quick log answered {response.status_code}"

        return save

    def _targets(self, measurements, queries):
        def ratio(name):
            return measurements[name]["ratio_to_floor"]

        return {
            "quick_log_save_within_3x_floor": ratio("quick_log_save") <= 3,
            "dashboard_warm_within_3x_floor": ratio("dashboard_warm") <= 3,
            "dashboard_cold_under_400ms": measurements["dashboard_cold"]["median_ms"] < 400,
            "gp_pdf_year_under_1s": measurements["gp_pdf_year"]["median_ms"] < 1000,
            "analysis_under_100ms": measurements["analysis_alone"]["median_ms"] < 100,
            "patterns_analysis_under_50ms": measurements["patterns_analysis"]["median_ms"] < 50,
            "queries_constant_in_diary_size": all(
                q["five_years"] == q["three_weeks"] for q in queries.values()
            ),
        }

    def _print_table(self, results):
        out = self.stdout.write
        out(f"Diary: {results['diary']['episodes']} episodes, {results['diary']['checkins']} check-ins "
            f"({results['database']}, built in {results['build_seconds']} s, {results['repeat']} runs each)")
        out("")
        out(f"{'measurement':<18} {'median ms':>10} {'p95 ms':>10} {'x floor':>8}")
        for name, values in results["timings"].items():
            out(f"{name:<18} {values['median_ms']:>10.1f} {values['p95_ms']:>10.1f} {values['ratio_to_floor']:>8.2f}")
        out("")
        out(f"{'queries per page':<18} {'5 years':>10} {'3 weeks':>10}")
        for name, values in results["queries"].items():
            out(f"{name:<18} {values['five_years']:>10} {values['three_weeks']:>10}")
        out("")
        for target, met in results["targets"].items():
            out(f"{'met ' if met else 'MISSED'} {target}")
        if results.get("sizes"):
            from diary.management.bench_sizes import print_tables

            print_tables(out, results["sizes"])
        worst = results.get("worst_case")
        if worst:
            out("")
            out(f"Worst case: {worst['episodes']} episodes over ten years with notes (built in {worst['build_seconds']} s)")
            out(f"{'request':<32} {'ms':>9} {'CPU ms':>9} {'KB':>7} {'peak RSS MB':>12}")
            for name, values in worst["timings"].items():
                out(f"{name:<32} {values['ms']:>9.1f} {values['cpu_ms']:>9.1f} {values['kb']:>7} {values['peak_rss_mb']:>12}")
