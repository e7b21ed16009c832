"""The guidance library: verbatim passages, no page furniture, complete topics, idempotent loading."""
import json
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from diary.catalogues import Kind, RedFlag, Relief, Trigger
from guidance import library
from guidance.library import MAPPING_FILE, SOURCES_DIR, TOPICS_FILE, normalise
from guidance.models import LANGUAGES, LibraryState, Passage, PassageTopic, Source, Topic

MAPPING = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
TOPICS = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
SEED_FILES = {
    "000_3a3248568156e5b1.txt": "de", "001_7a4535e076f31f54.txt": "sv", "002_6382be78da2ead00.txt": "nl",
    "003_0e36cebebd0fedc4.txt": "en", "004_c87b215f75f3e9e9.txt": "zh-hans",
}
GENERAL_TOPICS = {"prevention", "exercises", "treatment", "see_doctor"}
CATALOGUE_TOPICS = {slug for choices in (Trigger, Relief, Kind, RedFlag) for slug in choices.values if slug != "other"}

# What the seeds' README says to drop: breadcrumbs, image captions and credits, markup, "read more", the
# Erik anecdote, the blog chrome and reply form, the Chinese site chrome, user names, disclaimer,
# unrelated questions (face numbness, heart rate, nipple pain, leg pain, treadmill ankles, being slow)
# and the assistant box.
FURNITURE = [
    "Startseite", "»", "(Bild:", "iStock", "Getty Images",
    "Bron:", "Shutterstock", "[ARTIKEL", "[/ARTIKEL", "Lees verder", "Erik", "ijzeren greep",
    "Posted on", "Leave a comment", "Leave a Reply", "email address", "Required fields", "Possible-causes",
    "问答网", "首页", "体育运动 >", "那辛酸回忆", "无休无止", "夕阳飘雪", "╮", "免责声明", "本网站", "法律责任",
    "跑步相关问答", "脸麻", "心率", "乳头", "腿疼", "跑步机", "脚踝", "比别人", "推荐", "智能助手", "Hi,",
    "您可以", "运球", "指甲", "脚筋", "小腿酸", "2026-",
]


@pytest.fixture
def guidance_library(db):
    call_command("load_guidance", verbosity=0)


def snapshot():
    """Every row of every guidance table with its updated-at stamp, as comparable plain data."""
    return {
        "sources": sorted(Source.objects.values_list("file_name", "updated_at")),
        "topics": sorted(Topic.objects.values_list("slug", "updated_at")),
        "passages": sorted(Passage.objects.values_list("source__file_name", "position", "updated_at", "text")),
        "tags": sorted(PassageTopic.objects.values_list("id", "passage_id", "topic_id", "relevance")),
        "state": list(LibraryState.objects.values_list("id", "content_hash", "loaded_at")),
    }


# ---------------------------------------------------------------- the data files


def test_it_keeps_the_five_seed_files_under_their_own_names():
    assert {path.name for path in SOURCES_DIR.iterdir()} == set(SEED_FILES)
    assert {s["file"]: s["language"] for s in MAPPING["sources"]} == SEED_FILES


def test_it_finds_every_passage_verbatim_in_its_source():
    sources = {name: normalise((SOURCES_DIR / name).read_text(encoding="utf-8")) for name in SEED_FILES}
    for passage in MAPPING["passages"]:
        text = sources[passage["source"]]
        assert normalise(passage["text"]) in text, passage["text"][:60]
        assert normalise(passage["section"]) in text, passage["section"]


def test_it_defines_verbatim_as_equal_up_to_whitespace_only():
    assert normalise("Een spasme of\nspierkramp (\nspierverkramping) in") == "Een spasme of spierkramp ( spierverkramping) in"
    assert normalise("  a \t b\n\n") == "a b"
    assert normalise("Het ie belangrijk") != normalise("Het is belangrijk")  # typos are kept, not corrected


def test_it_keeps_page_furniture_out_of_passages():
    for passage in MAPPING["passages"]:
        for marker in FURNITURE:
            assert marker not in passage["text"], (marker, passage["text"][:60])
            assert marker not in passage["section"], (marker, passage["section"])


