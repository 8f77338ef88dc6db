"""Stages and statuses keep their history; two editors cannot overwrite each other."""

import pytest

from tryeza.cases.choices import ClosureReason, Stage, Status
from tryeza.cases.models import StatusChange
from tryeza.cases.services import CaseError, VersionConflict, case_change_status


def test_every_change_is_kept_in_the_history(planted_case, cpu_worker):
    case = case_change_status(
        actor=cpu_worker,
        case=planted_case,
        expected_version=1,
        stage=Stage.PRESUMED,
        status=Status.PENDING,
    )
    case_change_status(
        actor=cpu_worker,
        case=case,
        expected_version=case.version,
        stage=Stage.PRESUMED,
        status=Status.CLOSED,
        closure_reason=ClosureReason.REINTEGRATED,
    )
    history = list(StatusChange.objects.filter(case=planted_case).values_list("stage", "status"))
    assert history == [
        ("at_risk", "registered"),
        ("presumed_victim", "pending"),
        ("presumed_victim", "closed"),
    ]


def test_a_stale_edit_is_refused_and_changes_nothing(planted_case, cpu_worker, ngo_worker):
    case_change_status(
        actor=ngo_worker,
        case=planted_case,
        expected_version=1,
        stage=Stage.POTENTIAL,
        status=Status.PENDING,
    )
    with pytest.raises(VersionConflict, match="Someone else saved this case"):
        case_change_status(
            actor=cpu_worker,
            case=planted_case,
            expected_version=1,
            stage=Stage.IDENTIFIED,
            status=Status.RESOLVED,
        )
    planted_case.refresh_from_db()
    assert (planted_case.stage, planted_case.version) == (Stage.POTENTIAL, 2)
    assert StatusChange.objects.filter(case=planted_case).count() == 2


def test_closing_needs_a_reason(planted_case, cpu_worker):
    with pytest.raises(CaseError, match="Say why"):
        case_change_status(
            actor=cpu_worker,
            case=planted_case,
            expected_version=1,
            stage=Stage.AT_RISK,
            status=Status.CLOSED,
        )
    planted_case.refresh_from_db()
    assert planted_case.version == 1
