"""Headless Debian chromium for end-to-end tests: explicit paths, nothing downloaded."""
import functools
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    skip = pytest.mark.skip(reason=f"needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def make_driver(width, height):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic", "--hide-scrollbars", f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(ARTIFACTS / "downloads"),
        "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True,
    })
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_window_size(width, height)
    # The layout viewport must be exactly this wide (a phone is 375 CSS px), whatever the window chrome.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
    })
    driver.implicitly_wait(0)
    return driver


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def browser(request):
    width, height = VIEWPORTS[request.param]
    driver = make_driver(width, height)
    driver.viewport_name = request.param
    yield driver
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
        (ARTIFACTS / f"{name}.html").write_text(driver.page_source)
    driver.quit()


@functools.cache
def _axe_source():
    return AXE_JS.read_text()


def run_axe(driver):
    """Inject axe-core from node_modules and return serious or critical violations."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm install` (the Makefile's test-tools target does)")
    driver.execute_script(_axe_source())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));"
    )
    return [v for v in result if v.get("impact") in ("serious", "critical")]


def describe_violations(violations, limit=4):
    """One readable line per violation and offending node: rule, impact, message, selector."""
    lines = []
    for violation in violations:
        for node in violation["nodes"][:limit]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {node.get('failureSummary', violation['help'])!r} "
                f"at {' '.join(node['target'])} {node['html'][:160]!r}"
            )
        if len(violation["nodes"]) > limit:
            lines.append(f"{violation['id']}: and {len(violation['nodes']) - limit} more nodes")
    return "\n".join(lines)


@pytest.fixture
def axe():
    return run_axe


def wait_for(driver, condition, timeout=10):
    """Wait until condition(driver) is truthy; elements replaced by a page load mid-check are retried."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=ignored).until(condition)


def main_text(driver):
    """The visible text of the page's <main>."""
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "main").text


@pytest.fixture
def downloads_dir():
    path = ARTIFACTS / "downloads"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def click(driver, element):
    """Scroll an element to the middle of the viewport, then click it like a finger would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)
    element.click()


def log_in(driver, live_server, user):
    """Sign user in by handing the browser a session cookie (the login form has its own test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    driver.get(live_server.url + "/healthz")
    driver.add_cookie({
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "path": "/",
    })


TIMINGS = ARTIFACTS / "timings.txt"


def record_timing(label, seconds):
    """Keep a measured duration for the report (test-artifacts/timings.txt) and the terminal summary."""
    ARTIFACTS.mkdir(exist_ok=True)
    with TIMINGS.open("a" if _timings else "w") as out:  # a fresh file per test run
        out.write(f"{label}: {seconds * 1000:.0f} ms\n")
    _timings.append((label, seconds))


_timings = []


def pytest_terminal_summary(terminalreporter):
    for label, seconds in _timings:
        terminalreporter.write_line(f"browser timing: {label}: {seconds * 1000:.0f} ms")


def seed_diary(user, days=60, seed=7):
    """Fill user's diary with the deterministic demo, ending yesterday in their time zone."""
    from django.utils import timezone

    from diary.demo import generate_demo
    from diary.imports import write_records

    tzinfo = user.profile.tzinfo
    end = timezone.localdate(timezone=tzinfo) - timedelta(days=1)
    demo = generate_demo(days, seed, end, tzinfo)
    write_records(user, demo.episodes, demo.checkins)
    return demo


@pytest.fixture
def guidance_library(db):
    """The guidance library, built from the seed files (a flushed live-server database starts empty)."""
    from django.core.management import call_command

    call_command("load_guidance", verbosity=0)
