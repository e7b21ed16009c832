"""Fonts the app brings along, so charts and PDFs render every UI language on any machine.

The CJK font is Noto Sans CJK (SIL Open Font License 1.1) from the pinned data-only
wheel noto-cjk-sans-otc: an OpenType collection whose face 2 is Simplified Chinese.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Family names matplotlib's font manager knows the faces by once registered.
LATIN_FAMILY = "DejaVu Sans"  # ships with matplotlib itself
CJK_FAMILY = "Noto Sans CJK SC"
CJK_FACE_INDEX = 2  # the SC face inside NotoSansCJK-Regular.ttc


def cjk_font_path() -> Path:
    """The Noto Sans CJK collection file (.ttc); the GP summary PDF uses the same file."""
    import noto_cjk_sans_otc

    return Path(str(noto_cjk_sans_otc.FONT_PATH))


def cjk_licence_text() -> str:
    """The OFL text shipped with the font wheel, for an about/licences page."""
    from importlib.metadata import distribution

    dist = distribution("noto-cjk-sans-otc")
    for file in dist.files or ():
        if file.name.upper().startswith("LICENSE"):
            return file.read_text(encoding="utf-8")
    return "SIL Open Font License 1.1"


@lru_cache(maxsize=1)
def register_matplotlib_fonts() -> tuple[str, ...]:
    """Add the CJK collection to matplotlib (once per process); return the family fallback list.

    matplotlib (3.6+) falls back glyph by glyph through font.family, so Latin text keeps
    DejaVu Sans and Chinese characters come from Noto without boxes.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    if path.exists():
        font_manager.fontManager.addfont(str(path))
        return (LATIN_FAMILY, CJK_FAMILY)
    return (LATIN_FAMILY,)
