"""The user's own factors: label rules, the `custom` CSV cell, and saving a check-in's answers.

In checkins.csv the answers travel in one cell as `label=value` pairs separated by `;`
(`cold weather=yes;long drive=no;hours on feet=6`). Labels therefore never hold `=` or `;`,
and start with a letter or digit (so the cell can never start like a spreadsheet formula).
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import CheckInCustomValue, CustomFactor

PAIR_SEPARATOR = ";"
VALUE_SEPARATOR = "="
YES, NO = "yes", "no"
MAX_LABEL = 40
NUMBER_LOW, NUMBER_HIGH = -10000.0, 100000.0
FORBIDDEN = set("=;\"'<>") | {chr(c) for c in range(32)} | {"\x7f"}


class CustomValueInvalid(ValueError):
    """A bad label or value; the message says which and why."""


def label_problem(label: str) -> str | None:
    """Why a label cannot be used (None when it can)."""
    if not label:
        return _("Give the factor a name, e.g. “cold weather”.")
    if len(label) > MAX_LABEL:
        return _("At most %(max)d characters.") % {"max": MAX_LABEL}
    if not label[0].isalnum():
        return _("Start the name with a letter or a digit.")
    if any(ch in FORBIDDEN for ch in label):
        return _("A name cannot contain = ; quotes or angle brackets.")
    return None


def normalise_label(label: str) -> str:
    return " ".join(label.split())


def limit_message() -> str:
    return ngettext(
        "You can track at most %(max)d own factor. Remove one to add another.",
        "You can track at most %(max)d own factors. Remove one to add another.",
        CustomFactor.MAX_PER_USER,
    ) % {"max": CustomFactor.MAX_PER_USER}


def parse_number(raw: str) -> float:
    text = raw.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CustomValueInvalid(_("“%(value)s” is not a number") % {"value": raw[:20]}) from None
    if number != number or not NUMBER_LOW <= number <= NUMBER_HIGH:
        raise CustomValueInvalid(_("%(value)s is outside %(low)g to %(high)g") % {
            "value": raw[:20], "low": NUMBER_LOW, "high": NUMBER_HIGH})
    return number


def parse_yesno(raw: str) -> bool:
    text = raw.strip().lower()
    if text in (YES, "1", "true"):
        return True
    if text in (NO, "0", "false"):
        return False
    raise CustomValueInvalid(_("“%(value)s” is not yes or no") % {"value": raw[:20]})


def parse_cell(raw: str) -> list[tuple[str, str]]:
    """`a=yes;b=6` -> [("a", "yes"), ("b", "6")]; each label once."""
    pairs, seen = [], set()
    for part in raw.split(PAIR_SEPARATOR):
        if not part.strip():
            continue
        label, separator, value = part.partition(VALUE_SEPARATOR)
        label = normalise_label(label)
        if not separator or not value.strip():
            raise CustomValueInvalid(_("“%(pair)s” is not label=value") % {"pair": part.strip()[:40]})
        problem = label_problem(label)
        if problem:
            raise CustomValueInvalid(f"“{label[:40]}”: {problem}")
        if label.casefold() in seen:
            raise CustomValueInvalid(_("“%(label)s” appears twice") % {"label": label})
        seen.add(label.casefold())
        pairs.append((label, value.strip()))
    return pairs


def guess_kind(raw_value: str) -> str:
    """The kind of a factor first met in a file: yes/no when the value is yes or no, else a number."""
    return CustomFactor.Kind.YESNO if raw_value.strip().lower() in (YES, NO) else CustomFactor.Kind.NUMBER


def parse_value(kind: str, raw: str):
    return parse_yesno(raw) if kind == CustomFactor.Kind.YESNO else parse_number(raw)


def format_value(value) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)  # repr: the shortest exact form


def format_cell(custom: dict, order=()) -> str:
    """A check-in's answers as the `custom` cell, in the user's factor order then by label."""
    rank = {label: i for i, label in enumerate(order)}
    labels = sorted(custom, key=lambda label: (rank.get(label, len(rank)), label))
    return PAIR_SEPARATOR.join(f"{label}{VALUE_SEPARATOR}{format_value(custom[label])}" for label in labels)


def factors_of(owner):
    return list(CustomFactor.objects.filter(owner=owner).order_by("position", "id"))


def save_values(checkin, answers: dict) -> None:
    """Replace the check-in's own-factor answers: {CustomFactor: value or None}. Call inside the check-in's transaction."""
    with transaction.atomic():
        CheckInCustomValue.objects.filter(checkin=checkin).delete()
        CheckInCustomValue.objects.bulk_create([
            CheckInCustomValue(checkin=checkin, factor=factor, value=float(value))
            for factor, value in answers.items() if value is not None
        ])


def next_position(owner) -> int:
    last = CustomFactor.objects.filter(owner=owner).order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def resolve_imported(existing, rows):
    """Turn imported `custom` cells into typed answers, naming the factors the import must create.

    existing: the owner's factors as (label, kind) pairs. rows: (line, {label: raw value}) in file
    order. Returns ({line: {label: bool or float}}, [(label, kind)] to create, [(line, message)]).
    A label matches an existing factor whatever its case; a new label takes its kind from its
    first value (yes/no, else a number) and counts towards the limit of ten.
    """
    kinds = {label.casefold(): (label, kind) for label, kind in existing}
    new = []
    typed, problems = {}, []
    for line, cells in rows:
        answers = {}
        for label, raw in cells.items():
            known = kinds.get(label.casefold())
            if known is None:
                if len(kinds) >= CustomFactor.MAX_PER_USER:
                    problems.append((line, _("custom: “%(label)s” would be own factor number %(count)d; %(limit)s") % {
                        "label": label, "count": len(kinds) + 1, "limit": limit_message()}))
                    continue
                known = (label, guess_kind(raw))
                kinds[label.casefold()] = known
                new.append(known)
            stored_label, kind = known
            try:
                answers[stored_label] = parse_value(kind, raw)
            except CustomValueInvalid as problem:
                problems.append((line, f"custom: {stored_label}: {problem}"))
        typed[line] = answers
    return typed, new, problems


def write_imported(owner, checkin_rows, records) -> None:
    """Store the answers of freshly inserted check-ins, creating the owner's missing factors (one query each way)."""
    wanted = {label for record in records for label in record.custom}
    if not wanted:
        return
    factors = {f.label: f for f in CustomFactor.objects.filter(owner=owner)}
    position = max((f.position for f in factors.values()), default=-1) + 1
    missing = []
    for record in records:
        for label, value in record.custom.items():
            if label not in factors:
                kind = CustomFactor.Kind.YESNO if isinstance(value, bool) else CustomFactor.Kind.NUMBER
                factors[label] = CustomFactor(owner=owner, label=label, kind=kind, position=position)
                missing.append(factors[label])
                position += 1
    CustomFactor.objects.bulk_create(missing)
    CheckInCustomValue.objects.bulk_create([
        CheckInCustomValue(checkin=checkin, factor=factors[label], value=float(value))
        for checkin, record in zip(checkin_rows, records)
        for label, value in record.custom.items()
    ])
