"""Whether a user has been through the first-run screens (country, reminder, first check-in)."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class FirstRun(models.Model):
    # Made when the first screen is shown; finished_at set once it is done or skipped, after which
    # the screens send the user to the dashboard: they are shown once.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="first_run")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"First run of {self.user}"

    @property
    def finished(self):
        return self.finished_at is not None

    def finish(self):
        if self.finished_at is None:
            self.finished_at = timezone.now()
            self.save(update_fields=["finished_at"])
