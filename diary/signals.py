"""Bump the owner's data version on every diary change, so cached charts and pages expire.

Child rows (locations, triggers, reliefs, red flags, activities) are only ever written
together with their parent episode or check-in, whose save bumps the version; code that
writes children alone (bulk import) calls bump_data_version itself.
"""
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from accounts.models import Profile

from .models import AlertNote, CheckIn, Episode, Medicine


def bump_data_version(owner_id):
    Profile.objects.filter(user_id=owner_id).update(data_version=F("data_version") + 1)


def _owned_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump_data_version(instance.owner_id)


for model in (Episode, CheckIn, Medicine, AlertNote):
    post_save.connect(_owned_changed, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(_owned_changed, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")
