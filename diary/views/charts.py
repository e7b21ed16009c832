"""Chart images at a URL: cached per user, chart, range, size and language, with ETag and 304.

The cache key holds the profile's data_version (bumped by diary.signals on every change to
the diary) and today's local date, so a new episode or a new day gives a new key: nothing
ever has to be deleted from the cache.
"""
from __future__ import annotations

import hashlib
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from accounts.models import ChartRange

from ..charts import CHART_SLUGS, CHART_VERSION, SIZES, build_chart, chart_size, first_logged_day, range_start, render_svg
from ..records import load_diary, local_today

CACHE_SECONDS = 60 * 60 * 24 * 7
RANGES = tuple(ChartRange.values)


def valid_range(value: str | None, default: str) -> str:
    return value if value in RANGES else default


def chart_cache_key(user, slug: str, range_code: str, size: str, language: str, today: date) -> str:
    return ":".join((
        f"chart{CHART_VERSION}", str(user.pk), str(user.profile.data_version), slug, range_code, size,
        language or "en", today.isoformat(),
    ))


def chart_etag(key: str) -> str:
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:24] + '"'


def _etag_matches(header: str, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag in candidates


def chart_window(diary, range_code: str) -> tuple[date, date]:
    today = diary.today
    return range_start(range_code, today, first_logged_day(diary)), today


def chart_src(slug: str, range_code: str, size: str) -> str:
    return reverse("diary:chart", kwargs={"chart": slug}) + "?" + urlencode({"range": range_code, "size": size})


def chart_panel(slug: str, diary, start: date, end: date, range_code: str, built=None) -> dict:
    """What the _chart.html partial needs: words, table, and the image URLs (drawn on request)."""
    built = built or build_chart(slug, diary, start, end)
    (width_sm, height_sm), (width_lg, height_lg) = chart_size(built, "sm"), chart_size(built, "lg")
    return {
        # The drawings' sizes, so the page keeps their room before they arrive (no layout shift).
        "width_sm": width_sm, "height_sm": height_sm, "width_lg": width_lg, "height_lg": height_lg,
        "slug": slug,
        "title": built.title,
        "description": built.description,
        "table": built.table,
        "empty": built.empty,
        "src_sm": chart_src(slug, range_code, "sm"),
        "src_lg": chart_src(slug, range_code, "lg"),
    }


def cached_chart_panel(user, slug: str, diary, start: date, end: date, range_code: str, *, lazy=False) -> dict:
    """chart_panel with its partial rendered to HTML, cached under the chart's own key.

    A five-year calendar table is thousands of cells: rendering it once per data version keeps
    the dashboard fast.
    """
    key = "panel:" + chart_cache_key(user, slug, range_code, "html", get_language(), end)
    panel = cache.get(key)
    if panel is None:
        built = build_chart(slug, diary, start, end)
        # The page's images come next: they draw from this, without reading the diary again.
        cache.set(_built_key(user, slug, range_code, end), built, CACHE_SECONDS)
        full = chart_panel(slug, diary, start, end, range_code, built)
        html = render_to_string("diary/_chart.html", {"chart": full, "lazy": lazy})
        panel = {"slug": slug, "title": full["title"], "html": html}
        cache.set(key, panel, CACHE_SECONDS)
    return {**panel, "html": mark_safe(panel["html"])}  # our own rendered template, whatever the cache did to it


def _built_key(user, slug: str, range_code: str, today: date) -> str:
    """The chart's numbers and words (diary.charts.BuiltChart), drawn at any size from the cache."""
    return "built:" + chart_cache_key(user, slug, range_code, "any", get_language(), today)


def chart_svg_for(user, slug: str, range_code: str, size: str, today: date | None = None) -> tuple[str, str]:
    """(svg, etag) for one user's chart, from the cache or drawn now."""
    today = today or local_today(user)
    key = chart_cache_key(user, slug, range_code, size, get_language(), today)
    svg = cache.get(key)
    built = cache.get(_built_key(user, slug, range_code, today)) if svg is None else None
    if svg is None and built is not None:
        svg = render_svg(built, size)
        cache.set(key, svg, CACHE_SECONDS)
    elif svg is None:
        if range_code == ChartRange.ALL:
            diary = load_diary(user, notes=False)
        else:  # a fixed window needs only its own rows
            diary = load_diary(user, start=range_start(range_code, today, None), end=today, notes=False)
        start, end = chart_window(diary, range_code)
        svg = render_svg(build_chart(slug, diary, start, end), size)
        cache.set(key, svg, CACHE_SECONDS)
    return svg, chart_etag(key)


@require_GET
@login_required
@gzip_page  # a five-year calendar is ~150 KB of SVG, ~15 KB gzipped
def chart(request, chart):
    if chart not in CHART_SLUGS:
        raise Http404("No such chart")
    user = request.user
    range_code = valid_range(request.GET.get("range"), user.profile.chart_range)
    size = request.GET.get("size") if request.GET.get("size") in SIZES else "sm"
    today = local_today(user)
    key = chart_cache_key(user, chart, range_code, size, get_language(), today)
    etag = chart_etag(key)
    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        svg, etag = chart_svg_for(user, chart, range_code, size, today)
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    # Always revalidate: the ETag changes with the diary, and a 304 costs no drawing.
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie, Accept-Language"
    return response
