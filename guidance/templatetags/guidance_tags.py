"""Template filters for citing the guidance library: {{ source|cite_source }} reads as a reader would cite it."""
from django import template

from ..services import cite_source as _cite_source

register = template.Library()


@register.filter
def cite_source(source):
    """An alert rule's Source (a seed file and section, or a guideline) as a readable citation in the active language."""
    return _cite_source(source)
