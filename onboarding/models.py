"""Whether a user has been through the first-run screens (country, reminder, first check-in)."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class FirstRun(models.Model):
    # Made when the first run is done or skipped (a GET changes nothing); from then on the screens
    # send the user to the dashboard: they are shown once, after sign-up.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="first_run")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"First run of {self.user}"

    @property
    def finished(self):
        return self.finished_at is not None

    @classmethod
    def is_finished(cls, user):
        return cls.objects.filter(user=user, finished_at__isnull=False).exists()

    @classmethod
    def finish(cls, user):
        cls.objects.update_or_create(user=user, defaults={"finished_at": timezone.now()})
