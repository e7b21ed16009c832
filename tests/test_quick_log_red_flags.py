"""The quick log asks "Any of these now?": yes opens the checklist, and the episode records whether it was answered."""
from django.urls import reverse

from diary.models import Episode
from diary.summary import SummaryOptions, summary_for_user

URL = "/episodes/quick/"


def test_it_asks_the_red_flag_question_with_the_checklist_behind_yes(owner_client):
    html = owner_client.get(URL).content.decode()
    assert "Any of these now?" in html
    assert 'name="red_flags_now" id="red-flags-now-yes" value="yes"' in html
    assert 'name="red_flags" value="saddle_numbness"' in html and 'name="red_flags" value="serious_accident"' in html
    assert '<script>' not in html  # works without a script (CSP forbids inline ones anyway)


def test_no_records_the_question_as_asked_with_nothing_ticked(owner_client, owner):
    owner_client.post(URL, {"intensity": "4", "red_flags_now": "no"})
    episode = Episode.objects.get(owner=owner)
    assert episode.red_flags_asked and not episode.red_flags.exists()


def test_yes_with_a_symptom_saves_it_and_the_episode_page_says_call_now(owner_client, owner):
    response = owner_client.post(URL, {"intensity": "7", "locations": "lower_back", "red_flags_now": "yes",
                                       "red_flags": "saddle_numbness"}, follow=True)
    episode = Episode.objects.get(owner=owner)
    assert list(episode.red_flags.values_list("flag", flat=True)) == ["saddle_numbness"] and episode.red_flags_asked
    assert "alert-emergency" in response.content.decode()


def test_yes_without_a_tick_asks_which_beside_the_field_and_saves_nothing(owner_client, owner):
    response = owner_client.post(URL, {"intensity": "5", "red_flags_now": "yes"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="red_flags-error"' in html and "tick the ones you have" in html
    assert "red-flag-list red-flags mt-3 is-open" in html
    assert not Episode.objects.exists()


def test_an_unknown_answer_is_a_message_not_a_500(owner_client, owner):
    response = owner_client.post(URL, {"intensity": "5", "red_flags_now": "maybe"})
    assert response.status_code == 200 and not Episode.objects.exists()


def test_no_answer_is_recorded_as_not_asked_and_the_summary_says_so(owner_client, owner):
    owner_client.post(URL, {"intensity": "4"})
    episode = Episode.objects.get(owner=owner)
    assert not episode.red_flags_asked
    options = SummaryOptions(start=episode.local_date, end=episode.local_date)
    summary = summary_for_user(owner, options)
    assert summary.red_flags_unasked == 1
    html = owner_client.get(reverse("diary:summary")).content.decode()
    assert "The red-flag question was not answered for 1 of 1 episodes." in html
