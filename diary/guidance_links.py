"""Links from the diary's patterns and alerts to guidance topics, titled in the active language."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance.services import topic_title

from .catalogues import Kind, RedFlag, Relief, Trigger

GENERAL_TOPICS = {
    "prevention": _("Prevention"), "exercises": _("Exercises"), "treatment": _("Treatment"),
    "see_doctor": _("When to see a doctor"),
}


def catalogue_label(slug):
    for choices in (GENERAL_TOPICS, dict(Trigger.choices), dict(RedFlag.choices), dict(Kind.choices),
                    dict(Relief.choices)):
        if slug in choices:
            return choices[slug]
    return slug.replace("_", " ").capitalize()


def topic_links(slugs):
    """[{slug, title, url}] for guidance topic slugs, first occurrence kept.

    Titles come from the guidance library's cached title table (no query once warm), and fall
    back to the catalogue label while the library is not loaded yet.
    """
    return [
        {"slug": slug, "title": topic_title(slug) or catalogue_label(slug), "url": reverse("guidance:topic", args=[slug])}
        for slug in dict.fromkeys(slugs)
    ]
