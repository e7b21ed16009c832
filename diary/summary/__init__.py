"""The GP summary: what a diary shows for a period, assembled as plain data in one language.

build_summary() is pure: it takes a DiaryData that covers the period and the period of equal
length before it (for the change in per cent), plus whatever the analysis and alert modules
found, and returns a GpSummary whose labels are already translated into the summary's
language. summary_for_user() reads the database once through diary.records.load_diary and
calls the analysis modules; the view, the PDF and the gp_summary command all go through it,
so the page, the print view and the PDF cannot drift apart.

One module per part of the summary: options (the period), model (the dataclasses), alerts,
frequency, episodes, patterns, reliefs, overview (page one's lines), assembly (build_summary,
summary_for_user) and render (HTML and PDF). Importers use the names re-exported here.
"""
from .alerts import URGENCY_RANK
from .assembly import APPENDIX_MAX_ROWS, RED_FLAG_NOTE_CHARS, RED_FLAG_NOTES_SHOWN, build_summary, summary_for_user
from .model import (
    AlertRow, AppendixRow, CountRow, GpSummary, MedicineRow, Numbers, PatternRow, RedFlagRow, ReliefRow, TrendRow,
)
from .options import DEFAULT_DAYS, MAX_DAYS, PRESET_DAYS, SummaryOptions, default_period, language_name
from .render import (
    SUMMARY_TEMPLATE, pdf_cjk_font_path, render_summary_document, render_summary_html, render_summary_pdf,
)

__all__ = [
    "APPENDIX_MAX_ROWS", "DEFAULT_DAYS", "MAX_DAYS", "PRESET_DAYS", "RED_FLAG_NOTE_CHARS", "RED_FLAG_NOTES_SHOWN",
    "SUMMARY_TEMPLATE", "URGENCY_RANK", "AlertRow", "AppendixRow", "CountRow", "GpSummary", "MedicineRow", "Numbers",
    "PatternRow", "RedFlagRow", "ReliefRow", "SummaryOptions", "TrendRow", "build_summary", "default_period",
    "language_name", "pdf_cjk_font_path", "render_summary_document", "render_summary_html", "render_summary_pdf",
    "summary_for_user",
]
