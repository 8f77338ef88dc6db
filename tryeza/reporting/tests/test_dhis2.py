"""The DHIS2 export: accepted reports only, each reporting institution (and case work) an
attribute option combo, no count of 1–4 and no cell that disclosure control hides, no
name, and no late change of 1–4 revealed by comparing two exports."""

import datetime
from dataclasses import replace
from typing import Any

import pytest

from tryeza.audit.models import AuditEntry
from tryeza.cases.choices import Stage
from tryeza.cases.services import case_register
from tryeza.cases.tests.conftest import PLANTED_VALUES, elbasan_draft, planted_identity
from tryeza.reporting import selectors, services
from tryeza.reporting.dhis2 import TOTAL_PART, Group, dhis2_export, releasable
from tryeza.reporting.models import Release
from tryeza.reporting.periods import Period
from tryeza.reporting.tests.conftest import PERIOD, fill, victims

pytestmark = pytest.mark.django_db

EXPORT = f"/api/v1/reporting/dhis2/dataValueSets.json?period={PERIOD}"


def identify(network: Any, worker: Any, count: int) -> None:
    """``count`` girls identified as presumed victims in Elbasan in February 2026, all
    under the planted person's identity (the export must never carry it)."""
    draft = replace(
        elbasan_draft(network), stage=Stage.PRESUMED, identified_on=datetime.date(2026, 2, 10)
    )
    for _ in range(count):
        case_register(actor=worker, draft=draft, identity=planted_identity())


@pytest.fixture
def approved(
    network: Any, committee_member: Any, ngo_worker: Any, cpu_worker: Any, secretariat_officer: Any
) -> Any:
    """Elbasan 2026S1 approved: the police report 6 (2 women) and 8, the shelter 5 (all
    women) and 7, case work counts 5 girls in Q1."""
    fill(committee_member, network["police_el"], victims(6, 8, female_q1=2))
    fill(ngo_worker, network["shelter_el"], victims(5, 7, female_q1=5))
    identify(network, cpu_worker, 5)
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    for difference, _explanation in selectors.discrepancies(report):
        services.explanation_record(
            user=secretariat_officer,
            report=report,
            element=difference.element,
            period=difference.period,
            text="Sources count different people.",
            agreed=difference.high,
        )
    return services.report_approve(user=secretariat_officer, report=report)


@pytest.fixture
def accepted(approved: Any, national_coordinator: Any) -> Any:
    return services.report_accept(user=national_coordinator, report=approved)


def export(client: Any, user: Any) -> list[dict[str, str]]:
    client.force_login(user)
    response = client.get(EXPORT)
    assert response.status_code == 200, response.content
    for value in PLANTED_VALUES:
        assert value not in response.content.decode()
    values: list[dict[str, str]] = response.json()["dataValues"]
    return values


def by_key(values: list[dict[str, str]]) -> dict[tuple[str, str, str, str], str]:
    return {
        (v["attributeOptionCombo"], v["dataElement"], v["period"], v["categoryOptionCombo"]): v[
            "value"
        ]
        for v in values
    }


def test_only_accepted_reports_are_exported(
    client: Any, approved: Any, national_coordinator: Any
) -> None:
    assert export(client, national_coordinator) == []
    services.report_accept(user=national_coordinator, report=approved)
    assert export(client, national_coordinator) != []


def test_each_institution_and_case_work_is_an_attribute_option_combo(
    client: Any, network: Any, accepted: Any, national_coordinator: Any
) -> None:
    values = export(client, national_coordinator)
    police, shelter = f"inst-{network['police_el'].pk}", f"inst-{network['shelter_el'].pk}"
    assert {v["attributeOptionCombo"] for v in values} == {police, shelter, "casework"}
    assert {v["orgUnit"] for v in values} == {"AL-03"}
    assert set(values[0]) == {
        "dataElement",
        "period",
        "orgUnit",
        "categoryOptionCombo",
        "attributeOptionCombo",
        "value",
    }
    assert by_key(values) == {
        (police, "victims_identified", "2026Q1", "default"): "6",
        (police, "victims_identified", "2026Q2", "default"): "8",
        (shelter, "victims_identified", "2026Q1", "default"): "5",
        (shelter, "victims_identified", "2026Q2", "default"): "7",
        ("casework", "victims_identified", "2026Q1", "default"): "5",
    }


