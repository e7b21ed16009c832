"""Save an entry sent from a phone exactly once, however often the phone retries it.

A phone that loses the response to its upload sends the same entry again with the same
client_id; the first save wins and every repeat gets that record back.
"""
from __future__ import annotations

from django.db import IntegrityError

from ..models import CheckIn, Episode
from .episodes import DuplicateCheckIn, save_checkin, save_episode


def existing_entry(model, owner, client_id):
    """The owner's record saved with this client_id, or None (another owner's never counts)."""
    if not client_id:
        return None
    return model.objects.filter(owner=owner, client_id=client_id).first()


def save_episode_once(owner, data) -> tuple[Episode, bool]:
    """(episode, created): a repeat of a client_id returns the episode saved the first time."""
    client_id = data.get("client_id")
    episode = existing_entry(Episode, owner, client_id)
    if episode is not None:
        return episode, False
    try:
        return save_episode(owner, data), True
    except IntegrityError:
        # Two copies of one entry arrived at the same moment: the other one was saved.
        episode = existing_entry(Episode, owner, client_id)
        if episode is None:
            raise
        return episode, False


def save_checkin_once(owner, day, data, *, instance=None, create_only=False) -> tuple[CheckIn, bool]:
    """(check-in, saved): a repeat of a client_id returns the check-in without saving it again."""
    client_id = data.get("client_id")
    checkin = existing_entry(CheckIn, owner, client_id)
    if checkin is not None:
        return checkin, False
    try:
        return save_checkin(owner, day, data, instance=instance, create_only=create_only, client_id=client_id), True
    except DuplicateCheckIn:
        checkin = existing_entry(CheckIn, owner, client_id)
        if checkin is None:
            raise
        return checkin, False
