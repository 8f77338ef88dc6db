"""The audit page checks only what was written since the last walk of the whole chain, so
that it costs the same at any size of the log; a walk runs in the task worker (or from
``manage.py verify_audit``) and finds what the page's check cannot."""

import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tryeza.audit import services, tasks
from tryeza.audit.models import (
    GENESIS,
    AuditEntry,
    AuditHead,
    Verification,
    VerificationStatus,
)
from tryeza.audit.services import audit_record, audit_verify, chain_state


def _entries(actor: Any, n: int) -> list[AuditEntry]:
    for i in range(n):
        audit_record(actor=actor, action="case.reveal", object_type="case", object_ref=f"EL-{i}")
    return list(AuditEntry.objects.order_by("id"))


def _tamper(entry: AuditEntry) -> None:
    AuditEntry.objects.filter(pk=entry.pk).update(action="case.view")


@pytest.mark.django_db
def test_the_command_records_its_walk_and_a_visit_checks_only_what_came_after(cpu_worker):
    first, _second, third = _entries(cpu_worker, 3)
    call_command("verify_audit", verbosity=0)
    walk = Verification.objects.get()
    assert walk.holds and (walk.entries, walk.last_id) == (3, third.pk)
    (newest,) = _entries(cpu_worker, 1)[3:]
    state = chain_state()
    assert state.ok and state.entries == 4 and state.walked == walk
    # An entry the walk vouched for is not read again by a visit: the next walk finds it.
    _tamper(first)
    assert chain_state().ok
    # One written since is read on every visit.
    _tamper(newest)
    assert not chain_state().ok


@pytest.mark.django_db
def test_a_visit_with_more_to_check_than_it_may_asks_for_a_walk(
    client,
    cpu_worker,
    data_protection_officer,
    monkeypatch,
):
    monkeypatch.setattr(services, "PAGE_CHECKS_AT_MOST", 2)
    _entries(cpu_worker, 3)
    client.force_login(data_protection_officer)
    page = client.get(reverse("audit:log"))
    assert page.context["chain"].unchecked == 3
    assert "3 entries written since the chain was last walked are not verified yet" in page.text
    assert reverse("audit:verify") in page.text


@pytest.mark.parametrize(
    "persona", ["cpu_worker", "committee_member", "national_coordinator", "system_admin"]
)
@pytest.mark.django_db
def test_nobody_else_starts_or_watches_a_walk(client, request, persona, cpu_worker):
    _entries(cpu_worker, 1)
    walk = Verification.objects.create()
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("audit:verify")).status_code == 404
    assert client.get(reverse("audit:verification", args=[walk.pk])).status_code == 404
    assert Verification.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_walks_the_chain_the_officer_asked_for(
    live_geography,
    client,
    network,
    cpu_worker,
    data_protection_officer,
    worker_signals,
):
    first, *_ = _entries(cpu_worker, 3)
    call_command("verify_audit", verbosity=0)
    _tamper(first)  # after the walk: visits do not see it
    client.force_login(data_protection_officer)
    assert client.get(reverse("audit:log")).context["chain"].ok

    assert client.post(reverse("audit:verify")).status_code == 302
    client.post(reverse("audit:verify"))  # a second press while one is queued: still one
    asked = Verification.objects.get(status=VerificationStatus.QUEUED)
    assert asked.requested_by == data_protection_officer
    progress = client.get(reverse("audit:verification", args=[asked.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in progress.text

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    asked.refresh_from_db()
    assert asked.status == VerificationStatus.DONE and asked.first_broken_id == first.pk
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    finished = client.get(reverse("audit:verification", args=[asked.pk]), HTTP_HX_REQUEST="true")
    assert finished["HX-Retarget"] == "#chain" and "every 1s" not in finished.text
    assert "The chain is broken" in finished.text
    assert not client.get(reverse("audit:log")).context["chain"].ok


@pytest.mark.django_db
def test_a_failed_walk_is_marked_and_its_message_kept_out_of_the_log(
    cpu_worker, monkeypatch, caplog
):
    walk = Verification.objects.create()

    planted = "Shpresa Hoxha"  # a name the exception quotes, as a parser's would

    def fails(**kwargs: Any) -> None:
        raise ValueError(planted)

    monkeypatch.setattr(tasks, "audit_verify", fails)
    with caplog.at_level(logging.ERROR):
        tasks.verify_chain.call(walk.pk)
    walk.refresh_from_db()
    assert walk.status == VerificationStatus.FAILED and walk.finished_at is not None
    assert "ValueError" in caplog.text and "Shpresa" not in caplog.text
    assert chain_state().walked is None  # a failed walk vouches for nothing


@pytest.mark.django_db
def test_a_long_walk_tells_its_progress():
    # A valid chain of 4,000 entries, written in bulk.
    previous, entries = GENESIS, []
    at = timezone.now()
    for i in range(4000):
        entry = AuditEntry(
            at=at, action="case.reveal", object_ref=f"EL-{i}", previous_hash=previous
        )
        entry.entry_hash = previous = entry.compute_hash()
        entries.append(entry)
    AuditEntry.objects.bulk_create(entries)
    AuditHead.objects.create(pk=1, last_hash=previous)
    told: list[int] = []
    check = audit_verify(progress=told.append)
    assert check.ok and check.entries == 4000
    assert told == [50, 99]  # every 2,000 entries; 100 only once the walk is recorded
