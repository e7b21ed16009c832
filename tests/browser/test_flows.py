"""End-to-end flows in headless chromium at 375 px and 1280 px."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from .conftest import click, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_up(browser, live_server, username="newperson"):
    browser.get(live_server.url + "/accounts/signup/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password1").send_keys("a-long-passphrase-91")
    browser.find_element(By.NAME, "password2").send_keys("a-long-passphrase-91")
    click(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for(browser, EC.url_to_be(live_server.url + "/"))


@pytest.mark.django_db(transaction=True)
def test_it_signs_up_and_lands_on_the_dashboard(browser, live_server):
    sign_up(browser, live_server)
    assert "Log an episode" in browser.page_source
    from accounts.models import User

    # The browser told us its time zone through static/js/app.js.
    assert User.objects.get(username="newperson").profile.timezone
