"""The username django-axes records for a login attempt, cut to fit its column.

Axes stores the typed username in AccessAttempt.username (255 characters) and, unlike the user
agent and path, does not shorten it: on PostgreSQL a longer username (or one with a NUL
character) made the login page answer 500. No real username is that long (ours are at most 150).
"""
from django.conf import settings

MAX_LENGTH = 255


def username_for_axes(request, credentials=None):
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:MAX_LENGTH]
