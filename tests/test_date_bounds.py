"""Dates at the edge of the calendar are refused with a message or a 404, never a 500."""
import pytest
from django.urls import reverse

from diary.models import CheckIn


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_check_in_before_1900_is_a_404(owner_client, owner, day):
    assert owner_client.get(f"/checkins/{day}/").status_code == 404
    assert owner_client.post(f"/checkins/{day}/", {"stress": "3"}).status_code == 404
    assert not CheckIn.objects.filter(owner=owner).exists()


def test_a_check_in_in_1900_is_fine(owner_client):
    assert owner_client.get("/checkins/1900-01-01/").status_code == 200


@pytest.mark.parametrize("start, end, message", [
    ("0001-01-01", "0001-01-02", "1900 or later"),
    ("2026-01-01", "9999-12-31", "cannot be after today"),
])
def test_the_summary_refuses_dates_out_of_range_beside_the_field(owner_client, start, end, message):
    for fmt in ("", "&format=pdf", "&format=csv"):
        response = owner_client.get(f"{reverse('diary:summary')}?period=custom&start={start}&end={end}{fmt}")
        assert response.status_code < 500
    response = owner_client.get(f"{reverse('diary:summary')}?period=custom&start={start}&end={end}")
    assert message in response.content.decode()
