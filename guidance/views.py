"""Guidance pages: the topic index with search, and one topic with its summary and source passages.

Both are public: the library holds no personal data.
"""
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from . import content
from .library import normalise, search_key
from .models import PassageTopic, Topic
from .services import library_language, ordered_tags

MAX_QUERY_LENGTH = 100
SNIPPET_RADIUS = 70

# The index groups topics the way a person looks for them, not by table column.
SECTIONS = (
    ("triggers", _("Triggers"), lambda t: t.group == Topic.Group.TRIGGER),
    ("kinds", _("Kinds of pain"), lambda t: t.group == Topic.Group.KIND),
    ("helps", _("What helps"), lambda t: t.group == Topic.Group.RELIEF or t.slug == "treatment"),
    ("doctor", _("When to see a doctor"), lambda t: t.group == Topic.Group.RED_FLAG or t.slug == "see_doctor"),
    ("prevention", _("Prevention and exercises"), lambda t: t.slug in ("prevention", "exercises")),
)


def html_lang(code):
    """BCP 47 for the lang attribute (zh-hans is written zh-Hans)."""
    return "zh-Hans" if code == "zh-hans" else code


def language_name(code):
    return get_language_info(code)["name_translated"]


def _snippet(text, key):
    """A short stretch of text around the first case-insensitive match of key, or None."""
    start = search_key(text).find(key)
    if start < 0:
        return None
    # search_key only collapses whitespace and case-folds, so positions match the normalised text
    # (casefold can lengthen a few letters, such as ß; the snippet is then off by a letter or two).
    plain = normalise(text)
    begin, end = max(0, start - SNIPPET_RADIUS), min(len(plain), start + len(key) + SNIPPET_RADIUS)
    if begin and (space := plain.find(" ", begin, start)) != -1:  # cut at word boundaries where there are any
        begin = space + 1
    if end < len(plain) and (space := plain.rfind(" ", start + len(key), end)) != -1:
        end = space
    return ("\u2026" if begin else "") + plain[begin:end] + ("\u2026" if end < len(plain) else "")


def _search(topics, q, language):
    """Topics whose titles, summaries (any language) or passages contain q, each with a snippet."""
    key = search_key(q)
    matched = [topic for topic in topics if key in topic.search_text]
    passages = {}
    for tag in PassageTopic.objects.filter(topic__in=matched).select_related("passage__source").order_by(
            "relevance", "passage__source__file_name", "passage__position"):
        passages.setdefault(tag.topic_id, []).append(tag.passage)
    results = []
    for topic in matched:
        # The reader's own summary first, then the sources' own words, then the other summaries.
        candidates = [(topic.summaries.get(language, ""), language, None)]
        candidates += [(p.text, p.language, p) for p in passages.get(topic.id, [])]
        candidates += [(text, code, None) for code, text in topic.summaries.items() if code != language]
        for text, code, passage in candidates:
            snippet = _snippet(text, key)
            if snippet:
                break
        else:  # matched only the title
            snippet, code, passage = topic.summary_in(language), language, None
        results.append({
            "topic": topic, "title": topic.title_in(language), "url": reverse("guidance:topic", args=[topic.slug]),
            "snippet": snippet, "lang": html_lang(code), "language_name": language_name(code),
            "citation": content.cite(passage.source.file_name, passage.section, language).text if passage else "",
            "from_summary": passage is None,
        })
    return results


def topic_index(request):
    language = library_language()
    q = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    topics = list(Topic.objects.all())
    languages = {}
    for topic_id, code in PassageTopic.objects.values_list("topic_id", "passage__language").distinct():
        languages.setdefault(topic_id, set()).add(code)
    order = {code: i for i, code in enumerate(("de", "sv", "nl", "en", "zh-hans"))}
    sections = []
    for key, title, belongs in SECTIONS:
        members = sorted((t for t in topics if belongs(t)), key=lambda t: (t.slug != "see_doctor", t.position))
        items = [{
            "slug": t.slug, "title": t.title_in(language), "url": reverse("guidance:topic", args=[t.slug]),
            "languages": [c.split("-")[0].upper() for c in sorted(languages.get(t.id, ()), key=order.get)],
            "guideline": t.guideline if t.no_source else "",
        } for t in members]
        if items:
            sections.append({"key": key, "title": title, "topics": items})
    context = {
        "q": q, "sections": sections, "searched": bool(q),
        "results": _search(topics, q, language) if q else [],
        "empty_library": not topics,
    }
    return render(request, "guidance/index.html", context)


