"""Charts: valid accessible SVG for any diary and language, CJK without boxes, cache and ETag."""
import logging
import random
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path

import pytest
from django.utils import timezone, translation

from diary import charts
from diary.fonts import CJK_FAMILY, cjk_font_path
from diary.models import Episode

from .builders import TODAY, checkin, diary, episode, simulated_diary

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent


def five_year_diary():
    rng = random.Random(5)
    episodes, checkins = [], []
    for offset in range(5 * 365):
        day = TODAY - timedelta(days=offset)
        if rng.random() < 0.8:
            checkins.append(checkin(day, worst_pain=rng.choice([None, 0, 0, 2, 4, 7]), stress=rng.randint(0, 10),
                                    fluid_litres=rng.choice([1.0, 2.0]), activities=rng.sample(["running", "gym"], 1)))
        if rng.random() < 0.3:
            episodes.append(episode(day, rng.randint(1, 10), hour=rng.randint(0, 23),
                                    locations=rng.sample(["neck", "lower_back", "leg"], 2),
                                    reliefs=[("heat", rng.choice(["helped", "partly", "no_help", ""]))]))
    return diary(episodes, checkins)


DIARIES = {
    "empty": lambda: diary(),
    "single": lambda: diary([episode(TODAY, 6, locations=["neck"], reliefs=[("heat", "helped")])]),
    "five_years": five_year_diary,
}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == SVG + "svg"
    return root


def svg_texts(svg: str) -> list[str]:
    # matplotlib writes each text's string as a comment beside its glyph paths.
    return [t.strip() for t in re.findall(r"<!-- (.*?) -->", svg)]


@pytest.mark.parametrize("kind", DIARIES)
@pytest.mark.parametrize("range_code", ["4w", "3m", "12m", "all"])
def test_it_renders_every_chart_as_valid_accessible_svg(kind, range_code):
    data = DIARIES[kind]()
    start = charts.range_start(range_code, data.today, charts.first_logged_day(data))
    for slug in charts.CHART_SLUGS:
        built = charts.build_chart(slug, data, start, data.today)
        for size in charts.SIZES:
            root = parse(charts.render_svg(built, size))
            assert root.get("role") == "img"
            title_id, desc_id = root.get("aria-labelledby").split()
            first, second = list(root)[:2]
            assert first.tag == SVG + "title" and first.get("id") == title_id and first.text == built.title
            assert second.tag == SVG + "desc" and second.get("id") == desc_id and second.text == built.description


def test_it_draws_a_friendly_empty_chart_instead_of_an_error():
    data = diary()
    for slug in charts.CHART_SLUGS:
        built = charts.build_chart(slug, data, TODAY - timedelta(days=27), TODAY)
        assert built.empty
        svg = charts.render_svg(built)
        assert built.empty_message in svg_texts(svg)
    assert "No episodes in this period yet" in svg_texts(charts.render_svg(charts.build_chart("weekly", data, TODAY, TODAY)))


def test_it_renders_every_chart_in_chinese():
    data = five_year_diary()
    with translation.override("zh-hans"):
        start = charts.range_start("12m", data.today, None)
        for slug in charts.CHART_SLUGS:
            parse(charts.render_svg(charts.build_chart(slug, data, start, data.today)))
        calendar = charts.render_svg(charts.build_chart("calendar", data, start, data.today))
    assert any("月" in text for text in svg_texts(calendar))  # month names from babel
    assert "NotoSansCJKsc" in calendar


def test_it_draws_chinese_glyphs_from_the_bundled_font_not_boxes(caplog):
    assert cjk_font_path().is_file()
    with caplog.at_level(logging.WARNING, logger="diary.charts"):
        svg = charts.empty_svg("每周发作", "每周发作", "test")
    assert not [r for r in caplog.records if "missing from font" in r.getMessage()]
    glyph_ids = re.findall(r'<path id="(NotoSansCJKsc-Regular-[0-9a-f]+)"', svg)
    assert len(set(glyph_ids)) == 4  # one outline per distinct character
    assert CJK_FAMILY in charts.rcParams["font.family"]
    assert charts.rcParams["font.family"][0] == "DejaVu Sans"  # Latin first, CJK as the fallback


def test_it_keeps_chart_and_table_on_the_same_numbers():
    data = five_year_diary()
    start = TODAY - timedelta(days=90)
    weekly = charts.build_chart("weekly", data, start, TODAY)
    in_range = [e for e in data.episodes if start <= e.local_date <= TODAY]
    assert sum(row[1] for row in weekly.table.rows) == len(in_range) == sum(w.episodes for w in weekly.rows)
    calendar = charts.build_chart("calendar", data, start, TODAY)
    logged = [v for v in calendar.rows.values() if v is not None]
    table_values = [c for row in calendar.table.rows for c in row[1:] if isinstance(c, int)]
    assert sorted(table_values) == sorted(logged)
    reliefs = charts.build_chart("reliefs", data, start, TODAY)
    assert sum(row[-1] for row in reliefs.table.rows) == sum(len(e.reliefs) for e in in_range)


