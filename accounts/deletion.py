"""Deleting an account leaves nothing: the user's rows (by cascade), their log-in records and
every session signed in as them, on any device."""
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone


def sessions_of(user):
    """Session rows signed in as this user (the database keeps no index by user: decode each)."""
    user_id = str(user.pk)
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if session.get_decoded().get("_auth_user_id") == user_id:
            found.append(session.session_key)
    return found


def delete_account(user) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.username
    session_keys = sessions_of(user)
    with transaction.atomic():
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=username).delete()
        Session.objects.filter(session_key__in=session_keys).delete()
        user.delete()
