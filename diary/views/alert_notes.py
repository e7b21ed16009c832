"""Answer a see-a-doctor alert (discussed with a doctor, checked, gone): kept, dated, scoped to the signed-in user."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..alerts import alerts_for_user
from ..models import AlertAnswer, AlertNote
from ..records import local_today


@require_POST
@login_required
def alert_discussed(request):
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    # A plain URL redirect: redirect() would try any string without a slash as a view name.
    back = HttpResponseRedirect(next_url) if next_url.startswith("/") else redirect("diary:patterns")
    key = request.POST.get("key", "")
    # Only a key of one of the user's own current alerts can be marked; anything else is not theirs.
    alert = next((a for a in alerts_for_user(request.user) if a.key == key), None)
    if alert is None:
        raise Http404("No such alert")
    today = local_today(request.user)
    raw_day = request.POST.get("discussed_on", "").strip()
    try:
        discussed_on = date.fromisoformat(raw_day) if raw_day else today
    except ValueError:
        messages.error(request, _("The date of the discussion was not a valid date; nothing was changed."))
        return back
    if discussed_on > today:
        messages.error(request, _("The date of the discussion cannot be in the future; nothing was changed."))
        return back
    answer = request.POST.get("status", "") or AlertAnswer.DISCUSSED
    if answer not in AlertAnswer.values:
        messages.error(request, _("That answer is not one of the choices; nothing was changed."))
        return back
    # No NUL characters: PostgreSQL refuses them in text (a form's CharField would say so too).
    note = request.POST.get("note", "").replace("\x00", "").strip()[:400].strip()
    AlertNote.objects.update_or_create(
        owner=request.user, key=alert.key, defaults={"rule": alert.rule, "discussed_on": discussed_on, "note": note, "status": answer},
    )
    messages.success(request, {
        AlertAnswer.CHECKED: _("Saved: you have been checked."),
        AlertAnswer.GONE: _("Saved: this has gone."),
    }.get(answer, _("Marked as discussed with a doctor.")))
    return back
