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


def test_an_export_of_many_cases_is_listed_without_a_case_link(
    client, data_protection_officer, cpu_worker
):
    # An export names no single case: its entry has the kind but no code. The page once
    # failed on it (a link to the log of no case), for every officer, from then on.
    audit_record(actor=cpu_worker, action="case.export", object_type="case", detail="7153")
    client.force_login(data_protection_officer)
    response = client.get(reverse("audit:log"))
    assert response.status_code == 200
    assert "case.export" in response.text and "7153" in response.text
