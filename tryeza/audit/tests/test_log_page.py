"""The audit log page is for data-protection officers only."""

import pytest
from django.urls import reverse

from tryeza.audit.services import audit_record


def test_the_officer_reads_the_log_and_the_chain_state(client, data_protection_officer, cpu_worker):
    audit_record(
        actor=cpu_worker,
        action="case.reveal",
        object_type="case",
        object_ref="EL-2026-0007",
        fields=["first_name"],
    )
    client.force_login(data_protection_officer)
    response = client.get(reverse("audit:log"), {"object_ref": "el-2026-0007"})
    body = response.content.decode()
    assert "EL-2026-0007" in body
    assert "first_name" in body
    assert response.context["chain"].ok


@pytest.mark.parametrize(
    "persona",
    ["cpu_worker", "committee_member", "national_coordinator", "system_admin", "outsider"],
)
def test_everyone_else_gets_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("audit:log")).status_code == 404
