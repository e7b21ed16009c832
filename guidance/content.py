"""The curated words around the verbatim passages: translations, citations, points and guideline notes.

Read straight from guidance/data/ (mapping.json's source metadata, topics.json's points,
translations/<lang>.json and guideline_notes.json), cached per file until the file changes, so a
translation reviewed by a translator shows without a reload. Every lookup tolerates a missing
entry: the page then shows the original passage or the original heading.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from .library import DATA_DIR, MAPPING_FILE, TOPICS_FILE, normalise

TRANSLATIONS_DIR = DATA_DIR / "translations"
NOTES_FILE = DATA_DIR / "guideline_notes.json"
HASHED_FILE_NAME = r"\d{3}_[0-9a-f]{16}\.txt"
SHORT_TITLE = 40  # characters of an article's title in a compact citation

_cache: dict[Path, tuple[int, object]] = {}  # path -> (mtime, parsed)


def _read(path: Path, default):
    """The parsed JSON file, re-read only when its modification time changes; default if absent or broken."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return default
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        value = default
    _cache[path] = (stamp, value)
    return value


def passage_key(text: str) -> str:
    """The key translators and notes use for a passage: its text as written in mapping.json, hashed."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _mapping():
    return _read(MAPPING_FILE, {})


_keys: dict = {}


def keys_by_passage() -> dict[tuple[str, str], str]:
    """{(file name, normalised text): key}: the tables keep normalised text, the files key the raw text."""
    mapping = _mapping()
    if _keys.get("mapping") is not mapping:
        _keys["mapping"] = mapping
        _keys["keys"] = {(p["source"], normalise(p["text"])): passage_key(p["text"]) for p in mapping.get("passages", [])}
    return _keys["keys"]


def key_for(file_name: str, text: str) -> str:
    return keys_by_passage().get((file_name, normalise(text)), "")


def sources() -> dict[str, dict]:
    return {s["file"]: s for s in _mapping().get("sources", [])}


def translations(language: str) -> dict:
    return _read(TRANSLATIONS_DIR / f"{language}.json", {})


def translated_passage(key: str, language: str) -> str:
    """The reviewed translation of a passage into language, or "" (not written or not yet reviewed)."""
    entry = translations(language).get("passages", {}).get(key) or {}
    text = entry.get("text", "") if isinstance(entry, dict) else ""
    return text.strip() if entry.get("reviewed") is True and text else ""


def translated_section(file_name: str, heading: str, language: str) -> str:
    """The section heading in language; the original when the source is in it or no translation exists."""
    source = sources().get(file_name, {})
    if source.get("language") == language:
        return heading
    return translations(language).get("sections", {}).get(f"{file_name}|{heading}", "") or heading


def language_name(code: str) -> str:
    """A language's name in the active language (German, Deutsch, 德语...)."""
    return str(get_language_info(code)["name_translated"])


# --- Citations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """How a reader cites one passage's place: readable first, the file name only in details."""

    title: str  # the article's title in the reader's language (the original when not translated)
    original_title: str
    site: str  # the site's name as the page gives it, or a description when it names none
    language_name: str  # the article's language, in the reader's language
    section: str  # the section heading in the reader's language (the original when not translated)
    original_section: str
    file_name: str
    lang: str  # the article's language code (for lang attributes)

    def _parts(self, with_language: bool, title: str = "") -> str:
        parts = [_("“%(title)s”") % {"title": title or self.title}, self.site]
        if with_language:
            parts.append(self.language_name)
        if self.section and normalise(self.section) != normalise(self.title):
            parts.append(_("section “%(section)s”") % {"section": self.section})
        return ", ".join(p for p in parts if p)

    @property
    def text(self) -> str:
        """One line, as a reader would cite it: title, site, language, section."""
        return self._parts(with_language=True)

    @property
    def text_without_language(self) -> str:
        """The same, for a line that already says the language ("translated from German")."""
        return self._parts(with_language=False)

    @property
    def text_compact(self) -> str:
        """Like text_without_language, with a long title cut before its parenthesis or shortened."""
        return self._parts(with_language=False, title=compact_title(self.title))

    @property
    def short(self) -> str:
        """A compact form for tight places (a PDF table cell): shortened title, language, section."""
        title = self.title if len(self.title) <= SHORT_TITLE else self.title[: SHORT_TITLE - 1].rstrip() + "\u2026"
        parts = [_("“%(title)s”") % {"title": title}, self.language_name]
        if self.section and normalise(self.section) != normalise(self.title):
            parts.append(_("“%(title)s”") % {"title": self.section})
        return ", ".join(p for p in parts if p)

    @property
    def details(self) -> str:
        """The line for a details element: original title and section, and the file name."""
        original = self.original_title
        if self.original_section and normalise(self.original_section) != normalise(self.original_title):
            original = f"{original} \u203a {self.original_section}"
        return _("Original: %(original)s. File: %(file)s") % {"original": original, "file": self.file_name}

    def __str__(self):
        return self.text


