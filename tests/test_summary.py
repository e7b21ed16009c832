"""GP summary: numbers, contents, toggles, languages and fonts in the PDF, pages, privacy, command."""
from __future__ import annotations

import io
import random
import re
from datetime import datetime, time, timedelta
from functools import lru_cache
from statistics import median

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.builders import TODAY, checkin, days_back, diary, episode, medicine, note
from diary.models import AlertNote, CheckIn, Episode, EpisodeLocation, EpisodeRedFlag, EpisodeRelief
from diary.summary import SummaryOptions, build_summary, render_summary_html, render_summary_pdf, summary_for_user

LANGUAGES = ("en", "de", "nl", "sv", "zh-hans")
SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'


# --- helpers -------------------------------------------------------------------------------------

def options(days=90, end=TODAY, **kwargs) -> SummaryOptions:
    return SummaryOptions(start=end - timedelta(days=days - 1), end=end, **kwargs)


def pdf_reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


def pdf_fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used in the PDF by base name, and whether its program is embedded."""
    fonts = {}
    for page in pdf_reader(pdf).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


@lru_cache(maxsize=1)
def covered_codepoints() -> frozenset[int]:
    """Code points the PDF's two fonts have glyphs for: DejaVu Sans and the CJK face."""
    from fontTools.ttLib import TTFont
    from matplotlib import get_data_path

    from diary.summary import pdf_cjk_font_path

    points = set()
    for path, number in ((f"{get_data_path()}/fonts/ttf/DejaVuSans.ttf", -1), (str(pdf_cjk_font_path()), 0)):
        font = TTFont(path, lazy=True, fontNumber=number) if path.endswith(".ttc") else TTFont(path, lazy=True)
        points.update(font.getBestCmap())
    return frozenset(points)


def dense_diary(days=90, per_day=2, seed=7):
    """A heavy diary: every day a check-in and two episodes with every field filled and long notes."""
    rng = random.Random(seed)
    episodes, checkins = [], []
    for offset in range(days + 30):
        day = days_back(offset)
        checkins.append(checkin(day, fluid_litres=rng.choice([1.0, 2.0, 2.5]), caffeine_drinks=rng.randint(0, 5),
                                alcohol_units=rng.choice([0.0, 4.0]), stress=rng.randint(0, 10),
                                sleep_hours=rng.choice([5.0, 7.5]), sitting_hours=rng.choice([4.0, 9.0]),
                                exercise_minutes=30, activities=rng.sample(["running", "walking", "gym", "stretching"], 2),
                                worst_pain=rng.randint(0, 9), notes="A long day; the back was stiff in the evening."))
        for n in range(per_day):
            episodes.append(episode(
                day, rng.randint(1, 9), hour=7 + 10 * n, duration_minutes=rng.randint(1, 120),
                kind=rng.choice(["spasm", "cramp", "stabbing", "dull_ache", "stiffness", "radiating"]),
                side=rng.choice(["left", "right", "both", "centre"]),
                context=rng.choice(["during_exercise", "after_exercise", "at_rest", "at_night", "at_work", "lifting_or_moving"]),
                locations=rng.sample(["neck", "upper_back", "mid_back", "lower_back", "hip_buttock", "leg"], 3),
                triggers=rng.sample(["stretching", "running", "dehydration", "caffeine", "stress", "overexertion",
                                     "no_warmup", "prolonged_sitting", "lifting", "poor_sleep"], 4),
                reliefs=[(slug, rng.choice(["helped", "partly", "no_help"]))
                         for slug in rng.sample(["heat", "cold", "stretch", "massage", "walking", "rest", "fluids",
                                                 "paracetamol", "nsaid", "nsaid_gel"], 4)],
                red_flags=rng.sample(["numbness_tingling", "night_pain", "cannot_move", "leg_weakness"], 1)
                if rng.random() < 0.1 else [],
                notes=f"Episode note {offset}-{n}: it started while tying my shoes and eased with heat after a while. "
                      "I could walk but sitting was hard for the rest of the day.",
            ))
    return diary(episodes, checkins, display_name="Anna Lindqvist",
                 doctor_questions="Could this be a disc problem?\nShould I see a physiotherapist?",
                 medicines=[medicine("Atorvastatin", "statin", days_back(200)), medicine("Ibuprofen", "pain_relief", None)])


