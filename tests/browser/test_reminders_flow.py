"""The reminder screens in headless chromium on a phone: the notification permission is asked only
when the user saves a reminder by notification, and the browser's subscription reaches the server.

Chromium cannot reach a real push service here, so the page's PushManager and permission prompt
are replaced by recorders before any page script runs; everything else is the real page."""
import base64
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from onboarding.models import FirstRun
from reminders.models import PushSubscription, ReminderSetting

from .conftest import click, describe_violations, log_in, make_driver, run_axe, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ENDPOINT = "https://push.example.net/send/browser-test"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_public_key():
    return ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


RECORDER = """
(function () {
  var asks = "test-permission-asks";
  if (window.Notification) {
    Notification.requestPermission = function (callback) {
      sessionStorage.setItem(asks, String(Number(sessionStorage.getItem(asks) || 0) + 1));
      if (callback) { callback("granted"); }
      return Promise.resolve("granted");
    };
  }
  if (window.PushManager) {
    var subscription = {endpoint: "%(endpoint)s",
      toJSON: function () { return {endpoint: this.endpoint, keys: {p256dh: "%(p256dh)s", auth: "%(auth)s"}}; }};
    PushManager.prototype.getSubscription = function () { return Promise.resolve(null); };
    PushManager.prototype.subscribe = function (options) {
      sessionStorage.setItem("test-server-key-bytes", String(options.applicationServerKey.length));
      return Promise.resolve(subscription);
    };
  }
}());
"""


@pytest.fixture
def phone(settings):
    settings.VAPID_PUBLIC_KEY = b64url(raw_public_key())
    driver = make_driver(375, 812)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER % {
        "endpoint": ENDPOINT, "p256dh": b64url(raw_public_key()), "auth": b64url(os.urandom(16))}})
    yield driver
    driver.quit()


def asks(driver):
    return int(driver.execute_script("return Number(sessionStorage.getItem('test-permission-asks') || 0)"))


def test_the_permission_is_asked_when_a_notification_is_chosen_and_not_before(phone, live_server, make_user):
    user = make_user("newphone", timezone="Europe/Berlin")
    log_in(phone, live_server, user)
    phone.get(live_server.url + "/welcome/country/")
    assert not (violations := run_axe(phone)), describe_violations(violations)
    phone.get(live_server.url + "/welcome/reminder/")
    assert not (violations := run_axe(phone)), describe_violations(violations)
    assert asks(phone) == 0
    time_field = phone.find_element(By.NAME, "local_time")
    phone.execute_script("arguments[0].value = '07:30'", time_field)
    click(phone, phone.find_element(By.CSS_SELECTOR, "button[name=action][value=save]"))
    wait_for(phone, EC.url_to_be(live_server.url + "/welcome/check-in/"), timeout=20)
    assert asks(phone) == 1
    assert phone.execute_script("return sessionStorage.getItem('test-server-key-bytes')") == "65"
    subscription = PushSubscription.objects.get(owner=user)
    assert subscription.endpoint == ENDPOINT
    setting = ReminderSetting.objects.get(user=user)
    assert setting.enabled and setting.local_time.strftime("%H:%M") == "07:30"
    assert not FirstRun.is_finished(user)
    assert not (violations := run_axe(phone)), describe_violations(violations)

    # Email reminders on the settings page ask nothing of the browser.
    phone.get(live_server.url + "/account/reminders/")
    assert not (violations := run_axe(phone)), describe_violations(violations)
    click(phone, phone.find_element(By.CSS_SELECTOR, "input[name=channel][value=email]"))
    phone.find_element(By.NAME, "email").send_keys("newphone@example.org")
    click(phone, phone.find_element(By.CSS_SELECTOR, "main form[data-reminder-form] button[type=submit]"))
    wait_for(phone, EC.presence_of_element_located((By.CSS_SELECTOR, ".alert-success")))
    assert asks(phone) == 1
    assert ReminderSetting.objects.get(user=user).channel == "email"
