"""Today's experiment plan as a small card (dashboard) or a question (check-in), from the signed-in user."""
from django import template

from diary.records import local_today

from .. import services

register = template.Library()


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user if user is not None and user.is_authenticated else None


@register.inclusion_tag("experiments/_today_card.html", takes_context=True)
def experiment_today(context):
    user = _user(context)
    plan = services.plan_for(user, local_today(user)) if user else None
    return {"plan": plan, "next": getattr(context.get("request"), "path", "/"), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("experiments/_checkin_question.html", takes_context=True)
def experiment_checkin(context, day):
    """The plan for the check-in's day and "did you follow it?" (field experiment_followed)."""
    user = _user(context)
    return {"plan": services.plan_for(user, day) if user else None}
