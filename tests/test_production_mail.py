"""Production mail: with DEBUG off and no mail host the app refuses to start unless a file or
console backend is chosen on purpose; a password-reset link never reaches the log."""
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "diary.example.org"}


def email_backend_with(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION, **extra)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.EMAIL_BACKEND)"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True,
    )


@pytest.mark.slow
def test_production_without_a_mail_host_refuses_to_start():
    result = email_backend_with({})
    assert result.returncode != 0
    assert "DJANGO_EMAIL_BACKEND=file" in result.stderr


@pytest.mark.slow
def test_production_starts_with_mail_chosen_on_purpose(tmp_path):
    chosen = email_backend_with({"DJANGO_EMAIL_BACKEND": "file", "DJANGO_EMAIL_FILE_PATH": str(tmp_path)})
    assert chosen.returncode == 0 and chosen.stdout.strip().endswith("filebased.EmailBackend")
    assert email_backend_with({"DJANGO_EMAIL_BACKEND": "file"}).returncode != 0  # and a folder for it
    assert email_backend_with({"DJANGO_EMAIL_BACKEND": "console"}).stdout.strip().endswith("console.EmailBackend")
    assert email_backend_with({"DJANGO_EMAIL_HOST": "smtp.example.org"}).stdout.strip().endswith("smtp.EmailBackend")
    assert email_backend_with({"DJANGO_EMAIL_BACKEND": "carrier-pigeon"}).returncode != 0


@pytest.mark.django_db
def test_a_reset_link_goes_to_the_mail_folder_and_never_to_the_log(settings, tmp_path, make_user, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    user = make_user("forgetful")
    user.email = "forgetful@example.org"
    user.save()
    with caplog.at_level(logging.DEBUG):
        response = Client().post("/accounts/password_reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    [message] = list(tmp_path.iterdir())
    assert "/accounts/reset/" in message.read_text()
    assert "/accounts/reset/" not in caplog.text
