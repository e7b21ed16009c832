"""bench's diary-size axis measures every page at each size with its query counts, and the other-users
axis says it was skipped on SQLite (timings are judged by people, from `bench`, not here)."""
import pytest

from diary.management import bench_sizes
from diary.management.bench_sizes import PAGES, SizeAxes, print_tables
from diary.management.commands.bench import Command

pytestmark = pytest.mark.slow


@pytest.mark.django_db
def test_the_size_axis_reports_every_page_with_ratios_and_constant_queries(monkeypatch):
    monkeypatch.setattr(bench_sizes, "YEARS", (1, 2))  # the shape of the report, on small diaries
    results = SizeAxes(Command(), repeat=3, quick=True).run()
    assert set(results["years"]) == {1, 2}
    for diary in results["years"].values():
        assert set(diary["timings"]) == set(PAGES)
        assert all(v["median_ms"] > 0 and "ratio_to_floor" in v for v in diary["timings"].values())
        assert set(diary["queries"]) == {"dashboard", "patterns", "gp_summary_year", "quick_log_save"}
    assert results["years"][2]["diary"]["episodes"] > results["years"][1]["diary"]["episodes"]
    assert results["targets"]["queries_constant_in_diary_size"]
    assert "PostgreSQL" in results["other_users"]["skipped"]
    lines = []
    print_tables(lines.append, results)
    assert any(line.startswith("other-users axis skipped") for line in lines)
    assert any(line.startswith("patterns_cold") for line in lines)
