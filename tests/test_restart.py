"""A deployment that restarts itself: after `kill -9` of the gunicorn master, the documented
restart (gunicorn.conf.py, whose reuse_port lets a new master bind while orphaned workers still
hold the port) serves again; the orphans stop on their own."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port, log):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_")) and k != "DATABASE_URL"}
    env.update({"DJANGO_DEBUG": "1", "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"})
    # Its own process group, so the test can clean up orphans as systemd's KillMode would.
    return subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py", "config.wsgi"], cwd=BASE_DIR, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def serves(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def children_of(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_a_killed_master_is_replaced_and_serves_again(tmp_path):
    port = free_port()
    first_log, second_log = open(tmp_path / "first.log", "w"), open(tmp_path / "second.log", "w")
    first = start(port, first_log)
    second = None
    try:
        # Generous: a busy 2-core machine boots Django slowly; the restart's own speed is measured below.
        assert wait_until(lambda: serves(port), 180), (tmp_path / "first.log").read_text()[-2000:]
        workers = children_of(first.pid)
        assert workers
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert any(alive(pid) for pid in workers)  # the orphans still hold the port

        started = time.monotonic()
        second = start(port, second_log)
        assert wait_until(lambda: serves(port) and not any(alive(pid) for pid in workers), 120)
        restart_seconds = time.monotonic() - started
        log = (tmp_path / "second.log").read_text()
        assert "Connection in use" not in log and second.poll() is None
        print(f"served again {restart_seconds:.1f} s after the restart")
    finally:
        for process in (first, second):
            if process is not None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=10)
        first_log.close()
        second_log.close()
