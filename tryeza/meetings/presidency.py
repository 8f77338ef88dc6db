"""The rotating presidency of a coalition: six-month terms passing among the members in a
fixed order, unless the members set a term themselves (a ``Presidency`` row)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.directory.models import Institution, Structure
from tryeza.meetings.models import Presidency
from tryeza.meetings.services import MeetingError

if TYPE_CHECKING:
    from tryeza.accounts.models import User

TERM_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Term:
    institution: Institution
    starts_on: datetime.date
    ends_on: datetime.date
    overridden: bool


def presidency_schedule(
    structure: Structure, first_term_starts: datetime.date, terms: int = 4
) -> list[Term]:
    """The presidents of ``terms`` consecutive terms from ``first_term_starts`` (a first of
    a month). Members take turns in order of joining, then name; a term set by the members
    replaces the computed one, and the rotation continues after whoever held it."""
    members = list(
        Institution.objects.filter(memberships__structure=structure).order_by(
            "memberships__since", "name"
        )
    )
    if not members:
        return []
    overrides = {p.starts_on: p for p in structure.presidencies.select_related("institution")}
    schedule: list[Term] = []
    turn = 0
    for n in range(terms):
        start = add_months(first_term_starts, n * TERM_MONTHS)
        end = add_months(start, TERM_MONTHS) - datetime.timedelta(days=1)
        chosen = overrides.get(start)
        if chosen is not None:
            schedule.append(Term(chosen.institution, start, end, True))
            if chosen.institution in members:
                turn = members.index(chosen.institution) + 1
            continue
        schedule.append(Term(members[turn % len(members)], start, end, False))
        turn += 1
    return schedule


@transaction.atomic
def presidency_set(
    *, actor: User, structure: Structure, institution: Institution, starts_on: datetime.date
) -> Presidency:
    """The members choose a president for a term, replacing the computed rotation."""
    if not structure.memberships.filter(institution=institution).exists():
        raise MeetingError(_("Only a member can hold the presidency."))
    if starts_on.day != 1:
        raise MeetingError(_("A term starts on the first day of a month."))
    presidency, _created = Presidency.objects.update_or_create(
        structure=structure,
        starts_on=starts_on,
        defaults={
            "institution": institution,
            "ends_on": add_months(starts_on, TERM_MONTHS) - datetime.timedelta(days=1),
            "overridden": True,
        },
    )
    audit_record(
        actor=actor,
        action="coalition.presidency",
        object_type="structure",
        object_ref=str(structure.pk),
        detail=f"{starts_on} institution {institution.pk}",
    )
    return presidency
