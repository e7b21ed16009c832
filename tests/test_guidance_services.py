"""guidance.services: the API the diary calls (guidance_for, topic_title, known_topics)."""
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from diary.analysis import CONTEXT_GUIDANCE, FACTOR_GUIDANCE, RISING_GUIDANCE
from diary.catalogues import Kind, RedFlag
from guidance.models import Topic
from guidance.services import PassageRef, TopicGuidance, guidance_for, known_topics, topic_title


@pytest.fixture
def guidance_library(db):
    call_command("load_guidance", verbosity=0)


def test_it_returns_guidance_in_the_requested_order_within_two_queries(guidance_library, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        result = guidance_for(["see_doctor", "no_such_topic", "dehydration", "running", "dehydration"], language="de")

    assert [g.slug for g in result] == ["see_doctor", "dehydration", "running"]
    dehydration = result[1]
    assert isinstance(dehydration, TopicGuidance) and dehydration.group == "trigger"
    assert dehydration.title == "Zu wenig Flüssigkeit, starkes Schwitzen"
    assert dehydration.summary == Topic.objects.get(slug="dehydration").summaries["de"]
    assert dehydration.url == reverse("guidance:topic", args=["dehydration"])
    assert 1 <= len(dehydration.passages) <= 3 and all(isinstance(p, PassageRef) for p in dehydration.passages)
    first = dehydration.passages[0]
    assert (first.source_file, first.language, first.section) == ("000_3a3248568156e5b1.txt", "de", "Austrocknung")


def test_it_orders_passages_by_relevance(guidance_library):
    (running,) = guidance_for(["running"], passages_per_topic=50)
    # Every Chinese list item about running comes before the passages that only mention it in passing.
    assert running.passages[0].text.startswith("肌肉拉伤或劳损:在跑步过程中")
    assert len(running.passages) > 3
    (footwear,) = guidance_for(["footwear"], passages_per_topic=1)
    assert len(footwear.passages) == 1 and "鞋子" in footwear.passages[0].text


def test_it_uses_the_active_language_and_cites_guidelines(guidance_library):
    with translation.override("nl"):
        (running,) = guidance_for(["running"])
        assert running.summary.startswith("De Chinese bron")
        assert topic_title("prolonged_sitting") == "Lang zitten (bureau, auto)"
    (flag,) = guidance_for(["saddle_numbness"], language="zh-hans")
    assert flag.passages == () and "NICE NG59" in flag.guideline and "NHS" in flag.summary
    (trigger,) = guidance_for(["running"])
    assert trigger.guideline == ""


def test_it_gives_titles_and_known_topics_without_repeated_queries(guidance_library, django_assert_num_queries):
    assert topic_title("running", "zh-hans") == "跑步"
    with django_assert_num_queries(0):  # cached after the first call: links on every page stay cheap
        assert topic_title("stress", "sv") == "Stress eller oro"
        assert topic_title("no_such_topic") == ""
        assert topic_title("running", "pt-br") == "Running"  # unknown language: English
        assert {"running", "see_doctor", "prevention"} <= known_topics()


def test_it_knows_every_topic_the_diary_links_to(guidance_library):
    linked = {"see_doctor", "prevention", "exercises", "treatment", "cramp", *RISING_GUIDANCE}
    linked |= {slug for slugs in FACTOR_GUIDANCE.values() for slug in slugs}
    linked |= {slug for slugs in CONTEXT_GUIDANCE.values() for slug in slugs}
    linked |= set(RedFlag.values) | set(Kind.values)
    assert linked <= known_topics()


def test_it_returns_nothing_for_an_empty_library_or_no_slugs(db):
    assert guidance_for([]) == []
    assert guidance_for(["running"]) == []
    assert topic_title("running") == ""
