"""The quick log's red-flag question in a real browser, with scripts switched off: yes opens the checklist by CSS."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from .conftest import click, log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_yes_opens_the_checklist_without_a_script_and_a_ticked_emergency_says_call_now(browser, live_server, make_user):
    user = make_user("redflags")
    log_in(browser, live_server, user)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.get(live_server.url + "/episodes/quick/")
    checklist = browser.find_element(By.CSS_SELECTOR, ".red-flag-question .red-flag-list")
    assert not checklist.is_displayed()
    click(browser, browser.find_element(By.CSS_SELECTOR, "label[for='red-flags-now-yes']"))
    assert checklist.is_displayed()
    box = browser.find_element(By.CSS_SELECTOR, "input[name='red_flags'][value='saddle_numbness']")
    click(browser, browser.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']"))
    intensity = browser.find_element(By.CSS_SELECTOR, "input[name='intensity'][value='7']")
    click(browser, browser.find_element(By.CSS_SELECTOR, f"label[for='{intensity.get_attribute('id')}']"))
    click(browser, browser.find_element(By.CSS_SELECTOR, ".save-bar button[type=submit]"))
    wait_for(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".alert-emergency")))
    assert "Call 112 now" in browser.page_source
    episode = user.episodes.get()
    assert episode.red_flags_asked and list(episode.red_flags.values_list("flag", flat=True)) == ["saddle_numbness"]