def add_episode(owner, days_ago=1, intensity=5, hour=10, notes="", locations=("lower_back",), red_flags=(),
                reliefs=(), kind="spasm", duration=None):
    started = timezone.make_aware(
        datetime.combine(timezone.localdate(timezone=owner.profile.tzinfo) - timedelta(days=days_ago), time(hour)),
        owner.profile.tzinfo,
    )
    item = Episode.objects.create(owner=owner, started_at=started, intensity=intensity, notes=notes, kind=kind,
                                  duration_minutes=duration)
    for slug in locations:
        EpisodeLocation.objects.create(episode=item, location=slug)
    for slug in red_flags:
        EpisodeRedFlag.objects.create(episode=item, flag=slug)
    for slug, outcome in reliefs:
        EpisodeRelief.objects.create(episode=item, relief=slug, outcome=outcome)
    return item


# --- numbers and contents (plain data) -----------------------------------------------------------

def test_it_computes_counts_per_week_change_median_worst_and_days_logged():
    current = [episode(days_back(d), i) for d, i in ((1, 2), (5, 7), (10, 4), (20, 9), (40, 3), (60, 6))]
    previous = [episode(days_back(d), 5) for d in (100, 120, 150, 170)]
    checkins = [checkin(days_back(d)) for d in range(0, 90, 3)]  # 30 days, some with an episode too
    summary = build_summary(diary(current + previous, checkins), options(), with_chart=False)
    numbers = summary.numbers
    assert numbers.episodes == 6
    assert numbers.per_week == round(6 * 7 / 90, 1)
    assert numbers.previous_episodes == 4
    assert numbers.change_percent == 50
    assert numbers.median_intensity == median([2, 7, 4, 9, 3, 6]) == 5.0
    assert numbers.worst_intensity == 9
    logged = {days_back(d) for d in range(0, 90, 3)} | {days_back(d) for d in (1, 5, 10, 20, 40, 60)}
    assert numbers.days_logged == len(logged)
    assert numbers.days_logged_percent == round(100 * len(logged) / 90)


def test_it_reports_no_change_when_the_previous_period_is_empty():
    summary = build_summary(diary([episode(days_back(1), 4)]), options(), with_chart=False)
    assert summary.numbers.change_percent is None
    assert summary.numbers.median_intensity == 4.0


def test_it_keeps_episodes_outside_the_period_out():
    data = diary([episode(days_back(0), 3), episode(days_back(29), 4), episode(days_back(30), 9)])
    summary = build_summary(data, options(days=30), with_chart=False)
    assert summary.numbers.episodes == 2
    assert summary.numbers.worst_intensity == 4


def test_it_counts_locations_kinds_contexts_and_reliefs():
    data = diary([
        episode(days_back(1), 5, kind="cramp", context="at_night", locations=["leg"], reliefs=[("heat", "helped")]),
        episode(days_back(2), 5, kind="cramp", context="at_rest", locations=["leg", "lower_back"],
                reliefs=[("heat", "no_help"), ("nsaid", "partly")]),
        episode(days_back(3), 5, kind="spasm", locations=["lower_back"], reliefs=[("heat", "")]),
    ])
    summary = build_summary(data, options(), with_chart=False)
    assert [(r.slug, r.count, r.percent) for r in summary.locations] == [("leg", 2, 67), ("lower_back", 2, 67)]
    assert [(r.slug, r.count) for r in summary.kinds] == [("cramp", 2), ("spasm", 1)]
    heat = next(r for r in summary.reliefs if r.slug == "heat")
    assert (heat.tried, heat.helped, heat.partly, heat.no_help, heat.unknown) == (3, 1, 0, 1, 1)


