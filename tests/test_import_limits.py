"""CSV strictness and bounded work: an unterminated quote, a wrong column count or a binary file is
an error with its line number; parsing stops after the first 100 problems and says how many rows
it did not check."""
import pytest
from django.utils import timezone, translation

from diary.exports import EPISODE_COLUMNS
from diary.imports import MAX_ERRORS, import_files
from diary.models import Episode

HEADER = ",".join(EPISODE_COLUMNS)


@pytest.fixture(autouse=True)
def in_english():
    # Messages are compared in English; an earlier test's request may have left another language active.
    with translation.override("en"):
        yield


def good_row(hour=8, notes="fine"):
    cells = {column: "" for column in EPISODE_COLUMNS}
    cells.update(started_at=f"2025-03-14T{hour:02d}:30:00+01:00", intensity="5", locations="lower_back", notes=notes)
    return ",".join(cells[column] for column in EPISODE_COLUMNS)


def run(owner, text_or_bytes):
    data = text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode()
    return import_files(owner, [("episodes.csv", data)], now=timezone.now())


def test_an_unterminated_quote_is_an_error_at_its_line(owner):
    rows = [good_row(8), good_row(9, notes='"never closed'), *[good_row(10 + i % 10) for i in range(500)]]
    result = run(owner, "\n".join([HEADER, *rows]) + "\n")
    assert not result.ok and not result.written
    assert [(e.line, "never closed" in e.message) for e in result.errors] == [(3, True)]
    assert not Episode.objects.filter(owner=owner).exists()


def test_a_wrong_column_count_is_an_error_at_its_line(owner):
    result = run(owner, "\n".join([HEADER, good_row(8), good_row(9) + ",extra", good_row(10)]) + "\n")
    assert [(e.line, e.message) for e in result.errors] == [(3, f"has {len(EPISODE_COLUMNS) + 1} cells, expected {len(EPISODE_COLUMNS)}")]


def test_a_binary_file_is_an_error_with_its_line(owner):
    result = run(owner, (HEADER + "\n" + good_row(8) + "\n").encode() + b"\x00\x01\x02binary")
    assert [(e.line, "binary" in e.message) for e in result.errors] == [(3, True)]


def test_text_that_is_not_utf8_is_an_error_with_its_line(owner):
    result = run(owner, (HEADER + "\n" + good_row(8) + "\n").encode() + "Müller\n".encode("latin-1"))
    assert [(e.line, "UTF-8" in e.message) for e in result.errors] == [(3, True)]


def test_parsing_stops_after_the_first_hundred_problems_and_counts_the_rest(owner):
    bad = "\n".join(["x"] * 1_000_000)  # a million one-cell rows: 2 MB, under the 5 MB limit
    result = run(owner, HEADER + "\n" + bad + "\n")
    row_errors = [e for e in result.errors if e.line is not None]
    assert len(row_errors) == MAX_ERRORS
    assert row_errors[0].line == 2 and row_errors[-1].line == MAX_ERRORS + 1
    [summary] = [e for e in result.errors if e.line is None]
    assert f"{1_000_000 - MAX_ERRORS:d} more rows were not checked" in summary.message
    assert not Episode.objects.filter(owner=owner).exists()


def test_a_quoted_note_over_several_lines_is_still_fine(owner):
    result = run(owner, "\n".join([HEADER, good_row(8, notes='"first line\nsecond line"'), good_row(9)]) + "\n")
    assert result.ok and result.episodes_imported == 2
