"""Daily check-in reminders: when they are due across time zones and DST, one push or one email to
the right users, none after a check-in, never twice (also with two senders at once), the stop link,
and the browser's push subscription scoped to its owner.

Pushes go to a fake push service on 127.0.0.1 that decrypts what pywebpush really sent."""
import base64
import io
import json
import os
import signal
import threading
from datetime import date, datetime, time, timedelta, timezone as dt_timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client

from diary.models import CheckIn
from reminders import sending
from reminders.links import stop_token, stop_url
from reminders.models import PushSubscription, ReminderSent, ReminderSetting
from reminders.schedule import due_at, due_date

UTC = dt_timezone.utc
BERLIN, NEW_YORK, SHANGHAI = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Shanghai")


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- When a reminder is due --------------------------------------------------------------------

@pytest.mark.parametrize("tz, day, local, expected_utc", [
    # Berlin: the day before, the day of and the day after the spring change (29 March 2026).
    (BERLIN, date(2026, 3, 28), time(20), utc(2026, 3, 28, 19)),
    (BERLIN, date(2026, 3, 29), time(20), utc(2026, 3, 29, 18)),
    (BERLIN, date(2026, 3, 30), time(20), utc(2026, 3, 30, 18)),
    # 02:30 does not exist on 29 March in Berlin: it comes at 03:30 summer time.
    (BERLIN, date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 30)),
    # Autumn (25 October 2026): 02:30 happens twice; the first one counts.
    (BERLIN, date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
    (BERLIN, date(2026, 10, 25), time(20), utc(2026, 10, 25, 19)),
    # New York changes on other days (8 March, 1 November 2026).
    (NEW_YORK, date(2026, 3, 7), time(20), utc(2026, 3, 8, 1)),
    (NEW_YORK, date(2026, 3, 8), time(20), utc(2026, 3, 9, 0)),
    (NEW_YORK, date(2026, 11, 1), time(8), utc(2026, 11, 1, 13)),
    # Shanghai has no DST: always UTC+8.
    (SHANGHAI, date(2026, 3, 29), time(20), utc(2026, 3, 29, 12)),
    (SHANGHAI, date(2026, 7, 1), time(7, 15), utc(2026, 6, 30, 23, 15)),
])
def test_it_is_due_at_the_local_time_in_utc(tz, day, local, expected_utc):
    assert due_at(day, local, tz) == expected_utc
    assert due_date(expected_utc, local, tz) == day
    assert due_date(expected_utc - timedelta(minutes=1), local, tz) != day


def test_it_is_due_for_three_hours_then_no_longer():
    start = utc(2026, 3, 29, 18)
    assert due_date(start + timedelta(hours=2, minutes=59), time(20), BERLIN) == date(2026, 3, 29)
    assert due_date(start + timedelta(hours=3), time(20), BERLIN) is None


def test_a_late_evening_reminder_found_after_midnight_counts_for_its_own_day():
    # 23:30 Berlin on 1 July is 21:30 UTC; a pass at 00:10 local the next day still sends it for 1 July.
    assert due_date(utc(2026, 7, 1, 22, 10), time(23, 30), BERLIN) == date(2026, 7, 1)


# --- A fake push service -----------------------------------------------------------------------

