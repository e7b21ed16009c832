"""Chinese text uses full-width punctuation (，：；？！（）), in the guidance topics and the UI catalogue."""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CJK = r"[\u3400-\u9fff]"
ASCII_BESIDE_CJK = re.compile(rf"{CJK}[,:;?!]|[,:;?!]\s*{CJK}|\({CJK}[^()]*\)")


def chinese_strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "zh-hans" and isinstance(value, str):
                yield value
            else:
                yield from chinese_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from chinese_strings(item)


def test_guidance_topics_use_full_width_punctuation():
    topics = json.loads((ROOT / "guidance" / "data" / "topics.json").read_text(encoding="utf-8"))
    bad = [m.group(0) + " in " + text[:40] for text in chinese_strings(topics) for m in ASCII_BESIDE_CJK.finditer(text)]
    assert not bad, bad[:10]


def test_the_chinese_catalogue_uses_full_width_punctuation():
    catalogue = (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    # Each entry's translation: its msgstr lines and their continuation lines, joined.
    msgstrs = ["".join(re.findall(r'"(.*)"', entry.split("\nmsgstr", 1)[1]))
               for entry in re.split(r"^msgid ", catalogue, flags=re.M)[1:] if "\nmsgstr" in entry]
    bad = [m.group(0) + " in " + text[:40] for text in msgstrs for m in ASCII_BESIDE_CJK.finditer(text)]
    assert not bad, bad[:10]


def test_the_check_finds_ascii_punctuation():
    assert ASCII_BESIDE_CJK.search("痉挛,通常突然发生")
    assert not ASCII_BESIDE_CJK.search("痉挛，通常突然发生（%(date)s）")
