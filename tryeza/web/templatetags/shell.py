"""Small template helpers of the shell."""

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes in a duration, rounded up, so a wait is never understated."""
    if value is None:
        return 0
    return math.ceil(value.total_seconds() / 60)
