"""Which large tables a page's queries read from end to end, from PostgreSQL's own plans.

With thousands of users on a site, a sequential scan of a diary table reads every user's rows for
one person's page: the cost the other-users axis of `bench` exists to catch. Small tables (the
guidance library, a handful of sessions) may be scanned; the planner rightly prefers that.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.db import connection

LARGE_TABLE_ROWS = 10_000


def sequentially_scanned(plan: dict) -> Iterator[str]:
    """Every relation a plan node (or any node under it) reads by a sequential scan."""
    if plan.get("Node Type") == "Seq Scan":
        yield plan["Relation Name"]
    for child in plan.get("Plans", ()):
        yield from sequentially_scanned(child)


def large_table_scans(queries: Iterable[str], min_rows: int = LARGE_TABLE_ROWS) -> list[str]:
    """The tables of at least `min_rows` rows (the planner's estimate) that these SELECTs scan."""
    scanned = set()
    with connection.cursor() as cursor:
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            scanned.update(sequentially_scanned(plan[0]["Plan"]))
        if not scanned:
            return []
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [sorted(scanned)])
        return sorted(name for name, rows in cursor.fetchall() if rows >= min_rows)
