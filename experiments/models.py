"""N-of-1 experiments: the suspect, the design and the schedule drawn at the start, and daily adherence."""
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from insights import experiments as design_rules


class Suspect(models.TextChoices):
    """Built-in suspects: what the user does on "do" days (kept to everyday habits, never a medicine)."""

    FLUID = "fluid_2_5", _("Drinking at least 2.5 litres")
    STRETCH_BEFORE_RUN = "stretch_before_running", _("Stretching before running")
    NO_CAFFEINE_AFTER_NOON = "no_caffeine_after_noon", _("No caffeine after noon")
    NO_ALCOHOL = "no_alcohol", _("No alcohol")
    WARM_UP = "warm_up", _("Warming up before exercise")
    SITTING_BREAKS = "sitting_breaks", _("A short walk every hour of sitting")
    EVENING_STRETCH = "evening_stretch", _("Gentle stretching in the evening")
    CUSTOM = "custom", _("One of your own factors")


class Design(models.TextChoices):
    DAYS = design_rules.DAYS, _("Randomised days")
    WEEKS = design_rules.WEEKS, _("Randomised weeks")


class Experiment(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments")
    suspect = models.CharField(_("suspect"), max_length=30, choices=Suspect.choices)
    # For an own factor: its name when the experiment started (kept if the factor is later removed).
    custom_label = models.CharField(max_length=40, blank=True)
    design = models.CharField(_("design"), max_length=10, choices=Design.choices)
    weeks = models.PositiveSmallIntegerField(
        _("length (weeks)"),
        validators=[MinValueValidator(design_rules.MIN_WEEKS), MaxValueValidator(design_rules.MAX_WEEKS)],
    )
    start_date = models.DateField(_("first day"))
    seed = models.BigIntegerField()
    # One character per day from the first: "1" do, "0" don't. Drawn once, never redrawn.
    schedule = models.CharField(max_length=design_rules.MAX_WEEKS * 7)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    def __str__(self):
        return f"Experiment {self.pk} of {self.owner_id}: {self.suspect} ({self.design}, {self.weeks} weeks)"

    def get_absolute_url(self):
        return reverse("experiments:detail", args=[self.pk])

    @property
    def plan(self) -> tuple[bool, ...]:
        return tuple(ch == "1" for ch in self.schedule)

    @property
    def end_date(self):
        return self.start_date + timedelta(days=len(self.schedule) - 1)

    @property
    def suspect_label(self) -> str:
        return self.custom_label if self.suspect == Suspect.CUSTOM else self.get_suspect_display()

    def assignment_on(self, day):
        return design_rules.assignment_on(self.start_date, self.plan, day)

    def is_running(self, today) -> bool:
        return self.stopped_on is None and today <= self.end_date

    def is_finished(self, today) -> bool:
        return self.stopped_on is None and today > self.end_date


class AdherenceDay(models.Model):
    """The user's answer to "did you follow today's plan?" for one day of an experiment."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="adherence")
    date = models.DateField()
    followed = models.BooleanField()

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["experiment", "date"], name="uniq_adherence_day")]
