"""Patterns page (being built)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def patterns_page(request):
    return render(request, "wip.html")
