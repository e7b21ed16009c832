"""FHIR R4 export of the GP summary: structure validated with fhir.resources (R4B models)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from fhir.resources.R4B.bundle import Bundle

from diary.fhir import PAIN_SEVERITY_CODE, PATIENT_REPORTED_TAG, summary_bundle
from diary.summary import SummaryOptions
from tests.builders import TODAY, days_back, diary, episode

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=dt_timezone.utc)


def options(days=90, **kwargs):
    return SummaryOptions(start=TODAY - timedelta(days=days - 1), end=TODAY, **kwargs)


def bundle_for(data, **kwargs):
    return summary_bundle(data, options(**kwargs), user_key="7", now=NOW)


def observations(bundle):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]


def pain(bundle):
    return [o for o in observations(bundle) if o["code"]["coding"][0]["code"] == PAIN_SEVERITY_CODE]


@pytest.fixture
def sample():
    return diary([
        episode(days_back(3), 7, hour=8, duration_minutes=20, locations=["lower_back", "leg"], side="left",
                kind="cramp", context="at_night", red_flags=["both_legs", "numbness_tingling"], notes="My note"),
        episode(days_back(1), 0, hour=21, locations=[], notes=""),
        episode(days_back(200), 9),  # outside the period
    ], display_name="Anna Lindqvist")


@pytest.mark.parametrize("language", ["en", "de", "nl", "sv", "zh-hans"])
def test_it_validates_as_an_r4_collection_bundle(sample, language):
    bundle = bundle_for(sample, include_notes=True, language=language)
    parsed = Bundle.model_validate(bundle)  # raises on any structural error
    assert parsed.type == "collection"
    Bundle.model_validate_json(json.dumps(bundle))  # and survives a JSON round trip


def test_it_has_one_patient_and_a_pain_observation_per_episode_in_the_period(sample):
    bundle = bundle_for(sample)
    resources = [e["resource"] for e in bundle["entry"]]
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    assert len(patients) == 1
    assert patients[0]["name"] == [{"text": "Anna Lindqvist"}]
    assert [o["valueInteger"] for o in pain(bundle)] == [7, 0]
    for observation in pain(bundle):
        assert observation["status"] == "final"
        assert observation["code"]["coding"][0] == {
            "system": "http://loinc.org", "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
        assert 0 <= observation["valueInteger"] <= 10


def test_it_uses_a_period_from_start_and_duration_or_a_date_time_without_one(sample):
    first, second = pain(bundle_for(sample))
    assert first["effectivePeriod"] == {"start": "2026-06-27T08:00:00+02:00", "end": "2026-06-27T08:20:00+02:00"}
    assert "effectiveDateTime" not in first
    assert second["effectiveDateTime"] == "2026-06-29T21:00:00+02:00"
    assert "effectivePeriod" not in second


def test_it_names_the_body_site_and_kind_in_the_summary_language(sample):
    first, second = pain(bundle_for(sample))
    assert first["bodySite"] == {"text": "Lower back, Leg (Left)"}
    assert "bodySite" not in second
    assert {"code": {"text": "Kind"}, "valueString": "Cramp"} in first["component"]
    german = pain(bundle_for(sample, language="de"))[0]
    assert german["code"]["coding"][0]["code"] == PAIN_SEVERITY_CODE  # codes never translated


def test_it_adds_one_observation_per_red_flag_symptom(sample):
    bundle = bundle_for(sample)
    flags = [o for o in observations(bundle) if o["code"]["coding"][0]["code"] != PAIN_SEVERITY_CODE]
    assert sorted(o["code"]["coding"][0]["code"] for o in flags) == ["both_legs", "numbness_tingling"]
    for observation in flags:
        assert observation["valueBoolean"] is True
        assert observation["effectiveDateTime"] == "2026-06-27T08:00:00+02:00"
        assert observation["code"]["text"]


def test_it_labels_every_resource_as_patient_reported(sample):
    bundle = bundle_for(sample)
    assert PATIENT_REPORTED_TAG in bundle["meta"]["tag"]
    patient_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    for entry in bundle["entry"]:
        assert PATIENT_REPORTED_TAG in entry["resource"]["meta"]["tag"]
    for observation in observations(bundle):
        assert observation["subject"] == {"reference": patient_url}
        assert observation["performer"] == [{"reference": patient_url}]
        assert observation["category"][0]["coding"][0]["code"] == "survey"


def test_it_includes_notes_only_when_asked(sample):
    assert all("note" not in o for o in observations(bundle_for(sample)))
    with_notes = pain(bundle_for(sample, include_notes=True))
    assert with_notes[0]["note"] == [{"text": "My note"}]
    assert "note" not in with_notes[1]  # an empty note is left out


def test_it_gives_stable_ids_that_reveal_no_database_ids(sample):
    first, again = bundle_for(sample), bundle_for(sample)
    urls = [e["fullUrl"] for e in first["entry"]]
    assert urls == [e["fullUrl"] for e in again["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("urn:uuid:") for url in urls)
    other_user = summary_bundle(sample, options(), user_key="8", now=NOW)
    assert not set(urls) & {e["fullUrl"] for e in other_user["entry"]}


def test_it_leaves_the_name_out_when_none_was_given():
    bundle = bundle_for(diary([episode(days_back(1), 4)]))
    patient = bundle["entry"][0]["resource"]
    assert patient["resourceType"] == "Patient" and "name" not in patient
    Bundle.model_validate(bundle)
