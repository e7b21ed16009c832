"""seed_demo --username U --days N --seed S: fill a user's diary with a deterministic demo diary."""
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from diary.demo import generate_demo
from diary.imports import write_records
from diary.models import CheckIn, Episode
from diary.signals import bump_data_version
from experiments.demo import save_demo_experiment, with_demo_experiment
from experiments.models import Experiment


class Command(BaseCommand):
    help = (
        "Fill an existing user's diary with a realistic demo diary, or create the user and print "
        "its password. The same seed gives the same diary."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--days", type=int, default=120, help="How many days back (default 120).")
        parser.add_argument("--seed", type=int, default=7, help="Random seed (default 7: shows both planted patterns).")
        parser.add_argument("--replace", action="store_true", help="Delete the user's episodes and check-ins first.")
        parser.add_argument("--with-red-flag", action="store_true", help="Tick one red-flag symptom on the latest episode.")

    def handle(self, *args, username, days, seed, replace, with_red_flag, **options):
        if not 1 <= days <= 3660:
            raise CommandError("--days must be between 1 and 3660.")
        User = get_user_model()
        password = None
        user = User.objects.select_related("profile").filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password)
        has_diary = Episode.objects.filter(owner=user).exists() or CheckIn.objects.filter(owner=user).exists()
        if has_diary and not replace:
            raise CommandError(
                f"{username} already has a diary; run again with --replace to delete it and seed a new one."
            )
        tzinfo = user.profile.tzinfo
        # End yesterday: today's check-in is left for the person trying the demo, and no
        # episode can lie in the future.
        end = timezone.localdate(timezone=tzinfo) - timedelta(days=1)
        demo = generate_demo(days, seed, end, tzinfo, with_red_flag=with_red_flag)
        # A finished 8-week experiment, fast-forwarded (diaries of 63 days or more).
        demo, experiment = with_demo_experiment(demo, seed, end)
        with transaction.atomic():
            if has_diary:
                Episode.objects.filter(owner=user).delete()
                CheckIn.objects.filter(owner=user).delete()
                Experiment.objects.filter(owner=user).delete()
                bump_data_version(user.id)
            write_records(user, demo.episodes, demo.checkins)
            if experiment is not None:
                save_demo_experiment(user, experiment)
        self.stdout.write(
            f"Seeded {username}: {len(demo.episodes)} episodes and {len(demo.checkins)} check-ins "
            f"over {days} days ending {end.isoformat()} (seed {seed})."
        )
        if password:
            self.stdout.write(f"Created user {username} with password: {password}")
