"""Writes of the meeting loop. Each is atomic and audited; every text that others will
read passes the leak guard, so a person's name cannot reach an agenda or minutes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.cases.models import Escalation
from tryeza.cases.services.leaks import text_names_a_person
from tryeza.directory.models import Contact, Institution, Structure
from tryeza.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Task,
    TaskStatus,
    TermsOfReference,
)

if TYPE_CHECKING:
    from tryeza.accounts.models import User


class MeetingError(Exception):
    """A rule refused the change; the message is for the person who asked."""


def _guard(structure: Structure, *texts: str) -> None:
    for text in texts:
        if text and text_names_a_person(text, region_id=structure.region_id):
            raise MeetingError(
                _(
                    "This text seems to contain the name of a person in a case. Structures "
                    "speak of cases by their code only: remove the name and save again."
                )
            )


def _audit(actor: User, action: str, meeting: Meeting, detail: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="meeting",
        object_ref=str(meeting.pk),
        detail=detail,
    )


def _bump(meeting: Meeting, expected_version: int) -> None:
    if not Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
        version=expected_version + 1
    ):
        raise MeetingError(
            _("Someone else changed this meeting meanwhile. Reload it and make your change again.")
        )
    meeting.version = expected_version + 1


@transaction.atomic
def meeting_plan(
    *,
    actor: User,
    structure: Structure,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    proposals_until: datetime.datetime | None = None,
) -> Meeting:
    if ends_at <= starts_at:
        raise MeetingError(_("A meeting must end after it starts."))
    if proposals_until and proposals_until > starts_at:
        raise MeetingError(_("Proposals must close before the meeting starts."))
    if actor.institution is None:
        raise MeetingError(_("Your account has no institution."))
    # The place goes into calendar feeds: a person's address must not.
    _guard(structure, place)
    meeting = Meeting.objects.create(
        structure=structure,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        convened_by=actor.institution,
        proposals_until=proposals_until,
        created_by=actor,
    )
    agenda_add_follow_ups(meeting=meeting)
    _audit(actor, "meeting.plan", meeting)
    return meeting


def agenda_add_follow_ups(*, meeting: Meeting) -> int:
    """Put the structure's outstanding tasks and unresolved escalated cases on the agenda
    (once each). Called when a meeting is planned and again when its agenda is published."""
    taken_tasks = set(meeting.items.exclude(task=None).values_list("task_id", flat=True))
    taken_cases = set(meeting.items.exclude(case_code="").values_list("case_code", flat=True))
    added = []
    tasks = Task.objects.outstanding().filter(
        structure=meeting.structure, meeting__starts_at__lt=meeting.starts_at
    )
    for task in tasks.select_related("institution").order_by("due_on"):
        if task.pk not in taken_tasks:
            added.append(
                AgendaItem(
                    meeting=meeting,
                    kind=ItemKind.TASK_FOLLOW_UP,
                    status=ItemStatus.ACCEPTED,
                    title=_("Follow-up: %(task)s (%(institution)s, due %(due)s)")
                    % {
                        "task": task.description,
                        "institution": task.institution,
                        "due": task.due_on,
                    },
                    task=task,
                )
            )
    escalations = Escalation.objects.filter(structure=meeting.structure, resolved_at=None)
    for escalation in escalations.select_related("case"):
        code = escalation.case.code
        if code not in taken_cases:
            taken_cases.add(code)
            added.append(
                AgendaItem(
                    meeting=meeting,
                    kind=ItemKind.ESCALATED_CASE,
                    status=ItemStatus.ACCEPTED,
                    title=escalation.get_reason_display(),
                    description=escalation.note,
                    case_code=code,
                )
            )
    start = meeting.items.count()
    for offset, item in enumerate(added):
        item.order = start + offset + 1
    AgendaItem.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def item_propose(*, actor: User, meeting: Meeting, title: str, description: str = "") -> AgendaItem:
    """A member proposes an item before the agenda closes."""
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise MeetingError(_("This meeting is over; propose the item for the next one."))
    if meeting.proposals_until and timezone.now() > meeting.proposals_until:
        raise MeetingError(_("Proposals for this meeting are closed."))
    _guard(meeting.structure, title, description)
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        description=description,
        proposed_by=actor,
        proposed_by_institution=actor.institution,
        order=meeting.items.count() + 1,
    )
    _audit(actor, "meeting.item.propose", meeting)
    return item


@transaction.atomic
def agenda_publish(
    *, actor: User, meeting: Meeting, expected_version: int, accepted: Sequence[int]
) -> Meeting:
    """Order the agenda (``accepted``, in order) and publish it; other proposals are
    declined. Follow-ups added since planning come first."""
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise MeetingError(_("The agenda of a meeting that is over cannot change."))
    _bump(meeting, expected_version)
    agenda_add_follow_ups(meeting=meeting)
    items = {item.pk: item for item in meeting.items.all()}
    if set(accepted) - set(items):
        raise MeetingError(_("An item does not belong to this meeting."))
    automatic = [i for i in items.values() if i.kind != ItemKind.REGULAR]
    order = 1
    for item in sorted(automatic, key=lambda i: i.order):
        item.order, order = order, order + 1
    for pk in accepted:
        item = items[pk]
        if item.kind == ItemKind.REGULAR:
            item.status, item.order, order = ItemStatus.ACCEPTED, order, order + 1
    for item in items.values():
        if item.kind == ItemKind.REGULAR and item.pk not in set(accepted):
            item.status = ItemStatus.DECLINED
    AgendaItem.objects.bulk_update(items.values(), ["status", "order"])
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.AGENDA_PUBLISHED)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    _audit(actor, "meeting.agenda.publish", meeting)
    return meeting


@transaction.atomic
def attendance_record(
    *,
    actor: User,
    meeting: Meeting,
    rows: Iterable[tuple[Institution, str, Contact | None]],
) -> None:
    """Who came: one row per member institution (present, excused, absent)."""
    members = set(meeting.structure.memberships.values_list("institution_id", flat=True))
    for institution, presence, representative in rows:
        if institution.pk not in members:
            raise MeetingError(
                _("%(institution)s is not a member of this structure.")
                % {"institution": institution}
            )
        if representative is not None and representative.institution_id != institution.pk:
            raise MeetingError(_("A representative must belong to the institution they represent."))
        Attendance.objects.update_or_create(
            meeting=meeting,
            institution=institution,
            defaults={"presence": presence, "representative": representative},
        )
    _audit(actor, "meeting.attendance", meeting)


@transaction.atomic
def minutes_record(
    *,
    actor: User,
    meeting: Meeting,
    expected_version: int,
    summary: str,
    discussions: dict[int, str],
) -> Meeting:
    """The discussion per item and in general; the meeting is then held."""
    if meeting.starts_at > timezone.now():
        raise MeetingError(_("Minutes can be written once the meeting has started."))
    _guard(meeting.structure, summary, *discussions.values())
    _bump(meeting, expected_version)
    items = {item.pk: item for item in meeting.items.filter(pk__in=list(discussions))}
    if set(discussions) - set(items):
        raise MeetingError(_("An item does not belong to this meeting."))
    for pk, text in discussions.items():
        items[pk].discussion = text
    AgendaItem.objects.bulk_update(items.values(), ["discussion"])
    Meeting.objects.filter(pk=meeting.pk).update(minutes_summary=summary, status=MeetingStatus.HELD)
    meeting.minutes_summary, meeting.status = summary, MeetingStatus.HELD
    _audit(actor, "meeting.minutes", meeting)
    return meeting


@transaction.atomic
def decision_record(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    item: AgendaItem | None = None,
    consensus: bool | None = None,
) -> Decision:
    _guard(meeting.structure, text)
    if item is not None and item.meeting_id != meeting.pk:
        raise MeetingError(_("An item does not belong to this meeting."))
    decision = Decision.objects.create(meeting=meeting, item=item, text=text, consensus=consensus)
    _audit(actor, "meeting.decision", meeting)
    return decision


@transaction.atomic
def task_assign(
    *,
    actor: User,
    meeting: Meeting,
    description: str,
    institution: Institution,
    due_on: datetime.date,
    person: Contact | None = None,
    decision: Decision | None = None,
) -> Task:
    """Give a member institution a task with a due date; it stays on the structure's
    agendas until it is done or dropped."""
    _guard(meeting.structure, description)
    if not meeting.structure.memberships.filter(institution=institution).exists():
        raise MeetingError(
            _("%(institution)s is not a member of this structure.") % {"institution": institution}
        )
    if person is not None and person.institution_id != institution.pk:
        raise MeetingError(_("The person must work at the institution given the task."))
    if due_on < timezone.localdate(meeting.starts_at):
        raise MeetingError(_("A task cannot be due before the meeting that gave it."))
    task = Task.objects.create(
        structure=meeting.structure,
        meeting=meeting,
        decision=decision,
        description=description,
        institution=institution,
        person=person,
        due_on=due_on,
    )
    _audit(actor, "meeting.task.assign", meeting, detail=f"task {task.pk}")
    return task


@transaction.atomic
def task_update(
    *,
    actor: User,
    task: Task,
    expected_version: int,
    status: str,
    done_on: datetime.date | None = None,
) -> Task:
    if status == TaskStatus.DONE:
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise MeetingError(_("A task cannot be done in the future."))
    else:
        done_on = None
    if not Task.objects.filter(pk=task.pk, version=expected_version).update(
        version=expected_version + 1, status=status, done_on=done_on
    ):
        raise MeetingError(
            _("Someone else changed this task meanwhile. Reload it and make your change again.")
        )
    task.refresh_from_db()
    audit_record(
        actor=actor,
        action="meeting.task.update",
        object_type="task",
        object_ref=str(task.pk),
        detail=status,
    )
    return task


@transaction.atomic
def terms_draft(*, actor: User, structure: Structure, text: str) -> TermsOfReference:
    """A new version of the terms of reference, awaiting approval at a meeting."""
    _guard(structure, text)
    last = structure.terms_of_reference.order_by("-version").first()
    terms = TermsOfReference.objects.create(
        structure=structure, version=(last.version + 1) if last else 1, text=text
    )
    audit_record(
        actor=actor,
        action="terms.draft",
        object_type="structure",
        object_ref=str(structure.pk),
        detail=f"v{terms.version}",
    )
    return terms


@transaction.atomic
def terms_approve(*, actor: User, terms: TermsOfReference, meeting: Meeting) -> TermsOfReference:
    if meeting.structure_id != terms.structure_id:
        raise MeetingError(_("Terms are approved at a meeting of their own structure."))
    if meeting.status != MeetingStatus.HELD:
        raise MeetingError(_("Terms are approved at a meeting that has been held."))
    if terms.approved_at_id is not None:
        raise MeetingError(_("This version is already approved; draft a new one to change it."))
    terms.approved_at = meeting
    terms.save(update_fields=["approved_at"])
    _audit(actor, "terms.approve", meeting, detail=f"v{terms.version}")
    return terms
