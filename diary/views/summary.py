"""GP summary: the settings page with a preview, the print view, and PDF, CSV and FHIR downloads.

Every view reads request.user's diary only; the period, language and toggles come from the
query string so a download is the preview the user just looked at.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ..exports import csv_bytes, episodes_csv
from ..fhir import summary_bundle
from ..models import EARLIEST_DIARY_DATE
from ..page_cache import cached, user_key
from ..records import load_diary, local_today
from ..summary import (
    DEFAULT_DAYS, MAX_DAYS, PRESET_DAYS, SummaryOptions, render_summary_document, render_summary_html,
    render_summary_pdf, summary_for_user,
)

CUSTOM = "custom"


class SummaryForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), required=False,
        choices=[(CUSTOM, _("Custom dates"))],
        widget=forms.RadioSelect,
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    lang = forms.ChoiceField(
        label=_("Language of the summary"), required=False, choices=settings.LANGUAGES,
        help_text=_("Your doctor's language; the app itself stays in yours."),
    )
    notes = forms.BooleanField(label=_("Include my notes"), required=False)
    questions = forms.BooleanField(label=_("Include my questions"), required=False)
    appendix = forms.BooleanField(label=_("Include the table of all episodes (appendix, on extra pages)"),
                                  required=False)
    # The identification block: filled from the profile, editable (or cleared) for this summary only.
    name = forms.CharField(label=_("Name on the summary"), required=False, max_length=120,
                           help_text=_("Leave empty to leave your name out."))
    born = forms.IntegerField(label=_("Year of birth on the summary"), required=False, min_value=1900,
                              help_text=_("Leave empty to leave it out."))

    def __init__(self, data, *, today, **kwargs):
        self.today = today
        super().__init__(data, **kwargs)
        # Built per request: a label formatted at import time would stay in the server's language.
        self.fields["period"].choices = [
            (str(days), gettext("Last %(days)d days") % {"days": days}) for days in PRESET_DAYS
        ] + [(CUSTOM, gettext("Custom dates"))]

    def clean(self):
        data = super().clean()
        period = data.get("period") or str(DEFAULT_DAYS)
        if period == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start and "start" not in self.errors:
                self.add_error("start", _("Choose the first day."))
            if not end and "end" not in self.errors:
                self.add_error("end", _("Choose the last day."))
            if start and start < EARLIEST_DIARY_DATE:
                self.add_error("start", _("Choose a day in 1900 or later."))
            elif end and end > self.today:
                self.add_error("end", _("The last day cannot be after today."))
            elif start and end:
                if end < start:
                    self.add_error("end", _("The last day must be on or after the first day."))
                elif (end - start).days + 1 > MAX_DAYS:
                    self.add_error("start", _("Choose at most ten years."))
        else:
            days = int(period)
            data["end"] = self.today
            data["start"] = self.today - timedelta(days=days - 1)
        data["period"] = period
        born = data.get("born")
        if born and born > self.today.year:
            self.add_error("born", _("Choose a year no later than this one."))
        return data

    def options(self) -> SummaryOptions:
        data = self.cleaned_data
        return SummaryOptions(
            start=data["start"], end=data["end"], language=data.get("lang") or get_language() or "en",
            include_notes=data.get("notes", False), include_questions=data.get("questions", False),
            include_appendix=data.get("appendix", False),
            patient_name=(data.get("name") or "").replace("\x00", "").strip(), birth_year=data.get("born") or 0,
        )


class QuestionsForm(forms.Form):
    doctor_questions = forms.CharField(
        label=_("My questions for the doctor"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Saved with your profile; printed on the first page of the summary when you include them."),
    )


def _summary_form(request) -> SummaryForm:
    today = local_today(request.user)
    data = request.GET.copy()
    if not data.get("period"):
        # Dates without a period (scripts, bookmarks) mean those dates.
        data["period"] = CUSTOM if (data.get("start") or data.get("end")) else str(DEFAULT_DAYS)
    if not data.get("lang"):
        data["lang"] = get_language() if get_language() in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    # No name or year in the query (a first visit, a script): the profile's; an empty one leaves it out.
    profile = request.user.profile
    if "name" not in data:
        data["name"] = profile.display_name
    if "born" not in data:
        data["born"] = str(profile.year_of_birth or "")
    return SummaryForm(data, today=today)


def _invalid(request, form):
    """A download with a bad period goes back to the page, which shows the message by the field."""
    return redirect(reverse("diary:summary") + "?" + request.GET.urlencode())


def _filename(options: SummaryOptions, extension: str) -> str:
    return f"gp-summary-{options.start.isoformat()}-to-{options.end.isoformat()}.{extension}"


@login_required
@require_http_methods(["GET", "POST"])
def summary_page(request):
    """The settings and preview page; ?format=pdf|csv|fhir|html answers like the download routes."""
    if request.method == "GET" and request.GET.get("format") in FORMAT_VIEWS:
        return FORMAT_VIEWS[request.GET["format"]](request)
    profile = request.user.profile
    if request.method == "POST":
        questions_form = QuestionsForm(request.POST)
        if questions_form.is_valid():
            profile.doctor_questions = questions_form.cleaned_data["doctor_questions"]
            profile.save(update_fields=["doctor_questions"])
            messages.success(request, _("Your questions are saved."))
            query = request.GET.copy()
            query["questions"] = "on"  # just written: show them in the preview
            return redirect(reverse("diary:summary") + "?" + query.urlencode())
    else:
        questions_form = QuestionsForm(initial={"doctor_questions": profile.doctor_questions})

    form = _summary_form(request)
    if form.is_valid():
        options = form.options()
    else:
        today = local_today(request.user)
        start = today - timedelta(days=DEFAULT_DAYS - 1)
        language = form.data.get("lang")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        options = SummaryOptions(start=start, end=today, language=language)
    summary = summary_for_user(request.user, options)
    query = request.GET.copy()
    if form.is_valid():
        query["lang"] = options.language
    query_string = query.urlencode()
    return render(request, "diary/summary.html", {
        "form": form,
        "questions_form": questions_form,
        "summary": summary,
        # Rendered apart, in the summary's language, which may differ from the page's.
        "document": render_summary_document(summary, request=request),
        "query": query_string,
        "valid": form.is_valid(),
    })


@login_required
@require_GET
def summary_print(request):
    form = _summary_form(request)
    if not form.is_valid():
        return _invalid(request, form)
    summary = summary_for_user(request.user, form.options())
    back_url = reverse("diary:summary") + "?" + request.GET.urlencode()
    return HttpResponse(render_summary_html(summary, request=request, back_url=back_url))


@login_required
@require_GET
def summary_pdf(request):
    form = _summary_form(request)
    if not form.is_valid():
        return _invalid(request, form)
    options = form.options()
    # WeasyPrint takes most of a second: the same diary version, day and options give the same bytes.
    pdf = cached(user_key("summary-pdf", request.user, options),
                 lambda: render_summary_pdf(summary_for_user(request.user, options)))
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_filename(options, "pdf")}"'
    return response


@login_required
@require_GET
def summary_csv(request):
    """The diary's episodes.csv for the period; notes only when the notes toggle is on."""
    form = _summary_form(request)
    if not form.is_valid():
        return _invalid(request, form)
    options = form.options()
    diary = load_diary(request.user, options.start, options.end)
    episodes = diary.episodes if options.include_notes else tuple(_without_notes(e) for e in diary.episodes)
    response = HttpResponse(csv_bytes(episodes_csv(episodes)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(options, "csv")}"'
    return response


@login_required
@require_GET
def summary_fhir(request):
    form = _summary_form(request)
    if not form.is_valid():
        return _invalid(request, form)
    options = form.options()
    diary = load_diary(request.user, options.start, options.end)
    bundle = summary_bundle(diary, options, user_key=str(request.user.pk))
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False, indent=2), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="{_filename(options, "fhir.json")}"'
    return response


FORMAT_VIEWS = {"pdf": summary_pdf, "csv": summary_csv, "fhir": summary_fhir, "html": summary_print,
                "print": summary_print}


def _without_notes(episode):
    return replace(episode, notes="")
