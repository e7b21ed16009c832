"""When to see a doctor: symptom triage, episode and history rules, one lifecycle; pure functions over diary records.

Split by rule family: symptoms.py (red flags), episodes.py (one episode), background.py (health
background and medicines), history.py (calibrated rules over days), lifecycle.py (runs, answers,
banner) and engine.py (evaluate_alerts, the one entry point).
"""
from .base import (
    ADVICE, ANSWERS, CHECKED, DISCUSSED, EMERGENCY, GONE, OPEN, SOON, URGENCY_LABELS, URGENCY_RANK, URGENT, Alert,
    Source,
)
from .engine import evaluate_alerts, top_open_alert
from .symptoms import SYMPTOMS

__all__ = [
    "ADVICE", "ANSWERS", "CHECKED", "DISCUSSED", "EMERGENCY", "GONE", "OPEN", "SOON", "URGENCY_LABELS", "URGENCY_RANK",
    "URGENT", "Alert", "SYMPTOMS", "Source", "evaluate_alerts", "top_open_alert",
]
