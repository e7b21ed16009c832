"""Episodes, daily check-ins, medicines and alert notes: the diary's records."""
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogues import (
    Activity, Context, Kind, Location, MedicineKind, Outcome, RedFlag, Relief, Side, Trigger,
)

INTENSITY_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]
# No diary reaches back further; dates before it are refused (and date arithmetic stays in range).
EARLIEST_DIARY_DATE = date(1900, 1, 1)


class Episode(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="episodes")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    # The owner's local calendar date of started_at, fixed at save time so that
    # day-based analysis never has to convert timezones row by row.
    local_date = models.DateField(_("local date"), db_index=True, editable=False)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1440)],
    )
    intensity = models.PositiveSmallIntegerField(_("intensity (0-10)"), validators=INTENSITY_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, blank=True)
    context = models.CharField(_("context"), max_length=20, choices=Context.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    # Made by the phone when Save is tapped: a retried upload of the same entry finds this row
    # instead of making a second one (unique per owner; empty for entries made without it).
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    # Whether the red-flag question was put when this episode was logged, so "none ticked" and
    # "not asked" differ (the quick log asks it since issue 12; earlier quick logs did not).
    red_flags_asked = models.BooleanField(_("red-flag question asked"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["owner", "started_at"]), models.Index(fields=["owner", "local_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(intensity__lte=10), name="episode_intensity_0_10"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__isnull=True) | models.Q(duration_minutes__lte=1440),
                name="episode_duration_max_1440",
            ),
            models.UniqueConstraint(fields=["owner", "client_id"], name="uniq_episode_owner_client_id"),
        ]
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")

    def __str__(self):
        return f"Episode {self.pk} of {self.owner_id} at {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("diary:episode-detail", args=[self.pk])

    def compute_local_date(self, tzinfo=None):
        if tzinfo is None:
            tzinfo = self.owner.profile.tzinfo
        return timezone.localtime(self.started_at, tzinfo).date()

    def save(self, *args, **kwargs):
        self.local_date = self.compute_local_date()
        super().save(*args, **kwargs)

    @property
    def is_exercise_related(self):
        return self.context in {c.value for c in (Context.DURING_EXERCISE, Context.AFTER_EXERCISE)}


class EpisodeLocation(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="locations")
    location = models.CharField(_("location"), max_length=20, choices=Location.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "location"], name="uniq_episode_location")]
        indexes = [models.Index(fields=["location"])]


class EpisodeTrigger(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="triggers")
    trigger = models.CharField(_("trigger"), max_length=20, choices=Trigger.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "trigger"], name="uniq_episode_trigger")]
        indexes = [models.Index(fields=["trigger"])]


class EpisodeRelief(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="reliefs")
    relief = models.CharField(_("what I tried"), max_length=20, choices=Relief.choices)
    outcome = models.CharField(_("did it help?"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "relief"], name="uniq_episode_relief")]


class EpisodeRedFlag(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="red_flags")
    flag = models.CharField(_("symptom"), max_length=30, choices=RedFlag.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "flag"], name="uniq_episode_red_flag")]


class CheckIn(models.Model):
    """One per user per local date; every field optional, and an empty field means unknown."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    date = models.DateField(_("date"))
    fluid_litres = models.DecimalField(
        _("fluid (litres)"), max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(15)],
    )
    caffeine_drinks = models.PositiveSmallIntegerField(
        _("caffeinated drinks"), null=True, blank=True, validators=[MaxValueValidator(30)],
    )
    alcohol_units = models.DecimalField(
        _("alcohol (units)"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    stress = models.PositiveSmallIntegerField(_("stress (0-10)"), null=True, blank=True, validators=INTENSITY_VALIDATORS)
    sleep_hours = models.DecimalField(
        _("sleep (hours)"), max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    exercise_minutes = models.PositiveSmallIntegerField(
        _("exercise (minutes)"), null=True, blank=True, validators=[MaxValueValidator(1440)],
    )
    sitting_hours = models.DecimalField(
        _("sitting (hours)"), max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    worst_pain = models.PositiveSmallIntegerField(
        _("worst pain today (0-10)"), null=True, blank=True, validators=INTENSITY_VALIDATORS,
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    # The id of the last save sent from a phone (see Episode.client_id).
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "date"], name="uniq_checkin_owner_date"),
            models.UniqueConstraint(fields=["owner", "client_id"], name="uniq_checkin_owner_client_id"),
        ]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self):
        return f"Check-in of {self.owner_id} on {self.date}"

    def get_absolute_url(self):
        return reverse("diary:checkin-date", args=[self.date.isoformat()])


class CheckInActivity(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="activities")
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkin", "activity"], name="uniq_checkin_activity")]
        indexes = [models.Index(fields=["activity"])]


class Medicine(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medicines")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=MedicineKind.choices, default=MedicineKind.OTHER)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=400, blank=True)

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name = _("medicine")
        verbose_name_plural = _("medicines")

    def __str__(self):
        return self.name


class AlertAnswer(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed with a doctor")
    CHECKED = "checked", _("I have been checked")
    GONE = "gone", _("This has gone")


class AlertNote(models.Model):
    """The user's mark that an alert was discussed with a doctor; kept for the summary."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_notes")
    rule = models.CharField(max_length=60)
    # Identifies one alert instance, e.g. "symptom:both_legs:2026-11-02" or "regular_spasms".
    key = models.CharField(max_length=200)
    discussed_on = models.DateField(_("discussed on"), default=timezone.localdate)
    note = models.CharField(_("note"), max_length=400, blank=True)
    # The answer: discussed with a doctor, "I have been checked", or "this has gone".
    status = models.CharField(_("answer"), max_length=10, choices=AlertAnswer.choices, default=AlertAnswer.DISCUSSED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-discussed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="uniq_alert_note_key")]


class CustomFactor(models.Model):
    """One of the user's own suspects (at most ten), asked in the daily check-in.

    A yes/no factor is exposed on the days answered yes; a number is exposed on the days
    its value is at or above the user's threshold.
    """

    class Kind(models.TextChoices):
        YESNO = "yesno", _("Yes or no")
        NUMBER = "number", _("A number")

    MAX_PER_USER = 10

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="custom_factors")
    label = models.CharField(_("name"), max_length=40)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.YESNO)
    threshold = models.FloatField(_("counts as exposed at or above"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "label"], name="uniq_custom_factor_label")]
        verbose_name = _("own factor")
        verbose_name_plural = _("own factors")

    def __str__(self):
        return self.label


class CheckInCustomValue(models.Model):
    """The answer to one own factor on one check-in: 1.0/0.0 for yes/no, the number otherwise."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="custom_values")
    factor = models.ForeignKey(CustomFactor, on_delete=models.CASCADE, related_name="values")
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["checkin", "factor"], name="uniq_checkin_custom_value")]
