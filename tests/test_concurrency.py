"""20 concurrent clients x 50 quick-log saves against gunicorn: every one stored, no error.

Runs on SQLite (a file database with the project's tuning) and, when DATABASE_URL points at
PostgreSQL, on the PostgreSQL test database.
"""
import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
CLIENTS = 20
SAVES_PER_CLIENT = 50
# Generous: on a 2-core machine running other suites, a worker's first request (imports) or a
# sign-up queued behind 20 clients can take a minute; slowness is bench's business, errors are ours.
REQUEST_TIMEOUT = 300

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    # All 20 clients sign up from 127.0.0.1: the per-address sign-up limit (10 an hour, counted
    # per worker without Redis) refused some whenever one worker took more than ten of them.
    # Throttling has its own tests (tests/test_throttle.py); this one is about concurrent saves.
    env.update({"DJANGO_DEBUG": "1", "AXES_FAILURE_LIMIT": "1000", "DJANGO_SIGNUPS_PER_ADDRESS": "1000"})
    env.update(database_env)
    return env


def wait_until_up(base_url, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited: " + process.stderr.read().decode()[-2000:])
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset or timed out while gunicorn boots
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not come up")


class Browserless:
    """A minimal cookie-keeping HTTP client that speaks Django's CSRF."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self):
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode()

    def post(self, path, fields):
        fields = list(fields) + [("csrfmiddlewaretoken", self.csrf())]
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, headers={"Referer": self.base_url + path}
        )
        with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.geturl()


def client_run(base_url, index):
    client = Browserless(base_url)
    client.get("/accounts/signup/")
    status, url = client.post("/accounts/signup/", [
        ("username", f"load{index}"), ("password1", "a-long-passphrase-91"),
        ("password2", "a-long-passphrase-91"), ("timezone", "Europe/Berlin"),
    ])
    assert url == base_url + "/welcome/country/", f"sign-up of load{index} did not reach the first run: {url}"
    client.get("/episodes/quick/")
    errors = []
    for save in range(SAVES_PER_CLIENT):
        try:
            status, url = client.post("/episodes/quick/", [
                ("intensity", str(save % 11)), ("locations", "lower_back"), ("started", "now"),
            ])
            if status != 200 or not re.search(r"/episodes/\d+/", url):
                errors.append(f"save {save}: {status} {url}")
        except urllib.error.HTTPError as error:
            errors.append(f"save {save}: HTTP {error.code}")
    return errors


def run_load(database_env, count_episodes):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "4", "--threads", "2", "--timeout", "60"],
        cwd=BASE_DIR, env=server_env(database_env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(base_url, process)
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(lambda i: client_run(base_url, i), range(CLIENTS)))
    finally:
        # A graceful stop can outlast a busy machine's patience; the result is already in.
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    errors = [error for result in results for error in result]
    assert errors == [], errors[:10]
    counts = count_episodes()
    assert len(counts) == CLIENTS
    assert all(count == SAVES_PER_CLIENT for count in counts.values()), counts


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite run")
def test_it_stores_every_concurrent_save_on_sqlite(tmp_path):
    db_path = tmp_path / "load.sqlite3"
    env = server_env({"DJANGO_SQLITE_PATH": str(db_path)})
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=BASE_DIR, env=env,
                             capture_output=True, text=True)
    assert migrate.returncode == 0, migrate.stderr

    def count_episodes():
        with sqlite3.connect(db_path) as db:
            rows = db.execute(
                "SELECT u.username, COUNT(e.id) FROM accounts_user u JOIN diary_episode e ON e.owner_id = u.id"
                " GROUP BY u.username"
            ).fetchall()
        return dict(rows)

    run_load({"DJANGO_SQLITE_PATH": str(db_path)}, count_episodes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_it_stores_every_concurrent_save_on_postgresql():
    settings_dict = connection.settings_dict
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**{
        key: urllib.parse.quote(str(settings_dict.get(key) or ""), safe="") for key in
        ("USER", "PASSWORD", "HOST", "PORT", "NAME")
    })

    def count_episodes():
        from django.db.models import Count

        from accounts.models import User

        return dict(User.objects.annotate(n=Count("episodes")).filter(n__gt=0).values_list("username", "n"))

    run_load({"DATABASE_URL": url}, count_episodes)
