"""Text that fits, in every UI language at 375 px and 1280 px: no menu item wraps onto a second line,
the desktop menu is one row, and nothing on a main page spills sideways out of its box.

Only layout is measured here (axe and sideways page scrolling are in test_accessibility.py).
"""
import pytest
from django.conf import settings

from .conftest import log_in, seed_diary, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAIN_PAGES = {
    "dashboard": "/",
    "quick log": "/episodes/quick/",
    "full form": "/episodes/new/",
    "check-in": "/checkins/today/",
    "patterns": "/patterns/",
    "guidance": "/guidance/",
    "summary": "/summary/",
}

# The phone menu is collapsed behind its toggler: open it, and every <details>, so hidden text is measured too.
OPEN_EVERYTHING = (
    "document.querySelectorAll('details').forEach(d => d.open = true);"
    "document.querySelectorAll('.navbar-collapse').forEach(n => n.classList.add('show'));"
)

# The menu's language form, as a user picks a language (it also becomes the profile's language).
CHOOSE_LANGUAGE = "const select = document.getElementById('nav-language'); select.value = arguments[0]; select.form.submit();"

# Lines of text in each menu entry: the distinct tops of its text's line boxes.
NAV_LINES = """
return Array.from(document.querySelectorAll(
  'nav.navbar .nav-link, nav.navbar .navbar-brand, nav.navbar .btn'
)).filter(el => el.offsetParent !== null && el.textContent.trim()).map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
  return {text: el.textContent.trim(), lines: tops.size, top: Math.round(el.getBoundingClientRect().top)};
});
"""

# Boxes whose content is wider than the box itself and is not meant to scroll or clip: text or a table
# spilling over its neighbour. Inline elements have no width of their own and are judged by their block.
# A child's negative margins (Bootstrap's .row gutters) are part of the design, not a spill.
OVERFLOWING = """
const clipped = v => v === 'auto' || v === 'scroll' || v === 'hidden' || v === 'clip';
const spill = el => {
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  const left = box.left + parseFloat(style.borderLeftWidth), right = box.right - parseFloat(style.borderRightWidth);
  let worst = 0;
  for (const child of el.childNodes) {
    let l, r;
    if (child.nodeType === Node.TEXT_NODE) {
      if (!child.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(child);
      const rect = range.getBoundingClientRect();
      [l, r] = [rect.left, rect.right];
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const cs = getComputedStyle(child);
      if (cs.position === 'absolute' || cs.position === 'fixed' || cs.display === 'none') continue;
      const rect = child.getBoundingClientRect();
      if (!rect.width) continue;
      [l, r] = [rect.left - Math.min(0, parseFloat(cs.marginLeft)), rect.right + Math.min(0, parseFloat(cs.marginRight))];
    } else continue;
    worst = Math.max(worst, r - right, left - l);
  }
  return worst;
};
const found = [];
for (const el of document.querySelectorAll('nav.navbar *, main *')) {
  if (el.offsetParent === null || el.closest('svg, .visually-hidden, .visually-hidden-focusable')) continue;
  const style = getComputedStyle(el);
  if (style.display.startsWith('inline') && style.display !== 'inline-block' && style.display !== 'inline-flex') continue;
  if (clipped(style.overflowX) || el.scrollWidth <= el.clientWidth + 1 || !el.clientWidth) continue;
  let scroller = el.parentElement, inScroller = false;
  while (scroller && scroller !== document.body) {
    if (clipped(getComputedStyle(scroller).overflowX)) { inScroller = true; break; }
    scroller = scroller.parentElement;
  }
  if (inScroller) continue;
  const by = spill(el);
  if (by > 1) {
    const text = (el.innerText || el.getAttribute('aria-label') || el.tagName).trim().replace(/\\s+/g, ' ');
    found.push(`${el.tagName.toLowerCase()}.${el.className} spills ${Math.round(by)}px: ${text.slice(0, 80)}`);
  }
}
return found;
"""


def loaded(driver):
    return driver.execute_script("return document.readyState === 'complete'")


def wrapped_nav_items(driver):
    return [f"{item['text']!r} takes {item['lines']} lines" for item in driver.execute_script(NAV_LINES)
            if item["lines"] > 1]


@pytest.fixture
def demo_owner(owner, guidance_library):
    seed_diary(owner, days=120, seed=1)
    return owner


@pytest.mark.django_db(transaction=True)
def test_it_fits_every_language_on_every_main_page(live_server, browser, demo_owner):
    """One browser per width, each language chosen from the menu in turn."""
    log_in(browser, live_server, demo_owner)
    problems = []
    for code, _name in settings.LANGUAGES:
        browser.get(live_server.url + "/")
        wait_for(browser, loaded)
        browser.execute_script(CHOOSE_LANGUAGE, code)
        wait_for(browser, lambda driver: driver.execute_script("return document.documentElement.lang") == code)
        for page, path in MAIN_PAGES.items():
            browser.get(live_server.url + path)
            wait_for(browser, loaded)
            where = f"{code} {browser.viewport_name} {page}"
            if browser.viewport_name == "desktop":
                items = browser.execute_script(NAV_LINES)
                tops = {item["top"] for item in items}
                if max(tops) - min(tops) > 12:
                    problems.append(f"{where}: the menu takes more than one row: "
                                    f"{sorted((item['top'], item['text']) for item in items)}")
            browser.execute_script(OPEN_EVERYTHING)
            problems += [f"{where}: menu item {line}" for line in wrapped_nav_items(browser)]
            problems += [f"{where}: {line}" for line in browser.execute_script(OVERFLOWING)]
            page_width = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if page_width > 0:
                problems.append(f"{where}: the page scrolls sideways by {page_width}px")
    assert not problems, "\n".join(problems)


PHONE_SCREEN = 667  # an iPhone SE's height in CSS px: the yardstick for "within two screens"

# Each main page's essentials, by selector: they must start within two phone screens (1.5 for the dashboard).
ESSENTIALS = {
    "/": [("#week-heading", 1.5), ("#patterns-heading", 2)],
    "/episodes/new/": [(".red-flags summary", 1.5)],
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("browser", ["phone"], indirect=True)
def test_the_essentials_come_within_two_phone_screens(live_server, browser, demo_owner):
    log_in(browser, live_server, demo_owner)
    problems = []
    for path, essentials in ESSENTIALS.items():
        browser.get(live_server.url + path)
        wait_for(browser, loaded)
        for selector, screens in essentials:
            top = browser.execute_script(
                "return document.querySelector(arguments[0]).getBoundingClientRect().top + window.scrollY;", selector)
            if top > screens * PHONE_SCREEN:
                problems.append(f"{path}: {selector} starts {top / PHONE_SCREEN:.1f} screens down (at most {screens})")
    assert not problems, "\n".join(problems)
