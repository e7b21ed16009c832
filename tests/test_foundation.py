"""Foundation: sign-up, log-in, access control, healthz, settings safety, SQLite tuning."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def test_it_signs_up_logs_in_and_lands_on_dashboard(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "newperson",
            "email": "",
            "password1": "a-long-passphrase-91",
            "password2": "a-long-passphrase-91",
            "timezone": "Europe/Stockholm",
        },
    )
    assert response.status_code == 302
    # The first-run screens come first (tests/test_first_run.py); the dashboard right after.
    assert response["Location"] == reverse("onboarding:country")
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert b"Log an episode" in page.content
    from accounts.models import User

    user = User.objects.get(username="newperson")
    assert user.profile.timezone == "Europe/Stockholm"


def test_it_rejects_a_bad_timezone_on_sign_up(client, db):
    client.post(
        reverse("signup"),
        {"username": "tz", "password1": "a-long-passphrase-91", "password2": "a-long-passphrase-91",
         "timezone": "Mars/Olympus"},
    )
    from accounts.models import User

    assert User.objects.get(username="tz").profile.timezone == "Europe/Berlin"


def test_it_shows_field_errors_on_bad_sign_up(client, db):
    response = client.post(reverse("signup"), {"username": "", "password1": "x", "password2": "y"})
    assert response.status_code == 200
    assert b"is-invalid" in response.content


def test_it_logs_in_with_the_login_form(client, make_user):
    make_user("bob", "a-good-passphrase-42")
    response = client.post(reverse("login"), {"username": "bob", "password": "a-good-passphrase-42"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].username == "bob"


def test_it_logs_out_only_by_post(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    response = owner_client.post(reverse("logout"))
    assert response.status_code == 302
    assert not owner_client.get(reverse("home")).context["user"].is_authenticated


def test_it_throttles_login_after_repeated_failures(client, make_user):
    make_user("carol", "a-good-passphrase-42")
    for _ in range(5):
        client.post(reverse("login"), {"username": "carol", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "carol", "password": "a-good-passphrase-42"})
    assert response.status_code == 429
    assert b"Too many failed" in response.content


@pytest.mark.parametrize(
    "name",
    ["diary:episode-list", "diary:episode-quick", "diary:episode-new", "diary:checkin-today",
     "diary:patterns", "diary:summary", "account:settings", "account:delete", "password_change"],
)
def test_it_redirects_anonymous_visitors_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_landing_page_to_visitors(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Create your free diary" in response.content


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "reachable"}


def test_healthz_answers_503_when_the_database_is_down(client, db, monkeypatch):
    from django.db import OperationalError

    class DownConnection:
        def cursor(self):
            raise OperationalError("down")

    monkeypatch.setattr("diary.views.health.connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def _settings_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','config.settings'); django.setup()"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _settings_check({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "diary.example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings_check({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both():
    result = _settings_check(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "diary.example.org",
         "DJANGO_EMAIL_HOST": "smtp.example.org"}  # or a file/console backend chosen on purpose
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite tuning only")
def test_sqlite_pragmas_are_in_force(db):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 25000  # a busy 2-core server; still locked after it: a 503
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite tuning only")
def test_sqlite_file_database_uses_wal(tmp_path, django_db_blocker):
    """The in-memory test database cannot be WAL, so open a file the way settings do."""
    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    settings_dict = dict(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "wal-check.sqlite3")
    wrapper = DatabaseWrapper(settings_dict, alias="walcheck")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()
    assert settings.DATABASES["default"]["OPTIONS"]["init_command"].count("PRAGMA") == 2


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings as django_settings

    import config.settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


def test_language_switch_is_remembered_on_the_profile(owner_client, owner):
    response = owner_client.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.language == "de"


def test_account_page_saves_profile(owner_client, owner):
    response = owner_client.post(
        reverse("account:settings"),
        {"display_name": "Owner", "timezone": "Asia/Shanghai", "language": "en", "country": "GB",
         "year_of_birth": "1970"},
    )
    assert response.status_code == 302
    owner.profile.refresh_from_db()
    assert owner.profile.timezone == "Asia/Shanghai"
    assert owner.profile.emergency_number == "999"


def test_account_page_shows_errors_next_to_the_field(owner_client, owner):
    response = owner_client.post(
        reverse("account:settings"),
        {"timezone": "Nowhere/Land", "language": "en", "year_of_birth": "1700"},
    )
    assert response.status_code == 200
    assert b"is-invalid" in response.content
    owner.profile.refresh_from_db()
    assert owner.profile.timezone == "Europe/Berlin"


def test_delete_account_needs_the_password_and_removes_everything(owner_client, owner):
    from accounts.models import User

    response = owner_client.post(reverse("account:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk=owner.pk).exists()
    response = owner_client.post(reverse("account:delete"), {"password": "a-good-passphrase-42"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()


def test_check_deploy_reports_nothing_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "Z9#q" + "x" * 40,
                "DJANGO_ALLOWED_HOSTS": "diary.example.org", "DJANGO_EMAIL_HOST": "smtp.example.org"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
