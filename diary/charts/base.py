"""What every chart shares: colours, sizes and fonts, a Figure with fixed margins, the fit pass, SVG output."""
from __future__ import annotations

import contextvars
import io
import logging
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ..fonts import register_matplotlib_fonts
from .labels import _wrap

logger = logging.getLogger(__name__)


# Bump when the drawing changes, so cached SVGs of an older look expire.
CHART_VERSION = 2

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#e3e7ea"
EMPTY_EDGE = "#9aa3ab"
NOT_RATED = "#ced4da"

# Worst pain per day: a light blue for a good day (0), then a sequential yellow-to-dark-red
# scale whose lightness falls steadily, so it reads in greyscale and for colour-blind eyes.
PAIN_BINS = ((0, 0, "#d0e4f5"), (1, 3, "#fed976"), (4, 6, "#fd8d3c"), (7, 8, "#e31a1c"), (9, 10, "#800026"))
COUNT_CMAP = "Blues"

WIDTHS = {"sm": 4.5, "lg": 7.5}  # inches; SVG user units are points (72 per inch)
SIZES = tuple(WIDTHS)
# Sizes in points; the narrow drawing shows at about 1 px per point on a 375 px phone.
SMALL = 11.5
MEDIUM = 12.5

rcParams.update(
    {
        "font.family": list(register_matplotlib_fonts()),
        "font.size": 13,
        "axes.labelsize": 13,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "legend.fontsize": 12,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "axes.edgecolor": "#adb5bd",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": "#495057",
        "ytick.color": "#495057",
        "xtick.major.size": 3,
        "ytick.major.size": 0,
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "legend.frameon": False,
        "legend.handlelength": 1.4,
        "legend.columnspacing": 1.0,
        "figure.dpi": 72,
        "savefig.dpi": 72,
        # Text as glyph outlines: the client needs no fonts at all, CJK included.
        "svg.fonttype": "path",
        "svg.hashsalt": "spasm-diary",
    }
)


# ---------------------------------------------------------------------------
# Plain data the charts take


@dataclass(frozen=True)
class Table:
    """A chart's numbers as a table: cells are str, int, float or None (shown as a dash)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_headers: bool = True  # the first cell of each row names the row


@dataclass(frozen=True)
class BuiltChart:
    slug: str
    title: str
    description: str
    table: Table
    rows: Any = None
    empty_message: str = ""  # set when there is nothing to draw
    extra: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return bool(self.empty_message)


# ---------------------------------------------------------------------------
# Figure plumbing


class _Measured(Exception):
    """Raised by _figure while measuring: a chart's size is known before anything is drawn."""

    def __init__(self, width_pt: float, height_pt: float):
        super().__init__(width_pt, height_pt)
        self.width_pt, self.height_pt = width_pt, height_pt


_measuring = contextvars.ContextVar("chart_measuring", default=False)


def _figure(size: str, height_pt: float, *, left: float, right: float, top: float, bottom: float):
    """A Figure with one Axes placed by fixed margins in points."""
    width_pt = WIDTHS[size] * 72
    if _measuring.get():
        raise _Measured(width_pt, height_pt)
    fig = Figure(figsize=(WIDTHS[size], height_pt / 72))
    fig.subplots_adjust(
        left=left / width_pt,
        right=1 - right / width_pt,
        top=1 - top / height_pt,
        bottom=bottom / height_pt,
    )
    ax = fig.add_subplot()
    return fig, ax


_SVG_ROOT = re.compile(r"<svg\b[^>]*>")


_EDGE_PAD = 3.0  # points kept free between any text and the figure's edge


_TICK_GAP = 4.0  # points between neighbouring tick labels


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,\s\u2212+-]+", text))


def _thin_colliding_ticks(axis, renderer) -> None:
    """Hide tick labels that would touch their neighbour ("0.250.5"), keeping the first of each clash.

    Only scales are thinned (numbers, dates along the x axis): a row's name is never hidden.
    """
    if not axis.get_visible():
        return
    labels = [tick.label1 for tick in axis._update_ticks() if tick.label1.get_visible() and tick.label1.get_text()]
    vertical = axis.axis_name == "y"
    if vertical and not all(_is_number(label.get_text()) for label in labels):
        return
    boxes = sorted(((label.get_window_extent(renderer), label) for label in labels),
                   key=lambda item: item[0].y0 if vertical else item[0].x0)
    last = None
    for box, label in boxes:
        if last is not None and ((box.y0 < last.y1 + _TICK_GAP) if vertical else (box.x0 < last.x1 + _TICK_GAP)):
            label.set_visible(False)
            continue
        last = box


