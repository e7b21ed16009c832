"""bench's two axes: the user's own diary size (1, 5 and 20 years) and other users on the site.

Every page is printed as a ratio to the floor (a minimal signed-in page) measured in the same
run, so a loaded machine moves the milliseconds more than the ratios. The other-users axis
needs PostgreSQL (DATABASE_URL): on SQLite it is skipped with a line saying so.
"""
from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diary.management.bench_plans import large_table_scans

YEARS = (1, 5, 20)
OTHER_USERS = 3000
OTHER_USERS_QUICK = 300
OTHER_USER_DAYS = 365

PAGES = ("floor", "dashboard_cold", "dashboard_cold_with_charts", "dashboard_warm", "dashboard_cold_old_edit",
         "patterns_cold", "patterns_warm", "patterns_cold_old_edit", "gp_summary_year", "quick_log_save",
         "analysis_joint_model")


def year_summary_path(today) -> str:
    start = today - timedelta(days=364)
    return f"{reverse('diary:summary')}?start={start.isoformat()}&end={today.isoformat()}&format=html"


class SizeAxes:
    """Measure the pages for diaries of 1, 5 and 20 years, and with other users on the site."""

    def __init__(self, command, repeat: int, quick: bool):
        self.command = command  # bench's Command: _build_diary, _time
        self.repeat = repeat
        self.quick = quick

    def run(self) -> dict:
        diaries = {}
        users = {}
        started = time.perf_counter()
        for years in YEARS:
            user = self.command._build_diary(f"bench-size-{years}y", 365 * years + years // 4)
            users[years] = user
        build_seconds = round(time.perf_counter() - started, 2)
        for years, user in users.items():
            diaries[years] = self.measure(user)
        other = self.other_users(users[1])
        return {
            "build_seconds": build_seconds,
            "years": diaries,
            "other_users": other,
            "targets": self.targets(diaries, other),
        }

    # -- one diary ---------------------------------------------------------------------------------
    def measure(self, user) -> dict:
        from diary.analysis import analyse
        from diary.models import CheckIn, Episode
        from diary.records import load_diary
        from diary.signals import bump_data_version

        client = Client()
        client.force_login(user)
        today = timezone.localdate(timezone=user.profile.tzinfo)
        paths = {
            "floor": reverse("account:delete"),
            "dashboard": "/",
            "patterns": reverse("diary:patterns"),
            "gp_summary_year": year_summary_path(today),
        }
        charts = [reverse("diary:chart", kwargs={"chart": slug}) + "?size=sm" for slug in ("weekly", "calendar")]

        def get(path):
            response = client.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code}"

        def invalidate():
            bump_data_version(user.pk)  # as any change to the diary does: every cached page expires

        oldest = Episode.objects.filter(owner=user).order_by("started_at").first()

        def edit_old_entry():
            # An edit of the diary's oldest episode: the settled past's cached columns expire too
            # (diary.history_reader), so the page reads the whole diary afresh.
            oldest.save()

        def dashboard_with_charts():
            get("/")
            for path in charts:
                get(path)

        def quick_log():
            response = client.post(reverse("diary:episode-quick"),
                                   {"intensity": "5", "locations": ["lower_back"], "started": "now"})
            assert response.status_code == 302, f"quick log answered {response.status_code}"

        get("/")  # imports, fonts and global caches (guidance titles) warm, as on a running site
        get(paths["patterns"])
        get(paths["gp_summary_year"])
        loaded = load_diary(user)
        run = self.command._time
        repeat = self.repeat
        timings = {
            "floor": run(lambda: get(paths["floor"]), repeat),
            "dashboard_cold": run(lambda: get("/"), repeat, before=invalidate),
            # The page and the two chart images a phone loads above the fold, drawn by matplotlib.
            "dashboard_cold_with_charts": run(dashboard_with_charts, repeat, before=invalidate),
            "dashboard_warm": run(lambda: get("/"), repeat),
            "patterns_cold": run(lambda: get(paths["patterns"]), repeat, before=invalidate),
            "patterns_warm": run(lambda: get(paths["patterns"]), repeat),
            "dashboard_cold_old_edit": run(lambda: get("/"), repeat, before=edit_old_entry),
            "patterns_cold_old_edit": run(lambda: get(paths["patterns"]), repeat, before=edit_old_entry),
            "gp_summary_year": run(lambda: get(paths["gp_summary_year"]), repeat, before=invalidate),
            # The patterns analysis alone, joint model and next-day model included, no database.
            "analysis_joint_model": run(lambda: analyse(loaded), repeat),
        }
        queries, statements = {}, []
        for name in ("dashboard", "patterns", "gp_summary_year"):
            invalidate()
            with CaptureQueriesContext(connection) as context:
                get(paths[name])
            queries[name] = len(context.captured_queries)
            statements += [query["sql"] for query in context.captured_queries]
        for name in ("dashboard", "patterns"):  # the whole past read afresh, after an old edit
            edit_old_entry()
            with CaptureQueriesContext(connection) as context:
                get(paths[name])
            statements += [query["sql"] for query in context.captured_queries]
        with CaptureQueriesContext(connection) as context:
            quick_log()
        queries["quick_log_save"] = len(context.captured_queries)
        statements += [query["sql"] for query in context.captured_queries]
        # PostgreSQL's plans for those queries: any large table read end to end (SQLite has no
        # comparable planner statistics here, and its diaries are one person's).
        scans = large_table_scans(statements) if connection.vendor == "postgresql" else None
        sizes = {"episodes": Episode.objects.filter(owner=user).count(),
                 "checkins": CheckIn.objects.filter(owner=user).count()}
        # Last: every save adds an episode to the diary measured above.
        timings["quick_log_save"] = run(quick_log, repeat)
        floor = timings["floor"]["median_ms"] or 1
        for values in timings.values():
            values["ratio_to_floor"] = round(values["median_ms"] / floor, 2)
        return {"diary": sizes, "timings": timings, "queries": queries, "large_table_scans": scans}

    # -- other users -------------------------------------------------------------------------------
    def other_users(self, user) -> dict:
        if connection.vendor != "postgresql":
            return {"skipped": "other-users axis skipped: it runs on PostgreSQL only (set DATABASE_URL)"}
        count = OTHER_USERS_QUICK if self.quick else OTHER_USERS
        before = self.measure(user)
        started = time.perf_counter()
        for index in range(count):
            self.command._build_diary(f"bench-other-{index}", OTHER_USER_DAYS, seeds=(100 + index,))
        build_seconds = round(time.perf_counter() - started, 2)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner sees the site as it is, as autovacuum would
        after = self.measure(user)
        return {"count": count, "build_seconds": build_seconds, "0": before, str(count): after}

    # -- targets -----------------------------------------------------------------------------------
    @staticmethod
    def targets(diaries: dict, other: dict) -> dict:
        longest, shortest = diaries[max(YEARS)], diaries[min(YEARS)]

        def ratio(diary, name):
            return diary["timings"][name]["ratio_to_floor"]

        targets = {
            "20y_dashboard_cold_within_15x_floor": ratio(longest, "dashboard_cold") <= 15,
            "20y_patterns_cold_within_15x_floor": ratio(longest, "patterns_cold") <= 15,
            "20y_dashboard_warm_within_2x_floor": ratio(longest, "dashboard_warm") <= 2,
            "20y_patterns_warm_within_2x_floor": ratio(longest, "patterns_warm") <= 2,
            "gp_summary_year_20y_within_1.3x_of_1y":
                ratio(longest, "gp_summary_year") <= 1.3 * ratio(shortest, "gp_summary_year"),
            "queries_constant_in_diary_size": all(
                d["queries"] == shortest["queries"] for d in diaries.values()
            ),
            "5y_analysis_joint_model_under_50ms":
                diaries.get(5, longest)["timings"]["analysis_joint_model"]["median_ms"] < 50,
        }
        if "skipped" not in other:
            empty, full = other["0"], other[str(other["count"])]
            targets["queries_constant_with_other_users"] = empty["queries"] == full["queries"]
            targets["no_large_table_scanned_with_other_users"] = not full["large_table_scans"]
        return targets


