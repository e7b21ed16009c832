"""Guidance pages: the topic index with search, and one topic with its summary and source passages.

Both are public: the library holds no personal data.
"""
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

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
            "citation": f"{passage.source.file_name}, {passage.section}" if passage else "",
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
    summary = topic.summary_in(language)
    items = [{
        "text": p.text, "section": p.section, "source_file": p.source.file_name, "lang": html_lang(p.language),
        "language_name": language_name(p.language), "foreign": p.language != language,
        "also": [{"title": t.title_in(language), "url": reverse("guidance:topic", args=[t.slug])} for t in also.get(p.id, [])],
    } for p in passages]
    context = {
        "topic": topic, "title": topic.title_in(language), "summary": summary, "group_label": topic.get_group_display(),
        "passages": items, "reader_language_name": language_name(language),
        "source_count": len({p.source_id for p in passages}),
    }
    return render(request, "guidance/topic.html", context)

