"""Scale-out that is real: two gunicorn servers (gunicorn.conf.py) share one PostgreSQL and one Redis.

A change written through either server shows on the other's dashboard at once: the session and the
data live in PostgreSQL, the computed pages in Redis under keys that carry the diary's
data_version, so a write makes every server's cached dashboard stale together. Runs only when
DATABASE_URL points at PostgreSQL and REDIS_URL is set (.ci/run's PostgreSQL phase).
"""
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .test_concurrency import Browserless, free_port, wait_until_up

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]


def database_url():
    """The test database this process uses, as the servers' DATABASE_URL."""
    parts = connection.settings_dict
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**{
        key: urllib.parse.quote(str(parts.get(key) or ""), safe="") for key in ("USER", "PASSWORD", "HOST", "PORT", "NAME")
    })


def start_server(port, log):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_")) and k != "DATABASE_URL"}
    env.update({
        "DJANGO_DEBUG": "1", "DATABASE_URL": database_url(), "REDIS_URL": os.environ["REDIS_URL"],
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2",
    })
    return subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py", "config.wsgi"], cwd=BASE_DIR, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def quick_log(client, intensity):
    """Log an episode through this client's server; the new episode's id."""
    client.get("/episodes/quick/")
    status, url = client.post("/episodes/quick/", [
        ("intensity", str(intensity)), ("locations", "lower_back"), ("started", "now"),
    ])
    found = re.search(r"/episodes/(\d+)/", url)
    assert status == 200 and found, f"quick log did not reach the episode page: {status} {url}"
    return int(found.group(1))


def dashboard_keys():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL).keys("*dashboard*")


@pytest.mark.django_db(transaction=True)
def test_a_change_through_one_server_shows_on_the_other_at_once(tmp_path):
    ports = free_port(), free_port()
    logs = [open(tmp_path / f"server{i}.log", "w") for i in (1, 2)]
    servers = [start_server(port, log) for port, log in zip(ports, logs)]
    first, second = (f"http://127.0.0.1:{port}" for port in ports)
    try:
        for base_url, process in zip((first, second), servers):
            wait_until_up(base_url, process)
        # Cookies do not depend on the port, so the session from the first server goes to both.
        one, other = Browserless(first), Browserless(second)
        one.get("/accounts/signup/")
        status, url = one.post("/accounts/signup/", [
            ("username", "scaled"), ("password1", "a-long-passphrase-91"),
            ("password2", "a-long-passphrase-91"), ("timezone", "Europe/Berlin"),
        ])
        assert url.startswith(first + "/welcome/"), url
        other.jar = one.jar
        other.opener = one.opener  # the same cookies, the second server's address

        status, page = other.get("/")
        assert status == 200 and "No episodes logged yet." in page  # warms the second server's cache
        assert dashboard_keys(), "the dashboard was not cached in the shared Redis"

        written = quick_log(one, 7)
        status, page = other.get("/")
        assert f'href="/episodes/{written}/"' in page, "the second server showed a stale dashboard"

        # And the other way: written through the second, shown by the first (whose cache is warm too).
        status, page = one.get("/")
        assert f'href="/episodes/{written}/"' in page
        back = quick_log(other, 3)
        status, page = one.get("/")
        assert f'href="/episodes/{back}/"' in page and f'href="/episodes/{written}/"' in page
    finally:
        for process in servers:
            stop(process)
        for log in logs:
            log.close()
