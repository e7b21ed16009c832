"""GP summary page (being built)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def summary_page(request):
    return render(request, "wip.html")
