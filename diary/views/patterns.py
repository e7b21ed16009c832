"""The patterns page: alerts first, then trends, factor associations and descriptive patterns."""
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..alerts import evaluate_alerts
from ..analysis import EPISODES_FOR_MODERATE_EFFECT, MIN_EPISODES, analyse
from ..catalogues import Kind, RedFlag, Relief, Trigger
from ..records import load_diary

PERIODS = {"90": 90, "180": 180, "365": 365, "all": None}
PERIOD_LABELS = {"90": _("90 days"), "180": _("6 months"), "365": _("1 year"), "all": _("All")}
GENERAL_TOPICS = {
    "prevention": _("Prevention"), "exercises": _("Exercises"), "treatment": _("Treatment"),
    "see_doctor": _("When to see a doctor"),
}


def _catalogue_label(slug):
    for choices in (GENERAL_TOPICS, dict(Trigger.choices), dict(RedFlag.choices), dict(Kind.choices), dict(Relief.choices)):
        if slug in choices:
            return choices[slug]
    return slug.replace("_", " ").capitalize()


def _title_lookup():
    """topic_title from the guidance app when it exists, else the catalogue label."""
    try:
        from guidance.services import topic_title
    except ImportError:
        return _catalogue_label

    def title(slug):
        try:
            return topic_title(slug) or _catalogue_label(slug)
        except Exception:  # a missing topic must never break the page
            return _catalogue_label(slug)

    return title


def topic_links(slugs, title=None):
    """[{slug, title, url}] for guidance topic slugs, first occurrence kept."""
    title = title or _title_lookup()
    links = []
    for slug in dict.fromkeys(slugs):
        try:
            url = reverse("guidance:topic", args=[slug])
        except NoReverseMatch:
            continue
        links.append({"slug": slug, "title": title(slug), "url": url})
    return links


@login_required
def patterns_page(request):
    period = request.GET.get("period", "all")
    if period not in PERIODS:
        period = "all"
    data = load_diary(request.user)
    days = PERIODS[period]
    start = data.today - timedelta(days=days - 1) if days else None
    report = analyse(data, start=start)
    alerts = evaluate_alerts(data)
    title = _title_lookup()

    def with_links(items):
        return [{"item": item, "links": topic_links(item.guidance, title)} for item in items]

    associations = report.associations
    untested = [a for a in associations if not a.tested]
    tested = sorted((a for a in associations if a.tested), key=lambda a: (a.status != "possible", a.q_value, a.factor))
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
                "links": topic_links([slug for t in report.trends if t.weeks == weeks for slug in t.guidance], title),
            }
            for weeks in dict.fromkeys(t.weeks for t in report.trends)
        ],
        "possible": with_links(a for a in tested if a.status == "possible"),
        "no_evidence": with_links(a for a in tested if a.status != "possible"),
        "untested": untested,
        # When every factor lacks the same thing (a new diary), say it once.
        "untested_same": len(untested) > 1 and len({a.missing for a in untested}) == 1,
        "descriptive": [
            dict(entry, max=max([c.count for c in entry["item"].counts] or [1]) or 1)
            for entry in with_links(d for d in report.descriptive if d.counts or d.reliefs)
        ],
        "min_episodes": MIN_EPISODES,
        "episodes_for_moderate_effect": EPISODES_FOR_MODERATE_EFFECT,
        "emergency_number": data.background.emergency_number,
        "today": data.today,
    }
    return render(request, "diary/patterns.html", context)
