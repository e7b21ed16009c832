"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py config.wsgi` (docs/deploy.md).

Every value can be changed by an environment variable of the same name in capitals
(GUNICORN_BIND, GUNICORN_WORKERS, ...), so the systemd unit holds the site's choices.
"""
import os


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("GUNICORN_WORKERS", 2)
threads = env_int("GUNICORN_THREADS", 2)
worker_class = "gthread"

# A request still running after this many seconds has its worker killed and restarted (the
# GP summary and the import are bounded well below it); graceful_timeout is what a worker gets
# to finish its requests on a restart or shutdown.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = 5

# Workers are replaced after a while, at different moments (jitter), so that memory a large
# request left behind is given back and never all workers restart at once.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# SO_REUSEPORT: a new master binds the port even while workers orphaned by a killed master still
# hold it ("Connection in use" kept the site down); the orphans notice their parent is gone and
# stop on their own.
reuse_port = True

# Load the app (and every view, config/wsgi.py) once in the master: workers start ready.
preload_app = True

# One control socket per server, not one shared path in the home folder of whoever runs it.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
