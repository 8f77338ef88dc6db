"""The demo's meetings, held through the meeting services so that their rules hold: over
the past year every committee met quarterly and every table every two months, with
attendance, minutes that name nobody, decisions and tasks for member institutions (some
done on time, some late, some overdue and carried to the next agenda); the shelters'
coalition met monthly, has its presidency for this term and adopted a work plan. Each of
them has one meeting planned ahead, whose agenda already carries the open tasks and the
cases escalated to the table (by code).

Elbasan's table approved its regulation manual (terms of reference, version 1) at its
second meeting, as the seeds tell.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from tryeza.accounts.models import User
from tryeza.demo.casesteps import at, between, pick
from tryeza.demo.context import Demo, region_slug
from tryeza.demo.texts import (
    COALITION_ITEMS,
    COMMITTEE_ITEMS,
    FOLLOW_UP_DISCUSSION,
    MINUTES,
    PLACES,
    TABLE_ITEMS,
    TERMS_OF_REFERENCE,
    WORK_PLAN_ACTIVITIES,
)
from tryeza.directory.models import Contact, Institution, Membership, MembershipRole, Structure
from tryeza.directory.models import InstitutionType as T
from tryeza.meetings.models import AgendaItem, ItemKind, Meeting, Presence, Task, TaskStatus
from tryeza.meetings.presidency import TERM_MONTHS, add_months, presidency_set
from tryeza.meetings.services import (
    agenda_publish,
    attendance_record,
    decision_record,
    item_propose,
    meeting_plan,
    minutes_record,
    task_assign,
    task_update,
    terms_approve,
    terms_draft,
)
from tryeza.meetings.workplans import ActivityDraft, workplan_adopt

D = datetime.timedelta
# (months between meetings, meetings held over the past year) by kind of structure.
CADENCE = {"committee": (3, 4), "technical_table": (2, 6), "coalition": (1, 6)}
ITEMS = {"committee": COMMITTEE_ITEMS, "technical_table": TABLE_ITEMS, "coalition": COALITION_ITEMS}
# The seeds' table that approved its manual at its second meeting.
MANUAL_TABLE, MANUAL_MEETING = "table:AL-03", 1
PRESENCE: dict[str, int] = {Presence.PRESENT: 80, Presence.EXCUSED: 12, Presence.ABSENT: 8}


@dataclass
class Outcome:
    """What becomes of a task, recorded once the demo's story reaches ``when``."""

    when: datetime.date
    status: str
    done_on: datetime.date | None
    task: Task
    recorded: bool = False


@dataclass
class Series:
    """A structure whose meetings the demo builds, who runs them and who proposes items."""

    key: str
    structure: Structure
    kind: str
    officer: User
    proposer: User
    place: str


def meeting_series(demo: Demo) -> list[Series]:
    """Every committee and table (run by their region's Technical Secretariat officer)
    and the shelters' coalition (run by its president), in a fixed order."""
    series = []
    for region in demo.regions:
        slug = region_slug(region)
        officer = demo.user(f"{slug}.secretariat")
        for kind, prefix, member in (
            ("committee", "committee", "committee"),
            ("technical_table", "table", "cpu"),
        ):
            structure = demo.structures.get(f"{prefix}:{region.code}")
            if structure is None or officer is None:
                continue
            place = PLACES[kind].format(region=region.name)
            proposer = demo.user(f"{slug}.{member}") or officer
            series.append(
                Series(f"{prefix}:{region.code}", structure, kind, officer, proposer, place)
            )
    coalition = demo.structures.get("coalition:shelters")
    chair = _chair(demo, coalition) if coalition else None
    if coalition and chair:
        runner = next((u for u in demo.users if u.institution == chair), None)
        members = {m.institution.pk for m in demo.memberships if m.structure.pk == coalition.pk}
        runner = runner or next(
            (u for u in demo.users if u.institution and u.institution.pk in members), None
        )
        if runner is not None:
            place = PLACES["coalition"].format(institution=chair.name)
            series.append(
                Series("coalition:shelters", coalition, "coalition", runner, runner, place)
            )
    return series


def _chair(demo: Demo, structure: Structure) -> Institution | None:
    return next(
        (
            m.institution
            for m in demo.memberships
            if m.structure.pk == structure.pk and m.role == MembershipRole.CHAIR
        ),
        None,
    )


