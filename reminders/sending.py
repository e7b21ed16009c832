"""One pass of the reminder sender: find users whose reminder is due, claim the day, send once.

Safe to run in several processes at the same time: each (user, local date) is claimed by inserting
a ReminderSent row in its own transaction before anything is sent, and the unique constraint lets
only one sender's insert succeed. A sender that stops between the claim and the send loses that
day's reminder: at most once a day beats twice.
"""
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pywebpush
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from diary.models import CheckIn

from . import links
from .models import Channel, PushSubscription, ReminderSent, ReminderSetting
from .schedule import due_date

log = logging.getLogger(__name__)

# Push services answer these for a subscription that is gone for good.
GONE_STATUSES = {404, 410}


@dataclass
class PassResult:
    pushed: list = field(default_factory=list)  # usernames, for the command's output and tests
    emailed: list = field(default_factory=list)
    checked_in: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    @property
    def sent(self):
        return len(self.pushed) + len(self.emailed)


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def due_reminders(now: datetime):
    """(setting, local date) for every enabled reminder due at `now` and not yet claimed."""
    settings_qs = ReminderSetting.objects.filter(enabled=True).select_related("user", "user__profile")
    for setting in settings_qs.iterator(chunk_size=500):
        local_date = due_date(now, setting.local_time, setting.user.profile.tzinfo)
        if local_date is not None:
            yield setting, local_date


def claim(user, local_date) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(user=user, local_date=local_date)
    except IntegrityError:
        return None  # another sender (or an earlier pass) has this day


# The log only has to outlive the window in which a day's reminder can be due (a day and 3 hours);
# a month is kept for looking into a complaint, then dropped.
LOG_DAYS = 31


def run_pass(now: datetime | None = None) -> PassResult:
    now = now or timezone.now()
    result = PassResult()
    ReminderSent.objects.filter(local_date__lt=now.date() - timedelta(days=LOG_DAYS)).delete()
    for setting, local_date in due_reminders(now):
        user = setting.user
        if CheckIn.objects.filter(owner=user, date=local_date).exists():
            result.checked_in.append(user.username)
            continue
        if ReminderSent.objects.filter(user=user, local_date=local_date).exists():
            continue  # cheap check first; claim() is the one that counts
        sent = claim(user, local_date)
        if sent is None:
            continue
        outcome = send_reminder(setting, local_date)
        ReminderSent.objects.filter(pk=sent.pk).update(outcome=outcome)
        {ReminderSent.Outcome.PUSH: result.pushed, ReminderSent.Outcome.EMAIL: result.emailed}.get(
            outcome, result.failed).append(user.username)
    return result


def send_reminder(setting, local_date) -> str:
    user = setting.user
    with translation.override(user.profile.language):
        if setting.channel == Channel.PUSH and push_configured() and send_push(user):
            return ReminderSent.Outcome.PUSH
        # Email: chosen, or the fallback when no notification reached any of the user's browsers.
        if user.email and send_email(user, local_date):
            return ReminderSent.Outcome.EMAIL
    return ReminderSent.Outcome.FAILED


def push_payload(user) -> str:
    return json.dumps({
        "title": _("Time for your daily check-in"),
        "body": _("A minute now makes your patterns more reliable. Already done? Ignore this."),
        "url": links.checkin_url(),
        "stop_url": links.stop_url(user),
        "stop_label": _("Stop reminders"),
        "stopped_title": _("Reminders stopped"),
        "stopped_body": _("You will get no more check-in reminders. Turn them on again in your account."),
        "tag": "daily-checkin",
        "icon": links.absolute(static("img/app-icon-192.png")),
    }, ensure_ascii=False)


def send_push(user) -> bool:
    """Push to every browser of the user; True when at least one push service accepted it."""
    delivered = False
    payload = push_payload(user)
    for subscription in PushSubscription.objects.filter(owner=user):
        try:
            pywebpush.webpush(
                subscription.as_subscription_info(), data=payload,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=6 * 3600, timeout=10,
            )
        except pywebpush.WebPushException as error:
            status = getattr(getattr(error, "response", None), "status_code", None)
            if status in GONE_STATUSES:
                subscription.delete()
            log.warning("push to subscription %s failed: %s", subscription.pk, status or error)
            continue
        except Exception:  # a network error must not stop the pass for everyone else
            log.exception("push to subscription %s failed", subscription.pk)
            continue
        PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
        delivered = True
    return delivered


def send_email(user, local_date) -> bool:
    stop_url = links.stop_url(user)
    context = {"user": user, "checkin_url": links.checkin_url(), "stop_url": stop_url, "local_date": local_date}
    message = EmailMultiAlternatives(
        subject=_("Time for your daily check-in"),
        body=render_to_string("reminders/email.txt", context),
        to=[user.email],
        headers={
            # RFC 8058 one-click unsubscribe: mail clients POST to the URL, no log-in needed.
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        log.exception("reminder email to user %s failed", user.pk)
        return False
    return True