def test_it_lists_red_flags_with_dates_and_the_day_they_were_discussed():
    flagged = episode(days_back(5), 6, red_flags=["numbness_tingling"])
    later = episode(days_back(2), 6, red_flags=["numbness_tingling", "both_legs"], locations=["lower_back"])
    data = diary([flagged, later], alert_notes=[
        note("symptom", f"symptom:numbness_tingling:{flagged.id}", days_back(1)),
    ])
    summary = build_summary(data, options(), with_chart=False)
    by_slug = {row.slug: row for row in summary.red_flags}
    assert by_slug["both_legs"].urgency == "emergency"
    assert summary.red_flags[0].slug == "both_legs"  # most urgent first
    assert by_slug["numbness_tingling"].dates == (days_back(5), days_back(2))
    assert by_slug["numbness_tingling"].discussed_on == days_back(1)
    assert by_slug["both_legs"].discussed_on is None


def test_it_groups_repeated_alerts_into_one_row():
    cramps = [episode(days_back(d), 4, kind="cramp", duration_minutes=25, locations=["leg"]) for d in (3, 9, 15)]
    summary = build_summary(diary(cramps), options(), with_chart=False)
    long_cramp = [row for row in summary.alerts if row.rule == "long_cramp"]
    assert len(long_cramp) == 1
    assert long_cramp[0].count == 3
    assert (long_cramp[0].first, long_cramp[0].last) == (days_back(15), days_back(3))


def test_it_shows_only_possible_patterns():
    # Running days: an episode every time; other days: never. Walking is unrelated. A year, since
    # the badge rule (insights.looks) is strict while a diary is young.
    episodes, checkins = [], []
    for d in range(360):
        ran = d % 3 == 0
        checkins.append(checkin(days_back(d), activities=["running"] + (["walking"] if d % 2 else [])
                                if ran else (["walking"] if d % 2 else [])))
        if ran:
            episodes.append(episode(days_back(d), 5))
    summary = build_summary(diary(episodes, checkins), options(days=360), with_chart=False)
    assert [row.factor for row in summary.patterns] == ["running"]
    assert summary.patterns[0].ci_low > 1
    assert summary.patterns[0].exposed_with_episode == summary.patterns[0].exposed_days == 120
    assert summary.patterns_tested >= 2


def test_it_shows_a_possible_pattern_of_the_user_s_own_factor_by_its_own_name():
    from dataclasses import replace

    from diary.records import CustomFactorRecord

    episodes, checkins = [], []
    for d in range(360):
        cold = d % 4 == 0
        checkins.append(replace(checkin(days_back(d), activities=[]), custom={"cold weather": cold}))
        if cold and d % 8 == 0 or d % 13 == 0:
            episodes.append(episode(days_back(d), 5))
    data = replace(diary(episodes, checkins), custom_factors=(CustomFactorRecord("cold weather", "yesno"),))
    summary = build_summary(data, options(days=360), with_chart=False)
    assert [(row.factor, row.label) for row in summary.patterns] == [("custom:cold weather", "cold weather")]
    assert "“cold weather”" in summary.patterns[0].sentence


def test_it_says_what_is_missing_when_nothing_can_be_compared():
    summary = build_summary(diary([episode(days_back(1), 5)]), options(), with_chart=False)
    assert summary.patterns == ()
    assert "Not enough data" in summary.patterns_note


def test_it_adds_the_appendix_only_when_asked():
    data = diary([episode(days_back(d), 5, notes="private") for d in range(5)])
    assert build_summary(data, options(), with_chart=False).appendix == ()
    with_appendix = build_summary(data, options(include_appendix=True), with_chart=False)
    assert len(with_appendix.appendix) == 5
    assert all(row.notes == "" for row in with_appendix.appendix)
    with_notes = build_summary(data, options(include_appendix=True, include_notes=True), with_chart=False)
    assert all(row.notes == "private" for row in with_notes.appendix)


# --- toggles and escaping in HTML and PDF --------------------------------------------------------

def test_it_keeps_notes_and_questions_out_unless_asked():
    data = diary([episode(days_back(1), 5, notes="Secret note about my shoes", red_flags=["cannot_move"])],
                 doctor_questions="Is it a disc?")
    plain = build_summary(data, options(include_appendix=True))
    html, pdf = render_summary_html(plain, standalone=True), pdf_text(render_summary_pdf(plain))
    for text in (html, pdf):
        assert "Secret note" not in text
        assert "Is it a disc?" not in text
    asked = build_summary(data, options(include_appendix=True, include_notes=True, include_questions=True))
    html, pdf = render_summary_html(asked, standalone=True), pdf_text(render_summary_pdf(asked))
    for text in (html, pdf):
        assert "Secret note about my shoes" in text
        assert "Is it a disc?" in text


