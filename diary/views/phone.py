"""Replies to entries sent by static/js/offline.js: JSON instead of a page, and the owner check."""
from django.http import JsonResponse

QUEUE_HEADER = "X-Diary-Queue"


def from_phone_queue(request):
    """Sent by the page's script (online or from the offline queue), which reads JSON back."""
    return request.headers.get(QUEUE_HEADER) == "1"


def seen_by_user(request):
    """Sent as the user taps Save (not later from the queue): the reply's page is shown next."""
    return request.headers.get("X-Diary-Interactive") == "1"


def queued_for_another_account(request):
    """An entry kept on this phone for one account is never saved into another one."""
    queued_for = request.POST.get("queued_for", "")
    return queued_for != "" and queued_for != str(request.user.pk)


def other_account_reply():
    return JsonResponse({"ok": False, "reason": "other_account"}, status=409)


def saved_reply(url, created):
    return JsonResponse({"ok": True, "created": created, "url": url}, status=201 if created else 200)


def invalid_reply(form, reason="invalid", status=400):
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    return JsonResponse({"ok": False, "reason": reason, "errors": errors}, status=status)
