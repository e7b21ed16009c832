"""Root URL configuration."""
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts.views import set_language
from diary.views.dashboard import home
from diary.views import pwa
from diary.views.health import healthz

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # At the root: a service worker's scope is the folder it is served from.
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("", include("reminders.urls")),
    path("welcome/", include("onboarding.urls")),
    path("account/", include("accounts.account_urls")),
    path("guidance/", include("guidance.urls")),
    path("experiments/", include("experiments.urls")),
    path("", include("diary.urls")),
    path("admin/", admin.site.urls),
]

# A database still locked after the busy timeout is a 503 with Retry-After, wherever it is raised.
handler500 = "config.middleware.server_error"
