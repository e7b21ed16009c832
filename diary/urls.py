"""Diary URLs: episodes, check-ins, patterns, the GP summary."""
from django.urls import path, register_converter

from .views import alert_notes, checkins, episodes, patterns, summary
from .views import data as data_views
from .views import medicines
from .views import custom_factors as custom_factor_views
from .views import charts as chart_views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        from datetime import date

        return date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "diary"

urlpatterns = [
    path("episodes/", episodes.episode_list, name="episode-list"),
    path("episodes/new/", episodes.episode_create, name="episode-new"),
    path("episodes/quick/", episodes.episode_quick, name="episode-quick"),
    path("episodes/<int:pk>/", episodes.episode_detail, name="episode-detail"),
    path("episodes/<int:pk>/edit/", episodes.episode_edit, name="episode-edit"),
    path("episodes/<int:pk>/delete/", episodes.episode_delete, name="episode-delete"),
    path("checkins/today/", checkins.checkin_today, name="checkin-today"),
    path("checkins/<isodate:day>/", checkins.checkin_for_date, name="checkin-date"),
    path("patterns/", patterns.patterns_page, name="patterns"),
    # One fixed path per chart (no URL parameter: a chart is always of the signed-in user's own diary).
    *[path(f"charts/{slug}.svg", chart_views.chart, {"chart": slug}, name="chart") for slug in chart_views.CHART_SLUGS],
    path("alerts/discussed/", alert_notes.alert_discussed, name="alert-discussed"),
    path("summary/", summary.summary_page, name="summary"),
    path("summary/print/", summary.summary_print, name="summary-print"),
    path("summary/pdf/", summary.summary_pdf, name="summary-pdf"),
    path("summary/csv/", summary.summary_csv, name="summary-csv"),
    path("summary/fhir/", summary.summary_fhir, name="summary-fhir"),
    path("episodes/export.csv", data_views.episodes_csv_download, name="episodes-csv"),
    path("checkins/export.csv", data_views.checkins_csv_download, name="checkins-csv"),
    path("account/medicines/", medicines.medicine_list, name="medicines"),
    path("account/medicines/<int:medicine_id>/edit/", medicines.medicine_edit, name="medicine-edit"),
    path("account/medicines/<int:medicine_id>/delete/", medicines.medicine_delete, name="medicine-delete"),
    path("account/factors/", custom_factor_views.factor_list, name="custom-factors"),
    path("account/factors/<int:factor_id>/edit/", custom_factor_views.factor_edit, name="custom-factor-edit"),
    path("account/factors/<int:factor_id>/delete/", custom_factor_views.factor_delete, name="custom-factor-delete"),
    path("account/export/", data_views.export_all, name="export-all"),
    path("account/import/", data_views.import_csv, name="import"),
    path("account/import-archive/", data_views.import_archive, name="import-archive"),
]
