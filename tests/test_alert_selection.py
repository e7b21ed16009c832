"""The older episodes a page reads as records: the columns' selection equals the rule-by-rule one."""
import random
from datetime import date, timedelta

import numpy as np
import pytest

from diary.catalogues import Kind, Location, RedFlag
from insights.alerts.selection import older_episode_needed, older_episodes_needed
from tests.builders import diary, medicine

START = date(2015, 1, 1)
BACKGROUNDS = [
    {}, {"history_of_cancer": True}, {"osteoporosis": True}, {"long_term_steroids": True},
    {"weakened_immune_system": True}, {"year_of_birth": 1960, "pain_duration": "new"}, {"year_of_birth": 1960},
]
MEDICINES = [
    (), (medicine("Atorvastatin", "statin", START + timedelta(days=400)),),
    (medicine("Simvastatin", "statin", START + timedelta(days=100), START + timedelta(days=300)),
     medicine("Furosemide", "diuretic", START + timedelta(days=50))),
    (medicine("Statin without a date", "statin", None),),
]


def random_episodes(seed, n=400):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(dict(
            id=1000 + i, day=START + timedelta(days=rng.randrange(900)), kind=rng.choice([k.value for k in Kind] + [""]),
            intensity=rng.randrange(11), duration=rng.choice([None, 5, 10, 11, 30]),
            locations=rng.sample([loc.value for loc in Location], rng.randrange(3)),
            red_flags=rng.sample([f.value for f in RedFlag], 1) if rng.random() < 0.05 else [],
        ))
    return rows


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("medicines", MEDICINES)
def test_the_columns_choose_the_same_episodes_as_each_rule(background, medicines):
    rows = random_episodes(10 * BACKGROUNDS.index(background) + MEDICINES.index(medicines))
    bg = diary(**background).background
    expected = [older_episode_needed(kind=r["kind"], intensity=r["intensity"], duration_minutes=r["duration"],
                                     locations=r["locations"], red_flags=r["red_flags"], local_date=r["day"],
                                     background=bg, medicines=medicines) for r in rows]
    found = older_episodes_needed(
        ids=np.array([r["id"] for r in rows]), days=np.array([r["day"].toordinal() for r in rows]),
        kinds=tuple(r["kind"] for r in rows), intensity=np.array([r["intensity"] for r in rows]),
        duration_minutes=np.array([np.nan if r["duration"] is None else r["duration"] for r in rows]),
        locations_of={r["id"]: r["locations"] for r in rows if r["locations"]},
        red_flags_of={r["id"]: r["red_flags"] for r in rows if r["red_flags"]}, background=bg, medicines=medicines)
    assert found.tolist() == expected
    assert 0 < sum(expected) < len(rows) or background  # the cases are neither all nor nothing


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_the_places_it_reads_are_all_the_choice_needs(background):
    """Reading places only for location_candidates chooses the same episodes as reading them all."""
    from insights.alerts.selection import location_candidates

    rows = random_episodes(100 + BACKGROUNDS.index(background))
    bg = diary(**background).background
    common = dict(
        ids=np.array([r["id"] for r in rows]), days=np.array([r["day"].toordinal() for r in rows]),
        kinds=tuple(r["kind"] for r in rows), intensity=np.array([r["intensity"] for r in rows]),
        duration_minutes=np.array([np.nan if r["duration"] is None else r["duration"] for r in rows]),
        red_flags_of={r["id"]: r["red_flags"] for r in rows if r["red_flags"]}, background=bg, medicines=())
    everything = older_episodes_needed(**common, locations_of={r["id"]: r["locations"] for r in rows if r["locations"]})
    wanted = location_candidates(kinds=common["kinds"], intensity=common["intensity"], background=bg)
    some = older_episodes_needed(**common, locations_of={r["id"]: r["locations"] for r, w in zip(rows, wanted)
                                                         if w and r["locations"]})
    assert some.tolist() == everything.tolist()
    assert wanted.sum() < len(rows) or background
