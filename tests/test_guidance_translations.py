"""Guidance in the reader's language: reviewed translations, grouped points, readable citations, guideline notes."""
import json
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from guidance import content
from guidance.library import MAPPING_FILE, TOPICS_FILE
from guidance.models import LANGUAGES, PassageTopic
from guidance.services import cite, cite_source

MAPPING = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
TOPICS = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
SOURCE_LANGUAGE = {s["file"]: s["language"] for s in MAPPING["sources"]}
HASHED = re.compile(content.HASHED_FILE_NAME)


def without_details(html):
    """The page with every details element removed (outermost first: nested ones go with it)."""
    previous = None
    while previous != html:
        previous, html = html, re.sub(r"<details\b(?:(?!<details\b).)*?</details>", "", html, flags=re.S)
    return html


@pytest.fixture
def guidance_library(db):
    call_command("load_guidance", verbosity=0)


# ---------------------------------------------------------------- the translation files


def test_it_has_a_reviewed_translation_of_every_passage_in_every_other_ui_language():
    """Strict on purpose: a passage without a reviewed translation is shown only in its original language."""
    missing = []
    for language in LANGUAGES:
        data = content.translations(language)
        assert not data or data.get("language") == language
        for passage in MAPPING["passages"]:
            if SOURCE_LANGUAGE[passage["source"]] == language:
                continue
            key = content.passage_key(passage["text"])
            entry = data.get("passages", {}).get(key, {})
            if not (entry.get("text", "").strip() and entry.get("reviewed") is True and entry.get("source") == passage["source"]):
                missing.append(f"{language}:{key}")
    assert not missing, f"{len(missing)} passage translations missing or not reviewed, e.g. {missing[:5]}"


def test_it_translates_every_section_heading_into_every_other_ui_language():
    missing = []
    for language in LANGUAGES:
        sections = content.translations(language).get("sections", {})
        for passage in MAPPING["passages"]:
            if SOURCE_LANGUAGE[passage["source"]] != language:
                key = f"{passage['source']}|{passage['section']}"
                if not sections.get(key, "").strip():
                    missing.append(f"{language}:{key}")
    assert not missing, f"{len(set(missing))} section headings untranslated, e.g. {sorted(set(missing))[:5]}"


def test_it_keys_translations_only_by_passages_that_exist():
    keys = {content.passage_key(p["text"]) for p in MAPPING["passages"]}
    for language in LANGUAGES:
        stray = set(content.translations(language).get("passages", {})) - keys
        assert not stray, f"{language}.json translates passages that mapping.json does not have: {sorted(stray)[:5]}"


