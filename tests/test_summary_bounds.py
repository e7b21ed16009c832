"""A bounded GP summary: the appendix lists the latest episodes only and says how many more are in
the CSV, so a dense ten-year diary gives a PDF of bounded size."""
from datetime import timedelta

from diary.summary import APPENDIX_MAX_ROWS, SummaryOptions, build_summary, render_summary_html

from .builders import TODAY, diary, episode


def many_episodes(count):
    return [episode(TODAY - timedelta(days=index // 3), 5, hour=8 + index % 3 * 4, notes=f"note {index}")
            for index in range(count)]


def options(**kwargs):
    return SummaryOptions(start=TODAY - timedelta(days=3650), end=TODAY, language="en", **kwargs)


def test_the_appendix_is_capped_and_says_how_many_more_are_in_the_csv():
    episodes = many_episodes(APPENDIX_MAX_ROWS + 50)
    summary = build_summary(diary(episodes), options(include_appendix=True, include_notes=True), with_chart=False)
    assert len(summary.appendix) == APPENDIX_MAX_ROWS and summary.appendix_more == 50
    latest = max(e.started_at for e in episodes)
    assert max(row.started_at for row in summary.appendix) == latest  # the latest are the ones kept
    html = render_summary_html(summary, standalone=True)
    assert "50 more episodes are in the CSV" in html
    assert f"Appendix: the latest {APPENDIX_MAX_ROWS} episodes" in html


def test_an_appendix_under_the_cap_lists_all_and_says_nothing_more():
    summary = build_summary(diary(many_episodes(12)), options(include_appendix=True), with_chart=False)
    assert len(summary.appendix) == 12 and summary.appendix_more == 0
    html = render_summary_html(summary, standalone=True)
    assert "Appendix: all 12 episodes" in html and "in the CSV" not in html