def test_counts_of_one_to_four_and_what_reveals_them_are_left_out(
    client: Any, accepted: Any, national_coordinator: Any
) -> None:
    """The police's 2 women and 4 men are small; the shelter's 5 women of 5 and case work's
    5 girls of 5 would tell every victim's sex: none of these breakdowns goes out."""
    values = export(client, national_coordinator)
    assert all(not 1 <= int(v["value"]) <= 4 for v in values)
    assert not [v for v in values if v["categoryOptionCombo"] != "default"]


def test_the_org_unit_mapping_hook_replaces_the_iso_code(
    client: Any, settings: Any, accepted: Any, national_coordinator: Any
) -> None:
    settings.TRYEZA_DHIS2_ORG_UNITS = {"AL-03": "Zb1qQkTeBVz"}
    assert {v["orgUnit"] for v in export(client, national_coordinator)} == {"Zb1qQkTeBVz"}


def test_a_later_export_does_not_reveal_cases_registered_since(
    client: Any, network: Any, accepted: Any, national_coordinator: Any, cpu_worker: Any
) -> None:
    """Two late registrations move case work's Q1 from 5 to 7: sending 7 after 5 would
    tell that 2 more girls were identified in Q1, so it is left out."""
    casework_q1 = ("casework", "victims_identified", "2026Q1", "default")
    assert by_key(export(client, national_coordinator))[casework_q1] == "5"
    identify(network, cpu_worker, 2)
    later = by_key(export(client, national_coordinator))
    assert casework_q1 not in later and len(later) == 4
    assert Release.objects.filter(kind="dhis2", period=PERIOD).count() == 2
    export(client, national_coordinator)  # the same figures again: nothing new to register
    assert Release.objects.filter(kind="dhis2", period=PERIOD).count() == 2
    assert AuditEntry.objects.filter(action="reporting.dhis2_exported").count() == 3


def test_the_period_must_be_a_half_year(client: Any, national_coordinator: Any) -> None:
    client.force_login(national_coordinator)
    response = client.get("/api/v1/reporting/dhis2/dataValueSets.json?period=2026Q1")
    assert response.status_code == 400
    assert "period" in response.json()["error"]["fields"]


GROUP = Group("AL-03", "inst-1", "victims_identified", "2026Q1")


@pytest.mark.parametrize(
    ("parts", "sent"),
    [
        # Men left blank: the remainder hides the 2 women, the total goes out.
        ({TOTAL_PART: 9, ("sex", "female"): 2}, {TOTAL_PART: 9}),
        # 2 women and 7 men: the 7 would give the 2 away by subtraction.
        ({TOTAL_PART: 9, ("sex", "female"): 2, ("sex", "male"): 7}, {TOTAL_PART: 9}),
        # No small cell and no lone category: everything goes out.
        (
            {TOTAL_PART: 12, ("sex", "female"): 5, ("sex", "male"): 7},
            {TOTAL_PART: 12, ("sex", "female"): 5, ("sex", "male"): 7},
        ),
        # A small total takes its breakdown with it.
        ({TOTAL_PART: 3, ("sex", "female"): 3}, {}),
        # Parts that add up to more than the total are not trusted at all.
        ({TOTAL_PART: 5, ("sex", "female"): 6}, {}),
    ],
)
def test_disclosure_control_of_one_group(
    parts: dict[tuple[str, str], int], sent: dict[tuple[str, str], int]
) -> None:
    assert releasable(GROUP, parts, [], []) == sent


def test_the_export_itself_refuses_anyone_but_national_users(secretariat_officer: Any) -> None:
    with pytest.raises(services.NotAllowed):
        dhis2_export(user=secretariat_officer, half=Period.parse(PERIOD))
    assert not Release.objects.exists()
