"""The patterns page: alerts first, then trends, factor associations and descriptive patterns."""
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from insights.simulate_patterns import LENGTHS, PUBLISHED_FALSE_PATTERN_RATE, PUBLISHED_POWER

from experiments.services import results_for as experiment_results_for

from ..alerts import evaluate_alerts
from ..analysis import MIN_EPISODES, analyse
from ..guidance_links import topic_links
from ..page_cache import cached, user_key
from ..page_data import load_page_diary, recent_window_start
from ..records import local_today

PERIODS = {"90": 90, "180": 180, "365": 365, "all": None}
PERIOD_LABELS = {"90": _("90 days"), "180": _("6 months"), "365": _("1 year"), "all": _("All")}


def _percent(share: float) -> str:
    """As insights.simulate_patterns.percent_text, in the reader's number format (no "%" sign)."""
    value = 100 * share
    if 0 < value < 10:
        return number_format(value, 1)
    return str(min(round(value), 99) if share < 1 else 100)


def power_table():
    """Our own simulation's power table (insights.simulate_patterns), in the reader's number format."""
    return {
        "false_rate": _percent(PUBLISHED_FALSE_PATTERN_RATE),
        "lengths": LENGTHS,
        "rows": [
            {"ratio": number_format(float(ratio), 1), "percents": [_percent(cells[str(days)]) for days in LENGTHS]}
            for ratio, cells in PUBLISHED_POWER.items()
        ],
    }


@login_required
def patterns_page(request):
    period = request.GET.get("period", "all")
    if period not in PERIODS:
        period = "all"

    def rendered_analysis():
        context = patterns_context(request.user, period)
        # Rendered without the context processors, so no CSRF token can be cached (a form in these
        # parts would show an empty one); the emergency banner reads the path, the same on every request.
        context["request"] = request
        parts = {part: str(render_to_string(f"diary/_patterns_{part}.html", context))
                 for part in ("head", "analysis", "descriptive")}
        return {"parts": parts, "alerts": context["alerts"], "emergency_number": context["emergency_number"],
                "today": context["today"]}

    # The analysis depends only on the diary (data_version), the day, the language, the profile and the
    # period, so its HTML is cached under them: a warm page costs a cache read and the rendering of what
    # changes per request, the alerts (their forms carry this session's CSRF token and this address) and
    # the experiments (read fresh, cached apart).
    page = cached(user_key("patterns-page", request.user, period), rendered_analysis)
    context = {
        **page,
        "parts": {part: mark_safe(html) for part, html in page["parts"].items()},  # our own rendering
        "experiment_outcomes": experiment_results_for(request.user),
    }
    return render(request, "diary/patterns.html", context)


def patterns_context(user, period: str) -> dict:
    # Records for the period (the last weeks for "all"); the whole diary in columns for the rest.
    days = PERIODS[period]
    today = local_today(user)
    start = today - timedelta(days=days - 1) if days else None
    data = load_page_diary(user, start or recent_window_start(user))
    report = analyse(data, start=start)
    alerts = evaluate_alerts(data)

    def with_links(items):
        return [{"item": item, "links": topic_links(item.guidance)} for item in items]

    def ranked(associations):
        return sorted((a for a in associations if a.tested), key=lambda a: (a.status != "possible", -a.z, a.factor))

    tested = ranked(report.same_day)
    next_day = ranked(report.next_day)
    untested = [a for a in report.same_day if not a.tested]
    context = {
        "period": period,
        "periods": [(key, PERIOD_LABELS[key]) for key in PERIODS],
        "alerts": with_links(alerts),
        "open_alerts": sum(1 for a in alerts if not a.discussed),
        "report": report,
        "overview": report.overview,
        "trend_windows": [
            {
                "weeks": weeks,
                "trends": with_links(t for t in report.trends if t.weeks == weeks),
                "links": topic_links([slug for t in report.trends if t.weeks == weeks for slug in t.guidance]),
            }
            for weeks in dict.fromkeys(t.weeks for t in report.trends)
        ],
        "possible": with_links(a for a in tested if a.status == "possible"),
        "no_evidence": with_links(a for a in tested if a.status != "possible"),
        "next_day": with_links(next_day),
        "untested": untested,
        # When every factor lacks the same thing (a new diary), say it once.
        "untested_same": len(untested) > 1 and len({a.missing for a in untested}) == 1,
        "descriptive": [
            dict(entry, max=max([c.count for c in entry["item"].counts] or [1]) or 1)
            for entry in with_links(d for d in report.descriptive if d.counts or d.reliefs)
        ],
        "min_episodes": MIN_EPISODES,
        "power_table": power_table(),
        "emergency_number": data.background.emergency_number,
        "today": data.today,
    }
    return context
