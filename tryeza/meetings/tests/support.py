"""Shared set-up of the page, API, PDF, ICS and mail tests: a case escalated to the table,
a committee member of another region, representatives with e-mail addresses."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tryeza.accounts.models import Role
from tryeza.cases.models import Case
from tryeza.cases.services import case_register, escalation_create
from tryeza.cases.tests.conftest import PLANTED_VALUES, elbasan_draft, planted_identity
from tryeza.factories import ContactFactory, UserFactory
from tryeza.meetings.models import Meeting
from tryeza.meetings.services import meeting_plan

from .conftest import at

__all__ = ["PLANTED_VALUES", "at"]


def escalated_case(network: dict[str, Any], cpu_worker: Any) -> Case:
    """The planted girl's case, with the shelter and the police on its team, taken to the
    Elbasan table with a note that names nobody."""
    case = case_register(
        actor=cpu_worker,
        draft=elbasan_draft(network),
        identity=planted_identity(),
        team=[network["shelter_el"], network["police_el"]],
    )
    escalation_create(
        actor=cpu_worker,
        case=case,
        structure=network["table_el"],
        reason="no_provider",
        note="School refuses enrolment without papers",
    )
    return case


def vlore_committee_member(network: dict[str, Any]) -> Any:
    """A member of the Vlorë committee: a regional role in the other region."""
    return UserFactory.create(
        username="vlora-member",
        institution=network["prefecture_vl"],
        role=Role.objects.get(code="committee_member"),
    )


def plan(
    network: dict[str, Any],
    officer: Any,
    *,
    days_from_today: int = 0,
    structure: str = "table_el",
    place: str = "Prefektura Elbasan, salla 2",
) -> Meeting:
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return meeting_plan(
        actor=officer,
        structure=network[structure],
        starts_at=at(day, 9),
        ends_at=at(day, 11),
        place=place,
    )


def representatives(network: dict[str, Any]) -> dict[str, Any]:
    """One representative with an address for each member of the Elbasan table."""
    found = {}
    for key in ("prefecture_el", "cpu_el", "police_el", "shelter_el"):
        contact = ContactFactory.create(institution=network[key], email=f"{key}@example.org")
        network["table_el"].memberships.get(institution=network[key]).representatives.add(contact)
        found[key] = contact
    return found


def vlore_meeting(network: dict[str, Any], officer: Any) -> Meeting:
    """A meeting of the Vlorë committee, planned by its own secretariat."""
    return plan(network, officer, structure="committee_vl", place="Prefektura Vlorë")
