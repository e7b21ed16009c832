"""Episode views: quick log, full form, detail, edit, delete, history."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..alerts import alerts_for_user, top_open_alert
from ..catalogues import Context, Kind, Location, RedFlag, Side, Trigger
from ..forms import EpisodeForm, HistoryFilterForm, QuickLogForm, options, scale_choices
from ..models import Episode, EpisodeLocation, EpisodeTrigger
from ..services.episodes import most_used_triggers, save_episode, update_episode
from ..services.idempotency import save_episode_once
from . import phone

HISTORY_PAGE_SIZE = 25
QUICK_TRIGGER_COUNT = 6
CHILDREN = ("locations", "triggers", "reliefs", "red_flags")
STARTED_LABELS = {
    "now": gettext_lazy("Now"), "15": gettext_lazy("15 min ago"),
    "30": gettext_lazy("30 min ago"), "60": gettext_lazy("1 hour ago"),
}


def _own_episode(request, pk, children=True):
    episodes = Episode.objects.filter(owner=request.user)
    if children:
        episodes = episodes.prefetch_related(*CHILDREN)
    return get_object_or_404(episodes, pk=pk)


def _saved_redirect(episode):
    return redirect(reverse("diary:episode-detail", args=[episode.pk]) + "?saved=1")


# --- quick log -------------------------------------------------------------------------------------

def _same_as_last(previous):
    return {
        "intensity": previous.intensity,
        "locations": [row.location for row in previous.locations.all()],
        "triggers": [row.trigger for row in previous.triggers.all()],
        "kind": previous.kind, "side": previous.side, "context": previous.context,
    }


@login_required
def episode_quick(request):
    user = request.user
    if request.method == "POST":
        if phone.queued_for_another_account(request):
            return phone.other_account_reply()
        form = QuickLogForm(request.POST)
        if form.is_valid():
            # A retry of an entry already saved (same client_id) gets that episode back.
            episode, created = save_episode_once(user, form.episode_data())
            if phone.from_phone_queue(request):
                # No flash message: a queued entry may be sent while another page is open.
                return phone.saved_reply(reverse("diary:episode-detail", args=[episode.pk]) + "?saved=1", created)
            # One message per save: the detail page's "Saved. When you feel up to it..." card says it.
            return _saved_redirect(episode)
        if phone.from_phone_queue(request):
            return phone.invalid_reply(form)
    # Read only when the form is shown again (a save never needs it): three queries a POST saved.
    previous = Episode.objects.filter(owner=user).prefetch_related("locations", "triggers").first()
    if request.method != "POST":
        copying = request.GET.get("same") == "1" and previous is not None
        initial = _same_as_last(previous) if copying else {}
        form = QuickLogForm(initial={**initial, "started": "now"})

    trigger_slugs = most_used_triggers(user, QUICK_TRIGGER_COUNT)
    # Keep any trigger that is already ticked (copied, or posted back with an error) on screen.
    chosen = options(form["triggers"])
    trigger_slugs += [o["value"] for o in chosen if o["checked"] and o["value"] not in trigger_slugs]
    labels = dict(Trigger.choices)
    copied = []
    for name, choices in (("kind", Kind), ("side", Side), ("context", Context)):
        value = form[name].value()
        if value in choices.values:
            copied.append({"name": name, "value": value, "label": dict(choices.choices)[value]})
    return render(request, "diary/episode_quick.html", {
        "form": form,
        "intensity_options": options(form["intensity"], scale_choices()),
        "location_options": options(form["locations"]),
        "trigger_options": options(form["triggers"], [(slug, labels[slug]) for slug in trigger_slugs if slug in labels]),
        "started_options": options(form["started"], [(v, STARTED_LABELS[v]) for v, _label in form.fields["started"].choices]),
        "red_flag_answer": form["red_flags_now"].value() or "",
        "red_flag_options": options(form["red_flags"]),
        "copied": copied,
        "previous": previous,
    })


# --- full form, detail, edit, delete ---------------------------------------------------------------

def _radio_with_none(bound_field, choices, none_label):
    """Radio chips with a first "not sure" choice that is ticked when nothing else is."""
    opts = options(bound_field, [("", none_label), *choices])
    if not any(o["checked"] for o in opts):
        opts[0]["checked"] = True
    return opts


def _form_context(form, episode=None):
    red_flags = options(form["red_flags"])
    not_sure = _("Not sure")
    return {
        "form": form,
        "episode": episode,
        "intensity_options": options(form["intensity"], scale_choices()),
        "location_options": options(form["locations"]),
        "trigger_options": options(form["triggers"]),
        "kind_options": _radio_with_none(form["kind"], Kind.choices, not_sure),
        "side_options": _radio_with_none(form["side"], Side.choices, not_sure),
        "context_options": _radio_with_none(form["context"], Context.choices, not_sure),
        "red_flag_options": red_flags,
        "red_flags_open": any(o["checked"] for o in red_flags) or bool(form["red_flags"].errors),
    }


@login_required
def episode_create(request):
    if request.method == "POST":
        form = EpisodeForm(request.POST)
        if form.is_valid():
            episode = save_episode(request.user, form.episode_data())
            messages.success(request, _("Episode saved."))
            return redirect(episode)
    else:
        form = EpisodeForm(initial={"started_at": timezone.localtime().replace(second=0, microsecond=0)})
    return render(request, "diary/episode_form.html", _form_context(form))


@login_required
def episode_edit(request, pk):
    episode = _own_episode(request, pk)
    if request.method == "POST":
        form = EpisodeForm(request.POST)
        if form.is_valid():
            update_episode(episode, form.episode_data())
            messages.success(request, _("Changes saved."))
            return redirect(episode)
    else:
        form = EpisodeForm(initial=EpisodeForm.initial_for(episode))
    return render(request, "diary/episode_form.html", _form_context(form, episode))


@login_required
def episode_detail(request, pk):
    episode = _own_episode(request, pk)
    alert = None
    if episode.red_flags.all():
        # The open alerts this very episode belongs to, from the one alert engine (with the health
        # background and medicines, so cancer or a statin change the urgency here as everywhere).
        mine = [a for a in alerts_for_user(request.user) if episode.pk in a.episode_ids]
        alert = top_open_alert(mine)
    return render(request, "diary/episode_detail.html", {
        "episode": episode,
        "just_saved": request.GET.get("saved") == "1",
        "alert": alert,
        "emergency_number": request.user.profile.emergency_number,
    })


@login_required
def episode_delete(request, pk):
    episode = _own_episode(request, pk)
    if request.method == "POST":
        when = timezone.localtime(episode.started_at)
        episode.delete()
        messages.success(request, _("The episode of %(when)s was deleted.") % {
            "when": when.strftime("%Y-%m-%d %H:%M")})
        return redirect("diary:episode-list")
    return render(request, "diary/episode_confirm_delete.html", {"episode": episode})


# --- history ---------------------------------------------------------------------------------------

def _filtered(episodes, filters):
    if filters.get("date_from"):
        episodes = episodes.filter(local_date__gte=filters["date_from"])
    if filters.get("date_to"):
        episodes = episodes.filter(local_date__lte=filters["date_to"])
    if filters.get("location"):
        episodes = episodes.filter(Exists(EpisodeLocation.objects.filter(
            episode=OuterRef("pk"), location=filters["location"])))
    if filters.get("trigger"):
        episodes = episodes.filter(Exists(EpisodeTrigger.objects.filter(
            episode=OuterRef("pk"), trigger=filters["trigger"])))
    if filters.get("min_intensity") is not None:
        episodes = episodes.filter(intensity__gte=filters["min_intensity"])
    return episodes


@login_required
def episode_list(request):
    filter_keys = set(HistoryFilterForm.base_fields)
    form = HistoryFilterForm(request.GET if filter_keys & set(request.GET) else None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        # Apply the filters that make sense; say which ones were ignored.
        filters = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
        if form.errors:
            messages.error(request, _("Some filters could not be used; see the notes beside them."))
    filtered = any(v not in (None, "") for v in filters.values())
    episodes = _filtered(Episode.objects.filter(owner=request.user), filters)
    page = Paginator(episodes.prefetch_related("locations", "triggers", "red_flags"), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "diary/episode_list.html", {
        "form": form, "page": page, "filtered": filtered,
        "location_choices": Location.choices, "trigger_choices": Trigger.choices,
        "red_flag_labels": dict(RedFlag.choices),
    })