class FakePushService:
    """Accepts Web Push POSTs like a browser vendor's service; decrypts them with the browser's keys."""

    def __init__(self):
        self.received = []
        self.status_for = {}  # path -> HTTP status to answer (e.g. 410 for a gone subscription)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append({"path": self.path, "body": body,
                                         "headers": {k.lower(): v for k, v in self.headers.items()}})
                self.send_response(service.status_for.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.browsers = {}

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def subscribe(self, user, name):
        """What a browser gives after pushManager.subscribe(): an endpoint and its own keys."""
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        public = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        path = f"/push/{name}"
        self.browsers[path] = (private_key, auth)
        return PushSubscription.objects.create(
            owner=user, endpoint=self.base + path, p256dh=b64url(public), auth=b64url(auth))

    def messages(self, name):
        path = f"/push/{name}"
        private_key, auth = self.browsers[path]
        return [json.loads(http_ece.decrypt(item["body"], private_key=private_key, auth_secret=auth,
                                            version="aes128gcm"))
                for item in self.received if item["path"] == path]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def vapid(settings):
    out = io.StringIO()
    call_command("make_vapid_keys", "--subject", "mailto:test@example.org", stdout=out, stderr=io.StringIO())
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    settings.VAPID_PUBLIC_KEY = lines["VAPID_PUBLIC_KEY"]
    settings.VAPID_PRIVATE_KEY = lines["VAPID_PRIVATE_KEY"]
    settings.VAPID_SUBJECT = lines["VAPID_SUBJECT"]
    settings.SITE_URL = "https://diary.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return lines


@pytest.fixture
def push_service(vapid):
    service = FakePushService()
    yield service
    service.stop()


def test_it_makes_vapid_keys_as_environment_lines(vapid):
    public = base64.urlsafe_b64decode(vapid["VAPID_PUBLIC_KEY"] + "==")
    private = base64.urlsafe_b64decode(vapid["VAPID_PRIVATE_KEY"] + "=")
    assert len(public) == 65 and public[0] == 4
    assert len(private) == 32
    assert vapid["VAPID_SUBJECT"] == "mailto:test@example.org"


# --- The pass ----------------------------------------------------------------------------------

def reminded(make_user, username, tz, at=time(20), channel="push", email=""):
    user = make_user(username, timezone=tz)
    if email:
        user.email = email
        user.save(update_fields=["email"])
    ReminderSetting.objects.create(user=user, enabled=True, local_time=at, channel=channel)
    return user


@pytest.fixture
def three_zones(make_user, push_service):
    """A push user and an email user in each of Berlin, New York and Shanghai, all at 20:00 local."""
    users = {}
    for zone, tag in (("Europe/Berlin", "berlin"), ("America/New_York", "ny"), ("Asia/Shanghai", "sh")):
        users[f"{tag}_push"] = reminded(make_user, f"{tag}_push", zone)
        push_service.subscribe(users[f"{tag}_push"], tag)
        users[f"{tag}_mail"] = reminded(make_user, f"{tag}_mail", zone, channel="email", email=f"{tag}@example.org")
    return users


@pytest.mark.parametrize("now, due", [
    (utc(2026, 3, 29, 18, 5), "berlin"),   # Berlin's first summer-time evening
    (utc(2026, 3, 28, 19, 5), "berlin"),   # and the last winter-time one, an hour later in UTC
    (utc(2026, 10, 25, 19, 5), "berlin"),  # back to winter time
    (utc(2026, 3, 9, 0, 5), "ny"),         # New York's first summer-time evening
    (utc(2026, 3, 8, 1, 5), "ny"),         # the evening before
    (utc(2026, 3, 29, 12, 5), "sh"),
])
def test_it_sends_one_push_and_one_email_to_the_users_due_at_that_moment(three_zones, push_service, now, due):
    result = sending.run_pass(now)
    assert result.pushed == [f"{due}_push"]
    assert result.emailed == [f"{due}_mail"]
    assert len(push_service.received) == 1
    [payload] = push_service.messages(due)
    assert payload["url"] == "https://diary.example.org/checkins/today/"
    assert payload["stop_url"].startswith("https://diary.example.org/reminders/stop/")
    assert [message.to for message in mail.outbox] == [[f"{due}@example.org"]]
    # The push carried a VAPID signature for the fake service's origin.
    assert push_service.received[0]["headers"]["authorization"].startswith("vapid t=")


def test_it_sends_nothing_before_the_time_or_to_users_who_turned_reminders_off(three_zones, push_service):
    ReminderSetting.objects.filter(user=three_zones["berlin_mail"]).update(enabled=False)
    assert sending.run_pass(utc(2026, 3, 29, 17, 59)).sent == 0
    result = sending.run_pass(utc(2026, 3, 29, 18, 0))
    assert result.pushed == ["berlin_push"] and result.emailed == []
    assert mail.outbox == []


def test_it_sends_none_on_a_day_already_checked_in(three_zones, push_service):
    CheckIn.objects.create(owner=three_zones["berlin_push"], date=date(2026, 3, 29))
    CheckIn.objects.create(owner=three_zones["berlin_mail"], date=date(2026, 3, 29), worst_pain=0)
    result = sending.run_pass(utc(2026, 3, 29, 18, 5))
    assert result.sent == 0
    assert sorted(result.checked_in) == ["berlin_mail", "berlin_push"]
    assert push_service.received == [] and mail.outbox == []
    # A check-in on another day does not count.
    assert sending.run_pass(utc(2026, 3, 30, 18, 5)).sent == 2


def test_it_sends_at_most_one_a_day_however_many_passes(three_zones, push_service):
    for minute in range(5, 180, 25):
        sending.run_pass(utc(2026, 3, 29, 18) + timedelta(minutes=minute))
    assert len(push_service.received) == 1 and len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=three_zones["berlin_push"], outcome="push").count() == 1
    # The next day is a new day.
    sending.run_pass(utc(2026, 3, 30, 18, 5))
    assert len(push_service.received) == 2 and len(mail.outbox) == 2


