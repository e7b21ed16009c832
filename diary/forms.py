"""Forms for the diary: quick log, full episode form, history filters, daily check-in.

Templates render the inputs by hand (tap rows and chips); these forms own the names,
choices, limits and the messages shown beside each field.
"""
from datetime import datetime, timedelta, timezone as dt_timezone

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogues import Activity, Context, Kind, Location, Outcome, RedFlag, Relief, Side, Trigger

FUTURE_SLACK = timedelta(minutes=5)
EARLIEST_START = datetime(1900, 1, 1, tzinfo=dt_timezone.utc)
MAX_DURATION = 1440
MAX_FLUID = 15
SCALE = list(range(11))
QUICK_OFFSETS = (0, 15, 30, 60)  # minutes ago; 0 is "now"

QUICK_NOW = "now"
# A tap sent from a phone's queue: how far its clock may run ahead, and how old an entry may be.
TAP_SKEW = timedelta(minutes=5)
TAP_MAX_AGE = timedelta(days=90)

UNKNOWN_CHOICE = _("“%(value)s” is not one of the options.")


def _minutes_ago(value):
    return 0 if value == QUICK_NOW else int(value)


def _choice(choices, label, blank="—", **kwargs):
    return forms.ChoiceField(
        label=label, required=False, choices=[("", blank), *choices],
        error_messages={"invalid_choice": UNKNOWN_CHOICE}, **kwargs,
    )


def _multi(choices, label):
    return forms.MultipleChoiceField(
        label=label, required=False, choices=choices,
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )


def _scale(label, required=True):
    messages = {
        "min_value": _("Choose a number from 0 to 10."),
        "max_value": _("Choose a number from 0 to 10."),
        "invalid": _("Choose a number from 0 to 10."),
        "required": _("Tap how strong it is, from 0 to 10."),
    }
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=10, error_messages=messages)


def tap_time(tapped_at, sent_at, now):
    """When Save was tapped, on the server's clock.

    Both times come from the phone's clock, so their difference is right even when that clock
    is wrong: the entry is dated that long before the upload reached us.
    """
    if sent_at is None:
        return tapped_at
    return now - (sent_at - tapped_at)


class PhoneEntryFields(forms.Form):
    """Hidden fields static/js/offline.js fills: the entry's own id and the moment of the tap."""

    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput,
                                error_messages={"invalid": _("This entry's id is not valid.")})
    tapped_at = forms.DateTimeField(required=False, widget=forms.HiddenInput,
                                    error_messages={"invalid": _("This entry's time is not valid.")})
    sent_at = forms.DateTimeField(required=False, widget=forms.HiddenInput,
                                  error_messages={"invalid": _("This entry's time is not valid.")})

    def clean(self):
        cleaned = super().clean()
        tapped_at, sent_at = cleaned.get("tapped_at"), cleaned.get("sent_at")
        if tapped_at is None:
            cleaned["tapped_at"] = None
            return cleaned
        now = timezone.now()
        try:
            tapped_at = tap_time(tapped_at, sent_at, now)
            in_future, too_old = tapped_at > now + TAP_SKEW, tapped_at < now - TAP_MAX_AGE
        except OverflowError:  # year 1 or 9999 with an offset: outside what datetimes can hold
            self.add_error("tapped_at", _("This entry's time is not valid."))
            return cleaned
        if in_future:
            self.add_error("tapped_at", _("This entry is dated in the future; check the phone's clock."))
        elif too_old:
            self.add_error("tapped_at", _("This entry is more than 90 days old and was not saved."))
        else:
            cleaned["tapped_at"] = tapped_at
        return cleaned

    def tap_or_now(self):
        return self.cleaned_data.get("tapped_at") or timezone.now()


