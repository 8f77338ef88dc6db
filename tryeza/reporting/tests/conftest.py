"""Elbasan's first half of 2026: the police and the shelter (an NGO) report different
victim counts, the way committees' figures disagree today."""

from typing import Any

import pytest

from tryeza.reporting import selectors, services
from tryeza.reporting.models import DataReturn
from tryeza.reporting.validation import Cell

PERIOD = "2026S1"


def victims(q1: int, q2: int, *, female_q1: int | None = None) -> dict[Cell, int | None]:
    """Victims identified in Elbasan in the two quarters of 2026S1, with a sex breakdown
    for the first quarter when given (the rest male)."""
    numbers: dict[Cell, int | None] = {
        ("victims_identified", "2026Q1", "", ""): q1,
        ("victims_identified", "2026Q2", "", ""): q2,
    }
    if female_q1 is not None:
        numbers[("victims_identified", "2026Q1", "sex", "female")] = female_q1
        numbers[("victims_identified", "2026Q1", "sex", "male")] = q1 - female_q1
    return numbers


def fill(
    user: Any,
    institution: Any,
    numbers: dict[Cell, int | None],
    *,
    submit: bool = True,
    texts: dict[tuple[str, str], str] | None = None,
) -> DataReturn:
    data_return = selectors.return_for(institution.region_id, institution, PERIOD)
    data_return = services.return_save(
        user=user,
        data_return=data_return,
        numbers=numbers,
        texts=texts or {},
        version=data_return.version,
    )
    if submit:
        data_return = services.return_submit(user=user, data_return=data_return)
    return data_return


@pytest.fixture
def police_return(network: dict[str, Any], committee_member: Any) -> DataReturn:
    """The Elbasan police director submits 7 victims (3 + 4)."""
    return fill(committee_member, network["police_el"], victims(3, 4, female_q1=2))


@pytest.fixture
def ngo_return(network: dict[str, Any], ngo_worker: Any) -> DataReturn:
    """The shelter submits 12 victims (5 + 7): it counts people the police never met."""
    return fill(ngo_worker, network["shelter_el"], victims(5, 7, female_q1=5))
