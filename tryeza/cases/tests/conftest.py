"""A planted person: a girl at risk in Elbasan, registered by the CPU worker with the
shelter and the police on her team. Outsider tests look for her name everywhere."""

import datetime
from typing import Any

import pytest

from tryeza.cases.choices import AgeBand, IdentificationKind, IdentifiedBy, Sex, Stage
from tryeza.cases.models import Case
from tryeza.cases.services import CaseDraft, Identity, case_register

PLANTED_FIRST = "Shpresa"
PLANTED_LAST = "Zyberaj"
PLANTED_ID = "K05712345A"
PLANTED_VALUES = [PLANTED_FIRST, PLANTED_LAST, PLANTED_ID, "2011-03-14", "Rruga e Dibrës"]


def planted_identity() -> Identity:
    return Identity(
        first_name=PLANTED_FIRST,
        last_name=PLANTED_LAST,
        date_of_birth=datetime.date(2011, 3, 14),
        id_number=PLANTED_ID,
        address="Rruga e Dibrës 12, Elbasan",
        phone="+355 69 123 4567",
        family_members="Mother: Drita Zyberaj",
    )


def elbasan_draft(network: dict[str, Any], **profile: Any) -> CaseDraft:
    return CaseDraft(
        region_id=network["elbasan"].pk,
        stage=Stage.AT_RISK,
        identification_kind=IdentificationKind.INFORMAL,
        identified_by=IdentifiedBy.TEACHER,
        identified_on=datetime.date(2026, 10, 2),
        municipality=network["elbasan"].municipalities.get(name="Elbasan"),
        profile={"sex": Sex.FEMALE, "age_band": AgeBand.A9_17, **profile},
    )


@pytest.fixture
def planted_case(network: dict[str, Any], cpu_worker: Any) -> Case:
    return case_register(
        actor=cpu_worker,
        draft=elbasan_draft(network),
        identity=planted_identity(),
        team=[network["shelter_el"], network["police_el"]],
    )


@pytest.fixture
def police_worker(network: dict[str, Any]) -> Any:
    """An anti-trafficking police officer on the Elbasan table (a case worker)."""
    from tryeza.accounts.models import Role
    from tryeza.factories import UserFactory

    return UserFactory.create(
        username="jetmir",
        institution=network["police_el"],
        role=Role.objects.get(code="case_worker"),
    )