class QuickLogForm(PhoneEntryFields):
    intensity = _scale(_("How strong is it?"))
    locations = _multi(Location.choices, _("Where?"))
    triggers = _multi(Trigger.choices, _("What came before?"))
    started = forms.TypedChoiceField(
        label=_("When did it start?"), required=False, coerce=_minutes_ago, empty_value=0,
        choices=[(QUICK_NOW if m == 0 else str(m), str(m)) for m in QUICK_OFFSETS],
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    # Filled only by "Same as last time"; not shown as inputs otherwise.
    kind = _choice(Kind.choices, _("Kind"))
    side = _choice(Side.choices, _("Side"))
    context = _choice(Context.choices, _("When it happened"))
    # The red-flag question, asked on every episode (the brief): "yes" opens the checklist.
    red_flags_now = forms.ChoiceField(
        label=_("Any of these now?"), required=False, choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=forms.RadioSelect, error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    red_flags = _multi(RedFlag.choices, _("Which of these?"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("red_flags_now") == "yes" and not cleaned.get("red_flags"):
            self.add_error("red_flags", _("You answered yes: tick the ones you have, so the diary can say what to do."))
        return cleaned

    def episode_data(self, now=None):
        # "Now" is the moment Save was tapped, which for an entry kept offline is before the upload.
        now = now or self.tap_or_now()
        data = dict(self.cleaned_data)
        for name in ("tapped_at", "sent_at"):
            data.pop(name, None)
        data["started_at"] = now - timedelta(minutes=data.pop("started") or 0)
        # Asked means answered: "no", "yes", or a ticked symptom; left blank, the summary says "not answered".
        answer = data.pop("red_flags_now", "")
        data["red_flags_asked"] = answer in ("no", "yes") or bool(data.get("red_flags"))
        return data


class ReliefAnswer(forms.Select):
    """One relief's answer on the full form, posted as a pair: a "tried" checkbox (relief_<slug>) and the
    outcome select beside it (outcome_<slug>), which the page shows once the box is ticked. Unticked is
    "not tried" whatever the hidden select holds; a post of relief_<slug>=helped on its own still works."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value == EpisodeForm.TRIED:
            outcome = data.get(EpisodeForm.OUTCOME_PREFIX + name.removeprefix(EpisodeForm.RELIEF_PREFIX))
            if outcome:
                return outcome
        return value


class EpisodeForm(forms.Form):
    started_at = forms.DateTimeField(
        label=_("Started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("When did it start?"), "invalid": _("Enter a date and time.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, max_value=MAX_DURATION,
        error_messages={
            "min_value": _("Duration is from 0 to 1440 minutes (24 hours)."),
            "max_value": _("Duration is from 0 to 1440 minutes (24 hours)."),
            "invalid": _("Enter whole minutes, e.g. 20."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": MAX_DURATION, "step": 1}),
    )
    intensity = _scale(_("Intensity (0-10)"))
    kind = _choice(Kind.choices, _("Kind"))
    locations = _multi(Location.choices, _("Where?"))
    side = _choice(Side.choices, _("Side"))
    context = _choice(Context.choices, _("When it happened"))
    triggers = _multi(Trigger.choices, _("What came before?"))
    red_flags = _multi(RedFlag.choices, _("Any of these?"))
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    RELIEF_PREFIX = "relief_"
    OUTCOME_PREFIX = "outcome_"
    TRIED = "tried"  # tried, outcome not given

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        outcome_choices = [("", _("Not tried")), (self.TRIED, _("Tried")), *Outcome.choices]
        for slug, label in Relief.choices:
            self.fields[self.RELIEF_PREFIX + slug] = forms.ChoiceField(
                label=label, required=False, choices=outcome_choices,
                error_messages={"invalid_choice": UNKNOWN_CHOICE},
                widget=ReliefAnswer(attrs={"class": "form-select form-select-sm"}),
            )

    @classmethod
    def initial_for(cls, episode):
        initial = {
            "started_at": timezone.localtime(episode.started_at),
            "duration_minutes": episode.duration_minutes,
            "intensity": episode.intensity,
            "kind": episode.kind, "side": episode.side, "context": episode.context, "notes": episode.notes,
            "locations": [row.location for row in episode.locations.all()],
            "triggers": [row.trigger for row in episode.triggers.all()],
            "red_flags": [row.flag for row in episode.red_flags.all()],
        }
        for row in episode.reliefs.all():
            initial[cls.RELIEF_PREFIX + row.relief] = row.outcome or cls.TRIED
        return initial

    def relief_rows(self):
        """The relief list as the page draws it: ticked if tried, with the outcome given (if any)."""
        rows = []
        for slug, _label in Relief.choices:
            field = self[self.RELIEF_PREFIX + slug]
            value = field.value() or ""
            rows.append({
                "slug": slug, "field": field, "tried": bool(value),
                "outcome": value if value in Outcome.values else "",
                "outcome_name": self.OUTCOME_PREFIX + slug,
            })
        return rows

    outcome_choices = Outcome.choices

    def clean_started_at(self):
        started_at = self.cleaned_data["started_at"]
        if started_at > timezone.now() + FUTURE_SLACK:
            raise forms.ValidationError(_("The start cannot be in the future (more than 5 minutes from now)."))
        if started_at < EARLIEST_START:
            raise forms.ValidationError(_("Enter a date after 1900."))
        return started_at

    def episode_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(self.RELIEF_PREFIX)}
        data["reliefs"] = [
            (slug, "" if self.cleaned_data.get(self.RELIEF_PREFIX + slug) == self.TRIED else self.cleaned_data[self.RELIEF_PREFIX + slug])
            for slug, _label in Relief.choices
            if self.cleaned_data.get(self.RELIEF_PREFIX + slug)
        ]
        return data


class MarksInvalidFields:
    """Widgets rendered with {{ field }} get Bootstrap's is-invalid and point at their message."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                attrs["aria-describedby"] = f"{name}-error"


class HistoryFilterForm(MarksInvalidFields, forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": _("Enter a date like 2025-03-31.")})
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Enter a date like 2025-03-31.")})
    location = _choice(Location.choices, _("Location"), blank=_("Any"), widget=forms.Select(attrs={"class": "form-select"}))
    trigger = _choice(Trigger.choices, _("Trigger"), blank=_("Any"), widget=forms.Select(attrs={"class": "form-select"}))
    min_intensity = forms.IntegerField(
        label=_("Intensity at least"), required=False, min_value=0, max_value=10,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 10, "inputmode": "numeric"}),
        error_messages={"min_value": _("Choose a number from 0 to 10."), "max_value": _("Choose a number from 0 to 10."),
                        "invalid": _("Choose a number from 0 to 10.")},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“To” is before “From”."))
        return cleaned


def _decimal(label, high, places, step, unit_error):
    messages = {
        "min_value": unit_error, "max_value": unit_error, "invalid": _("Enter a number, e.g. 1.5."),
        "max_decimal_places": _("Use at most %(max)s decimal places.") % {"max": places},
        "max_digits": unit_error, "max_whole_digits": unit_error,
    }
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=high, max_digits=places + 2, decimal_places=places,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "max": high, "step": step, "class": "form-control"}),
    )


def _count(label, high, unit_error):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=high,
        error_messages={"min_value": unit_error, "max_value": unit_error, "invalid": _("Enter a whole number.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": high, "step": 1, "class": "form-control"}),
    )


