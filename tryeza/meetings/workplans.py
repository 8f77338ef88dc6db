"""A coalition's six-month work plan, adopted by the members at a meeting. Like every
write of the meeting loop it is atomic, audited and passes the leak guard."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.directory.models import Institution, Structure
from tryeza.meetings.models import Meeting, MeetingStatus, WorkPlan, WorkPlanActivity
from tryeza.meetings.presidency import TERM_MONTHS, add_months
from tryeza.meetings.services import MeetingError, _guard

if TYPE_CHECKING:
    from tryeza.accounts.models import User


@dataclass(frozen=True)
class ActivityDraft:
    activity: str
    responsible: Institution
    due_on: datetime.date


@transaction.atomic
def workplan_adopt(
    *,
    actor: User,
    structure: Structure,
    starts_on: datetime.date,
    meeting: Meeting,
    activities: Sequence[ActivityDraft],
) -> WorkPlan:
    """The plan for the six months from ``starts_on`` (a first of a month), adopted at a
    held meeting of the structure; each activity goes to a member before the plan ends."""
    if starts_on.day != 1:
        raise MeetingError(_("A work plan starts on the first day of a month."))
    if meeting.structure_id != structure.pk:
        raise MeetingError(_("A work plan is adopted at a meeting of its own structure."))
    if meeting.status != MeetingStatus.HELD:
        raise MeetingError(_("A work plan is adopted at a meeting that has been held."))
    if not activities:
        raise MeetingError(_("A work plan needs at least one activity."))
    if WorkPlan.objects.filter(structure=structure, starts_on=starts_on).exists():
        raise MeetingError(_("A work plan for this period has already been adopted."))
    ends_on = add_months(starts_on, TERM_MONTHS) - datetime.timedelta(days=1)
    members = set(structure.memberships.values_list("institution_id", flat=True))
    for draft in activities:
        if draft.responsible.pk not in members:
            raise MeetingError(
                _("%(institution)s is not a member of this structure.")
                % {"institution": draft.responsible}
            )
        if not starts_on <= draft.due_on <= ends_on:
            raise MeetingError(_("Every activity falls due within the plan's six months."))
    _guard(structure, *(draft.activity for draft in activities))
    plan = WorkPlan.objects.create(
        structure=structure, starts_on=starts_on, ends_on=ends_on, adopted_at=meeting
    )
    WorkPlanActivity.objects.bulk_create(
        WorkPlanActivity(
            plan=plan, activity=draft.activity, responsible=draft.responsible, due_on=draft.due_on
        )
        for draft in activities
    )
    audit_record(
        actor=actor,
        action="coalition.workplan.adopt",
        object_type="structure",
        object_ref=str(structure.pk),
        detail=f"plan {plan.pk} from {starts_on} at meeting {meeting.pk}",
    )
    return plan