def _fit_texts(fig: Figure) -> None:
    """Keep every label inside the figure, whatever the language's word lengths.

    The margins above are sized for English; one measuring pass (text extents only, no raster)
    widens a margin by exactly what a longer label needs, and makes room for a legend at the top
    or bottom edge. Cheaper than constrained layout, which solves for everything.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    figure_box = fig.bbox
    if not fig.axes:
        return
    for ax in fig.axes:
        if ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                _thin_colliding_ticks(axis, renderer)
    params = fig.subplotpars
    left, right, top, bottom = params.left, params.right, params.top, params.bottom
    width, height = figure_box.width, figure_box.height
    tight_boxes = [box for box in (ax.get_tightbbox(renderer) for ax in fig.axes) if box is not None]
    for box in tight_boxes:
        left += max(0.0, (figure_box.x0 + _EDGE_PAD - box.x0) / width)
        right -= max(0.0, (box.x1 - figure_box.x1 + _EDGE_PAD) / width)
        bottom += max(0.0, (figure_box.y0 + _EDGE_PAD - box.y0) / height)
        top -= max(0.0, (box.y1 - figure_box.y1 + _EDGE_PAD) / height)
    # A legend along the top or bottom edge: the axes and their captions keep clear of it.
    axes_box = fig.axes[0].get_window_extent(renderer)
    axes_middle = axes_box.y0 + axes_box.height / 2
    for legend in fig.legends:
        box = legend.get_window_extent(renderer)
        if box.y0 > axes_middle:
            overlap = max(b.y1 for b in tight_boxes) - (box.y0 - _EDGE_PAD)
            top -= max(0.0, overlap / height)
        elif box.y1 < axes_middle:
            overlap = (box.y1 + _EDGE_PAD) - min(b.y0 for b in tight_boxes)
            bottom += max(0.0, overlap / height)
    if tight_boxes and (left, right, top, bottom) != (params.left, params.right, params.top, params.bottom) \
            and left < right and bottom < top:
        fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom)


# The chart modules call this as base._to_svg: one name to patch to see every figure (the layout tests do).
def _to_svg(fig: Figure, title: str, description: str, slug: str) -> str:
    _fit_texts(fig)
    buffer = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    for warning in caught:  # e.g. "Glyph ... missing from font(s)": worth knowing, never fatal
        logger.warning("chart %s: %s", slug, warning.message)
    svg = _hoist_marker_styles(buffer.getvalue())
    return add_accessible_name(svg, title, description, f"chart-{slug}")


_MARKER_RUN = re.compile(
    r'(<g clip-path="[^"]*")>\n((?:\s*<use xlink:href="#m[0-9a-f]+" x="[^"]*" y="[^"]*" style="[^"]*"/>\n)+)'
)
_USE_STYLE = re.compile(r' style="([^"]*)"/>')


def _hoist_marker_styles(svg: str) -> str:
    """matplotlib repeats one style on every marker; say it once on the group (a calendar shrinks ~3x)."""
    def hoist(match):
        styles = set(_USE_STYLE.findall(match.group(2)))
        if len(styles) != 1:
            return match.group(0)
        return f'{match.group(1)} style="{styles.pop()}">\n' + _USE_STYLE.sub("/>", match.group(2))

    return _MARKER_RUN.sub(hoist, svg)


def add_accessible_name(svg: str, title: str, description: str, id_prefix: str) -> str:
    """Give the SVG root role="img" with a <title> and <desc> that name it for screen readers."""
    match = _SVG_ROOT.search(svg)
    if match is None:
        return svg
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    root = match.group(0)
    opened = root[:-1].rstrip("/").rstrip() + f' role="img" aria-labelledby={quoteattr(title_id + " " + desc_id)}>'
    head = f'\n <title id="{title_id}">{escape(title)}</title>\n <desc id="{desc_id}">{escape(description)}</desc>'
    return svg[: match.start()] + opened + head + svg[match.end():]


def empty_svg(message: str, title: str, slug: str, size: str = "sm") -> str:
    """A calm placeholder instead of an error when there is nothing to draw."""
    fig, ax = _figure(size, 110, left=4, right=4, top=4, bottom=4)
    ax.set_axis_off()
    ax.add_patch(
        FancyBboxPatch(
            (0.01, 0.04), 0.98, 0.92, boxstyle="round,pad=0,rounding_size=0.04",
            transform=ax.transAxes, facecolor="#f8f9fa", edgecolor="#dee2e6", linewidth=1,
        )
    )
    ax.text(0.5, 0.5, _wrap(message, 44), ha="center", va="center", color=MUTED, fontsize=13, transform=ax.transAxes)
    return _to_svg(fig, title, message, slug)


def _tick_positions(count: int, max_ticks: int) -> list[int]:
    if count <= max_ticks:
        return list(range(count))
    step = math.ceil(count / max_ticks)
    return list(range(0, count, step))
