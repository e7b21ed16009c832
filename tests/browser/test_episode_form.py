"""The full episode form on a phone, end to end: tick a relief, its "did it help?" appears (by CSS alone,
scripts switched off), answer it, save, and the episode holds what was tried and how it went."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .conftest import click, log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("browser", ["phone"], indirect=True)
def test_a_ticked_relief_asks_whether_it_helped_without_javascript(live_server, browser, owner):
    from diary.models import Episode

    log_in(browser, live_server, owner)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.get(live_server.url + "/episodes/new/")
    assert not browser.find_element(By.CSS_SELECTOR, ".js-now").is_displayed()  # no script ran to reveal "Now"
    heat_outcome = browser.find_element(By.ID, "id_outcome_heat")
    assert not heat_outcome.is_displayed()
    click(browser, browser.find_element(By.CSS_SELECTOR, "label[for=id_relief_heat]"))
    assert heat_outcome.is_displayed()
    Select(heat_outcome).select_by_value("helped")
    click(browser, browser.find_element(By.CSS_SELECTOR, "label[for=id_relief_cold]"))
    Select(browser.find_element(By.ID, "id_outcome_cold")).select_by_value("no_help")
    click(browser, browser.find_element(By.CSS_SELECTOR, "label[for=id_relief_cold]"))  # changed my mind: not tried
    assert not browser.find_element(By.ID, "id_outcome_cold").is_displayed()
    click(browser, browser.find_element(By.CSS_SELECTOR, "label[for=intensity-6], label[for=id_intensity_6]"))
    click(browser, browser.find_element(By.CSS_SELECTOR, ".save-bar button[type=submit]"))
    wait_for(browser, lambda driver: "/episodes/new/" not in driver.current_url)
    episode = Episode.objects.get(owner=owner)
    assert set(episode.reliefs.values_list("relief", "outcome")) == {("heat", "helped")}
