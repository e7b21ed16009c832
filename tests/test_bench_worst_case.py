"""The benchmark's worst case (ten dense years with notes) answers every heavy request, within a
bounded memory; how long it takes is for people to judge from `bench --worst-case`."""
import pytest

from diary.management.commands.bench import Command

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_the_worst_case_answers_every_heavy_request_in_bounded_memory():
    result = Command()._worst_case()
    assert result["episodes"] > 7000
    assert set(result["timings"]) >= {"gp_pdf_ten_years_notes_appendix", "dashboard_all", "csv_export"}
    for values in result["timings"].values():
        assert values["peak_rss_mb"] < 1024 and values["kb"] > 0
