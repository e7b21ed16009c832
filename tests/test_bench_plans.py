"""bench's plan reader: which large tables a page's queries scan end to end (PostgreSQL)."""
import pytest
from django.db import connection

from diary.management.bench_plans import large_table_scans, sequentially_scanned

NESTED_PLAN = {
    "Node Type": "Nested Loop",
    "Plans": [
        {"Node Type": "Index Scan", "Relation Name": "diary_episode", "Index Name": "diary_episode_owner"},
        {"Node Type": "Hash", "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "diary_episodelocation"},
        ]},
        {"Node Type": "Bitmap Heap Scan", "Relation Name": "diary_checkin", "Plans": [
            {"Node Type": "Bitmap Index Scan", "Index Name": "diary_checkin_owner_date"},
        ]},
    ],
}


def test_it_finds_a_sequential_scan_however_deep_in_the_plan():
    assert list(sequentially_scanned(NESTED_PLAN)) == ["diary_episodelocation"]


def test_it_finds_none_in_a_plan_of_index_scans():
    assert list(sequentially_scanned(NESTED_PLAN["Plans"][0])) == []
    assert list(sequentially_scanned(NESTED_PLAN["Plans"][2])) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans")
@pytest.mark.django_db
def test_it_reads_postgresqls_plan_and_leaves_out_small_tables():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE diary_episode")  # an empty table's estimate becomes 0 rows
    whole_table = 'SELECT * FROM "diary_episode"'
    assert large_table_scans([whole_table], min_rows=0) == ["diary_episode"]
    assert large_table_scans([whole_table], min_rows=1) == []
    assert large_table_scans(['UPDATE "diary_episode" SET intensity = 1'], min_rows=0) == []
