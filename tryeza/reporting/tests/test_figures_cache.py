"""Kept figures and a change that commits late: saved before the latest change but
committed after it, so its time is older than the key already read (``figures_cache``).
Simulated by moving a new case's time back behind the key, which then does not move."""

import datetime
from typing import Any

import pytest
from django.db.models import F

from tryeza.cases.access import case_counts_by_region
from tryeza.cases.models import Case
from tryeza.reporting import figures_cache
from tryeza.reporting.tests.test_national import add_cases

pytestmark = pytest.mark.django_db


def register_late(by: Any) -> None:
    """One more Elbasan case whose time is older than the latest one already there."""
    latest = Case.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0]
    before = set(Case.objects.values_list("pk", flat=True))
    add_cases(by, "AL-03", 1)
    Case.objects.exclude(pk__in=before).update(updated_at=latest - datetime.timedelta(seconds=1))


def open_in_elbasan(user: Any, network: Any) -> int:
    return case_counts_by_region(user)[network["elbasan"].pk]["registered"]


def test_a_late_change_is_seen_while_the_latest_change_is_recent(
    monkeypatch: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    # Kept for no time at all under a recent key, to see the rule without waiting.
    monkeypatch.setattr(figures_cache, "UNSETTLED_KEPT", 0)
    add_cases(committee_member, "AL-03", 2)
    assert open_in_elbasan(national_coordinator, network) == 2
    version = figures_cache.data_version()
    register_late(committee_member)
    assert figures_cache.data_version() == version  # the key did not move...
    assert open_in_elbasan(national_coordinator, network) == 3  # ...yet the case counts


def test_figures_are_kept_in_full_once_every_change_has_settled(
    monkeypatch: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    monkeypatch.setattr(figures_cache, "UNSETTLED_KEPT", 0)
    add_cases(committee_member, "AL-03", 2)
    # Every change two minutes old: longer than any request's transaction lasts.
    Case.objects.update(updated_at=F("updated_at") - datetime.timedelta(minutes=2))
    assert open_in_elbasan(national_coordinator, network) == 2
    # A late commit cannot come this long after; were one to, it waits for the next
    # change or the timeout.
    register_late(committee_member)
    assert open_in_elbasan(national_coordinator, network) == 2
    add_cases(committee_member, "AL-03", 1)  # a change: the key moves
    assert open_in_elbasan(national_coordinator, network) == 4
