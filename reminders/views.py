"""Reminder settings, the browser's push subscription, and the stop link from every reminder."""
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .forms import ReminderForm, SubscriptionForm
from .links import user_id_from_stop_token
from .models import Channel, PushSubscription, ReminderSetting


def reminder_setting_of(user):
    """The user's setting, or an unsaved default one: showing the page creates nothing."""
    try:
        return user.reminder_setting
    except ReminderSetting.DoesNotExist:
        return ReminderSetting(user=user)


def push_context(request):
    """What the page's script needs to ask for a push subscription."""
    return {
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "subscriptions": PushSubscription.objects.filter(owner=request.user).order_by("created_at"),
    }


def warn_if_unreachable(request, setting):
    """A reminder by notification with no browser subscribed and no email for the fallback would
    never arrive: say so when it is saved rather than fail quietly every evening."""
    if (setting.enabled and setting.channel == Channel.PUSH and not request.user.email
            and not PushSubscription.objects.filter(owner=request.user).exists()):
        messages.warning(request, _(
            "No browser gets notifications from Spasm Diary yet, and there is no email address to "
            "fall back on, so no reminder can reach you. Allow notifications when your browser asks, "
            "or add an email address."))


@login_required
def reminder_settings(request):
    setting = reminder_setting_of(request.user)
    if request.method == "POST":
        form = ReminderForm(request.POST, instance=setting, user=request.user)
        if form.is_valid():
            setting = form.save()
            warn_if_unreachable(request, setting)
            if setting.enabled:
                messages.success(request, _("Saved. Your reminder comes at %(time)s your time.")
                                 % {"time": setting.local_time.strftime("%H:%M")})
            else:
                messages.success(request, _("Saved. Reminders are off."))
            return redirect("reminders:settings")
    else:
        form = ReminderForm(instance=setting, user=request.user)
    return render(request, "reminders/settings.html", {"form": form, "setting": setting, **push_context(request)})


def _json_body(request):
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@login_required
@require_POST
def subscribe(request):
    """Store this browser's push subscription for the signed-in user (JSON from reminders.js)."""
    data = _json_body(request)
    keys = data.get("keys") if data else None
    form = SubscriptionForm({
        "endpoint": data.get("endpoint") if data else None,
        "p256dh": keys.get("p256dh") if isinstance(keys, dict) else None,
        "auth": keys.get("auth") if isinstance(keys, dict) else None,
    })
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    # One browser, one account: a browser now signed in to another account moves to it.
    subscription, created = PushSubscription.objects.update_or_create(
        endpoint=form.cleaned_data["endpoint"],
        defaults={"owner": request.user, "p256dh": form.cleaned_data["p256dh"], "auth": form.cleaned_data["auth"],
                  "user_agent": request.headers.get("User-Agent", "")[:300]},
    )
    return JsonResponse({"ok": True, "id": subscription.pk}, status=201 if created else 200)


@login_required
@require_POST
def test_notification(request):
    """Push a reminder to every browser of the user now, to see that notifications arrive."""
    from .sending import push_configured, send_push  # pywebpush only where it is used

    with translation.override(request.user.profile.language):
        delivered = push_configured() and send_push(request.user)
    if delivered:
        messages.success(request, _("Sent. It should appear on your devices within a minute."))
    else:
        messages.warning(request, _("No notification could be sent. Allow notifications on this device and save again."))
    return redirect("reminders:settings")


@login_required
def delete_subscription(request, pk):
    # Looked up before the method is checked: another user's id is a 404 whatever the method.
    subscription = get_object_or_404(PushSubscription, pk=pk, owner=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    subscription.delete()
    messages.success(request, _("That device will get no more notifications."))
    return redirect("reminders:settings")


@csrf_exempt  # the signed token is the credential; mail clients POST here without a session (RFC 8058)
def stop(request, token):
    """GET shows a one-button page; POST (the button, a mail client's one-click, a notification's
    "Stop reminders" action) turns the reminders off. Works without logging in."""
    user_id = user_id_from_stop_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "reminders/stop.html", {"invalid": True}, status=404)
    if request.method == "POST":
        ReminderSetting.objects.filter(user=user).update(enabled=False)
        if request.POST.get("List-Unsubscribe") == "One-Click" or request.headers.get("X-Requested-With"):
            return JsonResponse({"ok": True})
        return render(request, "reminders/stop.html", {"stopped": True})
    return render(request, "reminders/stop.html", {"token": token})
