"""Episode views (being built: quick log, full form, detail, edit, delete, history)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def _wip(request):
    return render(request, "wip.html")


episode_list = episode_create = episode_quick = login_required(_wip)


@login_required
def episode_detail(request, pk):
    return _wip(request)


episode_edit = episode_delete = episode_detail