def test_it_falls_back_to_the_original_when_a_translation_is_missing_or_unreviewed(tmp_path, monkeypatch):
    (tmp_path / "de.json").write_text(json.dumps({"language": "de", "passages": {
        "aaaaaaaaaaaa": {"source": "x", "text": "Geprüft", "reviewed": True},
        "bbbbbbbbbbbb": {"source": "x", "text": "Entwurf", "reviewed": False},
    }, "sections": {}}), encoding="utf-8")
    (tmp_path / "nl.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(content, "TRANSLATIONS_DIR", tmp_path)
    assert content.translated_passage("aaaaaaaaaaaa", "de") == "Geprüft"
    assert content.translated_passage("bbbbbbbbbbbb", "de") == ""  # a draft is never shown as a translation
    assert content.translated_passage("cccccccccccc", "de") == ""
    assert content.translated_passage("aaaaaaaaaaaa", "nl") == ""  # a broken file is no translation
    assert content.translated_passage("aaaaaaaaaaaa", "sv") == ""  # nor is a missing one
    assert content.translated_section("000_3a3248568156e5b1.txt", "Warnung", "sv") == "Warnung"


# ---------------------------------------------------------------- points


def test_it_groups_only_passages_tagged_with_the_topic_and_each_once():
    tagged = {}
    for passage in MAPPING["passages"]:
        for slug in passage["topics"]:
            tagged.setdefault(slug, set()).add(content.passage_key(passage["text"]))
    for topic in TOPICS:
        keys = [key for group in topic.get("points", []) for key in group]
        assert len(keys) == len(set(keys)), topic["slug"]
        assert set(keys) <= tagged.get(topic["slug"], set()), topic["slug"]
    running = next(t for t in TOPICS if t["slug"] == "running")
    assert {k for g in running["points"] for k in g} == tagged["running"]  # every running passage has its point


def test_it_shows_running_as_a_few_points_with_the_rest_behind_more(client, guidance_library):
    html = client.get(reverse("guidance:topic", args=["running"])).content.decode()
    main = html.split('<details class="mb-3 guidance-more">')[0]
    assert main.count('class="card mb-3 guidance-point"') == 5
    assert "5 more points" in html and "What the sources say: 10 points" in html
    # Every one of the 22 Chinese passages is still on the page, verbatim, one tap away.
    for tag in PassageTopic.objects.filter(topic__slug="running").select_related("passage"):
        assert tag.passage.text in html


def test_it_leads_a_point_with_the_readers_own_language_source(client, guidance_library):
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("guidance:topic", args=["prevention"])).content.decode()
    first = html.split('class="card mb-3 guidance-point"')[1]
    assert '<blockquote class="border-start border-4 ps-3 mb-2" lang="zh-Hans"><p class="mb-0">加强背部肌肉锻炼' in first
    client.cookies["django_language"] = "en"
    html = client.get(reverse("guidance:topic", args=["prevention"])).content.decode()
    first = html.split('class="card mb-3 guidance-point"')[1]
    assert "With these exercises that can be done at home" in first.split("<details")[0]


# ---------------------------------------------------------------- citations


def test_it_cites_a_passage_by_title_site_language_and_section():
    citation = cite("000_3a3248568156e5b1.txt", "Warnung", "en")
    assert citation.title and citation.original_title == "Rückenmuskelkrämpfe nach dem Dehnen"
    assert "German" in citation.text and "site not named" in citation.text
    assert not HASHED.search(citation.text)
    assert "000_3a3248568156e5b1.txt" in citation.details
    chinese = cite("004_c87b215f75f3e9e9.txt", "为什么一跑步后背会刺痛(为什么跑步时背部会突然刺痛?)", "en")
    assert "问答网" in chinese.text and "section" not in chinese.text  # the section is the title: said once
    assert cite("999_0000000000000000.txt", "Somewhere", "en").text  # a stale reference still reads


