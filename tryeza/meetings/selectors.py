"""Reads of meetings and tasks, already scoped to the user.

- Meetings, their agendas, minutes and tasks are visible where the structure is
  (``directory.selectors.structures_visible_to``).
- The structure's chair and secretariat institutions run its meetings (plan, publish the
  agenda, record attendance and minutes, assign tasks); every member institution may
  propose agenda items.
- An institution sees what it owes on its own tasks page.
"""

from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tryeza.directory.models import MembershipRole, Structure
from tryeza.directory.selectors import structures_visible_to
from tryeza.meetings.models import Meeting, MeetingStatus, Task

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tryeza.accounts.models import User

RUNS_MEETINGS = (MembershipRole.CHAIR, MembershipRole.SECRETARIAT)


def meetings_visible_to(user: User | AnonymousUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(structure__in=structures_visible_to(user)).select_related(
        "structure", "convened_by"
    )


def get_meeting_for_user(user: User | AnonymousUser, pk: int) -> Meeting:
    try:
        return meetings_visible_to(user).get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def runs_meetings_of(user: User | AnonymousUser, structure: Structure) -> bool:
    if not user.is_authenticated or user.institution_id is None:
        return False
    return structure.memberships.filter(
        institution_id=user.institution_id, role__in=RUNS_MEETINGS
    ).exists()


def is_member_of(user: User | AnonymousUser, structure: Structure) -> bool:
    if not user.is_authenticated or user.institution_id is None:
        return False
    return structure.memberships.filter(institution_id=user.institution_id).exists()


def tasks_visible_to(user: User | AnonymousUser) -> QuerySet[Task]:
    return Task.objects.filter(structure__in=structures_visible_to(user)).select_related(
        "structure", "institution", "person", "meeting"
    )


def tasks_owed_by_my_institution(user: User | AnonymousUser) -> QuerySet[Task]:
    if not user.is_authenticated or user.institution_id is None:
        return Task.objects.none()
    return tasks_visible_to(user).filter(institution_id=user.institution_id)


def can_update_task(user: User | AnonymousUser, task: Task) -> bool:
    """The institution that owes a task reports on it, and so does whoever runs the
    meetings of its structure (they follow it up)."""
    if not user.is_authenticated or user.institution_id is None:
        return False
    return task.institution_id == user.institution_id or runs_meetings_of(user, task.structure)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the last day of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def suggested_meeting_days(
    structure: Structure, *, count: int = 3, today: datetime.date | None = None
) -> list[datetime.date]:
    """The next meeting days the cadence asks for: the last meeting (planned or held, not
    cancelled) plus the structure's interval, then every interval after it. A structure
    that never met is asked to meet from today."""
    last = (
        structure.meetings.exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if last is None:
        start = today or timezone.localdate()
        return [add_months(start, n * structure.cadence_months) for n in range(count)]
    last_day = timezone.localtime(last).date()
    return [add_months(last_day, n * structure.cadence_months) for n in range(1, count + 1)]


def presidency_anchor(structure: Structure) -> datetime.date:
    """Where a coalition's rotation starts counting: the term (1 January or 1 July) in
    which it was established, or else in which its first term was set, its first meeting
    held or its first member joined. A stable anchor keeps the rotation from restarting."""
    candidates = [
        structure.established,
        structure.presidencies.order_by("starts_on").values_list("starts_on", flat=True).first(),
        structure.meetings.order_by("starts_at").values_list("starts_at__date", flat=True).first(),
        structure.memberships.exclude(since=None)
        .order_by("since")
        .values_list("since", flat=True)
        .first(),
    ]
    day = next((c for c in candidates if c is not None), None) or timezone.localdate()
    return datetime.date(day.year, 1 if day.month <= 6 else 7, 1)