def test_it_keeps_script_and_formula_in_notes_inert():
    data = diary([episode(days_back(1), 5, notes=f"{SCRIPT} {FORMULA}", red_flags=["cannot_move"])],
                 display_name=f"<b>{SCRIPT}</b>", doctor_questions=SCRIPT)
    summary = build_summary(data, options(include_appendix=True, include_notes=True, include_questions=True))
    html = render_summary_html(summary, standalone=True)
    assert "<script>alert" not in html
    assert "<b>&lt;script" not in html and "&lt;b&gt;&lt;script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    text = pdf_text(render_summary_pdf(summary))
    assert "<script>alert('x')</script>" in text  # shown as text, never run
    assert "=HYPERLINK(" in text


# --- PDF: numbers, pages, languages, fonts -------------------------------------------------------

def test_it_fits_90_days_of_a_dense_diary_on_two_pages():
    data = dense_diary()
    summary = build_summary(data, options(include_notes=True, include_questions=True))
    assert summary.numbers.episodes == 180
    pdf = render_summary_pdf(summary)
    assert len(pdf_reader(pdf).pages) <= 2
    text = pdf_text(pdf)
    assert "Could this be a disc problem?" in text


def test_it_puts_every_episode_in_the_appendix_on_later_pages():
    data = dense_diary(days=30)
    summary = build_summary(data, options(days=30, include_appendix=True))
    reader = pdf_reader(render_summary_pdf(summary))
    appendix_pages = [i for i, page in enumerate(reader.pages) if "Appendix" in page.extract_text()]
    assert appendix_pages and appendix_pages[0] >= 1
    appendix_text = "\n".join(reader.pages[i].extract_text() for i in range(appendix_pages[0], len(reader.pages)))
    stamps = {" ".join(m) for m in re.findall(r"(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2})", appendix_text)}
    expected = {e.started_at.strftime("%Y-%m-%d %H:%M") for e in data.episodes if e.local_date >= days_back(29)}
    assert len(expected) == 60
    assert expected <= stamps


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_renders_each_language_with_embedded_fonts_and_no_missing_glyphs(language):
    data = diary([episode(days_back(d), 4 + d % 5, locations=["lower_back"], notes="背痛 Rückenschmerzen ryggvärk")
                  for d in range(12)], display_name="张伟 Åsa Müller")
    summary = build_summary(data, options(language=language, include_notes=True, include_appendix=True))
    pdf = render_summary_pdf(summary)
    fonts = pdf_fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    text = pdf_text(pdf)
    squeezed = re.sub(r"\s+", "", text)  # table cells wrap lines anywhere
    assert "张伟ÅsaMüller" in squeezed
    assert "背痛Rückenschmerzenryggvärk" in squeezed
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in covered_codepoints()}
    assert not missing
    if language == "zh-hans":
        assert any("Noto" in name for name in fonts)
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)  # dates in the Chinese format


def test_it_shows_the_diary_numbers_in_the_pdf(owner):
    intensities = [3, 8, 5, 6, 2]
    for days_ago, intensity in enumerate(intensities, start=1):
        add_episode(owner, days_ago=days_ago * 3, intensity=intensity)
    end = timezone.localdate(timezone=owner.profile.tzinfo)
    summary = summary_for_user(owner, options(end=end))
    text = pdf_text(render_summary_pdf(summary))
    flat = re.sub(r"\s+", " ", text)
    assert re.search(r"Episodes 5\b", flat)
    assert f"Median intensity {median(intensities):g}/10" in flat
    assert f"Worst intensity {max(intensities)}/10" in flat


# --- views -----------------------------------------------------------------------------------------

SUMMARY_ROUTES = ("diary:summary", "diary:summary-print", "diary:summary-pdf", "diary:summary-csv", "diary:summary-fhir")


@pytest.mark.parametrize("route", SUMMARY_ROUTES)
def test_it_sends_a_logged_out_visitor_to_log_in(client, db, route):
    response = client.get(reverse(route))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("route", SUMMARY_ROUTES)
