"""A user's daily check-in reminder: when and how, the browsers that may be pushed to, and a log of
what was sent, whose unique (user, local date) row makes sending at most once a day."""
from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PUSH = "push", _("A notification on my phone or computer (email if that fails)")
    EMAIL = "email", _("An email")


class ReminderSetting(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_setting")
    enabled = models.BooleanField(_("remind me to do my daily check-in"), default=False)
    # A wall-clock time in the user's own time zone (Profile.timezone), not a UTC instant.
    local_time = models.TimeField(_("at"), default=time(20, 0))
    channel = models.CharField(_("how"), max_length=8, choices=Channel.choices, default=Channel.PUSH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return f"Reminder for {self.user} at {self.local_time:%H:%M}"


class PushSubscription(models.Model):
    """One browser's Web Push subscription (PushSubscription.toJSON() in the browser)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    # The push service's URL is the browser's identity; one browser belongs to one account at a time.
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self):
        return f"Push subscription {self.pk} of {self.owner}"

    def as_subscription_info(self):
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class ReminderSent(models.Model):
    """Claimed in its own transaction before anything is sent: a second sender's insert fails."""

    class Outcome(models.TextChoices):
        CLAIMED = "claimed", "claimed"  # sending, or the sender stopped before it finished
        PUSH = "push", "push"
        EMAIL = "email", "email"
        FAILED = "failed", "failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent")
    local_date = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.CLAIMED)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="one_reminder_per_user_and_day"),
        ]

    def __str__(self):
        return f"Reminder to {self.user} for {self.local_date}: {self.outcome}"
