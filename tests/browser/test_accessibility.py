"""axe-core on every main page, and no sideways scrolling on a phone, at 375 px and 1280 px.

The dashboard screenshots in docs/screenshots/ come from this test: SAVE_SCREENSHOTS=1 .venv/bin/python -m pytest
tests/browser/test_accessibility.py rewrites them (otherwise they land in test-artifacts/ only).
"""
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


# axe only judges what is shown: open every collapsed table, question and the phone menu first.
OPEN_EVERYTHING = (
    "document.querySelectorAll('details').forEach(d => d.open = true);"
    "document.querySelectorAll('.navbar-collapse').forEach(n => n.classList.add('show'));"
)


def check_page(driver, base, path, problems, before_axe=None, label=None):
    if path is not None:
        driver.get(base + path)
    path = label or path
    wait_for(driver, page_loaded)
    if before_axe:
        before_axe(driver)
    driver.execute_script(OPEN_EVERYTHING)
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


# Pages posted with nothing or nonsense: the messages beside the fields must be accessible too.
INVALID_FORMS = {
    "/accounts/signup/": {},
    "/accounts/login/": {},
    "/episodes/quick/": {},
    "/episodes/new/": {"duration_minutes": "-5"},
    "/checkins/today/": {"sleep_hours": "99"},
}


def check_invalid_form(driver, base, path, values, problems):
    from .conftest import click

    driver.get(base + path)
    form = driver.find_element(By.CSS_SELECTOR, "main form[method=post]:not([action*=setlang])")
    for name, value in values.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    click(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "main .is-invalid, main .has-error, main .errorlist, main .alert-danger"))
    check_page(driver, base, None, problems, label=f"{path} (with errors)")


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
    assert not driver.find_elements(By.CSS_SELECTOR, ".alert-emergency"), "a calm dashboard for the README"
    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, SCREENSHOTS / target.name)


@pytest.mark.django_db(transaction=True)
def test_it_has_no_serious_axe_violation_or_sideways_scroll_on_any_main_page(
    browser, live_server, make_user, guidance_library,
):
    from diary.models import Episode

    base = live_server.url
    problems = []
    for path in ANONYMOUS_PAGES:
        check_page(browser, base, path, problems)
    for path in ("/accounts/signup/", "/accounts/login/"):
        check_invalid_form(browser, base, path, INVALID_FORMS[path], problems)

    user = make_user("axe", timezone="Europe/London")
    seed_diary(user, days=120)
    episode = Episode.objects.filter(owner=user).order_by("-started_at").first()
    log_in(browser, live_server, user)
    for path in signed_in_pages(episode.pk):
        check_page(browser, base, path, problems, before_axe=save_dashboard_screenshot if path == "/" else None)
    for path in ("/episodes/quick/", "/episodes/new/", "/checkins/today/"):
        check_invalid_form(browser, base, path, INVALID_FORMS[path], problems)

    assert not problems, "\n".join(problems)
