"""Signed links that stop a user's reminders without logging in (from an email or a notification)."""
from django.conf import settings
from django.core import signing
from django.urls import reverse

STOP_SALT = "reminders.stop"


def stop_token(user) -> str:
    # No expiry: a link in an old email must still stop the reminders. The signature is the secret.
    return signing.dumps({"u": user.pk}, salt=STOP_SALT, compress=True)


def user_id_from_stop_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def stop_url(user) -> str:
    return absolute(reverse("reminders:stop-reminders", args=[stop_token(user)]))


def checkin_url() -> str:
    return absolute(reverse("diary:checkin-today"))
