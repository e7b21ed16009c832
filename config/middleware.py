"""Request-level guards: a busy database answers 503, never 500; private pages stay private;
a body too large is refused from its Content-Length before it is read."""
import logging
import sys

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again after a 503 for a locked database.
BUSY_RETRY_AFTER = 5


def is_database_locked(error):
    # SQLite's wording when the busy timeout ran out; PostgreSQL reports lock timeouts otherwise.
    return isinstance(error, OperationalError) and "database is locked" in str(error).lower()


def busy_response(request):
    """A 503 in the user's language that asks to try again, with Retry-After."""
    try:
        body = loader.render_to_string("503.html", {"retry_after": BUSY_RETRY_AFTER}, request=request)
    except Exception:  # the page must not fail too: the plain sentence is enough
        body = _("The diary is busy right now. Nothing was lost: please try again in a few seconds.")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class BusyDatabaseMiddleware:
    """Turn "database is locked" from a view into a 503 with Retry-After.

    The write lock is waited for (settings' SQLite timeout); only a request still locked out
    after that lands here. Its transaction was rolled back, so retrying is safe.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_locked(exception):
            logger.warning("Database locked for %s %s: answered 503", request.method, request.path)
            return busy_response(request)
        return None


class PrivateCacheMiddleware:
    """Every response to a signed-in person says `Cache-Control: private, no-store`.

    Pages, PDFs, CSVs and FHIR files carry health data: no shared cache (a proxy, a CDN) may keep
    them, and no-store keeps them off a shared computer's disk too. The one exception a view may
    choose is revalidation by ETag (`private, no-cache` with an ETag: the chart images), which a
    shared cache still never keeps.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._revalidated_privately(response):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response

    @staticmethod
    def _revalidated_privately(response):
        directives = {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}
        return response.has_header("ETag") and {"private", "no-cache"} <= directives


class RequestSizeMiddleware:
    """Refuse a body larger than its path allows with a 413, from Content-Length, unread.

    Django would spool an upload to disk before any view could look at its size; here a 1 GiB
    POST costs nothing. Paths in settings.REQUEST_MAX_BYTES_BY_PATH (the CSV import) may be
    larger; every other form gets settings.REQUEST_MAX_BYTES. A body without Content-Length is
    never read by Django (it sees an empty body), so it needs no check here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self.limit_for(request.path_info)
        if length > limit:
            response = render_error(request, "413.html", 413, {"limit_mb": max(1, round(limit / 2**20))})
            # The client is still sending; closing lets it stop instead of uploading the rest.
            response["Connection"] = "close"
            return response
        return self.get_response(request)

    @staticmethod
    def limit_for(path):
        for prefix, limit in getattr(settings, "REQUEST_MAX_BYTES_BY_PATH", {}).items():
            if path.startswith(prefix):
                return limit
        return settings.REQUEST_MAX_BYTES


def render_error(request, template_name, status, context):
    response = HttpResponse(loader.render_to_string(template_name, context, request=request), status=status)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a lock raised outside a view (a middleware saving the session) is a 503 too."""
    if is_database_locked(sys.exc_info()[1]):
        return busy_response(request)
    return defaults.server_error(request, template_name)
