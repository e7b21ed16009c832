"""Sign-up, language switching, and the account page (settings, delete everything)."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .deletion import delete_account as delete_everywhere
from .forms import ProfileForm, SignUpForm


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        form = SignUpForm(request.POST, **_browser_hints(request))
        if form.is_valid():
            # Hash the password (Argon2: tens of milliseconds of CPU) before taking the write lock,
            # so concurrent sign-ups queue for the lock only as long as the inserts take.
            user = form.save(commit=False)
            with transaction.atomic():
                user.save()
                profile = user.profile
                profile.timezone = form.cleaned_data["timezone"]
                profile.language = translation.get_language() or "en"
                profile.country = form.cleaned_data["country"]
                profile.save(update_fields=["timezone", "language", "country"])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your diary is ready."))
            # Three short first-run screens (country, reminder, first check-in), each skippable.
            return redirect("onboarding:country")
    else:
        form = SignUpForm(**_browser_hints(request))
    return render(request, "registration/signup.html", {"form": form})


def _browser_hints(request):
    return {"accept_language": request.headers.get("Accept-Language", ""),
            "language": translation.get_language() or ""}


@require_POST
def set_language(request):
    """Django's set_language, which also remembers the choice on the profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and translation.check_for_language(language):
        if language in dict(settings.LANGUAGES):
            profile = request.user.profile
            profile.language = language
            profile.save(update_fields=["language"])
    return response


@login_required
def account(request):
    profile = request.user.profile
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile)
        if form.is_valid():
            form.save()
            translation.activate(profile.language)
            messages.success(request, _("Your settings are saved."))
            response = redirect("account:settings")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, profile.language, samesite="Lax")
            return response
    else:
        form = ProfileForm(instance=profile)
    return render(request, "accounts/account.html", {"form": form, "profile": profile})


class DeleteAccountForm(forms.Form):
    # strip=False, as Django's own password fields: a password may begin or end with a space.
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("That is not your password."))
        return password


@login_required
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.user, request.POST)
        if form.is_valid():
            user = request.user
            logout(request)
            # The diary by cascade, and the log-in records and sessions on other devices too.
            delete_everywhere(user)
            messages.success(request, _("Your account and your whole diary have been deleted."))
            return redirect("home")
    else:
        form = DeleteAccountForm(request.user)
    return render(request, "accounts/delete.html", {"form": form})
