"""The see-a-doctor alerts of a signed-in user: the rules live in insights.alerts; this reads the diary for them."""
from __future__ import annotations

from insights.alerts import (  # noqa: F401  (re-exported for the views, commands and tests that import them here)
    ADVICE, EMERGENCY, SOON, SYMPTOMS, URGENCY_LABELS, URGENCY_RANK, URGENT, Alert, Source, evaluate_alerts,
    top_open_alert,
)

from insights.alerts.base import one_decimal as _one_decimal  # noqa: F401  (tests/test_i18n.py)

from .page_data import load_page_diary, recent_window_start


def alerts_for_user(user) -> list[Alert]:
    """Today's alerts, from the last weeks' records and the whole diary's columns (diary.page_data)."""
    return evaluate_alerts(load_page_diary(user, recent_window_start(user), tallies=False))
