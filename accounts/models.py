"""The user, and the profile that holds their timezone, language and health background."""
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Spasm Diary's user; kept custom from the first migration so it can grow."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Country(models.TextChoices):
    OTHER = "", _("Other / not set (112)")
    AT = "AT", _("Austria")
    AU = "AU", _("Australia")
    BE = "BE", _("Belgium")
    CA = "CA", _("Canada")
    CH = "CH", _("Switzerland")
    CN = "CN", _("China (mainland)")
    DE = "DE", _("Germany")
    DK = "DK", _("Denmark")
    FI = "FI", _("Finland")
    FR = "FR", _("France")
    GB = "GB", _("United Kingdom")
    HK = "HK", _("Hong Kong")
    IE = "IE", _("Ireland")
    NL = "NL", _("Netherlands")
    NO = "NO", _("Norway")
    NZ = "NZ", _("New Zealand")
    SE = "SE", _("Sweden")
    SG = "SG", _("Singapore")
    TW = "TW", _("Taiwan")
    US = "US", _("United States")


# Numbers for an ambulance; 112 works across the EU and on most mobile phones.
EMERGENCY_NUMBERS = {
    "AU": "000",
    "CA": "911",
    "CH": "144",
    "CN": "120",
    "GB": "999",
    "HK": "999",
    "NO": "113",
    "NZ": "111",
    "SG": "995",
    "TW": "119",
    "US": "911",
}


def timezone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class PainDuration(models.TextChoices):
    NEW = "new", _("New: under 6 weeks")
    MONTHS = "months", _("Months")
    YEARS = "years", _("Years")


class ChartRange(models.TextChoices):
    WEEKS_4 = "4w", _("4 weeks")
    MONTHS_3 = "3m", _("3 months")
    MONTHS_12 = "12m", _("12 months")
    ALL = "all", _("All")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        _("name for the GP summary"), max_length=120, blank=True,
        help_text=_("Optional. Printed on the summary you give your doctor."),
    )
    timezone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, blank=True,
        help_text=_("Used to show the right emergency number."),
    )
    chart_range = models.CharField(_("chart range"), max_length=4, choices=ChartRange.choices, default=ChartRange.MONTHS_3)
    # Health background: optional, used only for the see-a-doctor rules.
    year_of_birth = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    pain_duration = models.CharField(
        _("how long have you had back pain or spasms?"), max_length=6, choices=PainDuration.choices, blank=True,
        help_text=_("New back pain after 50 is worth a check by your GP."),
    )
    history_of_cancer = models.BooleanField(_("I have had cancer"), default=False)
    osteoporosis = models.BooleanField(_("I have osteoporosis"), default=False)
    long_term_steroids = models.BooleanField(_("I take or have taken steroids long-term"), default=False)
    weakened_immune_system = models.BooleanField(_("My immune system is weakened"), default=False)
    doctor_questions = models.TextField(
        _("questions for my doctor"), blank=True, max_length=2000,
        help_text=_("Printed at the end of your GP summary when you choose to include them."),
    )
    # Bumped on every change to the diary; cached charts and pages key on it.
    data_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"Profile of {self.user}"

    @property
    def emergency_number(self):
        return EMERGENCY_NUMBERS.get(self.country, settings.EMERGENCY_NUMBER_DEFAULT)

    @property
    def tzinfo(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def has_health_background(self):
        return bool(
            self.year_of_birth or self.history_of_cancer or self.osteoporosis
            or self.long_term_steroids or self.weakened_immune_system
        )

    def bump_data_version(self):
        Profile.objects.filter(pk=self.pk).update(data_version=F("data_version") + 1)
        self.refresh_from_db(fields=["data_version"])
