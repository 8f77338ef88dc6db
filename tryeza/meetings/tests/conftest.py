import datetime
from typing import Any

import pytest
from django.utils import timezone

from tryeza.meetings.services import meeting_plan


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def table_meeting(network: dict[str, Any], secretariat_officer: Any) -> Any:
    """A meeting of the Elbasan table two months ago, run by the prefecture's secretariat."""
    day = timezone.localdate() - datetime.timedelta(days=60)
    return meeting_plan(
        actor=secretariat_officer,
        structure=network["table_el"],
        starts_at=at(day),
        ends_at=at(day, 12),
        place="Prefektura Elbasan, salla 2",
    )
