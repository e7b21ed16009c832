"""Chart images carry their size (<img width height>) so the dashboard keeps their room: the size
found without drawing equals the drawn SVG's, for every chart, size and kind of diary."""
import re
from datetime import timedelta

import pytest

from diary import charts

from .builders import TODAY, diary, episode, simulated_diary

ROOT = re.compile(r'<svg[^>]*\bwidth="([\d.]+)pt"[^>]*\bheight="([\d.]+)pt"')

DIARIES = {
    "empty": lambda: diary(),
    "one episode": lambda: diary([episode(TODAY, 6, locations=["neck"], reliefs=[("heat", "helped")])]),
    "half a year": lambda: simulated_diary(3),
}
RANGES = {"4 weeks": 27, "a year": 364}  # a calendar by weeks, and by months


def drawn_size(svg):
    width_pt, height_pt = (float(v) for v in ROOT.search(svg).groups())
    return round(width_pt * 4 / 3), round(height_pt * 4 / 3)


@pytest.mark.slow
@pytest.mark.parametrize("diary_name", DIARIES)
@pytest.mark.parametrize("range_name", RANGES)
def test_the_measured_size_is_the_drawn_size(diary_name, range_name):
    data = DIARIES[diary_name]()
    start = TODAY - timedelta(days=RANGES[range_name])
    for slug in charts.CHART_SLUGS:
        built = charts.build_chart(slug, data, start, TODAY)
        for size in charts.SIZES:
            assert charts.chart_size(built, size) == drawn_size(charts.render_svg(built, size)), (slug, size)


def test_measuring_leaves_drawing_as_it_was():
    built = charts.build_chart("weekly", simulated_diary(3), TODAY - timedelta(days=90), TODAY)
    charts.chart_size(built, "sm")
    assert "<svg" in charts.render_svg(built, "sm")


def test_the_dashboard_images_carry_width_and_height(owner_client, owner):
    from diary.services.episodes import save_episode
    from django.utils import timezone

    save_episode(owner, {"started_at": timezone.now() - timedelta(days=2), "intensity": 5, "locations": ["neck"]})
    html = owner_client.get("/").content.decode()
    images = re.findall(r"<img [^>]*>", html)
    chart_images = [tag for tag in images if "/charts/" in tag]
    assert chart_images
    for tag in chart_images:
        assert re.search(r'\bwidth="\d+"', tag) and re.search(r'\bheight="\d+"', tag), tag
    for tag in re.findall(r"<source [^>]*>", html):
        assert re.search(r'\bwidth="\d+"', tag) and re.search(r'\bheight="\d+"', tag), tag