def print_tables(out, results: dict) -> None:
    out("")
    out(f"Diary sizes (built in {results['build_seconds']} s); each page as a ratio to the floor, median ms beside it")
    years = list(results["years"])
    out(f"{'page':<22}" + "".join(f"{f'{y} y x floor':>14}{'ms':>9}" for y in years))
    for name in PAGES:
        cells = "".join(
            f"{results['years'][y]['timings'][name]['ratio_to_floor']:>14.2f}{results['years'][y]['timings'][name]['median_ms']:>9.1f}"
            for y in years)
        out(f"{name:<22}{cells}")
    out(f"{'episodes / check-ins':<22}" + "".join(
        f"{str(results['years'][y]['diary']['episodes']) + ' / ' + str(results['years'][y]['diary']['checkins']):>23}"
        for y in years))
    out("")
    out(f"{'queries per page':<22}" + "".join(f"{f'{y} y':>10}" for y in years))
    for name in results["years"][years[0]]["queries"]:
        out(f"{name:<22}" + "".join(f"{results['years'][y]['queries'][name]:>10}" for y in years))
    other = results["other_users"]
    out("")
    if "skipped" in other:
        out(other["skipped"])
    else:
        count = str(other["count"])
        out(f"Other users: 0 and {count} (each a one-year diary, built in {other['build_seconds']} s), the 1-year user's pages")
        out(f"{'page':<22}{'0 x floor':>12}{'ms':>9}{count + ' x floor':>14}{'ms':>9}")
        for name in PAGES:
            empty, full = other["0"]["timings"][name], other[count]["timings"][name]
            out(f"{name:<22}{empty['ratio_to_floor']:>12.2f}{empty['median_ms']:>9.1f}"
                f"{full['ratio_to_floor']:>14.2f}{full['median_ms']:>9.1f}")
        out(f"{'queries per page':<22}{'0':>12}{count:>23}")
        for name, value in other["0"]["queries"].items():
            out(f"{name:<22}{value:>12}{other[count]['queries'][name]:>23}")
        for users in ("0", count):
            tables = ", ".join(other[users]["large_table_scans"]) or "none"
            out(f"large tables read end to end with {users} other users (PostgreSQL's plans): {tables}")
    out("")
    for target, met in results["targets"].items():
        out(f"{'met ' if met else 'MISSED'} {target}")
