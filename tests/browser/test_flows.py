"""End-to-end flows in headless chromium at 375 px and 1280 px."""
import io
import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from .conftest import VIEWPORTS, click, describe_violations, log_in, main_text, record_timing, seed_diary, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A seed file name, e.g. "002_6382be78da2ead00.txt": shown only in a details line, never as the citation.
CITATION = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


def sign_up(browser, live_server, username="newperson"):
    browser.get(live_server.url + "/accounts/signup/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password1").send_keys("a-long-passphrase-91")
    browser.find_element(By.NAME, "password2").send_keys("a-long-passphrase-91")
    click(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    # The first run (three skippable screens, tests/test_first_run.py) comes once; skip it.
    wait_for(browser, EC.url_to_be(live_server.url + "/welcome/country/"))
    click(browser, browser.find_element(By.CSS_SELECTOR, "button[name=action][value=skip_all]"))
    wait_for(browser, EC.url_to_be(live_server.url + "/"))


def label_for(browser, name, value):
    """The visible label of a radio or checkbox styled as a button or chip (the input itself is hidden)."""
    field = browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
    return browser.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")


def is_checked(browser, name, value):
    return browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']").is_selected()


def wait_for_download(directory, suffix, timeout=30):
    """Poll (bounded) until Chrome has finished writing one file with this suffix."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in directory.iterdir() if p.name.endswith(suffix)]
        partial = [p for p in directory.iterdir() if p.name.endswith(".crdownload")]
        if done and not partial and done[0].stat().st_size > 0:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} download in {directory}: {[p.name for p in directory.iterdir()]}")


@pytest.mark.django_db(transaction=True)
def test_it_signs_up_and_lands_on_the_dashboard(browser, live_server, axe):
    sign_up(browser, live_server)
    assert "Log an episode" in browser.page_source
    # The empty dashboard of a new diary passes axe too, at no extra page load.
    violations = axe(browser)
    assert not violations, describe_violations(violations)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= VIEWPORTS[browser.viewport_name][0]
    from accounts.models import User

    # The browser told us its time zone through static/js/app.js.
    assert User.objects.get(username="newperson").profile.timezone


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_whole_diary_from_sign_up_to_the_gp_pdf(browser, live_server, downloads_dir, guidance_library):
    from accounts.models import User
    from diary.models import CheckIn, Episode

    base = live_server.url
    sign_up(browser, live_server)
    user = User.objects.get(username="newperson")

    # --- Quick log: three taps, counted. -----------------------------------------------------------
    started = time.perf_counter()
    browser.get(base + "/episodes/quick/")
    taps = 0
    click(browser, label_for(browser, "intensity", "6"))
    taps += 1
    click(browser, label_for(browser, "locations", "lower_back"))
    taps += 1
    assert is_checked(browser, "intensity", "6") and is_checked(browser, "locations", "lower_back")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.quick-log button[type=submit]"))
    taps += 1
    wait_for(browser, EC.url_matches(r"/episodes/\d+/\?saved=1$"))
    quick_log_seconds = time.perf_counter() - started
    record_timing(f"quick log [{browser.viewport_name}]", quick_log_seconds)
    assert taps == 3
    assert main_text(browser).startswith("Saved.")  # one message: the saved card, no second flash
    episode = Episode.objects.get(owner=user)
    assert episode.intensity == 6
    assert [row.location for row in episode.locations.all()] == ["lower_back"]
    assert browser.current_url.startswith(f"{base}/episodes/{episode.pk}/")
    assert quick_log_seconds < 10

    # --- Today's check-in: a stepper, the stress row, an activity chip. ----------------------------
    browser.get(base + "/checkins/today/")
    plus = browser.find_element(By.CSS_SELECTOR, "button.js-step[data-target='id_fluid_litres']:not([data-step^='-'])")
    wait_for(browser, lambda d: plus.is_displayed())  # diary.js reveals the steppers
    for _ in range(6):
        click(browser, plus)
    assert browser.find_element(By.ID, "id_fluid_litres").get_attribute("value") in ("1.5", "1.50")
    click(browser, label_for(browser, "stress", "7"))
    click(browser, label_for(browser, "activities", "running"))
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.checkin-form button[type=submit]"))
    wait_for(browser, lambda d: re.search(r"Check-in for .+ saved\.", main_text(d)))
    assert browser.current_url == base + "/checkins/today/"
    assert "logged" in main_text(browser)
    checkin = CheckIn.objects.get(owner=user)
    assert float(checkin.fluid_litres) == 1.5
    assert checkin.stress == 7
    assert [row.activity for row in checkin.activities.all()] == ["running"]

    # --- Dashboard: the weekly chart has loaded. ---------------------------------------------------
    browser.get(base + "/")
    chart = browser.find_element(By.CSS_SELECTOR, "#chart-weekly img")
    wait_for(browser, lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", chart))
    chart_url = browser.execute_script("return arguments[0].currentSrc", chart)
    assert "/charts/weekly.svg" in chart_url
    status, content_type = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'})"
        ".then(r => done([r.status, r.headers.get('content-type')]));", chart_url)
    assert status == 200 and content_type.startswith("image/svg+xml")

    # --- GP summary PDF, over a diary with some history. -------------------------------------------
    demo = seed_diary(user)
    browser.get(base + "/summary/")
    click(browser, browser.find_element(By.XPATH, "//main//a[normalize-space()='Download PDF']"))
    pdf_path = wait_for_download(downloads_dir, ".pdf")
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    episodes = Episode.objects.filter(owner=user).count()
    assert episodes == len(demo.episodes) + 1
    assert re.search(rf"Episodes\s+{episodes}\b", text), text[:1500]

    # --- A pattern links to its guidance topic. ----------------------------------------------------
    browser.get(base + "/patterns/")
    link = browser.find_element(By.CSS_SELECTOR, ".pattern-links a[href^='/guidance/']")
    topic_path = link.get_attribute("pathname")
    click(browser, link)
    wait_for(browser, EC.url_to_be(base + topic_path))
    assert re.fullmatch(r"/guidance/[a-z_]+/", topic_path)
    passages = browser.find_elements(By.CSS_SELECTOR, "main blockquote")
    assert passages, "no passage on the topic page"
    passage = passages[0]
    assert passage.is_displayed() and len(passage.text) > 40
    # Its citation (title, site, language, section) is shown with it; the file name only in its details.
    quoted = browser.execute_script("return arguments[0].closest('figure, article, section, li')", passage)
    cites = quoted.find_elements(By.CSS_SELECTOR, "figcaption cite")
    assert cites and cites[0].is_displayed() and "\u201c" in cites[0].text, f"no citation: {quoted.text[:300]!r}"
    assert not CITATION.search(quoted.text), f"a file name outside its details: {quoted.text[:300]!r}"
    assert CITATION.search(quoted.find_element(By.CSS_SELECTOR, "details").get_attribute("textContent"))

@pytest.mark.django_db(transaction=True)
def test_it_shows_the_emergency_banner_for_a_red_flag(browser, live_server, make_user, axe):
    from diary.models import Episode

    user = make_user("redflag")
    log_in(browser, live_server, user)
    browser.get(live_server.url + "/episodes/new/")
    click(browser, label_for(browser, "intensity", "8"))
    click(browser, label_for(browser, "locations", "lower_back"))
    checkbox = browser.find_element(By.CSS_SELECTOR, "input[name='red_flags'][value='both_legs']")
    assert not checkbox.is_displayed()  # collapsed behind one question
    question = browser.find_element(By.XPATH, "//summary[contains(., 'Any of these?')]")
    click(browser, question)
    wait_for(browser, lambda d: checkbox.is_displayed())
    click(browser, checkbox)
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.episode-form button[type=submit]"))
    wait_for(browser, EC.url_matches(r"/episodes/\d+/$"))

    banner = browser.find_element(By.CSS_SELECTOR, ".alert-emergency")
    assert banner.is_displayed()
    number = user.profile.emergency_number
    call = banner.find_element(By.CSS_SELECTOR, "a[href^='tel:']")
    assert call.get_attribute("href") == f"tel:{number}"
    assert call.is_displayed() and number in call.text
    # Above everything else: the banner is in the first screenful.
    assert browser.execute_script("return arguments[0].getBoundingClientRect().top", banner) < 400
    episode = Episode.objects.get(owner=user)
    assert [row.flag for row in episode.red_flags.all()] == ["both_legs"]
    violations = axe(browser)
    assert not violations, describe_violations(violations)

    # The banner stays on the dashboard until the person has dealt with it.
    browser.get(live_server.url + "/")
    assert browser.find_element(By.CSS_SELECTOR, ".alert-emergency a[href^='tel:']").is_displayed()