def build_meetings(demo: Demo) -> list[Meeting]:
    """The past year's meetings of every series, the terms of reference, and the
    coalition's presidency and work plan."""
    rng = demo.rng
    today = timezone.localdate()
    made: list[Meeting] = []
    for series in meeting_series(demo):
        if series.key == MANUAL_TABLE:
            terms_at: int | None = MANUAL_MEETING
        elif series.kind != "coalition" and rng.random() < 0.6:
            terms_at = rng.randrange(CADENCE[series.kind][1])
        else:
            terms_at = None
        meetings = _held(demo, series, today, terms_at)
        made.extend(meetings)
        if series.kind == "coalition":
            _presidency_and_plan(demo, series, meetings, today)
    demo.counts["meetings"] += len(made)
    return made


def _meeting_day(base: datetime.date, shift: int) -> datetime.date:
    """A weekday near ``base``, moved by ``shift`` days."""
    day = base + D(days=shift)
    while day.weekday() >= 5:
        day -= D(days=1)
    return day


def _months_back(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 - months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _held(demo: Demo, series: Series, today: datetime.date, terms_at: int | None) -> list[Meeting]:
    rng = demo.rng
    every, count = CADENCE[series.kind]
    # Within the past year: the first a little after a year ago, the last a little
    # before a cadence ago.
    shifts = {count: (3, 9), 1: (-6, -3)}
    days = [
        _meeting_day(_months_back(today, every * k), rng.randint(*shifts.get(k, (-6, 3))))
        for k in range(count, 0, -1)
    ]
    members = list(
        series.structure.memberships.select_related("institution").prefetch_related(
            "representatives"
        )
    )
    pending: list[Outcome] = []
    meetings = []
    for n, day in enumerate(days):
        _settle(series.officer, pending, before=day)
        terms = None
        if n == terms_at:
            manual = TERMS_OF_REFERENCE[series.kind]
            terms = terms_draft(actor=series.officer, structure=series.structure, text=manual)
        meeting = meeting_plan(
            actor=series.officer,
            structure=series.structure,
            starts_at=at(day, 10),
            ends_at=at(day, 12, 30),
            place=series.place,
        )
        chosen = rng.sample(ITEMS[series.kind], rng.choice((1, 2)))
        proposers = (series.proposer, series.officer)[: len(chosen)]
        proposed = [
            item_propose(actor=who, meeting=meeting, title=item[0])
            for who, item in zip(proposers, chosen, strict=True)
        ]
        agenda_publish(
            actor=series.officer,
            meeting=meeting,
            expected_version=meeting.version,
            accepted=[item.pk for item in proposed],
        )
        attendance_record(actor=series.officer, meeting=meeting, rows=_attendance(rng, members))
        discussions = {item.pk: text[1] for item, text in zip(proposed, chosen, strict=True)}
        for follow_up in meeting.items.filter(kind=ItemKind.TASK_FOLLOW_UP):
            discussions[follow_up.pk] = FOLLOW_UP_DISCUSSION
        minutes_record(
            actor=series.officer,
            meeting=meeting,
            expected_version=meeting.version,
            summary=MINUTES[series.kind],
            discussions=discussions,
        )
        if terms is not None:
            terms_approve(actor=series.officer, terms=terms, meeting=meeting)
        for item, text in zip(proposed, chosen, strict=True):
            pending.append(_decide(rng, series, meeting, item, text, members, day, today))
        meetings.append(meeting)
    _settle(series.officer, pending, before=today + D(days=1))
    demo.last_held[series.structure.pk] = days[-1]
    demo.counts["tasks"] += len(pending)
    return meetings


def _attendance(
    rng: random.Random, members: list[Membership]
) -> list[tuple[Institution, str, Contact | None]]:
    rows = []
    for membership in members:
        leads = membership.role in (MembershipRole.CHAIR, MembershipRole.SECRETARIAT)
        presence = Presence.PRESENT if leads else pick(rng, PRESENCE)
        people = list(membership.representatives.all())
        person = people[0] if people and presence == Presence.PRESENT else None
        rows.append((membership.institution, presence, person))
    return rows


def _decide(
    rng: random.Random,
    series: Series,
    meeting: Meeting,
    item: AgendaItem,
    text: tuple[str, ...],
    members: list[Membership],
    day: datetime.date,
    today: datetime.date,
) -> Outcome:
    """A decision on the item and a task for the member it concerns, with how the task
    will turn out: done on time, done late, in progress, dropped, or still open."""
    consensus = True if series.kind == "coalition" else None
    decision = decision_record(
        actor=series.officer, meeting=meeting, text=text[2], item=item, consensus=consensus
    )
    owner = _owner(rng, series, text[4], members)
    people = list(owner.representatives.all())
    due = day + D(days=rng.randint(21, 56))
    task = task_assign(
        actor=series.officer,
        meeting=meeting,
        description=text[3],
        institution=owner.institution,
        due_on=due,
        person=people[0] if people else None,
        decision=decision,
    )
    roll = rng.random()
    if roll < 0.7:
        on_time = roll < 0.55
        done = between(rng, day + D(days=3), due) if on_time else due + D(days=rng.randint(5, 40))
        return Outcome(done, TaskStatus.DONE, done, task)
    status = TaskStatus.IN_PROGRESS if roll < 0.82 else TaskStatus.DROPPED
    if roll >= 0.95:
        status = TaskStatus.OPEN
    return Outcome(day + D(days=rng.randint(7, 30)), status, None, task)


def _owner(rng: random.Random, series: Series, kind: str, members: list[Membership]) -> Membership:
    """The member a task goes to: the body the item concerns, else any full member."""
    full = [m for m in members if m.role != MembershipRole.OBSERVER]
    types = {
        "cpu": {T.CHILD_PROTECTION},
        "partner": {T.SHELTER, T.NGO},
        "police": {T.POLICE},
        "council": {T.QARK_COUNCIL},
        "education": {T.EDUCATION},
        "social_services": {T.STATE_SOCIAL_SERVICES},
        "employment": {T.EMPLOYMENT_OFFICE},
    }.get(kind, set())
    fitting = [m for m in full if m.institution.type in types]
    return rng.choice(fitting or full)


def _settle(actor: User, pending: list[Outcome], *, before: datetime.date) -> None:
    """Record what became of the tasks by ``before`` (and not later than today); tasks
    left open stay as they are."""
    today = timezone.localdate()
    for outcome in pending:
        if outcome.recorded or outcome.status == TaskStatus.OPEN:
            continue
        if outcome.when < before and outcome.when <= today:
            task = outcome.task
            task_update(
                actor=actor,
                task=task,
                expected_version=task.version,
                status=outcome.status,
                done_on=outcome.done_on,
            )
            outcome.recorded = True


def _presidency_and_plan(
    demo: Demo, series: Series, meetings: list[Meeting], today: datetime.date
) -> None:
    """This term's president (the coalition's chair in the directory) and the work plan
    adopted at the meeting nearest the term's start."""
    chair = _chair(demo, series.structure)
    if chair is None or not meetings:
        return
    start = datetime.date(today.year, 1 if today.month <= 6 else 7, 1)
    end = add_months(start, TERM_MONTHS) - D(days=1)
    presidency_set(
        actor=series.officer, structure=series.structure, institution=chair, starts_on=start
    )
    adopted = min(meetings, key=lambda m: abs((m.starts_at.date() - start).days))
    members = [m.institution for m in demo.memberships if m.structure.pk == series.structure.pk]
    rng = demo.rng
    activities = [
        ActivityDraft(text, rng.choice(members), between(rng, start + D(days=14), end))
        for text in rng.sample(WORK_PLAN_ACTIVITIES, 4)
    ]
    workplan_adopt(
        actor=series.officer,
        structure=series.structure,
        starts_on=start,
        meeting=adopted,
        activities=sorted(activities, key=lambda a: a.due_on),
    )


def build_upcoming_meetings(demo: Demo) -> list[Meeting]:
    """One meeting ahead for every series, a cadence after its last; planning it puts the
    open tasks and the cases escalated to it on the agenda."""
    rng = demo.rng
    today = timezone.localdate()
    made = []
    for series in meeting_series(demo):
        last = demo.last_held.get(series.structure.pk, today)
        day = _months_back(last, -CADENCE[series.kind][0])
        if day < today + D(days=7):
            day = today + D(days=rng.randint(7, 21))
        while day.weekday() >= 5:
            day += D(days=1)
        meeting = meeting_plan(
            actor=series.officer,
            structure=series.structure,
            starts_at=at(day, 10),
            ends_at=at(day, 12, 30),
            place=series.place,
            proposals_until=at(day - D(days=3), 16),
        )
        title = rng.choice(ITEMS[series.kind])[0]
        item_propose(actor=series.proposer, meeting=meeting, title=title)
        made.append(meeting)
    demo.counts["meetings"] += len(made)
    return made
