"""The audit chain through the API: the officer reads its state and asks for a walk;
everyone else gets the API's 404, as on the page."""

import pytest
from django.urls import reverse

from tryeza.audit.models import AuditEntry, Verification, VerificationStatus
from tryeza.audit.services import audit_record

pytestmark = pytest.mark.django_db


def _reveal(actor):
    audit_record(actor=actor, action="case.reveal", object_type="case", object_ref="EL-1")


def test_the_officer_reads_the_chain_and_asks_for_one_walk(
    client, cpu_worker, data_protection_officer
):
    _reveal(cpu_worker)
    client.force_login(data_protection_officer)
    chain = client.get(reverse("api-audit-chain")).json()
    assert chain == {"ok": True, "entries": 1, "unchecked": 0, "walked": None, "running": None}

    asked = client.post(reverse("api-audit-walks"))
    again = client.post(reverse("api-audit-walks"))  # one walk at a time
    assert asked.status_code == again.status_code == 202
    assert asked.json()["id"] == again.json()["id"]
    assert Verification.objects.get().requested_by == data_protection_officer
    walk = client.get(reverse("api-audit-walk", args=[asked.json()["id"]])).json()
    assert (walk["status"], walk["progress"], walk["holds"]) == ("queued", 0, False)
    assert client.get(reverse("api-audit-chain")).json()["running"]["id"] == walk["id"]


def test_a_broken_chain_says_so(client, cpu_worker, data_protection_officer):
    _reveal(cpu_worker)
    _reveal(cpu_worker)
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("id")[0].pk).update(action="case.view")
    client.force_login(data_protection_officer)
    assert client.get(reverse("api-audit-chain")).json()["ok"] is False


@pytest.mark.parametrize(
    "persona", ["cpu_worker", "committee_member", "national_coordinator", "system_admin"]
)
def test_nobody_else_reads_the_chain_or_walks_it(client, request, persona, cpu_worker):
    _reveal(cpu_worker)
    walk = Verification.objects.create(status=VerificationStatus.DONE)
    client.force_login(request.getfixturevalue(persona))
    for response in (
        client.get(reverse("api-audit-chain")),
        client.post(reverse("api-audit-walks")),
        client.get(reverse("api-audit-walk", args=[walk.pk])),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404
    assert Verification.objects.count() == 1
