"""Figures from case work: counted from the cases' anonymous fields, one grouped query."""

import datetime
from dataclasses import replace
from typing import Any

import pytest

from tryeza.cases.choices import AgeBand, Exploitation, Sex, Stage, Where
from tryeza.cases.services import case_register
from tryeza.cases.tests.conftest import elbasan_draft, planted_identity
from tryeza.reporting.casework import case_figures, case_figures_by_half
from tryeza.reporting.periods import Period

pytestmark = pytest.mark.django_db


def register(network: Any, worker: Any, day: datetime.date, stage: str, **profile: Any) -> None:
    draft = replace(elbasan_draft(network, **profile), stage=stage, identified_on=day)
    case_register(actor=worker, draft=draft, identity=planted_identity())


def test_identified_per_quarter_by_category(
    network: Any, cpu_worker: Any, django_assert_num_queries: Any
) -> None:
    q1, q2 = datetime.date(2026, 2, 10), datetime.date(2026, 5, 3)
    for sex in (Sex.FEMALE, Sex.FEMALE, Sex.MALE):
        register(
            network,
            cpu_worker,
            q1,
            Stage.PRESUMED,
            sex=sex,
            exploitation=Exploitation.SEXUAL,
            exploited_where=Where.ABROAD,
        )
    register(network, cpu_worker, q2, Stage.AT_RISK, age_band=AgeBand.A30_38)
    register(network, cpu_worker, datetime.date(2025, 12, 31), Stage.PRESUMED)
    elbasan = network["elbasan"].pk
    with django_assert_num_queries(1):
        cells = case_figures(Period.parse("2026S1"), [elbasan])[elbasan]
    assert cells[("victims_identified", "2026Q1", "", "")] == 3
    assert cells[("victims_identified", "2026Q1", "sex", "female")] == 2
    assert cells[("victims_identified", "2026Q1", "age", "0-17")] == 3
    assert cells[("victims_identified", "2026Q1", "exploitation", "sexual")] == 3
    assert cells[("victims_identified", "2026Q1", "destination", "abroad")] == 3
    assert cells[("at_risk_identified", "2026Q2", "", "")] == 1
    assert cells[("at_risk_identified", "2026Q2", "age", "18+")] == 1
    assert ("victims_identified", "2026Q2", "", "") not in cells
    assert case_figures(Period.parse("2026S1"), [network["vlore"].pk]) == {}


def test_cases_cannot_be_grouped_by_what_identifies_them() -> None:
    from tryeza.cases.access import case_counts

    for field in ("code", "identity__ciphertext", "number", "created_by"):
        with pytest.raises(ValueError):
            case_counts([field])


def test_several_half_years_in_one_query(
    network: Any, cpu_worker: Any, django_assert_num_queries: Any
) -> None:
    for day in (datetime.date(2025, 8, 1), datetime.date(2026, 2, 10), datetime.date(2026, 5, 3)):
        register(network, cpu_worker, day, Stage.PRESUMED, sex=Sex.FEMALE)
    halves = [Period.parse("2025S2"), Period.parse("2026S1")]
    elbasan = network["elbasan"].pk
    with django_assert_num_queries(1):
        both = case_figures_by_half(halves, [elbasan])
    assert both == {h.code: case_figures(h, [elbasan]) for h in halves}
    assert both["2025S2"][elbasan][("victims_identified", "2025Q3", "", "")] == 1
    assert both["2026S1"][elbasan][("victims_identified", "2026Q1", "sex", "female")] == 1
    assert ("victims_identified", "2026Q2", "", "") in both["2026S1"][elbasan]


def test_only_the_breakdowns_asked_for(network: Any, cpu_worker: Any) -> None:
    register(network, cpu_worker, datetime.date(2026, 2, 10), Stage.PRESUMED, sex=Sex.MALE)
    elbasan = network["elbasan"].pk
    half = Period.parse("2026S1")
    everything = case_figures(half, [elbasan])[elbasan]
    totals = case_figures(half, [elbasan], dimensions=())[elbasan]
    by_sex = case_figures(half, [elbasan], dimensions=["sex"])[elbasan]
    assert totals == {("victims_identified", "2026Q1", "", ""): 1}
    assert by_sex == {**totals, ("victims_identified", "2026Q1", "sex", "male"): 1}
    assert {cell: n for cell, n in everything.items() if cell[2] in ("", "sex")} == by_sex
