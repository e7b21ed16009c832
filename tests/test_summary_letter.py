"""The GP summary as a letter to the doctor: identification block, third person, page one's answers, citations."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from diary.summary import SummaryOptions, build_summary, render_summary_html, render_summary_pdf
from tests.builders import TODAY, days_back, diary, episode
from tests.test_summary import add_episode, dense_diary, pdf_reader, pdf_text

HASHED = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def options(days=90, **kwargs):
    return SummaryOptions(start=TODAY - timedelta(days=days - 1), end=TODAY, **kwargs)


def without_details(html):
    previous = None
    while previous != html:
        previous, html = html, re.sub(r"<details\b(?:(?!<details\b).)*?</details>", "", html, flags=re.S)
    return html


# --- identification block ------------------------------------------------------------------------

def test_it_identifies_the_patient_from_the_profile_unless_changed_at_export():
    data = diary([episode(days_back(1), 5)], display_name="Anna Lindqvist", year_of_birth=1978)
    html = render_summary_html(build_summary(data, options(), with_chart=False), standalone=True)
    assert 'class="gp-patient-name">Anna Lindqvist<' in html and 'class="gp-birth-year">1978<' in html
    edited = build_summary(data, options(patient_name="A. Lindqvist", birth_year=1979), with_chart=False)
    html = render_summary_html(edited, standalone=True)
    assert "A. Lindqvist" in html and "Anna Lindqvist" not in html and "1979" in html
    left_out = build_summary(data, options(patient_name="", birth_year=0), with_chart=False)
    html = render_summary_html(left_out, standalone=True)
    assert "Lindqvist" not in html and "gp-birth-year" not in html and "gp-patient-name" not in html


def test_the_form_prefills_the_profile_and_lets_the_patient_edit_or_clear_it(owner, owner_client):
    owner.profile.display_name, owner.profile.year_of_birth = "Owner Person", 1970
    owner.profile.save()
    add_episode(owner)
    page = owner_client.get(reverse("diary:summary")).content.decode()
    assert 'name="name"' in page and 'value="Owner Person"' in page and 'value="1970"' in page
    assert 'class="gp-patient-name">Owner Person<' in page
    page = owner_client.get(reverse("diary:summary") + "?name=&born=").content.decode()
    assert "gp-patient-name" not in page and "gp-birth-year" not in page
    pdf = owner_client.get(reverse("diary:summary-pdf") + "?name=O.+Person&born=1971")
    text = pdf_text(pdf.content)
    assert "O. Person" in text and "1971" in text and "Owner Person" not in text


@pytest.mark.parametrize("born", ["1850", "3000", "nineteen", "1" * 400])
def test_a_bad_year_of_birth_gets_a_message_beside_the_field(owner, owner_client, born):
    page = owner_client.get(reverse("diary:summary"), {"born": born})
    assert page.status_code == 200
    assert 'class="form-control is-invalid" name="born"' in page.content.decode()
    download = owner_client.get(reverse("diary:summary-pdf"), {"born": born})
    assert download.status_code == 302  # back to the page, which shows the message


def test_an_outsider_never_gets_the_owners_name_or_year(owner, outsider_client):
    owner.profile.display_name, owner.profile.year_of_birth = "Owner Person", 1966
    owner.profile.save()
    add_episode(owner)
    page = outsider_client.get(reverse("diary:summary")).content.decode()
    assert "Owner Person" not in page and "1966" not in page


# --- page one: the GP's first questions, in the third person --------------------------------------

def test_page_one_answers_how_often_how_bad_which_way_and_what_helped():
    episodes = [episode(days_back(n), (4, 5, 6)[i % 3], reliefs=[("heat", "helped"), ("rest", "no_help")])
                for i, n in enumerate(range(0, 60, 3))]
    data = diary(episodes, doctor_questions="Is it a disc?")
    summary = build_summary(data, options(include_questions=True), with_chart=False)
    assert summary.overview[0].startswith("Red flags")  # first, whatever else the period holds
    overview = " ".join(summary.overview[1:])
    assert overview.startswith("The patient logged 20 episodes in 90 days")
    assert "median 5, worst 6" in overview and "Helped most: Heat (helped 20 of 20 times)" in overview
    assert "Direction, last 4 weeks" in overview and "Episodes per week stable" in overview
    html = render_summary_html(summary, standalone=True)
    # Page one's answers come first, then the red-flag table; the questions before the numbers and the chart.
    assert html.index("In brief") < html.index("Red-flag symptoms and alerts") < html.index("The patient's questions")
    assert html.index("The patient's questions") < html.index("Episodes and intensity")
    assert "My questions" not in html and "your GP" not in html.split('id="gp-overview-title"')[1]


def test_the_trend_row_says_which_weeks_it_compares():
    data = diary([episode(days_back(n), 5) for n in range(0, 80, 2)])
    summary = build_summary(data, options(), with_chart=False)
    frequency = next(t for t in summary.trends if t.measure == "frequency")
    assert frequency.recent_start == TODAY - timedelta(days=27) and frequency.previous_end == TODAY - timedelta(days=28)
    html = render_summary_html(summary, standalone=True)
    assert f"({frequency.recent_start.isoformat()} to {TODAY.isoformat()})" in html


def test_an_empty_period_says_so_in_the_third_person():
    summary = build_summary(diary([]), options(days=30), with_chart=False)
    assert summary.overview[0] == "Red flags: none logged, and no alerts were raised in this period."
    assert summary.overview[1:] == ("The patient logged no episodes in this period of 30 days.",)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_dense_summary_with_questions_stays_on_two_pages(language):
    summary = build_summary(dense_diary(), options(language=language, include_notes=True, include_questions=True))
    assert len(pdf_reader(render_summary_pdf(summary)).pages) <= 2


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_summary_shows_a_hashed_file_name_outside_a_details_element(language):
    summary = build_summary(dense_diary(), options(language=language, include_notes=True, include_questions=True))
    text = pdf_text(render_summary_pdf(summary))
    assert not HASHED.search(text), HASHED.findall(text)[:2]
    assert not HASHED.search(without_details(render_summary_html(summary, standalone=True)))


def test_the_fhir_patient_carries_the_identification_chosen_at_export():
    from diary.fhir import summary_bundle

    data = diary([episode(days_back(1), 5)], display_name="Anna Lindqvist", year_of_birth=1978)
    patient = summary_bundle(data, options(), user_key="1")["entry"][0]["resource"]
    assert patient["name"] == [{"text": "Anna Lindqvist"}] and patient["birthDate"] == "1978"
    patient = summary_bundle(data, options(patient_name="", birth_year=0), user_key="1")["entry"][0]["resource"]
    assert "name" not in patient and "birthDate" not in patient


@pytest.mark.parametrize("name", ["Anna\x00Lindqvist", "x" * 121])
def test_a_bad_name_gets_a_message_beside_the_field(owner, owner_client, name):
    page = owner_client.get(reverse("diary:summary"), {"name": name})
    assert page.status_code == 200
    assert 'class="form-control is-invalid" name="name"' in page.content.decode()
    assert owner_client.get(reverse("diary:summary-pdf"), {"name": name}).status_code == 302


def test_a_name_with_markup_is_shown_as_text(owner, owner_client):
    add_episode(owner)
    html = owner_client.get(reverse("diary:summary-print"), {"name": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_one_names_the_red_flags_and_how_many_alerts_are_still_open():
    data = diary([episode(days_back(n), 6, red_flags=["numbness_tingling"]) for n in (2, 9)]
                 + [episode(days_back(n), 5) for n in range(0, 30, 3)])
    summary = build_summary(data, options(), with_chart=False)
    line = summary.overview[0]
    assert line.startswith("Red flags and alerts: 1 red-flag symptom logged (Numbness or tingling: 2 days, last ")
    assert "dates and status in the table below" in line
