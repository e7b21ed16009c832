"""Date labels in the active language where Django's date formats have no short form."""
from django import template

from ..charts import weekday_labels

register = template.Library()


@register.filter
def short_weekday(day):
    """Mon / Mo. / ma / mån / 周一: the abbreviated weekday in the active language."""
    if not day:
        return ""
    return weekday_labels()[day.weekday()]