def test_it_never_shows_another_users_diary(owner, outsider, outsider_client, route):
    add_episode(owner, notes="OWNER-ONLY-NOTE", red_flags=["cannot_move"])
    owner.profile.display_name = "Owner Person"
    owner.profile.doctor_questions = "OWNER-QUESTION"
    owner.profile.save()
    query = f"?notes=on&questions=on&appendix=on&user={owner.pk}&username=owner"
    response = outsider_client.get(reverse(route) + query)
    assert response.status_code == 200
    body = response.content if route != "diary:summary-pdf" else pdf_text(response.content).encode()
    for secret in (b"OWNER-ONLY-NOTE", b"Owner Person", b"OWNER-QUESTION"):
        assert secret not in body


def test_it_shows_the_owners_summary_with_the_chosen_language_and_toggles(owner, owner_client):
    add_episode(owner, intensity=7, notes="My own note", red_flags=["numbness_tingling"])
    page = owner_client.get(reverse("diary:summary"))
    assert page.status_code == 200
    assert b"My own note" not in page.content
    assert b"gp-summary" in page.content
    assert 'lang="en"' in page.content.decode()
    page = owner_client.get(reverse("diary:summary") + "?period=30&lang=zh-hans&notes=on")
    html = page.content.decode()
    assert 'article class="gp-summary" lang="zh-hans"' in html
    assert "My own note" in html
    assert "年" in html  # dates in the summary's language
    assert 'href="/summary/pdf/?' in html and "lang=zh-hans" in html


def test_it_saves_questions_for_the_doctor(owner, owner_client):
    response = owner_client.post(reverse("diary:summary") + "?period=30", {"doctor_questions": "Is it <b>serious</b>?"})
    assert response.status_code == 302
    assert "questions=on" in response["Location"]
    owner.profile.refresh_from_db()
    assert owner.profile.doctor_questions == "Is it <b>serious</b>?"
    page = owner_client.get(response["Location"])
    assert "Is it &lt;b&gt;serious&lt;/b&gt;?" in page.content.decode()


def test_it_keeps_long_questions_and_explains(owner, owner_client):
    response = owner_client.post(reverse("diary:summary"), {"doctor_questions": "x" * 2001})
    assert response.status_code == 200
    assert b"x" * 2001 in response.content  # nothing typed is lost
    assert b"invalid-feedback" in response.content
    owner.profile.refresh_from_db()
    assert owner.profile.doctor_questions == ""


def test_it_explains_a_bad_custom_period_beside_the_field(owner, owner_client):
    query = "?period=custom&start=2026-05-10&end=2026-05-01"
    page = owner_client.get(reverse("diary:summary") + query)
    assert page.status_code == 200
    assert b"The last day must be on or after the first day." in page.content
    download = owner_client.get(reverse("diary:summary-pdf") + query)
    assert download.status_code == 302
    assert download["Location"].startswith(reverse("diary:summary"))
    page = owner_client.get(reverse("diary:summary") + "?period=custom&start=not-a-date&end=")
    assert page.status_code == 200
    assert b"is-invalid" in page.content


def test_it_uses_custom_dates(owner, owner_client):
    add_episode(owner, days_ago=40, intensity=9)
    add_episode(owner, days_ago=5, intensity=2)
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    start, end = today - timedelta(days=45), today - timedelta(days=30)
    page = owner_client.get(reverse("diary:summary") + f"?period=custom&start={start}&end={end}")
    summary = page.context["summary"]
    assert (summary.options.start, summary.options.end) == (start, end)
    assert summary.numbers.episodes == 1 and summary.numbers.worst_intensity == 9