def test_a_second_sender_that_starts_while_the_first_is_sending_sends_nothing(three_zones, push_service, monkeypatch):
    """The interleaving two processes can produce: B's pass runs between A's claim and A's send."""
    real_send = sending.send_reminder
    first_claimed, second = [], []

    def send_while_another_pass_runs(setting, local_date):
        if not first_claimed:
            first_claimed.append(setting.user.username)
            second.append(sending.run_pass(utc(2026, 3, 29, 18, 6)))
        return real_send(setting, local_date)

    monkeypatch.setattr(sending, "send_reminder", send_while_another_pass_runs)
    first = sending.run_pass(utc(2026, 3, 29, 18, 5))
    # B skipped the user A had claimed and took the other one, which A then skipped.
    assert first_claimed[0] not in second[0].pushed + second[0].emailed
    assert first.sent + second[0].sent == 2
    assert len(push_service.received) == 1 and len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 2


def test_the_log_keeps_a_month(owner):
    ReminderSent.objects.create(user=owner, local_date=date(2026, 2, 25))
    ReminderSent.objects.create(user=owner, local_date=date(2026, 2, 26))
    sending.run_pass(utc(2026, 3, 29, 18, 5))
    assert list(ReminderSent.objects.values_list("local_date", flat=True)) == [date(2026, 2, 26)]


def test_the_claim_is_the_one_that_counts_when_both_senders_passed_the_cheap_check(owner):
    assert sending.claim(owner, date(2026, 3, 29)) is not None
    assert sending.claim(owner, date(2026, 3, 29)) is None
    assert sending.claim(owner, date(2026, 3, 30)) is not None


@pytest.mark.django_db(transaction=True)
def test_two_senders_in_threads_send_once_on_postgresql(make_user, push_service):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL; SQLite is covered by the interleaving tests")
    users = [reminded(make_user, f"user{i}", "Europe/Berlin", channel="email", email=f"u{i}@example.org")
             for i in range(20)]
    barrier = threading.Barrier(2)
    results = []

    def sender():
        from django.db import connections
        barrier.wait()
        try:
            results.append(sending.run_pass(utc(2026, 3, 29, 18, 5)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(result.emailed) for result in results) == len(users)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)


def test_a_gone_subscription_is_dropped_and_the_email_goes_instead(make_user, push_service):
    user = reminded(make_user, "moved", "Europe/Berlin", email="moved@example.org")
    push_service.subscribe(user, "old-phone")
    push_service.status_for["/push/old-phone"] = 410
    result = sending.run_pass(utc(2026, 3, 29, 18, 5))
    assert result.emailed == ["moved"]
    assert not PushSubscription.objects.filter(owner=user).exists()


def test_push_chosen_without_a_subscription_or_keys_falls_back_to_email(make_user, settings, vapid):
    reminded(make_user, "nophone", "Europe/Berlin", email="nophone@example.org")
    settings.VAPID_PRIVATE_KEY = ""
    assert sending.run_pass(utc(2026, 3, 29, 18, 5)).emailed == ["nophone"]


def test_without_push_or_email_it_records_a_failure_and_does_not_retry(make_user, vapid):
    reminded(make_user, "unreachable", "Europe/Berlin")
    assert sending.run_pass(utc(2026, 3, 29, 18, 5)).failed == ["unreachable"]
    assert sending.run_pass(utc(2026, 3, 29, 18, 30)).failed == []
    assert ReminderSent.objects.get().outcome == "failed"


