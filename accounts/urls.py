from django.urls import include, path

from . import views
from .keep_signed_in import KeepSignedInLoginView

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Before django.contrib.auth.urls, whose "login" it replaces: adds "keep me signed in".
    path("login/", KeepSignedInLoginView.as_view(), name="login"),
    path("", include("django.contrib.auth.urls")),
]
