"""Persistent database connections: SQLite keeps a connection between requests like PostgreSQL,
and every new connection still gets the tuning PRAGMAs."""
import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite tuning only")


def test_connections_are_kept_between_requests():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@sqlite_only
def test_every_new_sqlite_connection_gets_the_pragmas(tmp_path, django_db_blocker):
    settings_dict = dict(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "reopen.sqlite3")
    wrapper = DatabaseWrapper(settings_dict, alias="reopen")
    try:
        with django_db_blocker.unblock():
            for _ in range(2):  # the first connection, then a fresh one after a close
                with wrapper.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode")
                    assert cursor.fetchone()[0] == "wal"
                    cursor.execute("PRAGMA synchronous")
                    assert cursor.fetchone()[0] == 1  # NORMAL
                    cursor.execute("PRAGMA busy_timeout")
                    assert cursor.fetchone()[0] == int(settings_dict["OPTIONS"]["timeout"] * 1000)
                wrapper.close()
    finally:
        wrapper.close()


@sqlite_only
def test_a_kept_connection_survives_the_end_of_a_request(tmp_path, django_db_blocker):
    settings_dict = dict(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "kept.sqlite3")
    wrapper = DatabaseWrapper(settings_dict, alias="kept")
    try:
        with django_db_blocker.unblock():
            wrapper.ensure_connection()
            first = wrapper.connection
            wrapper.close_if_unusable_or_obsolete()  # what Django runs when a request ends
            assert wrapper.connection is first
    finally:
        wrapper.close()
