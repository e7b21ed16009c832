"""The patterns page as a person reads it, at 375 px and 1280 px: plain sentences first, numbers one tap away."""
import pytest
from selenium.webdriver.common.by import By

from .conftest import click, log_in, seed_diary

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_it_says_the_finding_in_words_and_opens_the_numbers_on_a_tap(browser, live_server, make_user, guidance_library):
    user = make_user("patterns-reader", timezone="Europe/London")
    seed_diary(user, days=365, seed=1)  # the demo's planted effect: running (and drinking too little)
    log_in(browser, live_server, user)
    browser.get(live_server.url + "/patterns/")

    running = browser.find_element(By.CSS_SELECTOR, "article.association[data-factor='running'][data-lag='0']")
    assert running.find_element(By.CSS_SELECTOR, ".badge").text == "Possible pattern"
    headline = running.find_element(By.CSS_SELECTOR, ".association-headline")
    assert headline.is_displayed() and "times as likely on days you ran." in headline.text
    numbers = running.find_element(By.CSS_SELECTOR, "details")
    assert numbers.get_attribute("open") is None
    assert "95% interval" not in running.text  # the interval waits behind the tap
    click(browser, numbers.find_element(By.TAG_NAME, "summary"))
    assert "95% interval" in numbers.text and "Adjusted ratio" in numbers.text
    # Caveats are printed with a badged finding: staying active, and what travels with running.
    assert "Guidelines advise staying active" in running.text

    # The day after is its own card, and the page never scrolls sideways on a phone.
    assert browser.find_elements(By.CSS_SELECTOR, "article.association[data-lag='1']")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= browser.execute_script("return window.innerWidth")
