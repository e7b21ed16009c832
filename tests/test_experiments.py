"""N-of-1 experiments: schedule drawing, the planned analysis, the pages, owner scoping and power."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from insights import experiments as rules

START = date(2026, 3, 2)


# ---------------------------------------------------------------- schedules

@pytest.mark.parametrize("weeks", range(6, 13))
def test_days_design_is_balanced_in_every_fortnight(weeks):
    plan = rules.draw_schedule(rules.DAYS, weeks, seed=11)
    assert len(plan) == weeks * 7
    for block in range(0, weeks * 7, 14):
        chunk = plan[block:block + 14]
        if len(chunk) == 14:
            assert sum(chunk) == 7
        else:
            assert sum(chunk) in (3, 4)


@pytest.mark.parametrize("weeks", [8, 10, 12])
def test_weeks_design_has_half_do_weeks_of_whole_weeks(weeks):
    plan = rules.draw_schedule(rules.WEEKS, weeks, seed=5)
    week_plans = [plan[w * 7:(w + 1) * 7] for w in range(weeks)]
    assert all(len(set(w)) == 1 for w in week_plans)
    assert sum(w[0] for w in week_plans) == weeks // 2


def test_the_same_seed_draws_the_same_schedule_and_others_differ():
    assert rules.draw_schedule(rules.DAYS, 8, 3) == rules.draw_schedule(rules.DAYS, 8, 3)
    assert len({rules.draw_schedule(rules.DAYS, 8, s) for s in range(20)}) == 20


@pytest.mark.parametrize("design, weeks", [(rules.WEEKS, 6), (rules.WEEKS, 9), (rules.DAYS, 5), (rules.DAYS, 13), ("coin", 8)])
def test_lengths_outside_the_design_are_refused(design, weeks):
    with pytest.raises(ValueError):
        rules.draw_schedule(design, weeks, 1)


def test_assignment_on_a_day():
    plan = rules.draw_schedule(rules.DAYS, 6, 1)
    assert rules.assignment_on(START, plan, START) == plan[0]
    assert rules.assignment_on(START, plan, START + timedelta(days=41)) == plan[41]
    assert rules.assignment_on(START, plan, START + timedelta(days=42)) is None
    assert rules.assignment_on(START, plan, START - timedelta(days=1)) is None


# ---------------------------------------------------------------- analysis on fixed data

def _episodes_on(plan, do_every, dont_every):
    """Episode dates: every n-th "do" day and every m-th "don't" day."""
    dates, do_seen, dont_seen = set(), 0, 0
    for index, do in enumerate(plan):
        if do:
            do_seen += 1
            if do_seen % do_every == 0:
                dates.add(START + timedelta(days=index))
        else:
            dont_seen += 1
            if dont_seen % dont_every == 0:
                dates.add(START + timedelta(days=index))
    return dates


def _all_days(weeks):
    return {START + timedelta(days=i) for i in range(weeks * 7)}


def test_a_clear_reduction_is_reported_as_fewer_with_its_interval():
    plan = rules.draw_schedule(rules.DAYS, 12, seed=2)
    episodes = _episodes_on(plan, do_every=10, dont_every=2)  # 10% against 50% of days
    result = rules.analyse(design=rules.DAYS, weeks=12, seed=2, start=START, schedule=plan, episode_dates=episodes,
                           recorded_dates=_all_days(12))
    assert (result.do_days, result.dont_days) == (42, 42)
    assert (result.do_episode_days, result.dont_episode_days) == (4, 21)
    assert result.difference == pytest.approx(4 / 42 - 21 / 42)
    assert result.low < result.difference < result.high < 0
    assert result.p_value < 0.001 and result.verdict == rules.FEWER and result.conclusive
    assert result.difference_per_100 == -40


def test_equal_shares_give_no_clear_difference():
    plan = rules.draw_schedule(rules.DAYS, 8, seed=4)
    episodes = _episodes_on(plan, do_every=4, dont_every=4)
    result = rules.analyse(design=rules.DAYS, weeks=8, seed=4, start=START, schedule=plan, episode_dates=episodes,
                           recorded_dates=_all_days(8))
    assert result.difference == pytest.approx(0)
    assert result.p_value > 0.5 and result.verdict == rules.NO_CLEAR_DIFFERENCE
    assert result.low < 0 < result.high


def test_weeks_design_uses_the_exact_randomisation_distribution():
    plan = rules.draw_schedule(rules.WEEKS, 8, seed=9)
    # Episodes on every day of every "don't" week, none on "do" weeks: the most extreme of 70 schedules.
    episodes = {START + timedelta(days=i) for i, do in enumerate(plan) if not do}
    result = rules.analyse(design=rules.WEEKS, weeks=8, seed=9, start=START, schedule=plan, episode_dates=episodes,
                           recorded_dates=_all_days(8))
    assert result.p_value == pytest.approx(1 / 70)  # itself and its mirror image, counted half (mid-p)
    assert result.verdict == rules.FEWER


def test_more_on_do_days_is_reported_as_more():
    plan = rules.draw_schedule(rules.DAYS, 10, seed=8)
    episodes = _episodes_on(plan, do_every=2, dont_every=12)
    result = rules.analyse(design=rules.DAYS, weeks=10, seed=8, start=START, schedule=plan, episode_dates=episodes,
                           recorded_dates=_all_days(10))
    assert result.verdict == rules.MORE and result.difference > 0


def test_days_with_nothing_recorded_are_left_out_and_adherence_is_counted():
    plan = rules.draw_schedule(rules.DAYS, 6, seed=1)
    recorded = {START + timedelta(days=i) for i in range(0, 42, 2)}  # every other day
    adherence = {START: True, START + timedelta(days=1): False, START + timedelta(days=3): True}
    result = rules.analyse(design=rules.DAYS, weeks=6, seed=1, start=START, schedule=plan, episode_dates=set(),
                           recorded_dates=recorded, adherence=adherence)
    # An adherence answer makes a day recorded too.
    assert result.do_days + result.dont_days == 21 + 2
    assert (result.followed_days, result.answered_days) == (2, 3)
    assert result.verdict == rules.TOO_FEW_DAYS


def test_stopped_early_is_not_conclusive_whatever_the_numbers():
    plan = rules.draw_schedule(rules.DAYS, 12, seed=2)
    episodes = _episodes_on(plan, do_every=10, dont_every=2)
    result = rules.analyse(design=rules.DAYS, weeks=12, seed=2, start=START, schedule=plan, episode_dates=episodes,
                           recorded_dates=_all_days(12), through=START + timedelta(days=55), stopped_early=True)
    assert result.analysed_through == 56 and result.planned_days == 84
    assert result.do_days + result.dont_days == 56
    assert result.verdict == rules.NOT_CONCLUSIVE and not result.conclusive


def test_newcombe_interval_matches_the_published_example():
    # Newcombe (1998), table II, example (a): 56/70 against 48/80 gives 0.0524 to 0.3339.
    low, high = rules.newcombe_interval(56, 70, 48, 80)
    assert low == pytest.approx(0.0524, abs=1e-4) and high == pytest.approx(0.3339, abs=1e-4)


def test_fisher_matches_a_known_value():
    # The classic tea-tasting table: 3 of 4 against 1 of 4, two-sided p = 0.4857; mid-p counts the 0.2286 of
    # the observed and its mirror table half: 0.4857 - 0.2286 = 0.2571.
    assert rules.fisher_two_sided(3, 4, 1, 4) == pytest.approx(0.2571, abs=1e-4)


# ---------------------------------------------------------------- pages

def _experiment(owner, *, start=None, weeks=8, design=rules.DAYS, seed=3, suspect="fluid_2_5", **fields):
    from diary.records import local_today
    from experiments.models import Experiment

    start = start or local_today(owner) - timedelta(days=3)
    plan = rules.draw_schedule(design, weeks, seed)
    return Experiment.objects.create(owner=owner, suspect=suspect, design=design, weeks=weeks, start_date=start,
                                     seed=seed, schedule="".join("1" if d else "0" for d in plan), **fields)


def _finished(owner, **fields):
    from diary.records import local_today

    return _experiment(owner, start=local_today(owner) - timedelta(days=8 * 7 + 5), **fields)


def test_it_starts_an_experiment_with_a_stored_schedule(owner_client, owner):
    from diary.records import local_today
    from experiments.models import Experiment

    response = owner_client.post("/experiments/new/", {"suspect": "no_caffeine_after_noon", "design": "weeks",
                                                       "weeks": "10", "start": "tomorrow"})
    experiment = Experiment.objects.get(owner=owner)
    assert response.status_code == 302 and response["Location"] == f"/experiments/{experiment.pk}/"
    assert experiment.start_date == local_today(owner) + timedelta(days=1)
    assert len(experiment.schedule) == 70 and experiment.schedule.count("1") == 35
    assert experiment.plan == rules.draw_schedule("weeks", 10, experiment.seed)
    page = owner_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "No caffeine after noon" in page and "Week 10" in page


def test_it_offers_and_tests_an_own_factor(owner_client, owner):
    from diary.models import CustomFactor
    from experiments.models import Experiment

    factor = CustomFactor.objects.create(owner=owner, label="long drive", kind="yesno")
    assert "long drive" in owner_client.get("/experiments/new/").content.decode()
    owner_client.post("/experiments/new/", {"suspect": f"custom:{factor.pk}", "design": "days", "weeks": "6",
                                            "start": "today"})
    experiment = Experiment.objects.get(owner=owner)
    assert experiment.suspect == "custom" and experiment.suspect_label == "long drive"


@pytest.mark.parametrize("data, field, message", [
    ({"suspect": "fluid_2_5", "design": "weeks", "weeks": "6", "start": "today"}, "weeks", "need 8, 10 or 12 weeks"),
    ({"suspect": "fluid_2_5", "design": "days", "weeks": "13", "start": "today"}, "weeks", "not one of the options"),
    ({"suspect": "", "design": "days", "weeks": "8", "start": "today"}, "suspect", "Choose what to test"),
    ({"suspect": "custom:999999", "design": "days", "weeks": "8", "start": "today"}, "suspect", "not one of the options"),
    ({"suspect": "fluid_2_5", "design": "coin", "weeks": "8", "start": "today"}, "design", "not one of the options"),
    ({"suspect": "fluid_2_5", "design": "days", "weeks": "8", "start": "yesterday"}, "start", "not one of the options"),
])
def test_bad_input_is_shown_beside_the_field(owner_client, owner, data, field, message):
    from experiments.models import Experiment

    response = owner_client.post("/experiments/new/", data)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="{field}-error"' in html and message in html
    assert not Experiment.objects.exists()


def test_an_outsiders_own_factor_cannot_be_chosen(owner_client, outsider):
    from diary.models import CustomFactor
    from experiments.models import Experiment

    theirs = CustomFactor.objects.create(owner=outsider, label="theirs", kind="yesno")
    response = owner_client.post("/experiments/new/", {"suspect": f"custom:{theirs.pk}", "design": "days",
                                                       "weeks": "8", "start": "today"})
    assert response.status_code == 200 and not Experiment.objects.exists()


def test_one_experiment_at_a_time(owner_client, owner):
    from experiments.models import Experiment

    _experiment(owner)
    response = owner_client.post("/experiments/new/", {"suspect": "no_alcohol", "design": "days", "weeks": "8",
                                                       "start": "today"})
    assert response.status_code == 200 and "one experiment at a time" in response.content.decode()
    assert Experiment.objects.count() == 1


@pytest.mark.parametrize("suffix, method", [("", "get"), ("adherence/", "post"), ("stop/", "post")])
def test_an_outsider_gets_404(outsider_client, owner, suffix, method):
    experiment = _experiment(owner)
    response = getattr(outsider_client, method)(f"/experiments/{experiment.pk}/{suffix}", {"followed": "yes"})
    assert response.status_code == 404
    experiment.refresh_from_db()
    assert experiment.stopped_on is None and not experiment.adherence.exists()


def test_the_list_shows_only_your_own(outsider_client, owner):
    _finished(owner, suspect="no_alcohol")
    html = outsider_client.get("/experiments/").content.decode()
    assert "No alcohol" not in html and "No experiments yet" in html


def test_pages_need_a_login(client):
    for url in ("/experiments/", "/experiments/new/"):
        assert client.get(url).status_code == 302


def test_todays_plan_is_on_the_dashboard_and_adherence_is_recorded(owner_client, owner):
    from diary.records import local_today

    experiment = _experiment(owner)
    today = local_today(owner)
    html = owner_client.get("/").content.decode()
    assert "Experiment, day 4 of 56" in html and "Did you follow today" in html
    response = owner_client.post(f"/experiments/{experiment.pk}/adherence/", {"followed": "no", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert list(experiment.adherence.values_list("date", "followed")) == [(today, False)]
    assert "could not follow today" in owner_client.get("/").content.decode()


def test_adherence_ignores_a_foreign_next(owner_client, owner):
    experiment = _experiment(owner)
    response = owner_client.post(f"/experiments/{experiment.pk}/adherence/", {"followed": "yes", "next": "https://evil.example/"})
    assert response["Location"] == f"/experiments/{experiment.pk}/"


def test_the_check_in_asks_about_the_plan_and_saves_the_answer(owner_client, owner):
    from diary.records import local_today

    experiment = _experiment(owner)
    html = owner_client.get("/checkins/today/").content.decode()
    assert "Did you follow the experiment" in html
    owner_client.post("/checkins/today/", {"stress": "3", "experiment_followed": "yes"})
    assert list(experiment.adherence.values_list("date", "followed")) == [(local_today(owner), True)]


def test_stopping_early_says_not_conclusive(owner_client, owner):
    from diary.records import local_today

    experiment = _experiment(owner)
    assert owner_client.get(f"/experiments/{experiment.pk}/stop/").status_code == 405
    owner_client.post(f"/experiments/{experiment.pk}/stop/")
    experiment.refresh_from_db()
    assert experiment.stopped_on == local_today(owner)
    html = owner_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "Not conclusive: the experiment was stopped after 4 of 56 days" in html


def test_a_finished_experiment_reports_its_result_on_the_patterns_page_and_in_the_summary(owner_client, owner):
    from diary.models import CheckIn, Episode
    from experiments.models import Experiment

    experiment = _finished(owner)
    tz = owner.profile.tzinfo
    from datetime import datetime, time

    for index, do in enumerate(experiment.plan):
        day = experiment.start_date + timedelta(days=index)
        CheckIn.objects.create(owner=owner, date=day, stress=2)
        if (not do and index % 2 == 0) or (do and index % 9 == 0):
            Episode.objects.create(owner=owner, started_at=datetime.combine(day, time(10), tzinfo=tz), intensity=5)
    detail = owner_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "Result" in detail and "Episodes came on" in detail
    patterns = owner_client.get("/patterns/").content.decode()
    assert "Experiments (randomised days or weeks)" in patterns and "Drinking at least 2.5 litres" in patterns
    summary = owner_client.get("/summary/").content.decode()
    assert "Experiments (randomised days or weeks)" in summary
    assert Experiment.objects.count() == 1


def test_a_running_experiment_does_not_show_a_result_early(owner_client, owner):
    experiment = _experiment(owner)
    html = owner_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "worked out once, at the end" in html and "Episodes came on" not in html
    assert "Experiments (randomised days or weeks)" not in owner_client.get("/patterns/").content.decode()


def test_seed_demo_adds_a_finished_experiment(db):
    from django.core.management import call_command
    from django.contrib.auth import get_user_model
    from experiments.models import Experiment
    from experiments.services import results_for

    call_command("seed_demo", username="demoexp", days=120, seed=1, stdout=__import__("io").StringIO())
    user = get_user_model().objects.get(username="demoexp")
    experiment = Experiment.objects.get(owner=user)
    outcome = results_for(user)[0]
    assert experiment.weeks == 8 and outcome.result.planned_days == 56
    assert outcome.result.conclusive and outcome.result.answered_days > 40


# ---------------------------------------------------------------- power (fixed seeds)

@pytest.mark.slow
def test_experiments_keep_false_findings_rare_where_an_ordinary_diary_is_misled():
    """At no true effect, an experiment calls a difference in at most about 5% of runs; an ordinary diary
    whose suspect travels with a real trigger calls one far more often, and misses a real halving."""
    null = rules.simulate_power(12, 1.0, runs=200, seed=1)
    assert null.experiment_days <= 0.07 and null.experiment_weeks <= 0.07
    assert null.ordinary <= 0.08
    assert null.ordinary_confounded >= 0.1
    halving = rules.simulate_power(12, 0.5, runs=200, seed=2)
    assert halving.experiment_days > halving.ordinary_confounded
    doubling = rules.simulate_power(12, 2.0, runs=200, seed=3)
    assert doubling.experiment_days >= 0.45


@pytest.mark.parametrize("value", ["\x00", "nan", "1e999", "9" * 400, "<script>", "custom:", "custom:abc", "-1", " "])
def test_hostile_values_never_give_a_500(owner_client, owner, value):
    from experiments.models import Experiment

    for field in ("suspect", "design", "weeks", "start"):
        data = {"suspect": "fluid_2_5", "design": "days", "weeks": "8", "start": "today", field: value}
        assert owner_client.post("/experiments/new/", data).status_code == 200
    assert not Experiment.objects.exists()
    experiment = _experiment(owner)
    for data in ({"followed": value}, {"followed": "yes", "next": value}, {"followed": "yes", "next": "//evil.example/" + value}):
        response = owner_client.post(f"/experiments/{experiment.pk}/adherence/", data)
        assert response.status_code == 302 and not response["Location"].startswith("//")
    assert owner_client.post("/checkins/today/", {"stress": "1", "experiment_followed": value}).status_code in (200, 302)


def test_a_cached_result_follows_every_diary_change(owner):
    from datetime import datetime, time

    from diary.models import CheckIn, Episode
    from experiments.services import results_for

    experiment = _finished(owner)
    for index in range(len(experiment.plan)):
        CheckIn.objects.create(owner=owner, date=experiment.start_date + timedelta(days=index), stress=1)
    owner.refresh_from_db()
    before = results_for(owner)[0].result
    assert before.do_episode_days + before.dont_episode_days == 0
    Episode.objects.create(owner=owner, intensity=5, started_at=datetime.combine(
        experiment.start_date + timedelta(days=3), time(12), tzinfo=owner.profile.tzinfo))
    owner.refresh_from_db()
    after = results_for(owner)[0].result
    assert after.do_episode_days + after.dont_episode_days == 1


def test_the_result_is_worded_with_signed_interval_ends():
    plan = rules.draw_schedule(rules.DAYS, 12, seed=2)
    result = rules.analyse(design=rules.DAYS, weeks=12, seed=2, start=START, schedule=plan,
                           episode_dates=_episodes_on(plan, do_every=10, dont_every=2), recorded_dates=_all_days(12))
    assert result.difference_abs == 40
    assert result.low_signed.startswith("\u2212") and result.high_signed.startswith("\u2212")


def test_simulate_experiments_prints_the_table():
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("simulate_experiments", "--runs", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("| weeks | true ratio | experiment, days") and len(lines) == 2 + 9
    assert lines[2].startswith("| 6 | 1 |") and "| – |" in lines[2]
