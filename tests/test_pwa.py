"""The installable app: manifest, icons, the service worker's headers and scope, the offline page."""
import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import resolve
from PIL import Image

REQUIRED = ("name", "short_name", "start_url", "display", "theme_color", "background_color", "icons", "scope")


@pytest.fixture
def manifest(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def test_the_manifest_has_the_members_an_install_needs(manifest):
    for member in REQUIRED:
        assert manifest[member], member
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/episodes/quick/" and manifest["scope"] == "/"
    assert len(manifest["short_name"]) <= 12
    assert manifest["theme_color"] == "#1b5e7a"


def _icon_file(src):
    path = finders.find(src.removeprefix("/static/"))
    assert path, src
    return Image.open(path)


def test_every_icon_exists_in_its_stated_size(manifest):
    icons = manifest["icons"] + [icon for shortcut in manifest["shortcuts"] for icon in shortcut["icons"]]
    for icon in icons:
        image = _icon_file(icon["src"])
        assert f"{image.width}x{image.height}" == icon["sizes"], icon["src"]
        assert image.format == "PNG" and icon["type"] == "image/png"


@pytest.mark.parametrize("size", ["192x192", "512x512"])
@pytest.mark.parametrize("purpose", ["any", "maskable"])
def test_there_are_plain_and_maskable_icons_at_192_and_512(manifest, size, purpose):
    assert any(i["sizes"] == size and i["purpose"] == purpose for i in manifest["icons"])


def test_maskable_icons_fill_the_square_and_keep_the_mark_in_the_safe_circle(manifest):
    for icon in (i for i in manifest["icons"] if i["purpose"] == "maskable"):
        image = _icon_file(icon["src"]).convert("RGBA")
        size = image.width
        background = image.getpixel((0, 0))
        assert background[3] == 255  # no transparent corners: the launcher cuts the shape
        # Everything outside the central 80 % circle is background.
        for x in range(0, size, max(1, size // 64)):
            for y in range(0, size, max(1, size // 64)):
                if (x - size / 2) ** 2 + (y - size / 2) ** 2 > (0.4 * size) ** 2:
                    assert image.getpixel((x, y)) == background, (icon["src"], x, y)


def test_shortcuts_open_the_quick_log_and_todays_check_in(manifest):
    urls = [shortcut["url"] for shortcut in manifest["shortcuts"]]
    assert urls == ["/episodes/quick/", "/checkins/today/"]
    assert [resolve(url).url_name for url in urls] == ["episode-quick", "checkin-today"]
    assert all(shortcut["name"] for shortcut in manifest["shortcuts"])


def test_the_manifest_speaks_the_users_language(client, db):
    client.cookies["django_language"] = "de"
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["lang"] == "de"
    assert manifest["shortcuts"][0]["name"] != "Log an episode"  # the catalogue's German
    client.cookies["django_language"] = "nl"
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["name"] != "Spasm Diary"
    # Without a short form of its own, a translated name that fits under the icon is used.
    assert manifest["short_name"] == manifest["name"] and len(manifest["short_name"]) <= 12
    assert "Cookie" in client.get("/manifest.webmanifest")["Vary"]


def test_the_service_worker_is_served_from_the_root_with_its_headers(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    config = json.loads(response.content.decode().split("\n", 1)[0].removeprefix("self.DIARY_WORKER = ").rstrip(";"))
    assert config["pages"] == ["/episodes/quick/", "/checkins/today/"]
    assert "/static/css/app.css" in config["shell"] and "/static/js/queue.js" in config["shell"]
    assert all(url.startswith("/static/") for url in config["shell"])  # nothing from a CDN
    assert len(config["version"]) == 12


def test_the_worker_version_changes_with_the_shell(client, db, tmp_path, settings):
    from diary.views import pwa

    before = pwa._worker_config()["version"]
    copy = tmp_path / "js"
    copy.mkdir()
    (copy / "app.js").write_text("// changed\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        assert pwa._worker_config()["version"] != before
    finally:
        settings.STATICFILES_DIRS = settings.STATICFILES_DIRS[1:]
        finders.get_finder.cache_clear()


def test_the_offline_page_needs_no_sign_in_and_links_both_entry_pages(client, db):
    response = client.get("/offline/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/episodes/quick/"' in html and 'href="/checkins/today/"' in html


def test_every_page_links_the_manifest_and_the_offline_scripts(owner_client):
    html = owner_client.get("/episodes/quick/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest"' in html
    assert '<meta name="theme-color" content="#1b5e7a">' in html
    assert 'src="/jsi18n/"' in html and 'data-worker="/sw.js"' in html
    assert 'class="quick-log js-once js-offline"' in html
    assert 'js-offline' in owner_client.get("/checkins/today/").content.decode()


def test_the_javascript_catalogue_is_served(client, db):
    response = client.get("/jsi18n/")
    assert response.status_code == 200 and b"gettext" in response.content
