"""The home page: a landing page for visitors, the dashboard for a signed-in person.

The dashboard reads the diary once (diary.page_data.load_page_diary: a fixed number of queries
whatever its size): records for the chart range and this week, and the whole diary in columns
for the alerts and the patterns, so a long diary costs little more than a short one.
"""
import hashlib
from datetime import timedelta

from django.shortcuts import redirect, render
from django.utils.translation import get_language

from accounts.models import ChartRange

from ..alerts import evaluate_alerts, top_open_alert
from ..analysis import (
    column_associations, column_episode_days_needed, first_record_day, monday_of, period_columns, weekly_series,
)
from ..data_needed import column_data_needed
from ..guidance_links import topic_links
from ..charts import range_start
from ..page_cache import cached
from ..page_data import load_page_diary
from ..records import episodes_by_ids, local_today
from .charts import cached_chart_panel, valid_range

DASHBOARD_CHARTS = ("weekly", "calendar")
MORE_CHARTS = ("time-of-day", "locations", "reliefs", "associations")
TOP_PATTERNS = 3


def home(request):
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    return dashboard(request)


def _week_numbers(stat):
    return {"episodes": stat.episodes, "median": stat.median_intensity, "worst": stat.worst_intensity}


def dashboard(request):
    user = request.user
    profile = user.profile
    if request.method == "POST":
        # Choosing a range remembers it: a change of state, so a POST (a GET never writes).
        chosen = request.POST.get("range")
        if chosen in ChartRange.values and chosen != profile.chart_range:
            profile.chart_range = chosen
            profile.save(update_fields=["chart_range"])
        return redirect("home")
    # ?range= shows another range once (a shared link, the back button) without saving it.
    range_code = valid_range(request.GET.get("range"), valid_range(profile.chart_range, ChartRange.MONTHS_3))

    # Everything below depends only on the diary (data_version), the day, the language, the range
    # and the profile's background: a warm dashboard costs a cache read, not an analysis.
    key = ":".join((
        "dashboard", str(user.pk), str(profile.data_version), local_today(user).isoformat(),
        get_language() or "en", range_code, _profile_fingerprint(profile),
    ))
    context = cached(key, lambda: dashboard_context(user, range_code))  # lazy strings kept as plain ones
    return render(request, "diary/dashboard.html", context)


def _profile_fingerprint(profile):
    fields = (
        profile.timezone, profile.country, profile.year_of_birth, profile.history_of_cancer,
        profile.osteoporosis, profile.long_term_steroids, profile.weakened_immune_system, profile.pain_duration,
    )
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:12]


def window_start(range_code, today):
    """The first day the dashboard shows records for: the chart range (at its longest for "all") and last week."""
    if range_code == ChartRange.ALL:
        return None  # every record: the chart shows them all
    return min(range_start(range_code, today, None), monday_of(today) - timedelta(days=7))


def dashboard_context(user, range_code):
    # Records for the days the page shows; alerts and patterns over the whole diary from its columns.
    today = local_today(user)
    diary = load_page_diary(user, window_start(range_code, today), tallies=False)  # no descriptive patterns here
    today = diary.today
    history = diary.history
    alerts = evaluate_alerts(diary)

    this_monday = monday_of(today)
    last_week, this_week = weekly_series(diary.episodes, this_monday - timedelta(days=7), today)
    checkin_today = diary.checkins[-1] if diary.checkins and diary.checkins[-1].date == today else None

    first_day = first_record_day(diary)
    start = range_start(range_code, today, first_day)
    window = diary.between(start, today)
    panels = [cached_chart_panel(user, slug, window, start, today, range_code) for slug in DASHBOARD_CHARTS]
    more_panels = [cached_chart_panel(user, slug, window, start, today, range_code, lazy=True) for slug in MORE_CHARTS]

    columns = period_columns(diary, first_day or today, today, descriptive=False)
    associations = column_associations(columns, first_day or today, today, getattr(diary, "custom_factors", ()))
    possible = sorted((a for a in associations if a.status == "possible"), key=lambda a: (-a.z, a.lag, a.factor))
    patterns = [{"item": a, "links": topic_links(a.guidance)} for a in possible[:TOP_PATTERNS]]

    # The last three episodes, however long ago: from the records read, or by id when older.
    recent = list(diary.episodes[-3:])
    if history is not None and len(recent) < 3 and len(history.episode_ids) > len(recent):
        recent = list(episodes_by_ids(user, history.episode_ids[-3:].tolist()))
    episodes_total = len(history.episode_ids) if history is not None else len(diary.episodes)

    context = {
        "today": today,
        "top_alert": top_open_alert(alerts),
        "emergency_number": diary.background.emergency_number,
        "checkin_today": checkin_today,
        "this_week": _week_numbers(this_week),
        "last_week": _week_numbers(last_week),
        "range_code": range_code,
        "ranges": ChartRange.choices,
        "charts": panels,
        "more_charts": more_panels,
        "patterns": patterns,
        "episodes_total": episodes_total,
        "episodes_needed": column_episode_days_needed(columns, first_day or today, today),
        "recent_episodes": list(reversed(recent)),
        "data_needed": column_data_needed(columns, first_day or today, today),
    }
    return context
