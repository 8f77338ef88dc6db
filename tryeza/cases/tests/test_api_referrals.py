"""Referrals through the API: the team notifies several institutions at once, each with
the person's consent; the receiving institution sees the consented parts and nothing else,
answers, and reveals only the identifiers it was given."""

import datetime
from typing import Any

import pytest

from tryeza.accounts.models import Role
from tryeza.cases.models import CaseAccess, Referral
from tryeza.cases.services import (
    assessment_record,
    followup_record,
    referral_send,
    screening_record,
    service_plan,
)
from tryeza.directory.models import InstitutionType, ServiceType
from tryeza.factories import InstitutionFactory, ServiceOfferingFactory, UserFactory

from .conftest import PLANTED_FIRST, PLANTED_LAST, PLANTED_VALUES

DAY = datetime.date(2026, 10, 20)
PARTS = ("profile", "screenings", "assessments", "services", "follow_ups")


def post(client: Any, path: str, data: Any) -> Any:
    return client.post(f"/api/v1/{path}", data, content_type="application/json")


def fields(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def message(response: Any) -> str:
    assert response.status_code == 400, response.content
    return response.json()["error"]["message"]


def assert_no_identifier(response: Any, *allowed: str) -> None:
    body = response.content.decode()
    for value in PLANTED_VALUES:
        if value not in allowed:
            assert value not in body


@pytest.fixture
def tirana_shelter(db: None) -> Any:
    shelter = InstitutionFactory(name="Different & Equal", type=InstitutionType.SHELTER)
    ServiceOfferingFactory(institution=shelter, service=ServiceType.SAFE_ACCOMMODATION)
    return shelter


@pytest.fixture
def receiver(tirana_shelter: Any) -> Any:
    """A case worker of the shelter in Tirana, which is not on the case's team."""
    return UserFactory.create(
        username="mira", institution=tirana_shelter, role=Role.objects.get(code="case_worker")
    )


@pytest.fixture
def full_case(network: dict[str, Any], planted_case: Any, cpu_worker: Any) -> Any:
    """The planted case with something in every part a person may consent to share."""
    screening_record(
        actor=cpu_worker, case=planted_case, screened_on=DAY, indicators=["blood_feud"]
    )
    assessment_record(
        actor=cpu_worker,
        case=planted_case,
        assessed_on=DAY,
        assessor_position="Social worker",
        needs=["safe_accommodation"],
        summary="Needs a safe place",
    )
    service_plan(
        actor=cpu_worker,
        case=planted_case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=DAY,
    )
    followup_record(
        actor=cpu_worker, case=planted_case, on=DAY, kind="school", retrafficking_risk="low"
    )
    return planted_case


def refer(case: Any, actor: Any, to: Any, parts: list[str], identifiers: list[str]) -> Referral:
    return referral_send(
        actor=actor,
        case=case,
        to=[to],
        service=ServiceType.SAFE_ACCOMMODATION,
        consent_given_on=DAY,
        consent_parts=parts,
        consent_identity_fields=identifiers,
    )[0]


def test_one_request_notifies_several_institutions_in_one_batch(
    client, network, planted_case, ngo_worker, police_worker
):
    client.force_login(ngo_worker)
    to = [network["cpu_el"].pk, network["police_el"].pk, network["prefecture_el"].pk]
    response = post(
        client,
        f"cases/{planted_case.code}/referrals/",
        {"to": to, "consent_given_on": "2026-10-20", "consent_parts": ["profile"]},
    )
    assert response.status_code == 201, response.content
    batch = response.json()
    assert sorted(r["to_institution"] for r in batch["referrals"]) == sorted(to)
    assert {r["batch"] for r in batch["referrals"]} == {batch["batch"]}
    assert {r["status"] for r in batch["referrals"]} == {"sent"}
    listed = client.get(f"/api/v1/cases/{planted_case.code}/referrals/").json()
    assert listed["count"] == 3
    client.force_login(police_worker)
    received = client.get("/api/v1/referrals/received/").json()["results"]
    assert [(r["case"], r["from_institution_name"]) for r in received] == [
        (planted_case.code, "Another Vision")
    ]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"service": "safe_accommodation"}, "to", "do not offer this service"),
        ({"consent_given_on": "2099-01-01"}, "consent_given_on", "cannot be in the future"),
        ({"consent_parts": ["diary"]}, "consent_parts", "not a valid choice"),
        ({"consent_identity_fields": ["soul"]}, "consent_identity_fields", "not a valid choice"),
        ({"to": []}, "to", "may not be empty"),
        ({"to": [987654]}, "to", "does not exist"),
        ({"destination": "AL999"}, "destination", "does not exist"),
    ],
)
def test_bad_referrals_are_explained_and_change_nothing(
    client, network, planted_case, cpu_worker, changes, field, text
):
    client.force_login(cpu_worker)
    body = {
        "to": [network["shelter_el"].pk, network["police_el"].pk],
        "consent_given_on": "2026-10-20",
        "consent_parts": ["profile"],
        **changes,
    }
    response = post(client, f"cases/{planted_case.code}/referrals/", body)
    assert text in " ".join(fields(response)[field])
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("consented", "shown"),
    [
        ([], set()),
        (["profile"], {"profile"}),
        (["screening"], {"screenings"}),
        (["needs"], {"assessments", "services"}),
        (["follow_up"], {"follow_ups"}),
        (["profile", "screening", "needs", "follow_up"], set(PARTS)),
    ],
)
def test_the_receiver_sees_the_consented_parts_and_nothing_else(
    client, full_case, cpu_worker, receiver, tirana_shelter, consented, shown
):
    referral = refer(full_case, cpu_worker, tirana_shelter, consented, [])
    client.force_login(receiver)
    response = client.get(f"/api/v1/referrals/received/{referral.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert {part for part in PARTS if part in data} == shown
    assert data["case"] == full_case.code
    assert "version" not in data and "team" not in data and "stage" not in data
    assert "no-store" in response["Cache-Control"]
    assert_no_identifier(response)
    if "profile" in shown:
        assert data["profile"]["age_band"] == "9-17"
    if "services" in shown:
        assert data["services"][0]["provider_name"] == "Another Vision"
    # The view is in the case's access log, as every view of a case is.
    access = CaseAccess.objects.get(user=receiver)
    assert (access.channel, access.fields) == ("api", [])


def test_a_referral_does_not_open_the_case_itself(
    client, full_case, cpu_worker, receiver, tirana_shelter
):
    refer(full_case, cpu_worker, tirana_shelter, ["profile", "needs"], ["first_name"])
    client.force_login(receiver)
    for path in ("", "screenings/", "timeline/", "cooperation/", "referrals/"):
        response = client.get(f"/api/v1/cases/{full_case.code}/{path}")
        assert response.status_code == 404
    assert client.get("/api/v1/cases/").json()["results"] == []


def test_the_receiver_reveals_only_the_identifiers_consented(
    client, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, ["profile"], ["first_name"])
    client.force_login(receiver)
    path = f"referrals/received/{referral.pk}/reveal/"
    shown = post(client, path, {"purpose": "service_provision"})
    assert shown.status_code == 200
    assert shown.json() == {"first_name": PLANTED_FIRST}
    assert "no-store" in shown["Cache-Control"]
    assert_no_identifier(shown, PLANTED_FIRST)
    asked_more = post(client, path, {"purpose": "service_provision", "show": ["last_name"]})
    assert "did not agree to share last_name" in fields(asked_more)["show"][0]
    assert PLANTED_LAST not in asked_more.content.decode()
    wrong_purpose = post(client, path, {"purpose": "criminal_investigation"})
    assert "purpose" in fields(wrong_purpose)
    [access] = CaseAccess.objects.filter(user=receiver)
    assert (access.purpose, access.fields) == ("service_provision", ["first_name"])


def test_no_identifier_consented_means_nothing_to_reveal(
    client, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, ["profile"], [])
    client.force_login(receiver)
    response = post(
        client, f"referrals/received/{referral.pk}/reveal/", {"purpose": "service_provision"}
    )
    assert "agreed to share no identifiers" in fields(response)["show"][0]
    assert_no_identifier(response)
    assert not CaseAccess.objects.filter(user=receiver).exists()


def test_the_receiver_accepts_once(client, planted_case, cpu_worker, receiver, tirana_shelter):
    referral = refer(planted_case, cpu_worker, tirana_shelter, ["profile"], [])
    client.force_login(receiver)
    accepted = post(client, f"referrals/received/{referral.pk}/accept/", {})
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    again = post(client, f"referrals/received/{referral.pk}/decline/", {"reason": "Full"})
    assert "already been answered" in message(again)
    referral.refresh_from_db()
    assert (referral.status, referral.responded_by) == ("accepted", receiver)
    # An accepted referral still shows the consented parts.
    assert client.get(f"/api/v1/referrals/received/{referral.pk}/").status_code == 200


def test_a_decline_says_why_and_closes_the_door(
    client, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, ["profile"], ["first_name"])
    client.force_login(receiver)
    path = f"referrals/received/{referral.pk}/"
    for body in ({}, {"reason": "   "}):
        refused = post(client, f"{path}decline/", body)
        assert "Say why the referral is declined" in fields(refused)["reason"][0]
    assert Referral.objects.get(pk=referral.pk).status == "sent"
    declined = post(client, f"{path}decline/", {"reason": "No place left"})
    assert declined.json()["status"] == "declined"
    assert client.get(f"/api/v1/{path}").status_code == 404
    assert post(client, f"{path}reveal/", {"purpose": "service_provision"}).status_code == 404
    client.force_login(cpu_worker)
    sent = client.get(f"/api/v1/cases/{planted_case.code}/referrals/").json()["results"]
    assert [(r["status"], r["response_reason"]) for r in sent] == [("declined", "No place left")]
    assert sent[0]["response_time"]


def test_a_police_receiver_reveals_for_criminal_investigation_only(
    client, network, planted_case, ngo_worker, police_worker
):
    referral = referral_send(
        actor=ngo_worker,
        case=planted_case,
        to=[network["police_el"]],
        service="",
        consent_given_on=DAY,
        consent_parts=[],
        consent_identity_fields=["first_name", "last_name"],
    )[0]
    client.force_login(police_worker)
    path = f"referrals/received/{referral.pk}/reveal/"
    assert "purpose" in fields(post(client, path, {"purpose": "case_management"}))
    shown = post(client, path, {"purpose": "criminal_investigation"})
    assert shown.json() == {"first_name": PLANTED_FIRST, "last_name": PLANTED_LAST}


def test_the_received_list_runs_a_constant_number_of_queries(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    refer(planted_case, cpu_worker, tirana_shelter, ["profile"], [])
    client.force_login(receiver)
    client.get("/api/v1/referrals/received/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/referrals/received/")
    for _ in range(10):
        refer(planted_case, cpu_worker, tirana_shelter, ["profile"], [])
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get("/api/v1/referrals/received/").json()["count"] == 11
