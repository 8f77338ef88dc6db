"""Figures about how structures work, for the bi-annual report and the scorecard:
meetings held against the expected cadence, attendance per institution, tasks on time."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from tryeza.directory.models import Structure
from tryeza.meetings.models import Attendance, Meeting, MeetingStatus, Presence, Task, TaskStatus


@dataclass(frozen=True)
class Cadence:
    held: int
    expected: int

    @property
    def met(self) -> bool:
        return self.held >= self.expected


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` inclusive of the first (Jan 1 – Jun 30 = 6)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _held(start: datetime.date, end: datetime.date, to_meeting: str = "") -> Q:
    """Meetings held in the period; ``to_meeting``: the path from the model filtered."""
    return Q(
        **{
            f"{to_meeting}status": MeetingStatus.HELD,
            f"{to_meeting}starts_at__date__gte": start,
            f"{to_meeting}starts_at__date__lte": end,
        }
    )


def meeting_cadences(
    structures: Sequence[Structure], start: datetime.date, end: datetime.date
) -> dict[int, Cadence]:
    """Structure id -> meetings held in the period against its cadence, in one query."""
    held = dict(
        Meeting.objects.filter(_held(start, end), structure__in=structures)
        .values_list("structure_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    months = months_between(start, end)
    return {s.pk: Cadence(held.get(s.pk, 0), months // s.cadence_months) for s in structures}


def meeting_cadence(structure: Structure, start: datetime.date, end: datetime.date) -> Cadence:
    return meeting_cadences([structure], start, end)[structure.pk]


def attendance_rates(
    structure: Structure, start: datetime.date, end: datetime.date
) -> dict[int, float]:
    """Institution id -> share of the held meetings in the period it attended."""
    rows = (
        Attendance.objects.filter(_held(start, end, "meeting__"), meeting__structure=structure)
        .values("institution_id")
        .annotate(total=Count("id"), present=Count("id", filter=Q(presence=Presence.PRESENT)))
        .order_by()
    )
    return {row["institution_id"]: row["present"] / row["total"] for row in rows}


@dataclass(frozen=True)
class TaskFigures:
    due: int
    done_on_time: int
    done_late: int
    outstanding: int


def task_figures_of(
    structures: Sequence[Structure], start: datetime.date, end: datetime.date
) -> dict[int, TaskFigures]:
    """Structure id -> its tasks that fell due in the period and how they were met, in
    one query."""
    tasks: dict[int, list[tuple[str, datetime.date, datetime.date | None]]] = {
        s.pk: [] for s in structures
    }
    rows = Task.objects.filter(
        structure__in=structures, due_on__gte=start, due_on__lte=end
    ).values_list("structure_id", "status", "due_on", "done_on")
    for structure_id, status, due, done in rows:
        tasks[structure_id].append((status, due, done))
    return {pk: _task_figures(found) for pk, found in tasks.items()}


def task_figures(structure: Structure, start: datetime.date, end: datetime.date) -> TaskFigures:
    return task_figures_of([structure], start, end)[structure.pk]


def _task_figures(tasks: list[tuple[str, datetime.date, datetime.date | None]]) -> TaskFigures:
    on_time = sum(1 for s, due, done in tasks if s == TaskStatus.DONE and done and done <= due)
    late = sum(1 for s, due, done in tasks if s == TaskStatus.DONE and done and done > due)
    outstanding = sum(1 for s, _, _ in tasks if s in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS))
    return TaskFigures(len(tasks), on_time, late, outstanding)
