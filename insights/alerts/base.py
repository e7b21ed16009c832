"""What every alert rule shares: urgencies, the named sources they cite, the Alert record, number formatting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

EMERGENCY, URGENT, SOON, ADVICE = "emergency", "urgent", "soon", "advice"
URGENCY_RANK = {EMERGENCY: 0, URGENT: 1, SOON: 2, ADVICE: 3}
URGENCY_LABELS = {
    EMERGENCY: _("Emergency: call now"),
    URGENT: _("See a doctor today"),
    SOON: _("Book a GP appointment"),
    ADVICE: _("Mention it to your GP or pharmacist"),
}

# Statuses of an alert: open, or closed by the user's answer, or over because the condition ended.
OPEN, DISCUSSED, CHECKED, GONE = "open", "discussed", "checked", "gone"
ANSWERS = (DISCUSSED, CHECKED, GONE)


@dataclass(frozen=True)
class Source:
    """A seed passage (file and section) or a named guideline page with its address."""

    file: str = ""
    section: str = ""
    guideline: str = ""
    url: str = ""

    def as_dict(self) -> dict:
        if self.guideline:
            return {"guideline": self.guideline, "url": self.url} if self.url else {"guideline": self.guideline}
        return {"file": self.file, "section": self.section}

    def __str__(self):
        return self.guideline or f"{self.file}, {self.section}"


SEED_000 = "000_3a3248568156e5b1.txt"
SEED_001 = "001_7a4535e076f31f54.txt"
SEED_002 = "002_6382be78da2ead00.txt"
SEED_004 = "004_c87b215f75f3e9e9.txt"
S000_WARNING = Source(SEED_000, "Warnung")
S000_MINERALS = Source(SEED_000, "Mineralischer Verlust")
S001 = Source(SEED_001, "Vad orsakar muskelspasmer?")
S002_INTRO = Source(SEED_002, "Spierkrampen en spierspasmen in de rug: oorzaken van krampen")
S002_MEDICINES = Source(SEED_002, "Medicijnen")
S002_NERVES = Source(SEED_002, "Zenuwschade")
S004 = Source(SEED_004, "为什么一跑步后背会刺痛(为什么跑步时背部会突然刺痛?)")

# Guideline pages, each checked against its own text (docs/patterns-and-alerts.md quotes the lines used).
# NHS back pain: "Call 999 or go to A&E" for both legs, genitals or buttocks, peeing, bladder or bowel
# control, chest pain, a serious accident; "urgent GP appointment or 111" for a high temperature,
# weight loss, a lump or changed shape, pain not eased by rest or worse at night, pain worse on
# sneezing, coughing or pooing, pain between the shoulders.
NHS_BACK = Source(guideline="NHS: Back pain", url="https://www.nhs.uk/conditions/back-pain/")
NHS_CAUDA_EQUINA = Source(guideline="NHS: Cauda equina syndrome", url="https://www.nhs.uk/conditions/cauda-equina-syndrome/")
# NHS sciatica: 999 or A&E for sciatica on both sides, or weakness or numbness in both legs.
NHS_SCIATICA = Source(guideline="NHS: Sciatica", url="https://www.nhs.uk/conditions/sciatica/")
# NHS statins: "unexplained muscle pain, tenderness, weakness or cramps" and "dark pee": call a
# doctor or 111 straight away (signs of muscle breakdown and kidney or liver damage).
NHS_STATINS = Source(guideline="NHS: Side effects of statins", url="https://www.nhs.uk/medicines/statins/side-effects-of-statins/")
# NHS leg cramps: see a GP if cramps last longer than 10 minutes, or with numbness or swelling in the legs.
NHS_CRAMP = Source(guideline="NHS: Leg cramps", url="https://www.nhs.uk/conditions/leg-cramps/")
# NICE NG59 1.1.1: exclude cancer, infection, trauma, inflammatory disease; cauda equina needs referral.
NICE_NG59 = Source(guideline="NICE NG59", url="https://www.nice.org.uk/guidance/ng59")
# NICE NG234 (spinal metastases and MSCC): spinal pain suggestive of metastases in a person with
# cancer, within 24 hours; with neurological symptoms (limb weakness, sensory loss, bladder or
# bowel dysfunction), immediately, as an oncological emergency.
NICE_NG234 = Source(guideline="NICE NG234", url="https://www.nice.org.uk/guidance/ng234")


@dataclass(frozen=True)
class Alert:
    """One alert as the app shows it: one card while a rule holds (one run), with its lifecycle."""

    rule: str
    key: str
    urgency: str
    title: str
    reason: str
    sources: tuple[Source, ...]
    guidance: tuple[str, ...]
    dates: tuple[date, ...] = ()
    episode_ids: tuple[int, ...] = ()
    discussed_on: date | None = None
    note: str = ""
    first_raised: date | None = None
    status: str = OPEN  # open, discussed, checked, gone
    answer: str = ""  # the user's answer when there is one: discussed, checked or gone
    symptom: str = ""  # the red-flag slug of a symptom alert
    banner: bool = False  # open and urgent enough for the banner on the day it was judged
    facts: str = ""  # the reason's diary data alone, without the advice
    # The diary data in the third person for the doctor ("the patient recorded..."), and a title that
    # does not talk to the patient: what the GP summary shows (the app's own cards keep `reason`).
    reason_for_doctor: str = ""
    title_for_doctor: str = ""

    @property
    def discussed(self) -> bool:
        return self.status != OPEN

    @property
    def doctor_reason(self) -> str:
        return str(self.reason_for_doctor or self.facts or self.reason)

    @property
    def doctor_title(self) -> str:
        return str(self.title_for_doctor or self.title)

    @property
    def action(self):
        return URGENCY_LABELS[self.urgency]

    @property
    def sort_key(self):
        latest = max(self.dates).toordinal() if self.dates else 0
        return (self.discussed, URGENCY_RANK[self.urgency], -latest, self.key)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule, "urgency": self.urgency, "reason": self.reason,
            "sources": [s.as_dict() for s in self.sources], "guidance": list(self.guidance),
        }


def sentence_break() -> str:
    # Translators: ends one sentence and starts the next ("." and a space in English, "。" in Chinese).
    return pgettext("sentence break", ". ")


def one_decimal(value: float) -> str:
    """A number rounded (half up, not cut) to one decimal in the active language's format: 2.15 -> 2.2."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, 1, use_l10n=True)


def whole(value: float) -> int:
    """A number rounded half up to a whole number (Python's round() rounds 2.5 to 2)."""
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")