def test_it_downloads_pdf_csv_and_fhir_for_the_period(owner, owner_client):
    add_episode(owner, days_ago=2, intensity=6, notes="csv-note", duration=15)
    add_episode(owner, days_ago=200, intensity=1)
    pdf = owner_client.get(reverse("diary:summary-pdf") + "?period=30")
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert pdf.content.startswith(b"%PDF")
    csv = owner_client.get(reverse("diary:summary-csv") + "?period=30")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("started_at,duration_minutes,intensity")
    assert len(text.strip().splitlines()) == 2
    assert "csv-note" not in text
    assert "csv-note" in owner_client.get(reverse("diary:summary-csv") + "?period=30&notes=on").content.decode()
    fhir = owner_client.get(reverse("diary:summary-fhir") + "?period=30")
    assert fhir["Content-Type"] == "application/fhir+json"
    bundle = fhir.json()
    assert bundle["type"] == "collection"
    assert [e["resource"]["valueInteger"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"] == [6]


def test_it_prints_without_site_chrome(owner, owner_client):
    add_episode(owner)
    page = owner_client.get(reverse("diary:summary-print") + "?period=30")
    html = page.content.decode()
    assert page.status_code == 200
    assert "navbar" not in html
    assert "js/summary.js" in html and "js-print" in html
    assert "<script>" not in html  # no inline script


def test_it_marks_a_discussed_red_flag_in_the_summary(owner, owner_client):
    item = add_episode(owner, days_ago=3, red_flags=["numbness_tingling"])
    discussed = timezone.localdate(timezone=owner.profile.tzinfo) - timedelta(days=1)
    AlertNote.objects.create(owner=owner, rule="symptom", key=f"symptom:numbness_tingling:{item.id}",
                             discussed_on=discussed)
    summary = owner_client.get(reverse("diary:summary")).context["summary"]
    assert [(r.slug, r.discussed_on) for r in summary.red_flags] == [("numbness_tingling", discussed)]


# --- command -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,starts", [("pdf", b"%PDF"), ("html", b"<!doctype html>"),
                                        ("csv", "\ufeffstarted_at".encode()), ("fhir", b"{")])
def test_it_writes_each_format_from_the_command(owner, tmp_path, fmt, starts):
    add_episode(owner, days_ago=2, intensity=6, notes="command-note")
    CheckIn.objects.create(owner=owner, date=timezone.localdate(timezone=owner.profile.tzinfo), stress=3)
    target = tmp_path / f"out.{fmt}"
    call_command("gp_summary", "--username", "owner", "--format", fmt, "--lang", "de", "-o", str(target))
    content = target.read_bytes()
    assert content.startswith(starts)
    assert b"command-note" not in (content if fmt != "pdf" else pdf_text(content).encode())


def test_it_takes_a_period_and_notes_from_the_command(owner, tmp_path):
    add_episode(owner, days_ago=2, intensity=6, notes="command-note")
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    target = tmp_path / "out.html"
    call_command("gp_summary", "--username", "owner", "--format", "html", "--notes", "--appendix",
                 "--start", str(today - timedelta(days=6)), "--end", str(today), "-o", str(target))
    html = target.read_text()
    assert "command-note" in html
    assert "(7 days)" in html
    assert "<style>" in html  # a file that stands alone


def test_it_refuses_a_bad_command_period(owner, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("gp_summary", "--username", "owner", "--start", "2026-05-02", "--end", "2026-05-01",
                     "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("gp_summary", "--username", "nobody", "-o", str(tmp_path / "x.pdf"))


@pytest.mark.parametrize("fmt,content_type", [("pdf", "application/pdf"), ("csv", "text/csv; charset=utf-8"),
                                              ("fhir", "application/fhir+json"), ("html", "text/html; charset=utf-8")])
def test_it_answers_a_format_parameter_with_dates_alone(owner, owner_client, fmt, content_type):
    add_episode(owner, days_ago=100, intensity=8)
    add_episode(owner, days_ago=300, intensity=3)
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    response = owner_client.get(reverse("diary:summary") + f"?start={today - timedelta(days=365)}&end={today}&format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    if fmt == "html":
        summary = response.context["summary"]
        assert summary.numbers.episodes == 2 and summary.options.days == 366


def test_it_explains_an_unknown_language_or_period(owner, owner_client):
    page = owner_client.get(reverse("diary:summary") + "?lang=xx&period=12")
    assert page.status_code == 200
    assert page.content.decode().count("text-danger small") == 2
    assert page.context["summary"].options.days == 90  # the preview falls back to the default
    assert page.context["summary"].options.language == "en"
