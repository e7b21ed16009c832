"""Starting an experiment: the suspect, the design, the length and the first day."""
from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from diary.custom_factors import factors_of
from insights import experiments as design_rules

from .models import Design, Suspect

UNKNOWN_CHOICE = _("“%(value)s” is not one of the options.")
CUSTOM_PREFIX = "custom:"
TODAY, TOMORROW = "today", "tomorrow"


class ExperimentForm(forms.Form):
    suspect = forms.ChoiceField(
        label=_("What do you want to test?"),
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("Choose what to test.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    design = forms.ChoiceField(
        label=_("How are the days chosen?"), choices=Design.choices, initial=Design.DAYS,
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("Choose randomised days or weeks.")},
        widget=forms.RadioSelect,
    )
    weeks = forms.TypedChoiceField(
        label=_("How long?"), coerce=int, initial=8,
        choices=[(n, n) for n in range(design_rules.MIN_WEEKS, design_rules.MAX_WEEKS + 1)],
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("Choose a length from 6 to 12 weeks.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = forms.ChoiceField(
        label=_("First day"), choices=[(TODAY, _("Today")), (TOMORROW, _("Tomorrow"))], initial=TOMORROW,
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("Choose today or tomorrow.")},
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, owner, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.own_factors = {str(f.pk): f for f in factors_of(owner)}
        builtin = [(value, label) for value, label in Suspect.choices if value != Suspect.CUSTOM]
        choices = [("", _("Choose…")), (_("Everyday habits"), builtin)]
        if self.own_factors:
            choices.append((_("Your own factors"), [(CUSTOM_PREFIX + pk, f.label) for pk, f in self.own_factors.items()]))
        self.fields["suspect"].choices = choices
        self.fields["weeks"].choices = [
            (n, _("%(weeks)d weeks") % {"weeks": n}) for n in range(design_rules.MIN_WEEKS, design_rules.MAX_WEEKS + 1)
        ]
        for name in self.errors if self.is_bound else ():
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"

    def clean(self):
        cleaned = super().clean()
        design, weeks = cleaned.get("design"), cleaned.get("weeks")
        if design and weeks and design_rules.length_problem(design, weeks):
            self.add_error("weeks", _(
                "Randomised weeks need 8, 10 or 12 weeks: with fewer, no result could ever be clear."))
        suspect = cleaned.get("suspect") or ""
        if suspect.startswith(CUSTOM_PREFIX):
            cleaned["suspect"], cleaned["custom_label"] = Suspect.CUSTOM, self.own_factors[suspect[len(CUSTOM_PREFIX):]].label
        else:
            cleaned["custom_label"] = ""
        cleaned["start_date"] = self.today + timedelta(days=1 if cleaned.get("start") == TOMORROW else 0)
        return cleaned
