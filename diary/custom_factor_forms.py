"""Forms for the user's own factors: defining one, and answering them in the check-in."""
from django import forms
from django.utils.translation import gettext_lazy as _

from . import custom_factors
from .forms import UNKNOWN_CHOICE, MarksInvalidFields, options
from .models import CustomFactor

FIELD_PREFIX = "custom_"


class CustomFactorForm(MarksInvalidFields, forms.Form):
    label = forms.CharField(
        label=_("Name"), max_length=custom_factors.MAX_LABEL + 20, required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("e.g. cold weather")}),
    )
    kind = forms.ChoiceField(
        label=_("Answer"), choices=CustomFactor.Kind.choices, initial=CustomFactor.Kind.YESNO,
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("Choose yes/no or a number.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    threshold = forms.CharField(
        label=_("Counts as exposed at or above"), required=False, max_length=30,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal", "placeholder": _("e.g. 6")}),
    )

    def __init__(self, *args, owner, instance=None, **kwargs):
        self.owner, self.instance = owner, instance
        super().__init__(*args, **kwargs)
        if instance is not None:
            # The kind stays fixed once answers exist: a yes becomes no number.
            self.fields["kind"].disabled = True

    @classmethod
    def initial_for(cls, factor):
        threshold = "" if factor.threshold is None else custom_factors.format_value(factor.threshold)
        return {"label": factor.label, "kind": factor.kind, "threshold": threshold}

    def clean_label(self):
        label = custom_factors.normalise_label(self.cleaned_data.get("label") or "")
        problem = custom_factors.label_problem(label)
        if problem:
            raise forms.ValidationError(problem)
        others = CustomFactor.objects.filter(owner=self.owner, label__iexact=label)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("You already have a factor with this name."))
        if self.instance is None and CustomFactor.objects.filter(owner=self.owner).count() >= CustomFactor.MAX_PER_USER:
            raise forms.ValidationError(custom_factors.limit_message())
        return label

    def clean_threshold(self):
        raw = (self.cleaned_data.get("threshold") or "").strip()
        if not raw:
            return None
        try:
            return custom_factors.parse_number(raw)
        except custom_factors.CustomValueInvalid as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == CustomFactor.Kind.NUMBER and "threshold" in cleaned and cleaned["threshold"] is None:
            self.add_error("threshold", _("Give the value from which a day counts, e.g. 6 for 6 hours or more."))
        if kind == CustomFactor.Kind.YESNO:
            cleaned["threshold"] = None
        return cleaned


def add_custom_fields(form, factors):
    """Add one optional field per own factor to a check-in form (blank = not answered)."""
    form.custom_factors = list(factors)
    for factor in form.custom_factors:
        name = f"{FIELD_PREFIX}{factor.pk}"
        if factor.kind == CustomFactor.Kind.YESNO:
            form.fields[name] = forms.ChoiceField(
                label=factor.label, required=False,
                choices=[("", _("Not set")), (custom_factors.YES, _("Yes")), (custom_factors.NO, _("No"))],
                error_messages={"invalid_choice": UNKNOWN_CHOICE},
            )
        else:
            form.fields[name] = forms.FloatField(
                label=factor.label, required=False,
                min_value=custom_factors.NUMBER_LOW, max_value=custom_factors.NUMBER_HIGH,
                error_messages={
                    "invalid": _("Enter a number, e.g. 1.5."),
                    "min_value": _("That number is out of range."), "max_value": _("That number is out of range."),
                },
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal", "step": "any"}),
            )


def custom_initial(checkin, factors) -> dict:
    if checkin is None:
        return {}
    stored = {row.factor_id: row.value for row in checkin.custom_values.all()}
    initial = {}
    for factor in factors:
        if factor.pk in stored:
            value = stored[factor.pk]
            initial[f"{FIELD_PREFIX}{factor.pk}"] = (
                (custom_factors.YES if value else custom_factors.NO) if factor.kind == CustomFactor.Kind.YESNO else value
            )
    return initial


def custom_answers(form) -> dict:
    """{CustomFactor: value or None} from a valid check-in form."""
    answers = {}
    for factor in getattr(form, "custom_factors", ()):
        raw = form.cleaned_data.get(f"{FIELD_PREFIX}{factor.pk}")
        if raw in (None, ""):
            answers[factor] = None
        elif factor.kind == CustomFactor.Kind.YESNO:
            answers[factor] = 1.0 if raw == custom_factors.YES else 0.0
        else:
            answers[factor] = float(raw)
    return answers


def custom_rows(form):
    """What the check-in template needs to draw each own factor's input."""
    rows = []
    for factor in getattr(form, "custom_factors", ()):
        bound = form[f"{FIELD_PREFIX}{factor.pk}"]
        rows.append({
            "factor": factor, "field": bound, "name": bound.html_name, "is_yesno": factor.kind == CustomFactor.Kind.YESNO,
            "options": options(bound) if factor.kind == CustomFactor.Kind.YESNO else None,
            "unset": bound.value() in (None, ""),
        })
    return rows
