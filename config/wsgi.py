"""WSGI entry point for gunicorn."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Import every view now (charts, PDFs) rather than on the first request: with gunicorn's
# preload_app the master does it once, and every worker it forks (at boot, after max_requests,
# after a crash) answers at once.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns
