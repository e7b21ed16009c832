"""Guidance pages (being built)."""
from django.shortcuts import render


def topic_index(request):
    return render(request, "wip.html")


def topic_detail(request, slug):
    return render(request, "wip.html")
