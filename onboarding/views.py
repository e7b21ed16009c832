"""First run after sign-up: country, a reminder time, the first check-in. Three short screens,
each skippable; shown once (onboarding.models.FirstRun)."""
import functools

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.country_guess import guess_country
from accounts.forms import country_choices
from accounts.models import Profile
from reminders.forms import ReminderForm
from reminders.views import push_context, reminder_setting_of, warn_if_unreachable

from .models import FirstRun

STEPS = ("country", "reminder", "checkin")


def first_run_screen(view):
    """Signed in, and the first run not yet done: otherwise the dashboard."""
    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if FirstRun.is_finished(request.user):
            return redirect("home")
        action = request.POST.get("action") if request.method == "POST" else None
        if action == "skip_all":
            FirstRun.finish(request.user)
            return redirect("home")
        return view(request, action, *args, **kwargs)
    return wrapper


def render_step(request, step, context):
    return render(request, f"onboarding/{step}.html", {
        "step": step, "step_number": STEPS.index(step) + 1, "step_count": len(STEPS), **context,
    })


@login_required
def start(request):
    return redirect("home" if FirstRun.is_finished(request.user) else "onboarding:country")


class CountryForm(forms.ModelForm):
    """Country (for the emergency number) and, as the brief asks at first run, how long the pain
    has been there (new back pain after 50 is a see-a-doctor rule). Both optional."""

    class Meta:
        model = Profile
        fields = ["country", "pain_duration"]
        labels = {"country": _("Where do you live?")}
        help_texts = {"country": _("So that Spasm Diary shows the right emergency number when it matters.")}
        widgets = {"pain_duration": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        # A radio list without the empty "---------" choice: not answering is the empty answer.
        self.fields["pain_duration"].choices = [c for c in self.fields["pain_duration"].choices if c[0]]


@first_run_screen
def country(request, action):
    profile = request.user.profile
    if action == "skip":
        return redirect("onboarding:reminder")
    if request.method == "POST":
        form = CountryForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            return redirect("onboarding:reminder")
    else:
        initial = {}
        if not profile.country:
            initial["country"] = guess_country(
                profile.timezone, request.headers.get("Accept-Language", ""), profile.language)
        form = CountryForm(instance=profile, initial=initial)
    return render_step(request, "country", {"form": form})


@first_run_screen
def reminder(request, action):
    if action == "skip":
        return redirect("onboarding:checkin")
    setting = reminder_setting_of(request.user)
    if request.method == "POST":
        form = ReminderForm(request.POST, instance=setting, user=request.user, always_on=True)
        if form.is_valid():
            warn_if_unreachable(request, form.save())
            return redirect("onboarding:checkin")
    else:
        form = ReminderForm(instance=setting, user=request.user, always_on=True)
    return render_step(request, "reminder", {"form": form, **push_context(request)})


@first_run_screen
def first_checkin(request, action):
    if action in ("checkin", "skip"):
        FirstRun.finish(request.user)
        return redirect("diary:checkin-today" if action == "checkin" else "home")
    return render_step(request, "checkin", {})
