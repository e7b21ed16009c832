"""Check-in views (being built)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def checkin_today(request):
    return render(request, "wip.html")


@login_required
def checkin_for_date(request, day):
    return render(request, "wip.html")
