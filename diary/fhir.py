"""The GP summary as FHIR R4 JSON: a Bundle of type collection with the Patient and their Observations.

What is in it:
- One Patient (name.text only if the user gave a name for the summary; nothing else about them).
- Per episode in the period, a pain severity Observation: LOINC 72514-3 "Pain severity - 0-10
  verbal numeric rating [Score] - Reported", valueInteger 0-10, effectivePeriod from the start
  and the duration (effectiveDateTime when no duration was logged), bodySite.text from the
  locations and side, components with the kind and context as text, and a note only when the
  user chose to include notes.
- Per red-flag symptom ticked on an episode, an Observation whose code is the symptom (our code
  system below, slug as code, English display, the summary's language as text) with
  valueBoolean true: "the patient reported this symptom at that time".

How "patient-reported" is labelled, on every resource:
- Observation.performer and Observation.subject both reference the Patient: in FHIR R4 the
  performer is who is responsible for the observed value, and a Patient performer is the
  standard way to say the patient reported it themselves.
- Observation.category is `survey` (terminology.hl7.org observation-category): a value from
  a patient-answered assessment scale, which is what a 0-10 self-rating is.
- meta.tag carries PATIENT_REPORTED_TAG on the Bundle, the Patient and every Observation, so a
  receiving system can filter self-reported data without reading each performer.

fhir.resources 8 ships R5 by default and R4B (4.3) as a subpackage, and no R4 package; the tests
validate against R4B, whose Bundle, Patient and Observation have the same elements as R4 for
everything used here.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .catalogues import Context, Kind, Location, RedFlag, Side
from .records import DiaryData, EpisodeRecord

LOINC = "http://loinc.org"
PAIN_SEVERITY_CODE = "72514-3"
PAIN_SEVERITY_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SPASM_DIARY_SYSTEM = "https://spasm-diary.app/fhir/CodeSystem"
RED_FLAG_SYSTEM = f"{SPASM_DIARY_SYSTEM}/red-flag"
PATIENT_REPORTED_TAG = {
    "system": f"{SPASM_DIARY_SYSTEM}/data-origin",
    "code": "patient-reported",
    "display": "Recorded by the patient (self-reported, not clinically verified)",
}
SURVEY_CATEGORY = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _meta():
    return {"tag": [dict(PATIENT_REPORTED_TAG)]}


def _instant(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def _label(choices, slug: str) -> str:
    try:
        return str(choices(slug).label)
    except ValueError:
        return slug


def _body_site(episode: EpisodeRecord) -> str:
    text = ", ".join(_label(Location, slug) for slug in episode.locations)
    if episode.side:
        side = _label(Side, episode.side)
        text = f"{text} ({side})" if text else side
    return text


class _Ids:
    """Stable urn:uuid ids per user and record, keyed with the site's secret so they reveal nothing."""

    def __init__(self, user_key: str):
        digest = salted_hmac("spasm-diary.fhir", user_key).hexdigest()
        self.namespace = uuid.UUID(digest[:32])

    def __call__(self, *parts) -> str:
        return f"urn:uuid:{uuid.uuid5(self.namespace, ':'.join(str(p) for p in parts))}"


def _pain_observation(episode: EpisodeRecord, patient_ref: dict, issued: str, include_notes: bool) -> dict:
    observation = {
        "resourceType": "Observation",
        "meta": _meta(),
        "status": "final",
        "category": SURVEY_CATEGORY,
        "code": {
            "coding": [{"system": LOINC, "code": PAIN_SEVERITY_CODE, "display": PAIN_SEVERITY_DISPLAY}],
            "text": _("Pain severity (0-10), rated by the patient"),
        },
        "subject": dict(patient_ref),
        "performer": [dict(patient_ref)],
        "issued": issued,
        "valueInteger": episode.intensity,
    }
    if episode.duration_minutes is not None:
        end = episode.started_at + timedelta(minutes=episode.duration_minutes)
        observation["effectivePeriod"] = {"start": _instant(episode.started_at), "end": _instant(end)}
    else:
        observation["effectiveDateTime"] = _instant(episode.started_at)
    body_site = _body_site(episode)
    if body_site:
        observation["bodySite"] = {"text": body_site}
    components = []
    if episode.kind:
        components.append({"code": {"text": _("Kind")}, "valueString": _label(Kind, episode.kind)})
    if episode.context:
        components.append({"code": {"text": _("Context")}, "valueString": _label(Context, episode.context)})
    if components:
        observation["component"] = components
    if include_notes and episode.notes:
        observation["note"] = [{"text": episode.notes}]
    return observation


def _red_flag_observation(episode: EpisodeRecord, slug: str, patient_ref: dict, issued: str) -> dict:
    with translation.override("en"):
        display = _label(RedFlag, slug)
    return {
        "resourceType": "Observation",
        "meta": _meta(),
        "status": "final",
        "category": SURVEY_CATEGORY,
        "code": {
            "coding": [{"system": RED_FLAG_SYSTEM, "code": slug, "display": display}],
            "text": _label(RedFlag, slug),
        },
        "subject": dict(patient_ref),
        "performer": [dict(patient_ref)],
        "effectiveDateTime": _instant(episode.started_at),
        "issued": issued,
        "valueBoolean": True,
    }


def summary_bundle(diary: DiaryData, options, *, user_key: str, now: datetime | None = None) -> dict:
    """The period's episodes and red-flag symptoms as a FHIR R4 collection Bundle (a plain dict)."""
    now = now or timezone.now()
    issued = _instant(now)
    ids = _Ids(user_key)
    patient_url = ids("patient")
    patient_ref = {"reference": patient_url}
    with translation.override(options.language):
        patient = {"resourceType": "Patient", "meta": _meta()}
        # The identification chosen at export (None: the profile's; empty: left out), as on the PDF.
        name = getattr(options, "patient_name", None)
        name = diary.background.display_name if name is None else name
        if name:
            patient["name"] = [{"text": name}]
        born = getattr(options, "birth_year", None)
        born = diary.background.year_of_birth if born is None else born
        if born:
            patient["birthDate"] = f"{born:04d}"  # FHIR's date type allows a year alone
        entries = [{"fullUrl": patient_url, "resource": patient}]
        for episode in diary.episodes:
            if not options.start <= episode.local_date <= options.end:
                continue
            entries.append({
                "fullUrl": ids("episode", episode.id),
                "resource": _pain_observation(episode, patient_ref, issued, options.include_notes),
            })
            for slug in dict.fromkeys(episode.red_flags):
                entries.append({
                    "fullUrl": ids("episode", episode.id, "red-flag", slug),
                    "resource": _red_flag_observation(episode, slug, patient_ref, issued),
                })
    return {
        "resourceType": "Bundle",
        "meta": _meta(),
        "language": options.language,
        "type": "collection",
        "timestamp": issued,
        "entry": entries,
    }
