"""Offline at 375 px: the quick log and check-in open and save with the server unreachable, and each
entry reaches the server exactly once, dated at the tap, when it comes back.

"Stopping the server": Django's live server thread cannot be stopped and restarted on the same
port reliably (it refuses to reuse the address, and Chrome's kept-alive connections would still
reach its request threads), so the browser talks to it through a small TCP relay on a port of its
own. Closing the relay, with every open connection cut, is what the phone sees when the server is
gone: connections refused. DevTools' offline emulation was not used: it does not cover the
service worker's own requests.
"""
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from selenium.webdriver.common.by import By

from .conftest import ARTIFACTS, click, make_driver, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Relay:
    """Forward 127.0.0.1:port to the live server; stop() makes the address refuse connections."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.listener = None
        self.connections = []
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        # shutdown() first: a plain close() leaves the accept() blocked in the other thread listening.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for sock in self.connections:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                except OSError:
                    pass
            self.connections = []


@pytest.fixture
def relay(live_server):
    host, port = live_server.thread.host, live_server.thread.port
    relay = Relay(host, port)
    relay.start()
    yield relay
    try:
        relay.stop()
    except OSError:
        pass


@pytest.fixture
def phone():
    driver = make_driver(375, 812)
    yield driver
    driver.quit()


def sign_in(driver, relay, user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    driver.get(relay.url + "/healthz")
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "path": "/"})


KEPT = """
const done = arguments[arguments.length - 1];
caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('diary-pages-'))
  .map(n => caches.open(n).then(c => c.keys())))).then(lists => done(lists.flat().map(r => new URL(r.url).pathname)));
"""


def wait_until_controlled(driver):
    wait_for(driver, lambda d: d.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"), 40)
    wait_for(driver, lambda d: {"/episodes/quick/", "/checkins/today/", "/offline/"} <= set(d.execute_async_script(KEPT)), 40)


def tap_label(driver, name, value):
    field = driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    click(driver, driver.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']"))


def notice_text(driver):
    return driver.find_element(By.CSS_SELECTOR, ".offline-notice").text


def wait_for_count(queryset, count, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if queryset.count() == count:
            return
        time.sleep(0.1)
    assert queryset.count() == count


@pytest.mark.django_db(transaction=True)
def test_an_episode_and_a_check_in_saved_offline_are_stored_once_with_the_taps_time(phone, relay, make_user):
    from diary.models import CheckIn, Episode

    owner = make_user("offline", timezone="Europe/Berlin")
    sign_in(phone, relay, owner)
    phone.get(relay.url + "/episodes/quick/")
    wait_until_controlled(phone)

    relay.stop()  # the server is gone
    phone.get(relay.url + "/episodes/quick/")  # opened from the phone's copy
    assert phone.find_element(By.CSS_SELECTOR, "h1").text == "Log an episode"
    tap_label(phone, "intensity", "5")
    tap_label(phone, "locations", "lower_back")
    tapped_from = timezone.now()
    click(phone, phone.find_element(By.CSS_SELECTOR, "form.js-offline button[type=submit]"))
    wait_for(phone, lambda d: "saved on this phone" in notice_text(d).lower(), 20)
    tapped_until = timezone.now()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.save_screenshot(str(ARTIFACTS / "offline-quick-log-375.png"))  # for a person to look at

    phone.get(relay.url + "/checkins/today/")
    tap_label(phone, "worst_pain", "3")
    click(phone, phone.find_element(By.CSS_SELECTOR, "form.js-offline button[type=submit]"))
    wait_for(phone, lambda d: "2 entries are saved on this phone" in notice_text(d), 20)
    phone.save_screenshot(str(ARTIFACTS / "offline-checkin-375.png"))
    assert not Episode.objects.exists() and not CheckIn.objects.exists()

    relay.start()  # the server is back: the next page sends what waited
    phone.get(relay.url + "/episodes/quick/")
    wait_for_count(Episode.objects.filter(owner=owner), 1)
    wait_for_count(CheckIn.objects.filter(owner=owner), 1)
    # Usually "2 entries ... have been sent"; one may have gone already by Background Sync.
    wait_for(phone, lambda d: "been sent" in notice_text(d) and "will be sent" not in notice_text(d), 20)

    # Loading again (and the Background Sync the page asked for) sends nothing twice.
    phone.get(relay.url + "/checkins/today/")
    wait_for(phone, lambda d: d.execute_script("return document.readyState") == "complete")
    assert Episode.objects.filter(owner=owner).count() == 1 and CheckIn.objects.filter(owner=owner).count() == 1
    episode = Episode.objects.get(owner=owner)
    assert episode.intensity == 5 and list(episode.locations.values_list("location", flat=True)) == ["lower_back"]
    # Dated at the tap, not at the upload, which came after the server was back.
    assert tapped_from - timedelta(seconds=0.5) <= episode.started_at <= tapped_until + timedelta(seconds=0.5)
    assert episode.created_at > tapped_until
    assert episode.client_id is not None
    checkin = CheckIn.objects.get(owner=owner)
    assert checkin.worst_pain == 3 and checkin.date == timezone.localdate(timezone=owner.profile.tzinfo)



# Read straight from IndexedDB, so it works on a page without the app's scripts.
QUEUED = """
const done = arguments[arguments.length - 1];
const open = indexedDB.open('spasm-diary', 1);
open.onsuccess = () => {
  const all = open.result.transaction('queue').objectStore('queue').getAll();
  all.onsuccess = () => { open.result.close(); done(all.result.length); };
};
open.onerror = () => done(-1);
"""


def alert_shown(driver):
    from selenium.common.exceptions import NoAlertPresentException

    try:
        return driver.switch_to.alert
    except NoAlertPresentException:
        return False


# An entry the server will never take as it is (intensity 11): it stays on the phone, marked.
REFUSED_ENTRY = """
const done = arguments[arguments.length - 1];
const form = document.querySelector('form.js-offline');
diaryQueue.put({id: diaryQueue.newId(), user: arguments[0], url: form.action, fields: [['intensity', '11']],
                state: 'waiting', tappedAt: new Date().toISOString(), csrf: ''}).then(() => done(true));
