"""Rendering: one template for the page, the print view and the PDF (WeasyPrint, local files only)."""
from __future__ import annotations

import base64
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .model import GpSummary

SUMMARY_TEMPLATE = "diary/summary_print.html"


@lru_cache(maxsize=1)
def _print_css() -> str:
    path = finders.find("css/print.css")
    return Path(path).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def pdf_cjk_font_path() -> Path | None:
    """The Simplified Chinese face of the bundled Noto Sans CJK collection, as a single font file.

    WeasyPrint reads only the first face of a .ttc (Japanese glyph shapes), so the SC face is
    extracted once with fontTools into a cache file (about 16 MB, about one second, once per
    machine). Falls back to the collection itself if extraction fails.
    """
    from ..fonts import CJK_FACE_INDEX, cjk_font_path

    collection = cjk_font_path()
    if not collection.exists():
        return None
    cache_dir = Path(getattr(settings, "FONT_CACHE_DIR", "") or Path(tempfile.gettempdir()) / "spasm-diary-fonts")
    target = cache_dir / f"{collection.stem}-face{CJK_FACE_INDEX}-{collection.stat().st_size}.otf"
    if target.exists():
        return target
    try:
        from fontTools.ttLib import TTCollection

        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        TTCollection(str(collection)).fonts[CJK_FACE_INDEX].save(str(partial))
        os.replace(partial, target)
        return target
    except (OSError, IndexError, ImportError):
        return collection


def _font_face_css() -> str:
    path = pdf_cjk_font_path()
    if path is None:
        return ""
    return '@font-face { font-family: "Noto Sans CJK SC"; src: url("%s"); }\n' % path.as_uri()


def _local_only_fetcher(allowed_files):
    """A fetcher that lets the PDF load our font and data: URIs only: no network, no other files."""
    import weasyprint  # imported on first PDF: it takes half a second

    allowed = {str(p) for p in allowed_files}

    class LocalOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or (url.startswith("file:") and url.split("?")[0] in allowed):
                return super().fetch(url, headers)
            raise ValueError(f"The GP summary PDF does not load {url[:80]}")

    return LocalOnlyFetcher(allowed_protocols={"file", "data"})


def render_summary_html(summary: GpSummary, *, standalone: bool = False, request=None, back_url: str = "",
                        pdf: bool = False) -> str:
    """The summary as a chrome-free HTML page in the summary's language.

    standalone inlines the stylesheet (a file that works without the site, and the PDF source).
    """
    context = {"summary": summary, "back_url": back_url}
    if pdf and summary.chart_svg:
        # As an image, WeasyPrint draws the SVG with its SVG renderer directly instead of
        # styling every path as an HTML element (three times faster, no warnings).
        encoded = base64.b64encode(str(summary.chart_svg).encode("utf-8")).decode("ascii")
        context["chart_src"] = "data:image/svg+xml;base64," + encoded
    if standalone or pdf:
        css = (_font_face_css() if pdf else "") + _print_css()
        context["inline_css"] = mark_safe(css)  # our own stylesheet, never user text
    with translation.override(summary.options.language):
        return render_to_string(SUMMARY_TEMPLATE, context, request=request)


def render_summary_document(summary: GpSummary, request=None) -> str:
    """Only the summary itself (no page around it), in the summary's language, for the preview."""
    with translation.override(summary.options.language):
        return render_to_string("diary/summary_document.html", {"summary": summary}, request=request)


def render_summary_pdf(summary: GpSummary) -> bytes:
    html = render_summary_html(summary, pdf=True)
    import weasyprint

    font = pdf_cjk_font_path()
    fetcher = _local_only_fetcher([font.as_uri()] if font else [])
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
