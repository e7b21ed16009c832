"""Backup and restore of the SQLite database, while another process keeps writing."""
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def manage(db_path, *args, input_text=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env["DJANGO_SQLITE_PATH"] = str(db_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        input=input_text, timeout=120,
    )


def test_it_backs_up_while_writing_and_restores(tmp_path):
    live = tmp_path / "live.sqlite3"
    assert manage(live, "migrate", "--noinput").returncode == 0
    stop = threading.Event()
    written = []

    def writer():
        connection = sqlite3.connect(live, timeout=5)
        connection.execute("PRAGMA journal_mode=WAL")
        n = 0
        while not stop.is_set() and n < 5000:
            connection.execute(
                "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,"
                " is_staff, is_active, date_joined) VALUES ('x', 0, ?, '', '', '', 0, 1, '2026-01-01')",
                (f"user{n}",),
            )
            connection.commit()
            n += 1
            written.append(n)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 50:
            stop.wait(0.01)
        backup = tmp_path / "copy.sqlite3"
        result = manage(live, "backup_db", "-o", str(backup))
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    users_in_copy = copy.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
    copy.close()
    assert 50 <= users_in_copy <= len(written)

    restored = tmp_path / "restored.sqlite3"
    assert manage(restored, "migrate", "--noinput").returncode == 0
    result = manage(restored, "restore_db", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    check = sqlite3.connect(restored)
    assert check.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0] == users_in_copy
    check.close()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database")
    result = manage(tmp_path / "db.sqlite3", "restore_db", str(bogus), "--yes")
    assert result.returncode != 0
    assert "not a SQLite backup" in result.stderr
