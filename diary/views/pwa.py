"""The installable app: web app manifest, service worker (served from the root so its scope is
the whole site) and the page shown for a page not kept on the phone when there is no connection."""
import functools
import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

THEME_COLOUR = "#1b5e7a"  # --brand in static/css/app.css
BACKGROUND_COLOUR = "#ffffff"

# The app shell: what every page needs, kept on the phone so the quick log and check-in open offline.
SHELL_FILES = (
    "bootstrap/css/bootstrap.min.css", "fonts/build/cjk.css", "css/app.css",
    "bootstrap/js/bootstrap.bundle.min.js", "js/app.js", "js/diary.js", "js/queue.js", "js/offline.js",
    "img/icon.svg", "img/app-icon-192.png",
)
WORKER_SOURCE = "js/sw.js"

ICONS = (
    ("img/app-icon-192.png", 192, "any"),
    ("img/app-icon-512.png", 512, "any"),
    ("img/app-icon-maskable-192.png", 192, "maskable"),
    ("img/app-icon-maskable-512.png", 512, "maskable"),
)


@require_safe
@vary_on_cookie
@cache_control(max_age=3600)
def manifest(request):
    """The web app manifest, with names in the user's language (the page asks with its cookies)."""
    name = _("Spasm Diary")
    short_name = pgettext("app name under the home screen icon, at most 12 characters", "Spasm Diary")
    if short_name == "Spasm Diary" and len(name) <= 12:
        short_name = name  # no short form translated yet, and the full name fits under the icon
    data = {
        "id": "/",
        "name": name,
        "short_name": short_name,
        "description": _("Log back spasms and cramps in seconds, see what they go with, and take a summary to your GP."),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        # The icon opens the quick log: one tap to the page people need in pain, and it works offline.
        "start_url": reverse("diary:episode-quick"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "medical"],
        "icons": [
            {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
            for path, size, purpose in ICONS
        ],
        "shortcuts": [
            {"name": _("Log an episode"), "short_name": pgettext("home screen shortcut", "Log"),
             "url": reverse("diary:episode-quick"),
             "icons": [{"src": static("img/shortcut-log-96.png"), "sizes": "96x96", "type": "image/png"}]},
            {"name": _("Today's check-in"), "short_name": pgettext("home screen shortcut", "Check-in"),
             "url": reverse("diary:checkin-today"),
             "icons": [{"src": static("img/shortcut-checkin-96.png"), "sizes": "96x96", "type": "image/png"}]},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def _worker_config():
    shell = [static(path) for path in SHELL_FILES]
    pages = [reverse("diary:episode-quick"), reverse("diary:checkin-today")]
    # Any change to the worker or the shell gives new cache names, and the old caches are dropped.
    digest = hashlib.sha256()
    for path in (WORKER_SOURCE, *SHELL_FILES):
        found = finders.find(path)
        digest.update(path.encode())
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    digest.update(json.dumps([shell, pages]).encode())
    return {"version": digest.hexdigest()[:12], "shell": shell, "pages": pages, "offline": reverse("offline"),
            "queue_script": static("js/queue.js"), "catalog": reverse("javascript-catalog"),
            "push_script": static("reminders/push-sw.js")}


@functools.cache
def _cached_worker():
    return _worker_body()


def _worker_body():
    with open(finders.find(WORKER_SOURCE), encoding="utf-8") as handle:
        source = handle.read()
    return f"self.DIARY_WORKER = {json.dumps(_worker_config())};\n{source}"


@require_safe
def service_worker(request):
    """static/js/sw.js with its configuration (cache version, shell URLs) on the first line.

    Served at /sw.js: a worker controls only pages under its own path, and static files live
    under /static/. No HTTP caching, so a new version reaches phones on their next visit.
    """
    body = _worker_body() if settings.DEBUG else _cached_worker()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline(request):
    """Shown by the service worker for a page that is not kept on the phone, when offline."""
    return render(request, "offline.html")
