"""The full episode form on a phone: the red-flag question near the top, reliefs as ticked boxes whose
"did it help?" answer counts only when the box is ticked (no JavaScript needed)."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from diary.catalogues import Relief
from diary.models import Episode
from diary.services.episodes import save_episode

NEW = "/episodes/new/"


def valid(**overrides):
    started = timezone.localtime(timezone.now() - timedelta(hours=1), ZoneInfo("Europe/Berlin"))
    data = {"started_at": started.strftime("%Y-%m-%dT%H:%M"), "intensity": "5"}
    data.update(overrides)
    return data


def saved_reliefs(owner):
    return set(Episode.objects.get(owner=owner).reliefs.values_list("relief", "outcome"))


def test_it_asks_any_of_these_before_the_relief_list(owner_client):
    html = owner_client.get(NEW).content.decode()
    assert html.index("Any of these?") < html.index("What did you try, and did it help?")
    assert html.index("Any of these?") < html.index("What did it feel like?")


def test_it_shows_one_box_per_relief_and_no_not_tried_dropdowns(owner_client):
    html = owner_client.get(NEW).content.decode()
    assert html.count('class="form-check-input relief-tried" type="checkbox"') == len(Relief.values)
    assert "Not tried" not in html


def test_it_saves_a_ticked_relief_with_its_outcome(owner_client, owner):
    owner_client.post(NEW, valid(relief_heat="tried", outcome_heat="helped", relief_rest="tried", outcome_rest=""))
    assert saved_reliefs(owner) == {("heat", "helped"), ("rest", "")}


def test_it_ignores_the_outcome_of_an_unticked_relief(owner_client, owner):
    # The select stays in the form (hidden) after its box is unticked: unticked means not tried.
    owner_client.post(NEW, valid(outcome_cold="no_help", relief_stretch="tried", outcome_stretch="partly"))
    assert saved_reliefs(owner) == {("stretch", "partly")}


def test_it_still_accepts_an_outcome_posted_as_the_relief_itself(owner_client, owner):
    owner_client.post(NEW, valid(relief_massage="helped"))
    assert saved_reliefs(owner) == {("massage", "helped")}


def test_it_puts_an_unknown_outcome_beside_its_relief(owner_client, owner):
    response = owner_client.post(NEW, valid(relief_heat="tried", outcome_heat="cured"))
    assert response.status_code == 200
    assert not Episode.objects.filter(owner=owner).exists()
    html = response.content.decode()
    assert 'id="relief_heat-error"' in html and "cured" in html


def test_it_shows_what_was_tried_when_editing(owner_client, owner):
    episode = save_episode(owner, {"started_at": timezone.now() - timedelta(hours=2), "intensity": 4,
                                   "reliefs": [("heat", "partly"), ("walking", "")]})
    html = owner_client.get(reverse("diary:episode-edit", args=[episode.pk])).content.decode()
    assert 'value="tried" id="id_relief_heat" checked' in html
    assert 'value="tried" id="id_relief_walking" checked' in html
    assert 'value="tried" id="id_relief_cold">' in html
    heat_select = html[html.index('name="outcome_heat"'):]
    assert heat_select.index('value="partly" selected') < heat_select.index("</select>")


def test_it_edits_only_the_owners_episode(client, outsider, owner):
    episode = save_episode(owner, {"started_at": timezone.now() - timedelta(hours=2), "intensity": 4})
    client.force_login(outsider)
    assert client.get(reverse("diary:episode-edit", args=[episode.pk])).status_code == 404
    assert client.post(reverse("diary:episode-edit", args=[episode.pk]),
                       valid(relief_heat="tried", outcome_heat="helped")).status_code == 404
