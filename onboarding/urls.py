from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.start, name="start"),
    path("country/", views.country, name="country"),
    path("reminder/", views.reminder, name="reminder"),
    path("check-in/", views.first_checkin, name="checkin"),
]
