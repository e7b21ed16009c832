"""The patterns page, mark-as-discussed, the alert banner and the `patterns` command."""
import json
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from diary.models import AlertNote, CheckIn, CheckInActivity, Episode, EpisodeLocation, EpisodeRedFlag


def log_episode(user, days_ago=0, intensity=5, red_flags=(), locations=(), **fields):
    episode = Episode.objects.create(owner=user, started_at=timezone.now() - timedelta(days=days_ago), intensity=intensity, **fields)
    for flag in red_flags:
        EpisodeRedFlag.objects.create(episode=episode, flag=flag)
    for location in locations:
        EpisodeLocation.objects.create(episode=episode, location=location)
    return episode


def test_it_asks_visitors_to_log_in(client):
    response = client.get(reverse("diary:patterns"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_alerts_first_then_trends_associations_and_descriptive(owner_client, owner):
    episode = log_episode(owner, intensity=8, red_flags=["both_legs"], locations=["lower_back"])
    for days_ago in (3, 9, 15):
        log_episode(owner, days_ago=days_ago, context="at_rest")
    response = owner_client.get(reverse("diary:patterns"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'id="{section}"') for section in ("alerts", "trends", "associations", "descriptive")]
    assert positions == sorted(positions)
    # The emergency is on top, with the emergency number as a tel: link, and it is an alert.
    assert html.index("Pain, tingling, weakness or numbness in both legs") < html.index("Spasms keep coming back")
    assert 'role="alert"' in html and 'href="tel:112"' in html
    assert f'value="symptom:both_legs:{episode.pk}"' in html
    assert reverse("guidance:topic", args=["see_doctor"]) in html
    assert "“Back muscle cramps after stretching”" in html and "section “Warning”" in html  # cited by title


def test_it_uses_the_emergency_number_of_the_user_s_country(make_user, client):
    user = make_user("uk", country="GB")
    client.force_login(user)
    log_episode(user, red_flags=["saddle_numbness"])
    assert 'href="tel:999"' in client.get(reverse("diary:patterns")).content.decode()


def test_it_says_what_is_missing_when_there_is_not_enough_data(owner_client, owner):
    for days_ago in (1, 2, 3):
        log_episode(owner, days_ago=days_ago)
    html = owner_client.get(reverse("diary:patterns")).content.decode()
    assert "Not enough data yet" in html
    assert "10 more days with an episode are needed" in html
    assert "daily check-ins: days without one cannot be compared" in html
    assert "About 24 episodes" not in html
    # Our own simulation's power table replaces the old rule of thumb.
    assert "How sure can these patterns be?" in html and "power-table" in html


def test_it_shows_association_numbers_in_plain_words(owner_client, owner):
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    for i in range(40):
        day = today - timedelta(days=i)
        checkin = CheckIn.objects.create(owner=owner, date=day, fluid_litres=2)
        ran = i % 4 == 0
        if ran:
            CheckInActivity.objects.create(checkin=checkin, activity="running")
        if ran or i % 13 == 0:
            Episode.objects.create(owner=owner, intensity=4, started_at=timezone.now() - timedelta(days=i, hours=0))
    html = owner_client.get(reverse("diary:patterns")).content.decode()
    assert "times as likely on days you ran." in html
    assert "<summary>Numbers and interval</summary>" in html and "Adjusted ratio" in html and "95% interval" in html
    assert "The day after" in html  # the planned second analysis, reported separately


def test_it_marks_an_alert_as_discussed_for_its_owner(owner_client, owner):
    episode = log_episode(owner, red_flags=["night_pain"])
    key = f"symptom:night_pain:{episode.pk}"
    day = timezone.localdate() - timedelta(days=1)
    response = owner_client.post(reverse("diary:alert-discussed"), {"key": key, "discussed_on": day.isoformat(), "note": "GP: fine"})
    assert response.status_code == 302
    note = AlertNote.objects.get(owner=owner, key=key)
    assert note.rule == "symptom" and note.discussed_on == day and note.note == "GP: fine"
    html = owner_client.get(reverse("diary:patterns")).content.decode()
    assert "Discussed with a doctor on" in html
    # Posting again updates the same note.
    owner_client.post(reverse("diary:alert-discussed"), {"key": key})
    assert AlertNote.objects.filter(owner=owner, key=key).count() == 1


def test_it_refuses_a_future_discussion_date_and_saves_nothing(owner_client, owner):
    episode = log_episode(owner, red_flags=["night_pain"])
    future = timezone.localdate() + timedelta(days=5)
    response = owner_client.post(reverse("diary:alert-discussed"), {"key": f"symptom:night_pain:{episode.pk}",
                                                                    "discussed_on": future.isoformat()}, follow=True)
    assert "cannot be in the future" in response.content.decode()
    assert not AlertNote.objects.exists()


def test_it_does_not_let_an_outsider_mark_the_owner_s_alert(outsider_client, owner, outsider):
    episode = log_episode(owner, red_flags=["night_pain"])
    response = outsider_client.post(reverse("diary:alert-discussed"), {"key": f"symptom:night_pain:{episode.pk}"})
    assert response.status_code == 404
    assert not AlertNote.objects.exists()


def test_it_accepts_only_posts_to_mark_as_discussed(owner_client):
    assert owner_client.get(reverse("diary:alert-discussed")).status_code == 405


def test_it_renders_the_banner_for_each_urgency():
    from django.template.loader import render_to_string

    from diary.alerts import evaluate_alerts
    from tests.builders import TODAY, diary, episode

    emergency = evaluate_alerts(diary([episode(TODAY, 8, red_flags=["bladder_bowel"])]))[0]
    html = render_to_string("includes/alert_banner.html", {"alert": emergency, "emergency_number": "911"})
    assert "alert-emergency" in html and 'role="alert"' in html and 'href="tel:911"' in html and "Call 911 now" in html
    urgent = evaluate_alerts(diary([episode(TODAY, 8, red_flags=["fever_unwell"])]))[0]
    html = render_to_string("includes/alert_banner.html", {"alert": urgent, "emergency_number": "911"})
    assert "alert-danger" in html and "tel:" not in html and "See a doctor today" in html
    assert render_to_string("includes/alert_banner.html", {"alert": None}).strip() == ""


def test_it_prints_alerts_and_patterns_as_json(owner):
    log_episode(owner, intensity=9, red_flags=["both_legs"], locations=["lower_back"])
    out = StringIO()
    call_command("patterns", "--username", owner.username, "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) == {"as_of", "alerts", "patterns"}
    alert = payload["alerts"][0]
    assert set(alert) == {"rule", "urgency", "reason", "sources", "guidance"}
    assert alert["urgency"] == "emergency" and [s["guideline"] for s in alert["sources"]] == ["NHS: Back pain", "NHS: Sciatica", "NICE NG59"]
    kinds = {p["kind"] for p in payload["patterns"]}
    assert kinds == {"association", "trend", "descriptive"}
    association = next(p for p in payload["patterns"] if p["kind"] == "association")
    assert {"factor", "label", "lag", "status", "ratio", "interval", "exposed_days", "exposed_with_episode",
            "unexposed_days", "unexposed_with_episode", "missing"} <= set(association)
    assert association["status"] == "not_enough_data" and association["lag"] == 0
    assert any(p.get("lag") == 1 for p in payload["patterns"])


def test_it_prints_patterns_and_alerts_as_they_stood_at_the_end_of_a_past_day(owner):
    today = timezone.localdate(timezone=owner.profile.tzinfo)
    log_episode(owner, days_ago=1, red_flags=["leg_weakness"])
    for days_ago in range(20, 40):
        CheckIn.objects.create(owner=owner, date=today - timedelta(days=days_ago), fluid_litres=2)
        if days_ago % 2:
            log_episode(owner, days_ago=days_ago)
    out = StringIO()
    past = today - timedelta(days=10)
    call_command("patterns", "--username", owner.username, "--json", "--as-of", past.isoformat(), stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["as_of"] == past.isoformat()
    assert payload["alerts"] == [] or all(a["rule"] != "symptom" for a in payload["alerts"])  # the later symptom is unseen
    overview = next(p for p in payload["patterns"] if p.get("name") == "overview")
    assert overview["end"] == past.isoformat() and overview["episodes"] == 10
    now = StringIO()
    call_command("patterns", "--username", owner.username, "--json", stdout=now)
    assert any(a["urgency"] == "urgent" for a in json.loads(now.getvalue())["alerts"])


def test_it_refuses_a_bad_or_future_as_of_date(owner):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("patterns", "--username", owner.username, "--as-of", "30/06/2026", stdout=StringIO())
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(CommandError, match="after the user's today"):
        call_command("patterns", "--username", owner.username, "--as-of", future.isoformat(), stdout=StringIO())


def test_it_prints_readable_text_without_json(owner):
    log_episode(owner, red_flags=["leg_weakness"])
    out = StringIO()
    call_command("patterns", "--username", owner.username, stdout=out)
    assert "[urgent]" in out.getvalue() and "Associations" in out.getvalue()
