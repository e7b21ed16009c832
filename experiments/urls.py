"""Experiment URLs: /experiments/, /experiments/new/, /experiments/<id>/."""
from django.urls import path

from . import views

app_name = "experiments"

urlpatterns = [
    path("", views.experiment_list, name="list"),
    path("new/", views.experiment_new, name="new"),
    path("<int:experiment_id>/", views.experiment_detail, name="detail"),
    path("<int:experiment_id>/adherence/", views.experiment_adherence, name="adherence"),
    path("<int:experiment_id>/stop/", views.experiment_stop, name="stop"),
]
