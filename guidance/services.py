"""The guidance library's API for the rest of the app: guidance by topic slug, as plain data.

The diary (patterns, alerts, dashboard, GP summary) calls only these functions; it never reads
the guidance tables itself.
"""
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from .content import Citation, cite, guideline_citation  # noqa: F401 (the citation API for the diary)
from .models import LANGUAGES, PassageTopic, Topic

TITLES_CACHE_KEY = "guidance:titles:v1"
TITLES_CACHE_SECONDS = 600


@dataclass(frozen=True)
class PassageRef:
    source_file: str
    language: str
    section: str
    text: str


@dataclass(frozen=True)
class TopicGuidance:
    slug: str
    group: str
    title: str
    summary: str
    url: str
    passages: tuple[PassageRef, ...]
    guideline: str  # the guideline citation, or ""


def library_language(language=None):
    """One of LANGUAGES for a language code (the active one by default); English as the fallback."""
    code = (language or translation.get_language() or "en").lower().replace("_", "-")
    if code in LANGUAGES:
        return code
    if code.startswith("zh"):
        return "zh-hans"
    base = code.split("-")[0]
    return base if base in LANGUAGES else "en"


def ordered_tags():
    """Tags in relevance order: main subject first, then by source file and place in the source."""
    return PassageTopic.objects.select_related("passage__source").order_by(
        "relevance", "passage__source__file_name", "passage__position")


def guidance_for(slugs, language=None, passages_per_topic=3):
    """Guidance for topic slugs, in the order given (two queries); unknown slugs are skipped."""
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))
    if not wanted:
        return []
    language = library_language(language)
    topics = Topic.objects.filter(slug__in=wanted).prefetch_related(Prefetch("tags", queryset=ordered_tags()))
    by_slug = {topic.slug: topic for topic in topics}
    result = []
    for slug in wanted:
        topic = by_slug.get(slug)
        if topic is None:
            continue
        tags = list(topic.tags.all())[: max(passages_per_topic, 0)]
        passages = tuple(
            PassageRef(source_file=tag.passage.source.file_name, language=tag.passage.language,
                       section=tag.passage.section, text=tag.passage.text)
            for tag in tags
        )
        result.append(TopicGuidance(
            slug=topic.slug, group=topic.group, title=topic.title_in(language), summary=topic.summary_in(language),
            url=reverse("guidance:topic", args=[topic.slug]), passages=passages, guideline=topic.guideline,
        ))
    return result


def _titles():
    """{slug: {language: title}}, cached: links to topics appear on most pages."""
    titles = cache.get(TITLES_CACHE_KEY)
    if titles is None:
        # Cached even when empty: a page must cost the same queries whatever it links to.
        # load_guidance clears it (same process); other processes see a reload within minutes.
        titles = dict(Topic.objects.values_list("slug", "titles"))
        cache.set(TITLES_CACHE_KEY, titles, TITLES_CACHE_SECONDS)
    return titles


def topic_title(slug, language=None):
    """The topic's title in the language (active by default); "" for an unknown slug."""
    titles = _titles().get(slug)
    if not titles:
        return ""
    return titles.get(library_language(language)) or titles.get("en") or ""


def known_topics():
    """Every topic slug in the library."""
    return set(_titles())


def clear_cache():
    cache.delete(TITLES_CACHE_KEY)


def cite_source(source, language=None, *, short=False) -> str:
    """A readable citation for anything with .file/.section or .guideline (the alert rules' Source).

    A guideline reads as its full name (short: as named, "NICE NG59"); a seed file as title, site,
    language and section in the language (short: shortened title, language, section); the file
    name never appears (use cite(...).details for a details line).
    """
    guideline = getattr(source, "guideline", "")
    if guideline:
        return guideline if short else guideline_citation(guideline, language)
    file_name = getattr(source, "file", "") or getattr(source, "file_name", "")
    citation = cite(file_name, getattr(source, "section", ""), language)
    return citation.short if short else citation.text