def test_it_splits_the_chinese_answers_at_their_list_items_and_joins_the_broken_dutch_lines():
    chinese = [p["text"] for p in MAPPING["passages"] if p["source"] == "004_c87b215f75f3e9e9.txt"]
    assert len(chinese) >= 20
    for text in chinese:
        assert " " not in text and len(text) < 120, text  # one list item, not a whole answer
    dutch = [p["text"] for p in MAPPING["passages"] if p["source"] == "002_6382be78da2ead00.txt"]
    assert any("Een spasme of spierkramp ( spierverkramping) in de onderrug" in text for text in dutch)
    assert all("\n" not in p["text"] for p in MAPPING["passages"])


def test_it_has_a_topic_for_every_catalogue_slug_and_general_topic():
    slugs = [topic["slug"] for topic in TOPICS]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == CATALOGUE_TOPICS | GENERAL_TOPICS


def test_it_has_a_title_and_a_two_to_four_sentence_summary_in_every_language():
    for topic in TOPICS:
        for language in LANGUAGES:
            assert topic["titles"].get(language, "").strip(), (topic["slug"], language)
            summary = topic["summaries"].get(language, "").strip()
            assert summary, (topic["slug"], language)
            ends = "。" if language == "zh-hans" else "."
            sentences = len(re.findall(r"\.(?:\s|$)", summary)) if ends == "." else summary.count("。")
            assert 2 <= sentences <= 4, (topic["slug"], language, sentences)


def test_it_tags_only_known_topics_and_every_trigger_has_a_passage():
    tagged = {slug for passage in MAPPING["passages"] for slug in passage["topics"]}
    assert tagged <= CATALOGUE_TOPICS | GENERAL_TOPICS
    assert set(Trigger.values) <= tagged
    assert GENERAL_TOPICS <= tagged


def test_it_cites_a_guideline_where_no_source_speaks_to_a_red_flag():
    tagged = {slug for passage in MAPPING["passages"] for slug in passage["topics"]}
    unsourced = [topic for topic in TOPICS if topic["slug"] not in tagged]
    assert unsourced and all(topic["group"] == "red_flag" for topic in unsourced)
    for topic in unsourced:
        assert re.search(r"NICE NG59|NHS", topic["guideline"]), topic["slug"]
        assert topic["summaries"]["en"].startswith("No source in this library speaks"), topic["slug"]
        assert "NHS" in topic["summaries"]["zh-hans"] and "NHS" in topic["summaries"]["de"]


# ---------------------------------------------------------------- load_guidance


def test_it_builds_the_tables_from_the_files(guidance_library):
    assert Source.objects.count() == 5
    assert Passage.objects.count() == len(MAPPING["passages"])
    assert Topic.objects.count() == len(TOPICS)
    for slug in Trigger.values:
        assert PassageTopic.objects.filter(topic__slug=slug).exists(), slug
    assert Topic.objects.get(slug="saddle_numbness").no_source
    assert not Topic.objects.get(slug="running").no_source
    assert Passage.objects.get(section="Austrocknung").language == "de"


def test_it_loads_idempotently(guidance_library, capsys):
    before = snapshot()
    call_command("load_guidance")
    assert "nothing changed" in capsys.readouterr().out
    call_command("load_guidance", "--force")
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot() == before


def test_it_updates_only_what_changed(guidance_library, tmp_path, monkeypatch):
    mapping = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    mapping["passages"][0]["topics"].append("see_doctor")
    changed = tmp_path / "mapping.json"
    changed.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(library, "MAPPING_FILE", changed)
    passages_before = sorted(Passage.objects.values_list("id", "updated_at"))
    topics_before = dict(Topic.objects.values_list("slug", "updated_at"))

    report = library.load()

    # One new tag, and see_doctor's search text now holds the newly tagged passage.
    assert report.changed and report.counts == {"created": 1, "updated": 1, "deleted": 0}
    assert sorted(Passage.objects.values_list("id", "updated_at")) == passages_before
    topics_after = dict(Topic.objects.values_list("slug", "updated_at"))
    assert [slug for slug in topics_after if topics_after[slug] != topics_before[slug]] == ["see_doctor"]


