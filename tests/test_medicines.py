"""Medicines with start dates: owner-only list, add, edit and remove, with clear validation."""
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from diary.models import Medicine


def test_it_adds_and_lists_a_medicine(owner_client, owner):
    response = owner_client.post(reverse("diary:medicines"), {
        "name": "Atorvastatin", "kind": "statin", "started_on": "2026-09-01", "notes": "20 mg",
    })
    assert response.status_code == 302
    medicine = Medicine.objects.get(owner=owner)
    assert (medicine.kind, medicine.started_on) == ("statin", date(2026, 9, 1))
    page = owner_client.get(reverse("diary:medicines")).content.decode()
    assert "Atorvastatin" in page and "20 mg" in page


def test_it_rejects_future_and_inverted_dates_beside_the_field(owner_client, owner):
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = owner_client.post(reverse("diary:medicines"), {"name": "X", "kind": "other", "started_on": future})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    response = owner_client.post(reverse("diary:medicines"), {
        "name": "X", "kind": "other", "started_on": "2026-05-02", "stopped_on": "2026-05-01",
    })
    assert "before the start date" in response.content.decode()
    response = owner_client.post(reverse("diary:medicines"), {"name": "", "kind": "nonsense"})
    assert response.status_code == 200
    assert not Medicine.objects.filter(owner=owner).exists()


def test_it_edits_and_removes_only_the_owners_medicine(owner, outsider, client):
    medicine = Medicine.objects.create(owner=owner, name="Furosemide", kind="diuretic")
    client.force_login(outsider)
    assert client.get(reverse("diary:medicine-edit", args=[medicine.pk])).status_code == 404
    assert client.post(reverse("diary:medicine-delete", args=[medicine.pk])).status_code == 404
    assert "Furosemide" not in client.get(reverse("diary:medicines")).content.decode()
    client.force_login(owner)
    response = client.post(reverse("diary:medicine-edit", args=[medicine.pk]), {"name": "Furosemide 40", "kind": "diuretic"})
    assert response.status_code == 302
    medicine.refresh_from_db()
    assert medicine.name == "Furosemide 40"
    assert client.get(reverse("diary:medicine-delete", args=[medicine.pk])).status_code == 405
    assert client.post(reverse("diary:medicine-delete", args=[medicine.pk])).status_code == 302
    assert not Medicine.objects.filter(pk=medicine.pk).exists()


def test_the_account_page_links_to_medicines(owner_client):
    assert reverse("diary:medicines") in owner_client.get(reverse("account:settings")).content.decode()
