"""Reads the guidance data files, checks every passage against its source, and syncs the tables.

The data lives in guidance/data/: the five seed files under sources/ (byte-identical copies),
mapping.json (the curated passages with their section and topic tags) and topics.json (every
topic's group, titles, summaries and guideline citation). `manage.py load_guidance` calls load().
"""
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import LANGUAGES, LibraryState, Passage, PassageTopic, Source, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES_DIR = DATA_DIR / "sources"
MAPPING_FILE = DATA_DIR / "mapping.json"
TOPICS_FILE = DATA_DIR / "topics.json"
# Bump when the way the tables are derived from the files changes, so the next load rebuilds.
FORMAT_VERSION = "1"

_WHITESPACE = re.compile(r"\s+")


def normalise(text):
    """The verbatim rule: collapse every run of whitespace to one space, strip the ends.

    A passage is verbatim when normalise(passage) is a substring of normalise(source). Only
    whitespace may differ (this is what lets a Dutch word and its link, split over two lines in the
    scraped page, be one passage); no letter, punctuation mark or typo may.
    """
    return _WHITESPACE.sub(" ", text).strip()


def search_key(text):
    """Case-folded, whitespace-normalised text for the search box (works for ß, Ü, Å and CJK)."""
    return normalise(text).casefold()


class LibraryError(Exception):
    """The data files are inconsistent; the message names the file and passage."""


@dataclass
class LoadReport:
    changed: bool = False
    content_hash: str = ""
    counts: dict = field(default_factory=dict)  # {"created": n, "updated": n, "deleted": n}

    def summary(self):
        if not self.changed or not any(self.counts.values()):
            return f"Guidance library up to date ({self.content_hash[:12]}): nothing changed."
        parts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"Guidance library loaded ({self.content_hash[:12]}): {parts}."