def test_it_cites_alert_sources_without_file_names():
    # The alert rules' Source: a seed file and section, or a guideline's short name.
    assert cite_source(SimpleNamespace(guideline="NICE NG59", file="", section=""), "en").startswith("NICE guideline NG59")
    text = cite_source(SimpleNamespace(guideline="", file="002_6382be78da2ead00.txt", section="Medicijnen"), "en")
    assert "Dutch" in text and not HASHED.search(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_shows_a_hashed_file_name_outside_a_details_line(client, guidance_library, language):
    client.cookies["django_language"] = language
    pages = [reverse("guidance:index"), reverse("guidance:index") + "?q=krampf", reverse("guidance:index") + "?q=跑步"]
    pages += [reverse("guidance:topic", args=[t["slug"]]) for t in TOPICS]
    for url in pages:
        html = client.get(url).content.decode()
        found = HASHED.findall(without_details(html))
        assert not found, f"{url} in {language} shows {found[:2]} outside a details element"


# ---------------------------------------------------------------- guideline notes

MEDICINE_WORDS = ("amitriptyline", "duloxetine", "diazepam", "paracetamol", "ibuprofen", "NSAID", "spinale fusie",
                  "Statines", "Diuretica", "non-steroid creams")


def test_every_passage_naming_a_medicine_has_a_guideline_note_in_every_language():
    notes = json.loads(content.NOTES_FILE.read_text(encoding="utf-8"))
    guidelines = notes["guidelines"]
    for guideline in guidelines.values():
        assert guideline["url"].startswith("https://") and guideline["read"]
    noted = {}
    for note in notes["notes"]:
        assert set(note["text"]) == set(LANGUAGES) and all(t.strip() for t in note["text"].values()), note["id"]
        assert note["cites"] and set(note["cites"]) <= set(guidelines), note["id"]
        for key in note["passages"]:
            noted.setdefault(key, set()).add(note["id"])
    naming = [p for p in MAPPING["passages"] if any(word.lower() in p["text"].lower() for word in MEDICINE_WORDS)]
    assert len(naming) >= 6
    for passage in naming:
        assert content.passage_key(passage["text"]) in noted, passage["text"][:60]
    assert noted["d9149eaeed4b"] >= {"paracetamol", "nsaids", "diazepam"}  # "Pijnstillers"
    assert "antidepressants" in noted["8c89cca35bbd"] and "spinal_fusion" in noted["7cc5acac3602"]


def test_it_shows_the_note_beside_the_passage_and_on_medicine_topics(client, guidance_library):
    html = client.get(reverse("guidance:topic", args=["muscle_relaxant"])).content.decode()
    assert html.count("What current guidelines say") >= 2  # the topic's note and the passage's notes
    assert "drowsy" in html and "addicted" in html and "https://www.nice.org.uk/guidance/ng59" in html
    # The verbatim text is unchanged beside its note.
    assert "In ernstigere gevallen kunnen spierverslappers, zoals diazepam, worden voorgeschreven." in html
    for slug in ("paracetamol", "nsaid", "nsaid_gel", "medication"):
        html = client.get(reverse("guidance:topic", args=[slug])).content.decode()
        assert "What current guidelines say" in html, slug
    html = client.get(reverse("guidance:topic", args=["stress"])).content.decode()
    assert "tricyclic antidepressants" in html


def test_the_topic_page_says_where_its_summary_comes_from(client, guidance_library):
    with_guideline = client.get(reverse("guidance:topic", args=["see_doctor"])).content.decode()
    assert "adds no advice" not in with_guideline and "from the guideline it names" in with_guideline
    assert "NICE guideline NG59" in with_guideline
    sources_only = client.get(reverse("guidance:topic", args=["running"])).content.decode()
    assert "adds no advice" not in sources_only and "from the passages below." in sources_only


# ---------------------------------------------------------------- 111

LOCAL_ROUTE = {"en": "the UK's non-emergency medical line", "de": "116117", "nl": "huisartsenpost", "sv": "1177",
               "zh-hans": "医生"}
NHS_111 = {"en": "NHS 111", "de": "NHS-Nummer 111", "nl": "NHS-lijn 111", "sv": "NHS 111", "zh-hans": "英国NHS 111"}


def test_111_is_named_as_the_uks_nhs_line_with_the_readers_own_route():
    notes = json.loads(content.NOTES_FILE.read_text(encoding="utf-8"))["notes"]
    texts = [(t["slug"], lang, text) for t in TOPICS for lang, text in t["summaries"].items()]
    texts += [(n["id"], lang, text) for n in notes for lang, text in n["text"].items()]
    mentions = 0
    for name, language, text in texts:
        for match in re.finditer(r"111", text):
            mentions += 1
            around = text[max(0, match.start() - 30): match.end() + 90]
            assert NHS_111[language] in around and LOCAL_ROUTE[language] in around, (name, language, around)
    assert mentions >= 20


def test_templates_cite_an_alert_source_with_a_filter():
    from django.template import Context, Template

    source = SimpleNamespace(guideline="", file="000_3a3248568156e5b1.txt", section="Warnung")
    html = Template("{% load guidance_tags %}{{ source|cite_source }}").render(Context({"source": source}))
    assert "German" in html and "Warning" in html and not HASHED.search(html)


def test_chinese_guideline_notes_use_full_width_punctuation():
    from tests.test_chinese_punctuation import ASCII_BESIDE_CJK

    notes = json.loads(content.NOTES_FILE.read_text(encoding="utf-8"))["notes"]
    bad = [m.group(0) for n in notes for m in ASCII_BESIDE_CJK.finditer(n["text"]["zh-hans"])]
    assert not bad, bad[:5]
