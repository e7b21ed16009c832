"""Charts lay themselves out for their text: in every language and size no text leaves the figure
and no two texts overlap (matplotlib reports each text's extent after a draw)."""
from datetime import timedelta

import pytest
from django.utils import translation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from diary import charts

from .builders import TODAY, simulated_diary
from .test_charts import five_year_diary

LANGUAGES = ["en", "de", "nl", "sv", "zh-hans"]
TOLERANCE = 1.0  # pixels: anti-aliasing slack at the figure's edge


def _texts(fig):
    """Every text the figure draws: tick labels only for the ticks inside the view (matplotlib
    keeps, but does not draw, labels for ticks beyond the axis limits)."""
    tick_labels, drawn = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels.update({id(tick.label1), id(tick.label2)})
            if not (ax.axison and axis.get_visible() and ax.get_visible()):
                continue
            for tick in axis._update_ticks():
                drawn += [label for label in (tick.label1, tick.label2) if label.get_visible()]
    others = [t for t in fig.findobj(Text) if id(t) not in tick_labels and t.get_visible()]
    return [t for t in others + drawn if t.get_text().strip()]


def layout_problems(fig, slug):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    figure_box = fig.bbox
    boxes = []
    problems = []
    for text in _texts(fig):
        box = text.get_window_extent(renderer)
        if box.width == 0 or box.height == 0:
            continue
        label = text.get_text().replace("\n", " ")
        if (box.x0 < figure_box.x0 - TOLERANCE or box.y0 < figure_box.y0 - TOLERANCE
                or box.x1 > figure_box.x1 + TOLERANCE or box.y1 > figure_box.y1 + TOLERANCE):
            problems.append(f"{slug}: {label!r} leaves the figure ({box.extents.round(1)} vs {figure_box.extents})")
        boxes.append((label, box))
    for i, (label, box) in enumerate(boxes):
        for other_label, other in boxes[i + 1:]:
            overlap_w = min(box.x1, other.x1) - max(box.x0, other.x0)
            overlap_h = min(box.y1, other.y1) - max(box.y0, other.y0)
            if overlap_w > TOLERANCE and overlap_h > TOLERANCE:
                problems.append(f"{slug}: {label!r} overlaps {other_label!r}")
    return problems


@pytest.fixture
def captured_figures(monkeypatch):
    figures = []
    original = charts.base._to_svg

    def capture(fig, title, description, slug):
        figures.append((slug, fig))
        return original(fig, title, description, slug)

    monkeypatch.setattr(charts.base, "_to_svg", capture)
    return figures


def dense_diary():
    return simulated_diary(7, days=365, risk_running=0.5, risk_other=0.08)


def short_diary():  # few days: wide intervals, so the ratio axis spans far
    return simulated_diary(11, days=45, risk_running=0.4, risk_other=0.1)


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_chart_text_leaves_the_figure_or_overlaps_another(language, captured_figures):
    problems, seen = [], 0
    with translation.override(language):
        for make, ranges in ((dense_diary, ("4w", "3m", "12m")), (short_diary, ("all",)), (five_year_diary, ("all",))):
            data = make()
            for range_code in ranges:
                start = charts.range_start(range_code, data.today, charts.first_logged_day(data))
                for slug in charts.CHART_SLUGS:
                    built = charts.build_chart(slug, data, start, data.today)
                    for size in charts.SIZES:
                        captured_figures.clear()
                        charts.render_svg(built, size)
                        seen += len(captured_figures)
                        for name, fig in captured_figures:
                            problems += [f"{range_code}/{size}/{p}" for p in layout_problems(fig, name)]
    assert seen >= 60, f"only {seen} figures were checked: does the fixture patch where the charts draw?"
    assert problems == [], f"{len(problems)} layout problems in {language}, first: {sorted(set(problems))[:15]}"
