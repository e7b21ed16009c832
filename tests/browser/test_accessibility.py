"""axe-core on every main page, and no sideways scrolling on a phone, at 375 px and 1280 px."""
import os
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from .conftest import ARTIFACTS, VIEWPORTS, describe_violations, log_in, run_axe, seed_diary, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

ANONYMOUS_PAGES = ["/", "/accounts/signup/", "/accounts/login/"]


def signed_in_pages(episode_id):
    return [
        "/",  # the dashboard, with a diary behind it
        "/episodes/quick/",
        "/episodes/new/",
        "/episodes/",
        f"/episodes/{episode_id}/",
        "/checkins/today/",
        "/patterns/",
        "/guidance/",
        "/guidance/running/",
        "/summary/",
        "/account/",
    ]


def page_loaded(driver):
    """The document and every image in it (the server-drawn charts) have finished loading."""
    return driver.execute_script(
        "return document.readyState === 'complete'"
        " && Array.from(document.images).every(img => img.loading === 'lazy' || img.complete);"
    )


def check_page(driver, base, path, problems):
    driver.get(base + path)
    wait_for(driver, page_loaded)
    width = VIEWPORTS[driver.viewport_name][0]
    scroll_width = driver.execute_script("return document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = driver.execute_script(
            "const w = arguments[0];"
            "return Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.getBoundingClientRect().right > w + 0.5)"
            ".slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className);", width)
        problems.append(f"{path}: scrolls sideways ({scroll_width} px wide at {width} px): {wide}")
    violations = run_axe(driver)
    if violations:
        problems.append(f"{path}:\n{describe_violations(violations)}")


def save_dashboard_screenshot(driver):
    """docs/screenshots/dashboard-<width>.png; written to docs/ only with SAVE_SCREENSHOTS=1."""
    width, height = VIEWPORTS[driver.viewport_name]
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"dashboard-{width}.png"
    driver.execute_script("window.scrollTo(0, 0)")
    # On a phone, show the first chart whole: a taller screen for the picture only.
    shot_height = 1250 if width < 600 else height
    metrics = {"width": width, "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": shot_height})
    try:
        driver.save_screenshot(str(target))
    finally:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": height})
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, SCREENSHOTS / target.name)


@pytest.mark.django_db(transaction=True)
def test_it_has_no_serious_axe_violation_or_sideways_scroll_on_any_main_page(browser, live_server, make_user):
    from diary.models import Episode

    base = live_server.url
    problems = []
    for path in ANONYMOUS_PAGES:
        check_page(browser, base, path, problems)

    user = make_user("axe", timezone="Europe/London")
    seed_diary(user, days=120)
    episode = Episode.objects.filter(owner=user).order_by("-started_at").first()
    log_in(browser, live_server, user)
    for path in signed_in_pages(episode.pk):
        check_page(browser, base, path, problems)
        if path == "/" and not browser.find_elements(By.CSS_SELECTOR, ".alert-emergency"):
            save_dashboard_screenshot(browser)

    assert not problems, "\n".join(problems)
