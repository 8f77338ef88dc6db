"""Reads of meetings and tasks, already scoped to the user.

- Meetings, their agendas, minutes and tasks are visible where the structure is
  (``directory.selectors.structures_visible_to``).
- The structure's chair and secretariat institutions run its meetings (plan, publish the
  agenda, record attendance and minutes, assign tasks); every member institution may
  propose agenda items.
- An institution sees what it owes on its own tasks page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from tryeza.directory.models import MembershipRole, Structure
from tryeza.directory.selectors import structures_visible_to
from tryeza.meetings.models import Meeting, Task

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
