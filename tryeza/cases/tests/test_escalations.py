"""An escalated case reaches the table and committee by code; the person stays hidden."""

from django.urls import reverse

from tryeza.cases.services import escalation_create

from .conftest import PLANTED_VALUES


def escalate(network, planted_case, cpu_worker):
    return escalation_create(
        actor=cpu_worker,
        case=planted_case,
        structure=network["committee_el"],
        reason="no_provider",
        note="No shelter place for a girl in Peqin",
    )


def test_committee_members_see_the_code_not_the_person(
    client, network, planted_case, cpu_worker, committee_member
):
    escalate(network, planted_case, cpu_worker)
    client.force_login(committee_member)
    body = client.get(reverse("cases:escalations")).content.decode()
    assert planted_case.code in body
    assert "No shelter place" in body
    for value in PLANTED_VALUES:
        assert value not in body
    # The code does not open the case to them.
    assert client.get(reverse("cases:detail", args=[planted_case.code])).status_code == 404


def test_another_region_and_non_members_do_not_see_it(
    client, network, planted_case, cpu_worker, other_region_officer, ngo_worker
):
    escalate(network, planted_case, cpu_worker)
    for user in (other_region_officer, ngo_worker):
        client.force_login(user)
        assert planted_case.code not in client.get(reverse("cases:escalations")).content.decode()


def test_the_national_coordinator_gets_no_case_codes(
    client, network, planted_case, cpu_worker, national_coordinator
):
    escalate(network, planted_case, cpu_worker)
    client.force_login(national_coordinator)
    assert planted_case.code not in client.get(reverse("cases:escalations")).content.decode()
