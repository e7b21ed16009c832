"""Daily check-in views: today and any past local date, with a week strip of logged days."""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..forms import CheckInForm, options, scale_choices
from ..models import EARLIEST_DIARY_DATE, CheckIn
from ..records import local_today
from ..services.episodes import CHECKIN_FIELDS, DuplicateCheckIn, save_checkin

WEEK = 7


@login_required
def checkin_today(request):
    return _checkin_page(request, local_today(request.user))


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


def _is_empty(data):
    return all(data.get(name) in (None, "") for name in CHECKIN_FIELDS) and not data.get("activities")


def _checkin_page(request, day, *, today=None):
    user = request.user
    today = today or local_today(user)
    checkin = CheckIn.objects.filter(owner=user, date=day).prefetch_related("activities").first()
    duplicate = None
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            create_only = data.get("mode") == "new"
            if _is_empty(data):
                # An empty check-in would count as a logged day with no factors; a missing day stays missing.
                form.add_error(None, _("Nothing filled in, so nothing was saved. Answer at least one question."))
            else:
                try:
                    save_checkin(user, day, data, instance=None if create_only else checkin, create_only=create_only)
                except DuplicateCheckIn as error:
                    duplicate = error.existing
                else:
                    messages.success(request, _("Check-in for %(date)s saved.") % {
                        "date": date_format(day, "DATE_FORMAT")})
                    if day == today:
                        return redirect("diary:checkin-today")
                    return redirect("diary:checkin-date", day)
    else:
        form = CheckInForm(initial=CheckInForm.initial_for(checkin))

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
    })
