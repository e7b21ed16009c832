"""Caches that cannot grow without bound: the local cache has a byte limit per entry and in total;
with REDIS_URL the same tests run against Redis (CI starts a redis-server for them). Chart ranges
are capped, so no chart is drawn for more than twenty years."""
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache

from config.cache import BoundedLocMemCache
from diary.charts import LONGEST_RANGE, range_start

KIB = 1024


def bounded(name, entry=10 * KIB, total=50 * KIB):
    store = BoundedLocMemCache(name, {"OPTIONS": {"MAX_ENTRY_BYTES": entry, "MAX_TOTAL_BYTES": total}})
    store.clear()
    return store


def test_an_entry_over_the_limit_is_not_kept_and_does_not_leave_an_old_value():
    store = bounded("test-entry")
    store.set("chart", "small")
    store.set("chart", "x" * 20 * KIB)
    assert store.get("chart") is None
    assert store.stored_bytes() == 0


def test_the_total_stays_under_its_limit_and_the_least_recently_used_go_first():
    store = bounded("test-total")
    for index in range(20):
        store.set(f"k{index}", "x" * 9 * KIB)
        if index == 2:
            store.get("k0")  # used: kept while k1 goes
        assert store.stored_bytes() <= 50 * KIB
    assert store.get("k19") is not None
    assert store.get("k1") is None


def test_the_configured_cache_is_bounded_or_shared():
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.REDIS_URL:
        assert backend == "django.core.cache.backends.redis.RedisCache"
    else:
        assert backend == "config.cache.BoundedLocMemCache"
        options = settings.CACHES["default"]["OPTIONS"]
        assert options["MAX_ENTRY_BYTES"] <= 1024 * KIB and options["MAX_TOTAL_BYTES"] <= 256 * 1024 * KIB


def test_the_configured_cache_keeps_counts_and_values():
    cache.set("a-value", {"svg": "<svg/>"}, 60)
    assert cache.get("a-value") == {"svg": "<svg/>"}
    assert cache.add("a-count", 0, 60) and cache.incr("a-count") == 1 and cache.incr("a-count") == 2
    assert not cache.add("a-count", 0, 60)


@pytest.mark.django_db
def test_a_chart_is_served_through_the_configured_cache(owner_client):
    first = owner_client.get("/charts/weekly.svg?range=all&size=sm")
    again = owner_client.get("/charts/weekly.svg?range=all&size=sm", HTTP_IF_NONE_MATCH=first["ETag"])
    assert first.status_code == 200 and again.status_code == 304


def test_all_reaches_back_at_most_twenty_years():
    today = date(2026, 12, 1)
    assert range_start("all", today, date(1900, 1, 1)) == today - LONGEST_RANGE
    assert range_start("all", today, date(2020, 5, 1)) == date(2020, 5, 1)
    assert LONGEST_RANGE >= timedelta(days=20 * 365)
