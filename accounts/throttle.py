"""Who is asking (through trusted proxies only) and how often: fair limits on log-in, sign-up and reset.

- The client address is REMOTE_ADDR, or, behind DJANGO_PROXY_COUNT trusted proxies, the address
  the outermost of them saw: the entry that many places from the right of X-Forwarded-For. The
  entries left of it are whatever the client typed, so they are never believed.
- A wrong password locks only that username from that address (axes, per settings); here an
  address that fails too often across any usernames (password spraying) is refused for a while.
- Sign-up and password-reset requests are counted per address (and reset also per email) in the
  cache: shared by every app server when REDIS_URL is set.
"""
import hashlib
import ipaddress
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str:
    """The client's IP address, trusting X-Forwarded-For only as far as DJANGO_PROXY_COUNT proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:  # did not come through the whole chain: only the socket is known
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def login_failures_from(address: str) -> int:
    """Failed log-ins from this address within the cool-off period, whatever the usernames."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start"))["total"]
    return total or 0


def count_and_check(kind: str, subject: str, limit: int, window: timedelta) -> int | None:
    """Count one request; the seconds to wait when this one is over the limit, else None."""
    seconds = int(window.total_seconds())
    now = time.time()
    # Hashed: an email address may hold anything, and a cache key must be short and plain.
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    key = f"throttle:{kind}:{digest}:{int(now // seconds)}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, seconds)
        count = 1
    if count > limit:
        return max(1, int(seconds - now % seconds))
    return None


def too_many(request, kind: str, retry_after: int):
    minutes = max(1, -(-retry_after // 60))
    response = render(request, "429.html", {"kind": kind, "minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class ThrottleMiddleware:
    """Refuse a log-in, sign-up or password-reset POST over its limit with a 429 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.resolver_match is None:
            return None
        name = request.resolver_match.url_name
        address = client_address(request)
        if name == "login":
            if login_failures_from(address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
                return too_many(request, "login", int(settings.AXES_COOLOFF_TIME.total_seconds()))
        elif name == "signup":
            wait = count_and_check("signup", address, settings.SIGNUPS_PER_ADDRESS, timedelta(hours=1))
            if wait:
                return too_many(request, "signup", wait)
        elif name == "password_reset":
            window = timedelta(hours=1)
            wait = count_and_check("reset", address, settings.PASSWORD_RESETS_PER_ADDRESS, window)
            email = request.POST.get("email", "").strip().lower()[:254]
            if not wait and email:
                wait = count_and_check("reset-email", email, settings.PASSWORD_RESETS_PER_EMAIL, window)
            if wait:
                return too_many(request, "password_reset", wait)
        return None
