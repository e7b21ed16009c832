from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("account/reminders/", views.reminder_settings, name="settings"),
    path("account/reminders/subscriptions/", views.subscribe, name="subscribe"),
    path("account/reminders/test/", views.test_notification, name="test-notification"),
    path("account/reminders/subscriptions/<int:pk>/delete/", views.delete_subscription, name="subscription-delete"),
    path("reminders/stop/<str:token>/", views.stop, name="stop-reminders"),
]