"""


@pytest.mark.django_db(transaction=True)
def test_logging_out_warns_about_unsent_entries_then_clears_the_phone(phone, relay, make_user):
    from diary.models import Episode

    owner = make_user("leaving", timezone="Europe/Berlin")
    sign_in(phone, relay, owner)
    phone.get(relay.url + "/episodes/quick/")
    wait_until_controlled(phone)
    relay.stop()
    phone.get(relay.url + "/episodes/quick/")
    tap_label(phone, "intensity", "4")
    click(phone, phone.find_element(By.CSS_SELECTOR, "form.js-offline button[type=submit]"))
    wait_for(phone, lambda d: "saved on this phone" in notice_text(d).lower(), 20)

    def log_out():
        phone.execute_script("document.querySelector('form[action=\"/accounts/logout/\"]').requestSubmit()")
        return wait_for(phone, alert_shown, 10)

    # Offline, logging out could not end the session on the server: nothing is deleted.
    alert = log_out()
    assert "No connection" in alert.text
    alert.accept()
    assert phone.execute_async_script(QUEUED) == 1

    relay.start()
    phone.execute_async_script(REFUSED_ENTRY, str(owner.pk))
    # Online: the waiting episode is sent first; the one the server refuses is what the warning is about.
    alert = log_out()
    assert "1 entry on this phone has not been sent yet" in alert.text
    assert Episode.objects.filter(owner=owner).count() == 1
    alert.dismiss()
    assert phone.execute_async_script(QUEUED) == 1  # staying signed in keeps it

    log_out().accept()
    wait_for(phone, lambda d: d.execute_script("return document.readyState") == "complete" and "Log in" in d.page_source)
    assert phone.execute_async_script(QUEUED) == 0
    assert phone.execute_async_script(KEPT) == []  # no page of the diary left on the phone
    phone.get(relay.url + "/episodes/quick/")
    assert "/accounts/login/" in phone.current_url  # and the session is over
