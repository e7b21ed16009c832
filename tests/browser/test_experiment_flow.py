"""An n-of-1 experiment end to end in headless chromium: start, today's plan, adherence, fast-forward, result."""
from datetime import datetime, time, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from .conftest import VIEWPORTS, click, describe_violations, log_in, main_text, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _fill_diary(user, experiment):
    """Check-ins on every planned day; episodes on every other "don't" day and every ninth "do" day."""
    from diary.models import CheckIn, Episode

    tz = user.profile.tzinfo
    for index, do in enumerate(experiment.plan):
        day = experiment.start_date + timedelta(days=index)
        CheckIn.objects.create(owner=user, date=day, stress=3)
        if (not do and index % 2 == 0) or (do and index % 9 == 0):
            Episode.objects.create(owner=user, started_at=datetime.combine(day, time(18), tzinfo=tz), intensity=6)


@pytest.mark.django_db(transaction=True)
def test_an_experiment_runs_end_to_end(browser, live_server, make_user, axe):
    from diary.records import local_today
    from experiments.models import Experiment

    user = make_user("tester", timezone="Europe/Berlin")
    log_in(browser, live_server, user)
    width = VIEWPORTS[browser.viewport_name][0]

    browser.get(live_server.url + "/experiments/")
    click(browser, browser.find_element(By.LINK_TEXT, "Start an experiment"))
    Select(browser.find_element(By.NAME, "suspect")).select_by_visible_text("Drinking at least 2.5 litres")
    click(browser, browser.find_element(By.CSS_SELECTOR, "input[name='design'][value='days']"))
    Select(browser.find_element(By.NAME, "weeks")).select_by_value("6")
    click(browser, browser.find_element(By.CSS_SELECTOR, "input[name='start'][value='today']"))
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    violations = axe(browser)
    assert not violations, describe_violations(violations)
    click(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    wait_for(browser, lambda d: "/experiments/" in d.current_url and d.current_url.rstrip("/").split("/")[-1].isdigit())
    experiment = Experiment.objects.get(owner=user)
    assert "Experiment, day 1 of 42" in main_text(browser)
    violations = axe(browser)
    assert not violations, describe_violations(violations)

    # Today's plan on the dashboard; answer "yes".
    browser.get(live_server.url + "/")
    plan_text = "Today is a “do” day" if experiment.plan[0] else "Today is a “don't” day"
    assert plan_text in main_text(browser)
    click(browser, browser.find_element(By.CSS_SELECTOR, ".experiment-today button[value='yes']"))
    wait_for(browser, lambda d: "You said you followed today's plan." in main_text(d))
    assert experiment.adherence.get().followed is True

    # Fast-forward: the six weeks lie behind us, with a diary kept throughout.
    experiment.start_date = local_today(user) - timedelta(days=50)
    experiment.save()
    experiment.adherence.all().delete()
    _fill_diary(user, experiment)
    browser.get(live_server.url + experiment.get_absolute_url())
    text = main_text(browser)
    assert "finished" in text and "Episodes came on" in text and "95% interval" in text
    assert "Fewer episode days" in text or "No clear difference" in text
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width

    browser.get(live_server.url + "/patterns/")
    assert "Experiments (randomised days or weeks)" in main_text(browser)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width

    # The own-factors page the new-experiment form links to, and its limit message beside the field.
    browser.get(live_server.url + "/account/factors/")
    violations = axe(browser)
    assert not violations, describe_violations(violations)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
