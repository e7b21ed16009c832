"""Sign-up and profile forms."""
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import Profile, User


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
    # Filled by static/js/app.js from the browser; the server default otherwise.
    timezone = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_timezone(self):
        return clean_timezone_name(self.cleaned_data.get("timezone") or "", settings.TIME_ZONE)


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
