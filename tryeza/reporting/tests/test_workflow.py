"""The workflow from the outside: institutions submit, the secretariat explains and
approves, ONAC accepts; nobody changes figures after approval."""

from typing import Any

import pytest

from tryeza.reporting import selectors, services
from tryeza.reporting.models import ReportStatus, ReturnStatus
from tryeza.reporting.tests.conftest import PERIOD, fill, victims

pytestmark = pytest.mark.django_db


def test_differences_must_be_explained_before_approval(
    network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    found = [d for d, _e in selectors.discrepancies(report)]
    assert {(d.element, d.period) for d in found} == {
        ("victims_identified", "2026Q1"),
        ("victims_identified", "2026Q2"),
    }
    with pytest.raises(services.ReportingError, match="Explain why"):
        services.report_approve(user=secretariat_officer, report=report)
    for d in found:
        services.explanation_record(
            user=secretariat_officer,
            report=report,
            element=d.element,
            period=d.period,
            text="The shelter counts people who did not report to the police.",
            agreed=d.high,
        )
    report = services.report_approve(user=secretariat_officer, report=report)
    assert report.status == ReportStatus.APPROVED
    totals = selectors.region_totals([network["elbasan"].pk], PERIOD)[network["elbasan"].pk]
    assert totals[("victims_identified", "2026Q1")] == 5


def test_approved_figures_are_locked(
    network: Any, police_return: Any, committee_member: Any, secretariat_officer: Any
) -> None:
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    services.report_approve(user=secretariat_officer, report=report)
    with pytest.raises(services.ReportingError):
        services.return_send_back(
            user=secretariat_officer, data_return=police_return, comment="Check Q2"
        )
    police_return.status = ReturnStatus.RETURNED  # even if it were open again
    with pytest.raises(services.ReportingError, match="locked"):
        services.return_save(
            user=committee_member,
            data_return=police_return,
            numbers=victims(1, 1),
            texts={},
            version=police_return.version,
        )


def test_wrong_totals_change_nothing(network: Any, committee_member: Any) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    bad = victims(3, 4)
    bad[("victims_identified", "2026Q1", "sex", "female")] = 9
    with pytest.raises(services.Invalid) as refused:
        services.return_save(
            user=committee_member,
            data_return=data_return,
            numbers=bad,
            texts={},
            version=data_return.version,
        )
    assert "more than the total" in refused.value.problems[0].message
    assert data_return.values.filter(category="female").count() == 0


def test_other_institutions_cannot_enter_for_the_police(
    network: Any, ngo_worker: Any, other_region_officer: Any, observer: Any
) -> None:
    data_return = selectors.return_for(network["elbasan"].pk, network["police_el"], PERIOD)
    for user in (ngo_worker, other_region_officer, observer):
        with pytest.raises(services.NotAllowed):
            services.return_save(
                user=user,
                data_return=data_return,
                numbers=victims(1, 1),
                texts={},
                version=data_return.version,
            )


def test_stale_version_is_refused(network: Any, committee_member: Any) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    with pytest.raises(services.VersionConflict):
        services.return_save(
            user=committee_member,
            data_return=data_return,
            numbers=victims(1, 1),
            texts={},
            version=data_return.version - 1,
        )