def compact_title(title: str, limit: int = 70) -> str:
    """A long title ("Why ...? (Why ...?)") cut before its parenthesis, else shortened with an ellipsis."""
    if len(title) <= limit:
        return title
    for opening in (" (", "(", "\uff08"):
        head = title.split(opening)[0].strip()
        if 0 < len(head) < len(title):
            title = head
            break
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class SourceCitation:
    """One source cited for several sections at once: "Title", site, language, sections "A", "B"."""

    citations: tuple[Citation, ...]

    def _text(self, with_language: bool, compact: bool = False) -> str:
        first = self.citations[0]
        sections = [c.section for c in self.citations
                    if c.section and normalise(c.section) != normalise(c.title)]
        sections = list(dict.fromkeys(sections))
        title = compact_title(first.title) if compact else first.title
        parts = [_("“%(title)s”") % {"title": title}, first.site]
        if with_language:
            parts.append(first.language_name)
        if len(sections) == 1:
            parts.append(_("section “%(section)s”") % {"section": sections[0]})
        elif sections:
            quoted = ", ".join(_("“%(title)s”") % {"title": s} for s in sections)
            parts.append(_("sections %(sections)s") % {"sections": quoted})
        return ", ".join(p for p in parts if p)

    @property
    def text(self) -> str:
        return self._text(True)

    @property
    def text_without_language(self) -> str:
        return self._text(False)

    @property
    def text_compact(self) -> str:
        """For a point already marked "translated from ...": a long title shortened, no language."""
        return self._text(False, compact=True)

    @property
    def text_compact_with_language(self) -> str:
        """For a list of several sources: a long title shortened, with the language."""
        return self._text(True, compact=True)

    @property
    def details(self) -> str:
        first = self.citations[0]
        places = [c.original_section for c in self.citations
                  if c.original_section and normalise(c.original_section) != normalise(c.original_title)]
        original = first.original_title
        if places:
            original = f"{original} \u203a " + "; ".join(dict.fromkeys(places))
        return _("Original: %(original)s. File: %(file)s") % {"original": original, "file": first.file_name}


def group_citations(citations) -> list[SourceCitation]:
    """Citations of the same file joined into one, in first-seen order."""
    by_file: dict[str, list[Citation]] = {}
    for citation in citations:
        by_file.setdefault(citation.file_name, []).append(citation)
    return [SourceCitation(tuple(group)) for group in by_file.values()]


def _site_label(source: dict) -> str:
    kinds = {
        "article": _("web article"),
        "blog": _("blog post"),
        "qa": _("question-and-answer page"),
    }
    kind = kinds.get(source.get("kind", ""), _("web page"))
    site = source.get("site", "")
    if site:
        return _("%(kind)s on %(site)s") % {"kind": kind, "site": site}
    return _("%(kind)s, site not named") % {"kind": kind}


def cite(file_name: str, section: str = "", language: str | None = None) -> Citation:
    """A readable citation of a source file and section, in language (the active one by default).

    Safe for any input: an unknown file name is cited as itself, so a stale reference still reads.
    """
    from .services import library_language

    language = library_language(language)
    source = sources().get(file_name)
    with override(language):
        if source is None:
            return Citation(title=section or file_name, original_title=section or file_name, site="",
                            language_name="", section="", original_section=section, file_name=file_name, lang="")
        original_title = source.get("title", file_name)
        return Citation(
            title=translated_section(file_name, original_title, language),
            original_title=original_title,
            site=_site_label(source),
            language_name=language_name(source["language"]),
            section=translated_section(file_name, section, language) if section else "",
            original_section=section,
            file_name=file_name,
            lang="zh-Hans" if source["language"] == "zh-hans" else source["language"],
        )


# --- Guideline notes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GuidelineRef:
    short: str
    name: str
    publisher: str
    date: str
    url: str


@dataclass(frozen=True)
class GuidelineNote:
    id: str
    text: str
    language: str  # the language the note is in (English when no translation exists)
    cites: tuple[GuidelineRef, ...]


def _notes_data():
    return _read(NOTES_FILE, {})


def guideline_refs() -> dict[str, GuidelineRef]:
    return {
        key: GuidelineRef(short=g.get("short", key), name=g.get("name", key), publisher=g.get("publisher", ""),
                          date=g.get("date", ""), url=g.get("url", ""))
        for key, g in _notes_data().get("guidelines", {}).items()
    }


def _note(entry, language, refs) -> GuidelineNote:
    texts = entry.get("text", {})
    code = language if texts.get(language) else "en"
    return GuidelineNote(id=entry.get("id", ""), text=texts.get(code, ""), language=code,
                         cites=tuple(refs[c] for c in entry.get("cites", []) if c in refs))


def notes_for_passage(key: str, language: str) -> tuple[GuidelineNote, ...]:
    refs = guideline_refs()
    return tuple(_note(n, language, refs) for n in _notes_data().get("notes", []) if key in n.get("passages", []))


def notes_for_topic(slug: str, language: str) -> tuple[GuidelineNote, ...]:
    refs = guideline_refs()
    return tuple(_note(n, language, refs) for n in _notes_data().get("notes", []) if slug in n.get("topics", []))


def guideline_citation(name: str, language: str | None = None) -> str:
    """A guideline named by its short name ("NICE NG59", "NHS: Back pain") as a reader would cite it."""
    for ref in guideline_refs().values():
        if ref.short == name:
            return f"{ref.name} ({ref.date})" if ref.date else ref.name
    known = {  # the other guideline pages the topics and alert rules name
        "NHS: Back pain": "NHS: Back pain (nhs.uk)",
        "NHS: Leg cramps": "NHS: Leg cramps (nhs.uk)",
    }
    return known.get(name, name)


# --- Points: passages grouped by what they say ---------------------------------------------------


def topic_points(slug: str) -> list[list[str]]:
    """The curated grouping of a topic's passages (lists of keys, most relevant first), or []."""
    for topic in _read(TOPICS_FILE, {}).get("topics", []):
        if topic.get("slug") == slug:
            return [list(group) for group in topic.get("points", [])]
    return []
