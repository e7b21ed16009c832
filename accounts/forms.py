"""Sign-up and profile forms."""
import json
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .country_guess import guess_country, zone_countries
from .models import EMERGENCY_NUMBERS, Country, Profile, User


def country_choices():
    """Countries with their emergency number beside each name ("Germany · 112")."""
    default = settings.EMERGENCY_NUMBER_DEFAULT
    return [
        (code, label if not code else f"{label} · {EMERGENCY_NUMBERS.get(code, default)}")
        for code, label in Country.choices
    ]


def clean_timezone_name(value, fallback=None):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        return fallback
    return value if value in zoneinfo.available_timezones() else fallback


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("Email (optional)"), required=False,
        help_text=_("Only used to reset your password."),
    )
    # Asked at sign-up so the emergency number is right from the first minute. Pre-selected from
    # the browser's language here and from its time zone by static/js/app.js; left empty, the
    # server guesses the same way when the form is sent.
    country = forms.ChoiceField(
        label=_("Where do you live?"), required=False,
        help_text=_("So that Spasm Diary shows the right emergency number when it matters."),
    )
    # Filled by static/js/app.js from the browser; the server default otherwise.
    timezone = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args, accept_language="", language="", **kwargs):
        super().__init__(*args, **kwargs)
        self.accept_language, self.language = accept_language, language
        field = self.fields["country"]
        field.choices = country_choices()
        if not self.is_bound:
            self.initial.setdefault("country", guess_country("", accept_language, language))
            field.widget.attrs["data-zone-countries"] = json.dumps(zone_countries(), separators=(",", ":"))

    def clean_timezone(self):
        return clean_timezone_name(self.cleaned_data.get("timezone") or "", settings.TIME_ZONE)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("country"):
            cleaned["country"] = guess_country(cleaned.get("timezone") or "", self.accept_language, self.language)
        return cleaned


class ProfileForm(forms.ModelForm):
    timezone = forms.ChoiceField(label=_("Time zone"))

    class Meta:
        model = Profile
        fields = [
            "display_name", "timezone", "language", "country", "year_of_birth", "pain_duration",
            "history_of_cancer", "osteoporosis", "long_term_steroids", "weakened_immune_system",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [
            (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
        ]


class LoginForm(AuthenticationForm):
    # Off by default: on a shared computer the session ends as it always has.
    keep_signed_in = forms.BooleanField(
        label=_("Keep me signed in on this device"), required=False,
        help_text=_("For 90 days from your last visit. Leave this off on a shared computer."),
    )
