"""Moving a diary: the account export's ZIP uploaded on the account page of a new account."""
import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from .conftest import ARTIFACTS, click, describe_violations, log_in, main_text, seed_diary, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def upload(browser, path):
    field = browser.find_element(By.ID, "id_import_archive")
    field.send_keys(str(path))
    click(browser, field.find_element(By.XPATH, "ancestor::form//button[@type='submit']"))


@pytest.mark.django_db(transaction=True)
def test_a_new_account_takes_the_whole_export(browser, live_server, make_user, tmp_path, axe):
    from diary.account_export import account_zip
    from diary.models import Episode

    old = make_user("old", timezone="Europe/Berlin")
    seed_diary(old, days=30)
    path = tmp_path / "spasm-diary.zip"
    path.write_bytes(account_zip(old, timezone.now()))
    wrong = tmp_path / "not-a-zip.zip"
    wrong.write_bytes(b"date,fluid_litres\r\n")

    new = make_user("new")
    log_in(browser, live_server, new)
    browser.get(live_server.url + "/account/")
    upload(browser, wrong)
    wait_for(browser, EC.presence_of_element_located((By.ID, "archive-errors")))
    assert "not a ZIP file" in main_text(browser)
    violations = axe(browser)
    assert not violations, describe_violations(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"account-archive-error-{browser.viewport_name}.png"))

    upload(browser, path)
    wait_for(browser, EC.url_matches(r"/account/(#.*)?$"))
    assert "Your diary is imported" in main_text(browser)
    assert Episode.objects.filter(owner=new).count() == Episode.objects.filter(owner=old).count() > 0
    browser.get(live_server.url + "/")
    assert "No episodes logged yet." not in main_text(browser)