POINTS_SHOWN = 5


def _points(topic, tags, language):
    """The topic's passages grouped by the point they make, most relevant first (see content.topic_points).

    A passage missing from the curated grouping becomes a point of its own, after the curated ones,
    in relevance order with the reader's own language first, so nothing tagged is ever hidden.
    """
    by_key = {}
    for tag in tags:
        key = content.key_for(tag.passage.source.file_name, tag.passage.text)
        by_key.setdefault(key or f"row-{tag.passage.id}", tag.passage)
    groups, placed = [], set()
    for keys in content.topic_points(topic.slug):
        members = [by_key[k] for k in keys if k in by_key and k not in placed]
        placed.update(k for k in keys if k in by_key)
        if members:
            groups.append(members)
    groups += [[passage] for key, passage in by_key.items() if key not in placed]
    return [_point(members, language) for members in groups]


def _point(members, language):
    # The reader's own-language source leads when there is one; otherwise the first (most relevant).
    lead = next((p for p in members if p.language == language), members[0])
    key = content.key_for(lead.source.file_name, lead.text)
    translation = "" if lead.language == language else content.translated_passage(key, language)
    citations, seen = [], set()
    for passage in [lead, *[p for p in members if p is not lead]]:
        if (passage.source.file_name, passage.section) not in seen:
            seen.add((passage.source.file_name, passage.section))
            citations.append(content.cite(passage.source.file_name, passage.section, language))
    notes, note_ids = [], set()
    for passage in members:
        for note in content.notes_for_passage(content.key_for(passage.source.file_name, passage.text), language):
            if note.id not in note_ids:
                note_ids.add(note.id)
                notes.append(note)
    originals = [{
        "text": p.text, "lang": html_lang(p.language), "language_name": language_name(p.language),
        "citation": content.cite(p.source.file_name, p.section, language),
        "translation": "" if p is lead or p.language == language else content.translated_passage(
            content.key_for(p.source.file_name, p.text), language),
    } for p in [lead, *[p for p in members if p is not lead]]]
    return {
        "lead": lead, "text": translation or lead.text, "translated": bool(translation),
        "untranslated": not translation and lead.language != language,
        "lang": html_lang(language if translation else lead.language),
        "source_language_name": language_name(lead.language), "citations": content.group_citations(citations),
        "originals": originals, "notes": notes, "passage_count": len(members), "places": len(citations),
        "languages": sorted({language_name(p.language) for p in members}),
    }


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    language = library_language()
    tags = list(ordered_tags().filter(topic=topic))
    # Within one relevance level, passages in the reader's own language come first.
    tags.sort(key=lambda tag: (tag.relevance, tag.passage.language != language))
    passages = [tag.passage for tag in tags]
    also = {}
    for tag in PassageTopic.objects.filter(passage__in=passages).exclude(topic=topic).select_related("topic").order_by(
            "relevance", "topic__position"):
        also.setdefault(tag.passage_id, []).append(tag.topic)
    points = _points(topic, tags, language)
    for point in points:
        point["also"] = [{"title": t.title_in(language), "url": reverse("guidance:topic", args=[t.slug])}
                         for t in also.get(point["lead"].id, [])[:4]]
    guidelines = [content.guideline_citation(name.strip(), language) for name in topic.guideline.split(";") if name.strip()]
    context = {
        "topic": topic, "title": topic.title_in(language), "summary": topic.summary_in(language),
        "group_label": topic.get_group_display(), "reader_language_name": language_name(language),
        "points": points[:POINTS_SHOWN], "more_points": points[POINTS_SHOWN:], "point_count": len(points),
        "passage_count": len(passages), "source_count": len({p.source_id for p in passages}),
        "guidelines": guidelines, "topic_notes": content.notes_for_topic(topic.slug, language),
    }
    return render(request, "guidance/topic.html", context)