def test_it_summarises_five_years_by_month_and_short_ranges_by_week():
    data = five_year_diary()
    everything = charts.build_chart("weekly", data, charts.first_logged_day(data), TODAY)
    assert everything.extra["monthly"] and len(everything.rows) in (60, 61)
    assert not charts.build_chart("weekly", data, TODAY - timedelta(days=364), TODAY).extra["monthly"]


def test_it_greys_factors_without_enough_data_in_the_forest_plot():
    data = simulated_diary(3, days=180, risk_running=0.5, risk_other=0.05)
    built = charts.build_chart("associations", data, TODAY - timedelta(days=179), TODAY)
    statuses = {row.label: row.status for row in built.rows}
    assert statuses["Running"] == "possible"
    assert statuses["Swimming"] == "not_enough_data"
    texts = svg_texts(charts.render_svg(built))
    assert texts.count("not enough data") == sum(1 for s in statuses.values() if s == "not_enough_data")
    assert ["Running", "possible pattern"] == [built.table.rows[1][0], built.table.rows[1][4]]


def test_it_never_imports_pyplot_anywhere_in_the_project():
    pattern = re.compile(r"^\s*(import\s+matplotlib\.pyplot|from\s+matplotlib\.pyplot\s+import|"
                         r"from\s+matplotlib\s+import\s+[^\n]*\bpyplot\b)", re.MULTILINE)
    skipped = {".venv", "node_modules", "staticfiles", ".git"}
    offenders = [
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
        if not skipped.intersection(path.relative_to(ROOT).parts) and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- the chart URLs ----------------------------------------------------------------------------

def chart_url(slug="weekly", range_code="3m", size="sm"):
    return f"/charts/{slug}.svg?range={range_code}&size={size}"


def test_it_serves_a_chart_as_svg_with_an_etag_and_answers_304(owner_client, owner):
    Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=6)
    response = owner_client.get(chart_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    parse(response.content.decode())
    etag = response["ETag"]
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    again = owner_client.get(chart_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    other_range = owner_client.get(chart_url(range_code="12m"), HTTP_IF_NONE_MATCH=etag)
    assert other_range.status_code == 200 and other_range["ETag"] != etag


def test_it_gives_a_new_chart_after_a_new_episode(owner_client, owner):
    Episode.objects.create(owner=owner, started_at=timezone.now() - timedelta(days=3), intensity=4)
    first = owner_client.get(chart_url())
    Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=9)  # bumps data_version
    second = owner_client.get(chart_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.content != first.content


def test_it_caches_per_language(owner_client, owner):
    Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=4)
    english = owner_client.get(chart_url("calendar"))
    owner.profile.language = "zh-hans"
    owner.profile.save()
    chinese = owner_client.get(chart_url("calendar"))
    assert chinese["ETag"] != english["ETag"]
    assert "NotoSansCJKsc" in chinese.content.decode() and "NotoSansCJKsc" not in english.content.decode()


def test_it_draws_only_the_signed_in_users_diary(outsider_client, owner):
    Episode.objects.create(owner=owner, started_at=timezone.now(), intensity=8)
    response = outsider_client.get(chart_url())
    assert "No episodes in this period yet" in svg_texts(response.content.decode())


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.get(chart_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_falls_back_to_the_saved_range_and_the_narrow_size(owner_client, owner):
    owner.profile.chart_range = "4w"
    owner.profile.save()
    fallback = owner_client.get("/charts/weekly.svg?range=bogus&size=huge")
    explicit = owner_client.get(chart_url(range_code="4w", size="sm"))
    assert fallback.status_code == 200 and fallback["ETag"] == explicit["ETag"]


def test_it_renders_a_five_year_diary_through_the_url(owner_client, owner):
    start = timezone.now() - timedelta(days=5 * 365)
    Episode.objects.bulk_create([
        Episode(owner=owner, started_at=start + timedelta(days=3 * i), local_date=(start + timedelta(days=3 * i)).date(),
                intensity=i % 11)
        for i in range(600)
    ])
    for slug in charts.CHART_SLUGS:
        response = owner_client.get(chart_url(slug, "all", "lg"))
        assert response.status_code == 200, slug
        parse(response.content.decode())


def test_it_refuses_to_change_anything(owner_client):
    assert owner_client.post(chart_url()).status_code == 405


def test_it_draws_a_diary_kept_in_a_far_timezone(owner_client, owner):
    owner.profile.timezone = "Pacific/Auckland"
    owner.profile.save()
    Episode.objects.create(owner=owner, started_at=datetime(2026, 1, 1, 11, 30, tzinfo=dt_timezone.utc), intensity=3)
    assert owner_client.get(chart_url("calendar", "all")).status_code == 200
