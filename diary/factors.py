"""The daily factors by name: slugs, labels, how a sentence names their days, guidance topics, caveats.

Plain catalogues and the words built from them; diary.associations does the counting and the
model. A factor is a slug, or `custom:<label>` for one of the user's own.
"""
from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CUSTOM_PREFIX = "custom:"

ACTIVITY_FACTORS = ("stretching", "running", "walking", "gym", "cycling", "swimming", "other")
THRESHOLD_FACTORS = ("low_fluid", "caffeine", "alcohol", "stress", "short_sleep", "long_sitting")
FACTORS = ACTIVITY_FACTORS + THRESHOLD_FACTORS

# Factor -> (check-in field, test of exposure).
THRESHOLDS = {
    "low_fluid": ("fluid_litres", lambda v: v < 1.5),
    "caffeine": ("caffeine_drinks", lambda v: v >= 3),
    "alcohol": ("alcohol_units", lambda v: v >= 3),
    "stress": ("stress", lambda v: v >= 7),
    "short_sleep": ("sleep_hours", lambda v: v < 6),
    "long_sitting": ("sitting_hours", lambda v: v >= 8),
}

FACTOR_GUIDANCE = {
    "stretching": ("stretching", "exercises"),
    "running": ("running", "no_warmup", "prevention"),
    "walking": ("walking", "prevention"),
    "gym": ("overexertion", "no_warmup", "prevention"),
    "cycling": ("overexertion", "poor_posture", "prevention"),
    "swimming": ("overexertion", "prevention"),
    "other": ("overexertion", "prevention"),
    "low_fluid": ("dehydration", "low_minerals"),
    "caffeine": ("caffeine",),
    "alcohol": ("alcohol",),
    "stress": ("stress", "breathing"),
    "short_sleep": ("poor_sleep",),
    "long_sitting": ("prolonged_sitting", "poor_posture", "exercises"),
}
CUSTOM_GUIDANCE = ("prevention",)

FACTOR_LABELS = {
    "stretching": _("Stretching"),
    "running": _("Running"),
    "walking": _("Walking"),
    "gym": _("Gym"),
    "cycling": _("Cycling"),
    "swimming": _("Swimming"),
    "other": _("Other activity"),
    "low_fluid": _("Drinking less than 1.5 l"),
    "caffeine": _("3 or more caffeinated drinks"),
    "alcohol": _("3 or more units of alcohol"),
    "stress": _("Stress 7 or more"),
    "short_sleep": _("Sleeping less than 6 hours"),
    "long_sitting": _("Sitting 8 hours or more"),
}
NEXT_DAY_LABELS = {
    "stretching": _("The day after stretching"),
    "running": _("The day after running"),
    "walking": _("The day after walking"),
    "gym": _("The day after the gym"),
    "cycling": _("The day after cycling"),
    "swimming": _("The day after swimming"),
    "other": _("The day after another activity"),
}
# How each factor's day is named inside a sentence ("Episodes were about 2.1 times as likely ...").
FACTOR_WHEN = {
    "stretching": _("on days you stretched"),
    "running": _("on days you ran"),
    "walking": _("on days you walked"),
    "gym": _("on days you went to the gym"),
    "cycling": _("on days you cycled"),
    "swimming": _("on days you swam"),
    "other": _("on days with another activity"),
    "low_fluid": _("on days you drank less than 1.5 l"),
    "caffeine": _("on days with 3 or more caffeinated drinks"),
    "alcohol": _("on days with 3 or more units of alcohol"),
    "stress": _("on days your stress was 7 or more"),
    "short_sleep": _("on days after less than 6 hours of sleep"),
    "long_sitting": _("on days you sat for 8 hours or more"),
}
NEXT_DAY_WHEN = {
    "stretching": _("on the day after you stretched"),
    "running": _("on the day after you ran"),
    "walking": _("on the day after you walked"),
    "gym": _("on the day after you went to the gym"),
    "cycling": _("on the day after you cycled"),
    "swimming": _("on the day after you swam"),
    "other": _("on the day after another activity"),
}

# Things that can follow a tight back rather than cause it (reverse causation).
REVERSE_CAUSATION = {"stretching", "walking", "long_sitting", "short_sleep"}
# Factors that travel together whatever the numbers say: sweating on exercise days.
COMPANIONS = {
    "running": ("low_fluid",), "gym": ("low_fluid",), "cycling": ("low_fluid",),
    "low_fluid": ("running", "gym", "cycling"),
}


def format_ratio(value: float | None) -> str:
    if value is None:
        return ""
    return number_format(value, 2 if value < 1 else 1)


def _threshold_text(value: float) -> str:
    return number_format(value, 0 if float(value).is_integer() else 1)


def factor_label(factor: str, lag: int = 0, custom_factors=()) -> str:
    if factor.startswith(CUSTOM_PREFIX):
        label = factor[len(CUSTOM_PREFIX):]
        spec = next((c for c in custom_factors if c.label == label), None)
        if spec is not None and getattr(spec, "kind", "") == "number" and getattr(spec, "threshold", None) is not None:
            return gettext("%(label)s %(threshold)s or more") % {"label": label, "threshold": _threshold_text(spec.threshold)}
        return label
    if lag == 1:
        return str(NEXT_DAY_LABELS.get(factor, factor))
    return str(FACTOR_LABELS.get(factor, factor))


def factor_when(factor: str, lag: int = 0, custom_factors=()) -> str:
    if factor.startswith(CUSTOM_PREFIX):
        # Translators: %(factor)s is the user's own factor, e.g. “cold weather” or “hours on feet 6 or more”.
        return gettext("on days with “%(factor)s”") % {"factor": factor_label(factor, lag, custom_factors)}
    return str((NEXT_DAY_WHEN if lag == 1 else FACTOR_WHEN).get(factor, factor))
