"""“Keep me signed in on this device”: a 90-day session, renewed on use, for one's own phone.

Without the box ticked the session is Django's default (SESSION_COOKIE_AGE), as before.
"""
from datetime import timedelta

from django.contrib.auth.views import LoginView
from django.utils import timezone

from .forms import LoginForm

LONG_SESSION = timedelta(days=90)
KEEP_KEY = "keep_signed_in"
RENEWED_KEY = "keep_signed_in_renewed_on"


class KeepSignedInLoginView(LoginView):
    form_class = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("keep_signed_in"):
            session = self.request.session
            session[KEEP_KEY] = True
            session[RENEWED_KEY] = timezone.now().date().isoformat()
            # Seconds, not a date: the session then expires this long after its last save.
            session.set_expiry(int(LONG_SESSION.total_seconds()))
        return response


class KeepSignedInMiddleware:
    """Slide a kept session forward, at most once a day so an ordinary visit writes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(KEEP_KEY):
            today = timezone.now().date().isoformat()
            if session.get(RENEWED_KEY) != today:
                session[RENEWED_KEY] = today
                session.set_expiry(int(LONG_SESSION.total_seconds()))
        return response