def test_the_email_is_in_the_users_language_with_a_one_click_stop(make_user, vapid):
    user = reminded(make_user, "sven", "Europe/Stockholm", channel="email", email="sven@example.org")
    user.profile.language = "sv"
    user.profile.save()
    sending.run_pass(utc(2026, 3, 29, 18, 5))
    [message] = mail.outbox
    url = stop_url(user)
    assert url in message.body
    assert "https://diary.example.org/checkins/today/" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_send_reminders_once_runs_one_pass(make_user, vapid, monkeypatch):
    calls = []
    monkeypatch.setattr("reminders.management.commands.send_reminders.run_pass",
                        lambda: calls.append(1) or sending.PassResult(emailed=["x"]))
    out = io.StringIO()
    call_command("send_reminders", "--once", stdout=out, stderr=io.StringIO())
    assert calls == [1]
    assert "1 emailed" in out.getvalue()


def test_send_reminders_loops_until_sigterm(make_user, vapid, monkeypatch):
    calls = []

    def one_pass():
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return sending.PassResult()

    monkeypatch.setattr("reminders.management.commands.send_reminders.run_pass", one_pass)
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    call_command("send_reminders", "--interval", "0", stdout=out, stderr=io.StringIO())
    assert len(calls) == 2
    assert "stopped" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == before


# --- The stop link -----------------------------------------------------------------------------

@pytest.fixture
def reminded_owner(owner):
    ReminderSetting.objects.create(user=owner, enabled=True, local_time=time(20))
    return owner


def test_the_stop_link_asks_first_and_changes_nothing_on_get(client, reminded_owner):
    response = client.get(f"/reminders/stop/{stop_token(reminded_owner)}/")
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert ReminderSetting.objects.get(user=reminded_owner).enabled


def test_the_stop_button_works_without_logging_in(reminded_owner):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/reminders/stop/{stop_token(reminded_owner)}/")
    assert response.status_code == 200
    assert b"Reminders stopped" in response.content
    assert not ReminderSetting.objects.get(user=reminded_owner).enabled


def test_the_one_click_unsubscribe_of_mail_clients_and_notifications_works(reminded_owner):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/reminders/stop/{stop_token(reminded_owner)}/",
                           {"List-Unsubscribe": "One-Click"})
    assert response.json() == {"ok": True}
    assert not ReminderSetting.objects.get(user=reminded_owner).enabled


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:1abc:forged"])
def test_a_forged_or_broken_stop_link_changes_nothing(client, reminded_owner, token):
    assert client.post(f"/reminders/stop/{token}/").status_code == 404
    assert ReminderSetting.objects.get(user=reminded_owner).enabled


def test_a_stop_token_names_only_its_own_user(reminded_owner, outsider):
    ReminderSetting.objects.create(user=outsider, enabled=True)
    Client().post(f"/reminders/stop/{stop_token(outsider)}/")
    assert ReminderSetting.objects.get(user=reminded_owner).enabled
    assert not ReminderSetting.objects.get(user=outsider).enabled


# --- Settings page and push subscriptions ------------------------------------------------------

def browser_subscription(endpoint="https://push.example.net/send/abc"):
    key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"endpoint": endpoint, "expirationTime": None, "keys": {"p256dh": b64url(key), "auth": b64url(os.urandom(16))}}


def test_the_settings_page_shows_defaults_and_creates_nothing(owner_client, owner):
    response = owner_client.get("/account/reminders/")
    assert response.status_code == 200
    assert b'type="time"' in response.content and b"reminders.js" in response.content
    assert not ReminderSetting.objects.exists()


def test_it_saves_a_reminder_time_and_channel(owner_client, owner):
    response = owner_client.post("/account/reminders/", {"enabled": "on", "local_time": "07:45", "channel": "push"})
    assert response.status_code == 302
    setting = ReminderSetting.objects.get(user=owner)
    assert setting.enabled and setting.local_time == time(7, 45) and setting.channel == "push"


def test_saving_a_notification_reminder_that_cannot_reach_anyone_warns(owner_client, owner):
    response = owner_client.post("/account/reminders/", {"enabled": "on", "local_time": "20:00", "channel": "push"},
                                 follow=True)
    assert "no reminder can reach you" in response.content.decode()
    PushSubscription.objects.create(owner=owner, endpoint="https://push.example.net/own", p256dh="k", auth="a")
    response = owner_client.post("/account/reminders/", {"enabled": "on", "local_time": "20:00", "channel": "push"},
                                 follow=True)
    assert "no reminder can reach you" not in response.content.decode()


