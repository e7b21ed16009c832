"""Five languages, complete: catalogues fully translated, every main page renders in each."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = {"de": "de", "nl": "nl", "sv": "sv", "zh-hans": "zh_Hans"}
DOMAINS = ["django", "djangojs"]


def catalogue(language_dir, domain):
    path = LOCALE_DIR / language_dir / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language_dir", TRANSLATED.values())
def test_every_catalogue_entry_is_translated_and_none_is_fuzzy(language_dir):
    django_po = catalogue(language_dir, "django")
    assert django_po is not None, f"locale/{language_dir}/LC_MESSAGES/django.po is missing"
    problems = []
    for domain in DOMAINS:
        po = catalogue(language_dir, domain)
        if po is None:
            continue
        for message in po:
            if not message.id:
                continue
            if message.fuzzy:
                problems.append(f"fuzzy: {message.id!r}")
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if not all(s.strip() for s in strings):
                problems.append(f"untranslated: {message.id!r}")
    assert problems == [], f"{language_dir}: {len(problems)} problems, first: {problems[:10]}"


def test_the_language_list_is_the_five():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "de", "nl", "sv", "zh-hans"]


PAGES = ["home", "diary:episode-quick", "diary:patterns", "guidance:index", "diary:summary"]
# A phrase each page shows in English that must not survive in another language.
ENGLISH_MARKERS = ["Log an episode", "Skip to main content", "Log out"]


@pytest.mark.parametrize("language", list(TRANSLATED))
def test_main_pages_render_in_each_language(owner_client, owner, language):
    owner.profile.language = language
    owner.profile.save()
    for name in PAGES:
        response = owner_client.get(reverse(name))
        assert response.status_code == 200, f"{name} in {language}: {response.status_code}"
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        for marker in ENGLISH_MARKERS:
            assert marker not in html, f"{name} in {language} still says {marker!r}"
    translation.activate("en")


def test_numbers_in_alert_reasons_follow_the_language():
    from diary.alerts import _one_decimal

    with translation.override("de"):
        assert _one_decimal(2.14) == "2,1"
    with translation.override("en"):
        assert _one_decimal(2.14) == "2.1"


def test_summary_period_labels_follow_the_language(owner_client, owner):
    owner.profile.language = "de"
    owner.profile.save()
    html = owner_client.get(reverse("diary:summary")).content.decode()
    assert "Last 30 days" not in html


@pytest.mark.parametrize("language_dir", TRANSLATED.values())
def test_every_catalogue_compiles_with_format_checks(language_dir, tmp_path):
    import shutil
    import subprocess

    po = LOCALE_DIR / language_dir / "LC_MESSAGES" / "django.po"
    if shutil.which("msgfmt"):
        result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    else:  # the Makefile's fallback compiler
        from babel.messages.mofile import write_mo

        with po.open("rb") as handle:
            catalog = read_po(handle)
        assert not list(catalog.check()), list(catalog.check())[:5]
        with (tmp_path / "django.mo").open("wb") as handle:
            write_mo(handle, catalog)