class CheckInForm(MarksInvalidFields, PhoneEntryFields):
    fluid_litres = _decimal(_("Fluid (litres)"), MAX_FLUID, 2, "0.25", _("Fluid is from 0 to 15 litres."))
    caffeine_drinks = _count(_("Caffeinated drinks"), 30, _("From 0 to 30 drinks."))
    alcohol_units = _decimal(_("Alcohol (units)"), 50, 1, "0.5", _("From 0 to 50 units."))
    stress = _scale(_("Stress (0-10)"), required=False)
    sleep_hours = _decimal(_("Sleep (hours)"), 24, 1, "0.5", _("From 0 to 24 hours."))
    activities = _multi(Activity.choices, _("Activities"))
    exercise_minutes = _count(_("Exercise (minutes)"), MAX_DURATION, _("From 0 to 1440 minutes."))
    sitting_hours = _decimal(_("Sitting (hours)"), 24, 1, "0.5", _("From 0 to 24 hours."))
    worst_pain = _scale(_("Worst pain today (0-10)"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    # "new" when the page was opened for a day without a check-in: if one appears meanwhile
    # (another tab, another device), we ask instead of overwriting it.
    mode = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, checkin):
        if checkin is None:
            return {"mode": "new"}
        initial = {name: getattr(checkin, name) for name in (
            "fluid_litres", "caffeine_drinks", "alcohol_units", "stress", "sleep_hours", "exercise_minutes",
            "sitting_hours", "worst_pain", "notes")}
        initial["activities"] = [row.activity for row in checkin.activities.all()]
        initial["mode"] = "edit"
        return initial


def options(bound_field, choices=None, prefix=""):
    """Hand-rendered chips and tap rows: [{"value", "label", "checked", "id"}] for a bound field."""
    value = bound_field.value()
    if value is None or value == "":
        selected = set()
    elif isinstance(value, (list, tuple)):
        selected = {str(v) for v in value}
    else:
        selected = {str(value)}
    if choices is None:
        choices = [(v, label) for v, label in bound_field.field.choices if v != ""]
    return [
        {"value": str(v), "label": label, "checked": str(v) in selected,
         "id": f"id_{prefix}{bound_field.name}_{v}"}
        for v, label in choices
    ]


def scale_choices():
    return [(str(n), str(n)) for n in SCALE]
