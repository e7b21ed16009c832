"""The reminder settings form, used on /account/reminders/ and on the first-run reminder screen."""
import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, ReminderSetting


class ReminderForm(forms.ModelForm):
    # Only shown to users without an email address: email reminders need one.
    email = forms.EmailField(label=_("Your email address"), required=False,
                             help_text=_("For email reminders, and for notifications that fail."))

    class Meta:
        model = ReminderSetting
        fields = ["enabled", "local_time", "channel"]
        widgets = {
            "local_time": forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
            "channel": forms.RadioSelect,
        }
        labels = {"local_time": _("Time of day"), "channel": _("How")}
        help_texts = {"local_time": _("In your own time zone. None on days you have already checked in.")}

    def __init__(self, *args, user, always_on=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.email:
            del self.fields["email"]
        if always_on:  # the first-run screen: saving there means "remind me"
            del self.fields["enabled"]

    def clean(self):
        cleaned = super().clean()
        enabled = cleaned.get("enabled", True)
        if enabled and cleaned.get("channel") == Channel.EMAIL and not (self.user.email or cleaned.get("email")):
            self.add_error("email", _("Add an email address for email reminders."))
        return cleaned

    def save(self, commit=True):
        setting = super().save(commit=False)
        setting.user = self.user
        if "enabled" not in self.fields:
            setting.enabled = True
        if commit:
            setting.save()
            if self.cleaned_data.get("email") and not self.user.email:
                self.user.email = self.cleaned_data["email"]
                self.user.save(update_fields=["email"])
        return setting


def _b64url_bytes(value):
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


class SubscriptionForm(forms.Form):
    """What the browser's PushSubscription.toJSON() gives, checked before anything is stored."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint.startswith("https://"):
            raise forms.ValidationError(_("A push service address starts with https://."))
        return endpoint

    def clean_p256dh(self):
        key = _b64url_bytes(self.cleaned_data["p256dh"])
        if key is None or len(key) != 65 or key[0] != 4:
            raise forms.ValidationError(_("Not a browser's push key."))
        return self.cleaned_data["p256dh"]

    def clean_auth(self):
        secret = _b64url_bytes(self.cleaned_data["auth"])
        if secret is None or len(secret) != 16:
            raise forms.ValidationError(_("Not a browser's push secret."))
        return self.cleaned_data["auth"]
