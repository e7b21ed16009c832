"""Experiment pages: the list, starting one, and one experiment with its plan, adherence and result."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from diary.records import local_today

from . import services
from .forms import ExperimentForm
from .models import Experiment


def _owned(request, experiment_id):
    experiment = get_object_or_404(Experiment, pk=experiment_id, owner=request.user)
    experiment.owner = request.user  # with its profile already loaded
    return experiment


@login_required
def experiment_list(request):
    today = local_today(request.user)
    experiments = list(Experiment.objects.filter(owner=request.user))
    running = next((e for e in experiments if e.is_running(today)), None)
    return render(request, "experiments/list.html", {
        "running": running,
        "today_plan": services.plan_for(request.user, today, today) if running else None,
        "outcomes": services.results_for(request.user),
        "today": today,
    })


@login_required
def experiment_new(request):
    today = local_today(request.user)
    running = services.running_for(request.user, today)
    if request.method == "POST":
        form = ExperimentForm(request.POST, owner=request.user, today=today)
        if form.is_valid() and running is None:
            data = form.cleaned_data
            try:
                experiment = services.start_experiment(
                    request.user, suspect=data["suspect"], custom_label=data["custom_label"], design=data["design"],
                    weeks=data["weeks"], start_date=data["start_date"],
                )
            except services.AlreadyRunning as error:
                running = error.experiment
            else:
                messages.success(request, _("Your experiment is planned. Each day's plan is on your dashboard and in your check-in."))
                return redirect(experiment)
    else:
        form = ExperimentForm(owner=request.user, today=today)
    return render(request, "experiments/new.html", {"form": form, "running": running})


def _weeks(experiment, answers, today):
    """The schedule as rows of weeks for the calendar: each day with its plan and answer."""
    rows = []
    plan = experiment.plan
    for week in range(experiment.weeks):
        days = []
        for offset in range(7):
            index = week * 7 + offset
            day = experiment.start_date.fromordinal(experiment.start_date.toordinal() + index)
            days.append({"date": day, "do": plan[index], "followed": answers.get(day), "is_today": day == today,
                         "future": day > today})
        rows.append({"number": week + 1, "days": days})
    return rows


@login_required
def experiment_detail(request, experiment_id):
    experiment = _owned(request, experiment_id)
    today = local_today(request.user)
    outcome = services.outcome_of(experiment, today)
    answers = dict(experiment.adherence.values_list("date", "followed"))
    running = experiment.is_running(today)
    return render(request, "experiments/detail.html", {
        "experiment": experiment,
        "outcome": outcome,
        "result": outcome.result,
        "running": running,
        "today": today,
        "today_plan": services.plan_for(request.user, today, today) if running else None,
        "calendar": _weeks(experiment, answers, today),
        "show_plan_ahead": running,
    })


@login_required
def experiment_adherence(request, experiment_id):
    # Ownership first, so another user's id is a 404 whatever the method.
    experiment = _owned(request, experiment_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    today = local_today(request.user)
    answer = request.POST.get("followed")
    if experiment.is_running(today) and answer in ("yes", "no"):
        services.record_adherence(experiment, today, answer == "yes")
        messages.success(request, _("Thank you: today's answer is saved."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()) \
            or not target.startswith("/"):
        target = experiment.get_absolute_url()
    return redirect(target)


@login_required
def experiment_stop(request, experiment_id):
    experiment = _owned(request, experiment_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    today = local_today(request.user)
    if experiment.is_running(today):
        services.stop_experiment(experiment, today)
        messages.success(request, _("The experiment is stopped. Its result is marked not conclusive."))
    return redirect(experiment)
