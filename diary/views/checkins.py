"""Daily check-in views: today and any past local date, with a week strip of logged days."""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from experiments.services import record_from_checkin

from .. import custom_factors
from ..custom_factor_forms import add_custom_fields, custom_answers, custom_initial, custom_rows
from ..forms import CheckInForm, options, scale_choices
from ..models import EARLIEST_DIARY_DATE, CheckIn
from ..records import local_today
from ..services.episodes import CHECKIN_FIELDS, DuplicateCheckIn
from ..services.idempotency import save_checkin_once
from . import phone

WEEK = 7


@login_required
def checkin_today(request):
    return _checkin_page(request, local_today(request.user), dated_by_tap=True)


@login_required
def checkin_for_date(request, day):
    today = local_today(request.user)
    if day > today:
        return render(request, "diary/checkin_future.html", {"day": day, "today": today}, status=404)
    if day < EARLIEST_DIARY_DATE:
        raise Http404("No diary reaches back that far")
    return _checkin_page(request, day)


def _week_strip(user, day, today):
    first = day - timedelta(days=WEEK - 1)
    logged = set(CheckIn.objects.filter(owner=user, date__range=(first, day)).values_list("date", flat=True))
    return [
        {"date": d, "logged": d in logged, "is_today": d == today, "is_shown": d == day}
        for d in (first + timedelta(days=i) for i in range(WEEK))
    ]


def _is_empty(data, answers=None):
    own_factors_blank = all(value is None for value in (answers or {}).values())
    return all(data.get(name) in (None, "") for name in CHECKIN_FIELDS) and not data.get("activities") and own_factors_blank


def _tapped_day(user, form, day, today):
    """Today's check-in saved on a phone before midnight and sent after it belongs to the day of the tap."""
    tapped_at = form.cleaned_data.get("tapped_at")
    if tapped_at is None:
        return day
    return min(timezone.localtime(tapped_at, user.profile.tzinfo).date(), today)


def _checkin_page(request, day, *, today=None, dated_by_tap=False):
    user = request.user
    today = today or local_today(user)
    checkin = CheckIn.objects.filter(owner=user, date=day).prefetch_related("activities", "custom_values").first()
    factors = custom_factors.factors_of(user)
    duplicate = None
    queued = request.method == "POST" and phone.from_phone_queue(request)
    if request.method == "POST":
        if phone.queued_for_another_account(request):
            return phone.other_account_reply()
        form = CheckInForm(request.POST)
        add_custom_fields(form, factors)
        if form.is_valid():
            data = form.cleaned_data
            answers = custom_answers(form)
            if dated_by_tap and _tapped_day(user, form, day, today) != day:
                day = _tapped_day(user, form, day, today)
                checkin = CheckIn.objects.filter(owner=user, date=day).first()
            create_only = data.get("mode") == "new"
            if _is_empty(data, answers):
                # An empty check-in would count as a logged day with no factors; a missing day stays missing.
                form.add_error(None, _("Nothing filled in, so nothing was saved. Answer at least one question."))
            else:
                try:
                    with transaction.atomic():
                        # A retry of a check-in already saved (same client_id) is not saved twice.
                        saved, created = save_checkin_once(
                            user, day, data, instance=None if create_only else checkin, create_only=create_only)
                        if created:
                            custom_factors.save_values(saved, answers)
                        record_from_checkin(user, day, request.POST.get("experiment_followed"))
                except DuplicateCheckIn as error:
                    duplicate = error.existing
                    if queued:
                        return phone.invalid_reply(form, reason="duplicate", status=409)
                else:
                    if not queued or (created and phone.seen_by_user(request)):
                        messages.success(request, _("Check-in for %(date)s saved.") % {
                            "date": date_format(day, "DATE_FORMAT")})
                    if queued:
                        url = reverse("diary:checkin-today") if day == today else reverse("diary:checkin-date", args=[day])
                        return phone.saved_reply(url, created)
                    if day == today:
                        return redirect("diary:checkin-today")
                    return redirect("diary:checkin-date", day)
        if queued:
            return phone.invalid_reply(form)
    else:
        form = CheckInForm(initial={**CheckInForm.initial_for(checkin), **custom_initial(checkin, factors)})
        add_custom_fields(form, factors)

    return render(request, "diary/checkin.html", {
        "form": form,
        "day": day,
        "today": today,
        "checkin": checkin,
        "duplicate": duplicate,
        "week": _week_strip(user, day, today),
        "previous_week": day - timedelta(days=WEEK),
        "next_week": min(day + timedelta(days=WEEK), today) if day < today else None,
        "stress_options": options(form["stress"], scale_choices()),
        "stress_unset": form["stress"].value() in (None, ""),
        "pain_options": options(form["worst_pain"], scale_choices()),
        "pain_unset": form["worst_pain"].value() in (None, ""),
        "activity_options": options(form["activities"]),
        "custom_rows": custom_rows(form),
    })
