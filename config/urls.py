"""Root URL configuration."""
from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language
from diary.views.dashboard import home
from diary.views.health import healthz

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("account/", include("accounts.account_urls")),
    path("guidance/", include("guidance.urls")),
    path("", include("diary.urls")),
    path("admin/", admin.site.urls),
]
