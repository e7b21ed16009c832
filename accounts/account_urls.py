"""The signed-in person's own settings, export and deletion, at /account/."""
from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("", views.account, name="settings"),
    path("delete/", views.delete_account, name="delete"),
]
