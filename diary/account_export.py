"""The complete account export: the diary's CSVs plus every setting, medicine, alert note and experiment.

diary.exports writes the diary's own files from plain records; this module adds what lives outside
the diary records (email, chart range, reminder settings, experiments with their schedules and
adherence) and names the archive's files, which diary.account_import reads back. Push
subscriptions are never exported: their keys are secrets of one browser.
"""
from __future__ import annotations

import json
from datetime import datetime

from experiments.models import Experiment
from reminders.models import ReminderSetting

from .exports import export_all_zip
from .records import load_diary

ARCHIVE_VERSION = 1
EXPERIMENTS_FILE = "experiments.json"
NOT_ASKED_KEY = "episode_rows_without_red_flag_question"


def reminder_data(user) -> dict:
    setting = ReminderSetting.objects.filter(user=user).first() or ReminderSetting(user=user)
    return {"enabled": setting.enabled, "local_time": setting.local_time.strftime("%H:%M"), "channel": setting.channel}


def profile_extra(user, diary) -> dict:
    """The settings profile.json carries beside the diary's background.

    episodes.csv has no column for "was the red-flag question asked?" (False only for old quick
    logs); the rows where it was not are listed here by number (1 = the first row after the header).
    """
    return {
        "archive_version": ARCHIVE_VERSION,
        "email": user.email,
        "chart_range": user.profile.chart_range,
        "reminder": reminder_data(user),
        NOT_ASKED_KEY: [row for row, e in enumerate(diary.episodes, start=1) if not e.red_flags_asked],
    }


def experiments_data(user) -> list[dict]:
    experiments = Experiment.objects.filter(owner=user).order_by("start_date", "id").prefetch_related("adherence")
    return [
        {
            "suspect": e.suspect,
            "custom_label": e.custom_label,
            "design": e.design,
            "weeks": e.weeks,
            "start_date": e.start_date.isoformat(),
            "seed": e.seed,
            "schedule": e.schedule,
            "stopped_on": e.stopped_on.isoformat() if e.stopped_on else None,
            "adherence": [{"date": a.date.isoformat(), "followed": a.followed} for a in e.adherence.all()],
        }
        for e in experiments
    ]


def experiments_json(user) -> str:
    return json.dumps({"experiments": experiments_data(user)}, ensure_ascii=False, indent=2) + "\n"


def account_zip(user, exported_at: datetime) -> bytes:
    """The whole account as the ZIP that /account/export/ serves and import_account reads back."""
    diary = load_diary(user)
    return export_all_zip(
        user.get_username(), diary, user.profile.language, exported_at,
        extra_profile=profile_extra(user, diary), extra_files=((EXPERIMENTS_FILE, experiments_json(user)),),
    )