def _read_json(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LibraryError(f"{path.name} is missing from {path.parent}.") from None
    except json.JSONDecodeError as error:
        raise LibraryError(f"{path.name} is not valid JSON: {error}") from None


def content_hash(mapping_bytes, topics_bytes, source_bytes):
    digest = hashlib.sha256(FORMAT_VERSION.encode())
    for part in (mapping_bytes, topics_bytes, *(name.encode() + b"\0" + data for name, data in sorted(source_bytes.items()))):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _describe(passage):
    first_words = " ".join(normalise(passage.get("text", "")).split(" ")[:8])
    return f"{passage.get('source')}, section \u201c{passage.get('section')}\u201d: \u201c{first_words}\u2026\u201d"


def read_library():
    """Parse and check the data files; returns (hash, sources, topics, passages) as plain data.

    passages come back with their position in the source (1, 2, ... by where they start) and
    their normalised text, so the caller can store them.
    """
    mapping_bytes = MAPPING_FILE.read_bytes() if MAPPING_FILE.exists() else b""
    mapping = _read_json(MAPPING_FILE)
    topics_bytes = TOPICS_FILE.read_bytes() if TOPICS_FILE.exists() else b""
    topics = _read_json(TOPICS_FILE)

    sources, source_bytes, source_text = [], {}, {}
    for entry in mapping.get("sources", []):
        name = entry["file"]
        path = SOURCES_DIR / name
        if not path.is_file():
            raise LibraryError(f"Source file {name} is missing from {SOURCES_DIR}.")
        if entry["language"] not in LANGUAGES:
            raise LibraryError(f"Source {name} has an unknown language {entry['language']!r}.")
        source_bytes[name] = path.read_bytes()
        source_text[name] = normalise(source_bytes[name].decode("utf-8"))
        sources.append({"file_name": name, "language": entry["language"], "title": entry["title"]})
    languages = {s["file_name"]: s["language"] for s in sources}

    topic_slugs = set()
    for position, topic in enumerate(topics.get("topics", []), start=1):
        slug = topic.get("slug", "")
        if slug in topic_slugs:
            raise LibraryError(f"topics.json lists {slug!r} twice.")
        if topic.get("group") not in Topic.Group.values:
            raise LibraryError(f"Topic {slug!r} has an unknown group {topic.get('group')!r}.")
        for key in ("titles", "summaries"):
            unknown = set(topic.get(key, {})) - set(LANGUAGES)
            if unknown:
                raise LibraryError(f"Topic {slug!r} has {key} in unknown languages {sorted(unknown)}.")
        topic_slugs.add(slug)
        topic["position"] = position

    passages, seen = [], set()
    for entry in mapping.get("passages", []):
        name = entry.get("source")
        if name not in source_text:
            raise LibraryError(f"Passage {_describe(entry)} names a source that mapping.json does not list.")
        text = normalise(entry.get("text", ""))
        section = normalise(entry.get("section", ""))
        start = source_text[name].find(text) if text else -1
        if start < 0:
            raise LibraryError(f"Passage not found verbatim in its source: {_describe(entry)}")
        heading_at = source_text[name].find(section) if section else -1
        if heading_at < 0 or heading_at > start:
            raise LibraryError(f"Section heading not found verbatim before the passage: {_describe(entry)}")
        if (name, text) in seen:
            raise LibraryError(f"Passage listed twice: {_describe(entry)}")
        seen.add((name, text))
        tags = entry.get("topics", [])
        unknown = [slug for slug in tags if slug not in topic_slugs]
        if unknown or not tags:
            raise LibraryError(f"Passage {_describe(entry)} has unknown or no topics: {unknown}")
        if len(set(tags)) != len(tags):
            raise LibraryError(f"Passage {_describe(entry)} repeats a topic.")
        passages.append({"source": name, "start": start, "section": section, "text": text,
                         "language": languages[name], "topics": tags})

    for name in source_text:
        ordered = sorted((p for p in passages if p["source"] == name), key=lambda p: p["start"])
        for position, passage in enumerate(ordered, start=1):
            passage["position"] = position

    digest = content_hash(mapping_bytes, topics_bytes, source_bytes)
    return digest, sources, topics.get("topics", []), passages


def _save_if_changed(obj, values):
    """Set values on obj and save only when one differs, so updated_at moves only on a real change."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return bool(changed)


def load(force=False):
    """Build or update the tables from the data files. Idempotent: an unchanged library is skipped."""
    digest, sources, topics, passages = read_library()
    state = LibraryState.objects.first()
    if state and state.content_hash == digest and not force:
        return LoadReport(changed=False, content_hash=digest)

    counts = {"created": 0, "updated": 0, "deleted": 0}

    def tally(created, changed):
        if created:
            counts["created"] += 1
        elif changed:
            counts["updated"] += 1

    with transaction.atomic():
        source_rows = {s.file_name: s for s in Source.objects.all()}
        for values in sources:
            row = source_rows.get(values["file_name"])
            if row is None:
                source_rows[values["file_name"]] = Source.objects.create(**values)
                tally(True, False)
            else:
                tally(False, _save_if_changed(row, values))
        stale = [name for name in source_rows if name not in {s["file_name"] for s in sources}]
        if stale:
            counts["deleted"] += Source.objects.filter(file_name__in=stale).delete()[1].get("guidance.Source", 0)
            for name in stale:
                del source_rows[name]

        passage_texts = {}
        for p in passages:
            for slug in p["topics"]:
                passage_texts.setdefault(slug, []).append(p["text"])
        topic_rows = {t.slug: t for t in Topic.objects.all()}
        for topic in topics:
            slug = topic["slug"]
            titles = {lang: topic.get("titles", {}).get(lang, "") for lang in LANGUAGES}
            summaries = {lang: topic.get("summaries", {}).get(lang, "") for lang in LANGUAGES}
            values = {
                "group": topic["group"], "position": topic["position"], "titles": titles, "summaries": summaries,
                "guideline": topic.get("guideline", ""), "no_source": slug not in passage_texts,
                "search_text": search_key(" ".join([*titles.values(), *summaries.values(), *passage_texts.get(slug, [])])),
            }
            row = topic_rows.get(slug)
            if row is None:
                topic_rows[slug] = Topic.objects.create(slug=slug, **values)
                tally(True, False)
            else:
                tally(False, _save_if_changed(row, values))
        stale = [slug for slug in topic_rows if slug not in {t["slug"] for t in topics}]
        if stale:
            counts["deleted"] += Topic.objects.filter(slug__in=stale).delete()[1].get("guidance.Topic", 0)
            for slug in stale:
                del topic_rows[slug]

        passage_rows = {(p.source.file_name, p.position): p for p in Passage.objects.select_related("source")}
        wanted = set()
        for p in passages:
            key = (p["source"], p["position"])
            wanted.add(key)
            values = {"section": p["section"], "text": p["text"], "language": p["language"]}
            row = passage_rows.get(key)
            if row is None:
                passage_rows[key] = Passage.objects.create(source=source_rows[p["source"]], position=p["position"], **values)
                tally(True, False)
            else:
                tally(False, _save_if_changed(row, values))
        for key in set(passage_rows) - wanted:
            passage_rows.pop(key).delete()
            counts["deleted"] += 1

        wanted_tags = {}
        for p in passages:
            passage_id = passage_rows[(p["source"], p["position"])].id
            for relevance, slug in enumerate(p["topics"], start=1):
                wanted_tags[(passage_id, topic_rows[slug].id)] = relevance
        existing = {(t.passage_id, t.topic_id): t for t in PassageTopic.objects.all()}
        for key, tag in existing.items():
            if key not in wanted_tags:
                tag.delete()
                counts["deleted"] += 1
            elif tag.relevance != wanted_tags[key]:
                tag.relevance = wanted_tags[key]
                tag.save(update_fields=["relevance"])
                counts["updated"] += 1
        new_tags = [PassageTopic(passage_id=p, topic_id=t, relevance=r) for (p, t), r in wanted_tags.items() if (p, t) not in existing]
        PassageTopic.objects.bulk_create(new_tags)
        counts["created"] += len(new_tags)

        if state is None:
            LibraryState.objects.create(content_hash=digest)
        elif state.content_hash != digest:
            state.content_hash = digest
            state.save()
    from .services import clear_cache

    clear_cache()
    return LoadReport(changed=True, content_hash=digest, counts=counts)