def test_it_fails_clearly_on_a_tampered_passage(guidance_library, tmp_path, monkeypatch):
    mapping = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    passage = next(p for p in mapping["passages"] if p["section"] == "Medicijnen")
    passage["text"] = passage["text"].replace("Statines", "Vitamines")
    tampered = tmp_path / "mapping.json"
    tampered.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(library, "MAPPING_FILE", tampered)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("load_guidance")

    message = str(error.value)
    assert "not found verbatim" in message
    assert "002_6382be78da2ead00.txt" in message and "Medicijnen" in message and "Soms schuilt de oorzaak" in message
    assert snapshot() == before


def test_it_fails_when_a_source_file_was_edited(guidance_library, tmp_path, monkeypatch):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    german = sources / "000_3a3248568156e5b1.txt"
    german.write_text(german.read_text(encoding="utf-8").replace("quälend", "lästig"), encoding="utf-8")
    monkeypatch.setattr(library, "SOURCES_DIR", sources)

    with pytest.raises(CommandError, match="000_3a3248568156e5b1.txt.*Muskelkrämpfe können quälend"):
        call_command("load_guidance")


# ---------------------------------------------------------------- pages


def test_it_lists_topics_by_group_for_anyone(client, guidance_library):
    response = client.get(reverse("guidance:index"))
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Triggers", "What helps", "When to see a doctor", "Prevention and exercises"):
        assert heading in html
    for slug in Trigger.values + ["see_doctor", "prevention", "exercises", "saddle_numbness"]:
        assert reverse("guidance:topic", args=[slug]) in html


def test_it_shows_sources_in_their_original_language_with_the_citation(client, guidance_library):
    response = client.get(reverse("guidance:topic", args=["dehydration"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert Topic.objects.get(slug="dehydration").summaries["en"] in html
    german = Passage.objects.get(section="Austrocknung")
    # The verbatim original is always on the page (one tap away), marked with its language.
    assert f'<blockquote class="mb-1" lang="de"><p class="mb-0">{german.text}</p>' in html
    # Cited by title, kind of page, language and section in the reader's language; the file name only in details.
    assert "web article, site not named" in html and "Original: Rückenmuskelkrämpfe nach dem Dehnen \u203a Austrocknung" in html
    assert 'lang="zh-Hans"' in html and 'lang="sv"' in html and 'lang="nl"' in html
    assert "Gist in English" not in html


def test_it_shows_the_summary_in_the_readers_language_and_no_translation_for_its_own_language(client, guidance_library):
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("guidance:topic", args=["footwear"])).content.decode()
    topic = Topic.objects.get(slug="footwear")
    assert topic.summaries["zh-hans"] in html and topic.titles["zh-hans"] in html
    assert '<blockquote class="border-start border-4 ps-3 mb-2" lang="zh-Hans"><p class="mb-0">鞋子不合适:如果跑步时穿着的鞋子不合适' in html
    assert "Translated from" not in html  # all footwear passages are Chinese: nothing to translate


def test_it_says_when_no_source_speaks_to_a_topic(client, guidance_library):
    html = client.get(reverse("guidance:topic", args=["bladder_bowel"])).content.decode()
    assert "None of the five source articles speaks to this topic" in html
    assert "NICE guideline NG59" in html and "NHS: Back pain" in html and "from the guideline it cites" in html
    assert "<blockquote" not in html and "passages below" not in html


def test_it_returns_404_for_an_unknown_topic(client, guidance_library):
    assert client.get(reverse("guidance:topic", args=["no_such_topic"])).status_code == 404


def test_it_searches_summaries_and_passages_in_every_language(client, guidance_library):
    url = reverse("guidance:index")
    german = client.get(url, {"q": "überanstrengung"}).content.decode()  # a German word, lower case
    assert reverse("guidance:topic", args=["overexertion"]) in german and "Überanstrengung" in german
    chinese = client.get(url, {"q": "鞋子"}).content.decode()
    assert reverse("guidance:topic", args=["footwear"]) in chinese
    swedish = client.get(url, {"q": "UTTORKNING"}).content.decode()
    assert reverse("guidance:topic", args=["dehydration"]) in swedish
    nothing = client.get(url, {"q": "zzzqqq"}).content.decode()
    assert "Nothing found" in nothing


def test_it_shows_an_empty_library_plainly(client, db):
    response = client.get(reverse("guidance:index"))
    assert response.status_code == 200 and "load_guidance" in response.content.decode()
