"""The home page: a landing page for visitors, the dashboard for a signed-in person."""
from datetime import timedelta

from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone

from ..models import CheckIn, Episode


def home(request):
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    return dashboard(request)


def dashboard(request):
    user = request.user
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    last_week_start = week_start - timedelta(days=7)
    weekly = (
        Episode.objects.filter(owner=user, local_date__gte=last_week_start)
        .values("local_date")
        .annotate(count=Count("id"), worst=Max("intensity"))
    )
    this_week = sum(row["count"] for row in weekly if row["local_date"] >= week_start)
    last_week = sum(row["count"] for row in weekly if row["local_date"] < week_start)
    checked_in_today = CheckIn.objects.filter(owner=user, date=today).exists()
    recent = list(Episode.objects.filter(owner=user).prefetch_related("locations")[:5])
    context = {
        "today": today,
        "this_week": this_week,
        "last_week": last_week,
        "checked_in_today": checked_in_today,
        "recent_episodes": recent,
    }
    return render(request, "diary/dashboard.html", context)