def test_email_reminders_need_an_address_given_beside_the_field(owner_client, owner):
    response = owner_client.post("/account/reminders/", {"enabled": "on", "local_time": "20:00", "channel": "email"})
    assert response.status_code == 200
    assert "Add an email address" in response.content.decode()
    owner_client.post("/account/reminders/", {"enabled": "on", "local_time": "20:00", "channel": "email",
                                              "email": "me@example.org"})
    owner.refresh_from_db()
    assert owner.email == "me@example.org"


def test_a_bad_time_is_a_message_not_a_500(owner_client):
    response = owner_client.post("/account/reminders/", {"enabled": "on", "local_time": "25:99", "channel": "push"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


def test_the_browser_subscription_is_stored_for_its_owner(owner_client, owner):
    response = owner_client.post("/account/reminders/subscriptions/", json.dumps(browser_subscription()),
                                 content_type="application/json")
    assert response.status_code == 201
    assert PushSubscription.objects.get().owner == owner
    # The same browser again updates, not doubles.
    again = owner_client.post("/account/reminders/subscriptions/", json.dumps(browser_subscription()),
                              content_type="application/json")
    assert again.status_code == 200 and PushSubscription.objects.count() == 1


@pytest.mark.parametrize("body", [
    "not json", "[]", json.dumps({"endpoint": "http://push.example.net/x", "keys": {}}),
    json.dumps({**browser_subscription(), "keys": {"p256dh": "short", "auth": "x"}}),
])
def test_a_bad_subscription_is_refused(owner_client, body):
    response = owner_client.post("/account/reminders/subscriptions/", body, content_type="application/json")
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_anonymous_users_cannot_subscribe(client, db):
    response = client.post("/account/reminders/subscriptions/", json.dumps(browser_subscription()),
                           content_type="application/json")
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_an_outsider_cannot_remove_or_see_the_owners_devices(owner, outsider_client):
    subscription = PushSubscription.objects.create(owner=owner, endpoint="https://push.example.net/own",
                                                   p256dh="k", auth="a", user_agent="OWNER-PHONE")
    path = f"/account/reminders/subscriptions/{subscription.pk}/delete/"
    assert outsider_client.post(path).status_code == 404
    assert outsider_client.get(path).status_code == 404
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert b"OWNER-PHONE" not in outsider_client.get("/account/reminders/").content


def test_the_owner_removes_a_device(owner_client, owner):
    subscription = PushSubscription.objects.create(owner=owner, endpoint="https://push.example.net/own",
                                                   p256dh="k", auth="a")
    path = f"/account/reminders/subscriptions/{subscription.pk}/delete/"
    assert owner_client.get(path).status_code == 405
    assert owner_client.post(path).status_code == 302
    assert not PushSubscription.objects.exists()


def test_a_test_notification_reaches_only_the_users_own_browsers(owner, outsider, push_service, client):
    push_service.subscribe(owner, "owner-phone")
    push_service.subscribe(outsider, "outsider-phone")
    client.force_login(owner)
    response = client.post("/account/reminders/test/", follow=True)
    assert "Sent." in response.content.decode()
    assert [item["path"] for item in push_service.received] == ["/push/owner-phone"]
    assert push_service.messages("owner-phone")[0]["title"] == "Time for your daily check-in"
    assert client.get("/account/reminders/test/").status_code == 405


def test_a_test_notification_without_a_browser_says_it_could_not_be_sent(owner_client, vapid):
    response = owner_client.post("/account/reminders/test/", follow=True)
    assert "No notification could be sent" in response.content.decode()


def test_deleting_the_account_deletes_reminders_subscriptions_and_the_log(owner):
    ReminderSetting.objects.create(user=owner, enabled=True)
    PushSubscription.objects.create(owner=owner, endpoint="https://push.example.net/own", p256dh="k", auth="a")
    ReminderSent.objects.create(user=owner, local_date=date(2026, 3, 29))
    owner.delete()
    assert not ReminderSetting.objects.exists()
    assert not PushSubscription.objects.exists()
    assert not ReminderSent.objects.exists()
