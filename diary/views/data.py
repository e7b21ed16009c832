"""CSV downloads, the export-everything ZIP and the CSV upload; always the signed-in user's own diary."""
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import ProfileForm

from ..account_export import account_zip
from ..account_import import MAX_ARCHIVE_BYTES, import_account
from ..exports import checkins_csv, csv_bytes, dated_filename, episodes_csv
from ..imports import MAX_FILE_BYTES, MAX_FILES, import_files
from ..records import load_diary, local_today


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"  # health data: never kept by a shared cache
    return response


def _optional_date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _period(request):
    """Optional ?start=YYYY-MM-DD&end=YYYY-MM-DD (local dates), ignored when not a date."""
    return _optional_date(request.GET.get("start")), _optional_date(request.GET.get("end"))


@login_required
@require_GET
def episodes_csv_download(request):
    start, end = _period(request)
    diary = load_diary(request.user, start, end)
    return _attachment(
        csv_bytes(episodes_csv(diary.episodes)), "text/csv; charset=utf-8",
        dated_filename("episodes", local_today(request.user), "csv"),
    )


@login_required
@require_GET
def checkins_csv_download(request):
    start, end = _period(request)
    diary = load_diary(request.user, start, end)
    return _attachment(
        csv_bytes(checkins_csv(diary.checkins)), "text/csv; charset=utf-8",
        dated_filename("checkins", local_today(request.user), "csv"),
    )


@login_required
@require_GET
def export_all(request):
    content = account_zip(request.user, timezone.now())
    return _attachment(content, "application/zip", f"spasm-diary-{local_today(request.user).isoformat()}.zip")


@login_required
@require_POST
def import_csv(request):
    uploads = request.FILES.getlist("files")
    if not uploads:
        return _account_page_with(request, upload_error=_("Choose one or more CSV files to import."))
    if len(uploads) > MAX_FILES:
        return _account_page_with(request, upload_error=ngettext(
            "Choose at most %(max)d file at a time.", "Choose at most %(max)d files at a time.", MAX_FILES,
        ) % {"max": MAX_FILES})
    # Read at most one byte past the limit, so a huge upload is refused without loading it.
    files = [(upload.name, upload.read(MAX_FILE_BYTES + 1)) for upload in uploads]
    result = import_files(request.user, files)
    if not result.ok:
        return _account_page_with(request, import_result=result)
    if result.written:
        messages.success(request, _(
            "Imported %(episodes)s and %(checkins)s. %(skipped)s"
        ) % {
            "episodes": ngettext("%d episode", "%d episodes", result.episodes_imported) % result.episodes_imported,
            "checkins": ngettext("%d check-in", "%d check-ins", result.checkins_imported) % result.checkins_imported,
            "skipped": _skipped_sentence(result.skipped),
        })
    else:
        messages.info(request, _("Nothing new to import: every row is already in your diary."))
    return redirect("account:settings")


@login_required
@require_POST
def import_archive(request):
    """A complete export (the ZIP above) read into this account, which must still be empty."""
    upload = request.FILES.get("archive")
    if upload is None:
        return _account_page_with(request, archive_error=_("Choose the ZIP file to import."))
    # Read at most one byte past the limit, so a huge upload is refused without loading it.
    result = import_account(request.user, upload.read(MAX_ARCHIVE_BYTES + 1))
    if not result.ok:
        return _account_page_with(request, archive_errors=result.errors)
    counts = result.counts
    messages.success(request, _("Your diary is imported: %(episodes)s, %(checkins)s and all your settings.") % {
        "episodes": ngettext("%d episode", "%d episodes", counts["episodes"]) % counts["episodes"],
        "checkins": ngettext("%d check-in", "%d check-ins", counts["checkins"]) % counts["checkins"],
    })
    response = redirect("account:settings")
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.profile.language, samesite="Lax")
    return response


def _skipped_sentence(skipped):
    if not skipped:
        return ""
    return ngettext(
        "%d row was already in your diary and was skipped.",
        "%d rows were already in your diary and were skipped.",
        skipped,
    ) % skipped


def _account_page_with(request, **context):
    """The account page (owned by accounts.views.account) with the import's problems shown in place."""
    profile = request.user.profile
    return render(request, "accounts/account.html", {
        "form": ProfileForm(instance=profile), "profile": profile, **context,
    }, status=400)
