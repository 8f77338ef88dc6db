"""The case API from every outsider's side: a committee member, the national coordinator,
another region, a case worker of an institution not on the team, anyone without a role,
and an anonymous client. For every route they get no identifier of the planted person,
the same answer for a real case and a missing one, and change nothing."""

import datetime
from typing import Any

import pytest

from tryeza.cases.models import Case, CaseAccess, Referral
from tryeza.cases.services import referral_send, service_plan
from tryeza.directory.models import ServiceType
from tryeza.factories import InstitutionFactory, ServiceOfferingFactory, UserFactory

from .conftest import PLANTED_VALUES

MISSING_CODE = "EL-1999-0999"
MISSING_REFERRAL = 987654
DAY = "2026-10-20"

OUTSIDERS = [
    "committee_member",
    "secretariat_officer",
    "national_coordinator",
    "other_region_officer",
    "observer",
    "system_admin",
    "institution_admin",
    "unrelated_worker",
    "outsider",
]

# Every route about one case, with a body a team member would get accepted.
CASE_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("get", "cases/{code}/", None),
    ("post", "cases/{code}/reveal/", {"purpose": "case_management"}),
    (
        "post",
        "cases/{code}/status/",
        {"version": 1, "stage": "potential_victim", "status": "pending"},
    ),
    ("get", "cases/{code}/timeline/", None),
    ("get", "cases/{code}/log/", None),
    ("get", "cases/{code}/screenings/", None),
    ("post", "cases/{code}/screenings/", {"screened_on": DAY, "indicators": ["blood_feud"]}),
    ("get", "cases/{code}/rights/", None),
    ("post", "cases/{code}/rights/", {"informed_on": DAY, "language": "shqip"}),
    ("get", "cases/{code}/cooperation/", None),
    ("post", "cases/{code}/cooperation/", {"recorded_on": DAY, "status": "declined"}),
    ("get", "cases/{code}/assessments/", None),
    (
        "post",
        "cases/{code}/assessments/",
        {"assessed_on": DAY, "assessor_position": "Social worker", "needs": ["psychosocial"]},
    ),
    ("get", "cases/{code}/services/", None),
    (
        "post",
        "cases/{code}/services/",
        {"service": "safe_accommodation", "provider": "{shelter}", "planned_on": DAY},
    ),
    ("get", "cases/{code}/services/{service}/", None),
    ("patch", "cases/{code}/services/{service}/", {"version": 1, "status": "started"}),
    ("get", "cases/{code}/follow-ups/", None),
    (
        "post",
        "cases/{code}/follow-ups/",
        {"on": DAY, "kind": "visit", "retrafficking_risk": "low"},
    ),
    ("get", "cases/{code}/escalations/", None),
    ("post", "cases/{code}/escalations/", {"structure": "{table}", "reason": "no_provider"}),
    ("get", "cases/{code}/referrals/", None),
    (
        "post",
        "cases/{code}/referrals/",
        {"to": ["{cpu}"], "consent_given_on": DAY, "consent_parts": ["profile"]},
    ),
]

REFERRAL_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("get", "referrals/received/{referral}/", None),
    ("post", "referrals/received/{referral}/accept/", {}),
    ("post", "referrals/received/{referral}/decline/", {"reason": "No place left"}),
    ("post", "referrals/received/{referral}/reveal/", {"purpose": "service_provision"}),
]


@pytest.fixture
def unrelated_worker(network: dict[str, Any]) -> Any:
    """A case worker of the Elbasan employment office, which is not on the case's team."""
    from tryeza.directory.models import InstitutionType

    office = InstitutionFactory(
        name="Zyra Rajonale e Punësimit Elbasan",
        type=InstitutionType.EMPLOYMENT_OFFICE,
        region=network["elbasan"],
    )
    return UserFactory.create(username="klodian", institution=office)


@pytest.fixture
def world(network: dict[str, Any], planted_case: Case, cpu_worker: Any) -> dict[str, Any]:
    """The planted case with a planned service, and a referral to a shelter in Tirana that
    may see the first name."""
    planned = service_plan(
        actor=cpu_worker,
        case=planted_case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=datetime.date(2026, 10, 20),
    )
    tirana: Any = InstitutionFactory.create(name="Different & Equal")
    ServiceOfferingFactory(institution=tirana, service=ServiceType.SAFE_ACCOMMODATION)
    referral = referral_send(
        actor=cpu_worker,
        case=planted_case,
        to=[tirana],
        service=ServiceType.SAFE_ACCOMMODATION,
        consent_given_on=datetime.date(2026, 10, 20),
        consent_parts=["profile", "screening", "needs", "follow_up"],
        consent_identity_fields=["first_name"],
    )[0]
    return {
        "code": planted_case.code,
        "service": planned.pk,
        "shelter": network["shelter_el"].pk,
        "cpu": network["cpu_el"].pk,
        "table": network["table_el"].pk,
        "referral": referral.pk,
    }


def _fill(value: Any, names: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    if isinstance(value, list):
        return [_fill(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, names) for key, item in value.items()}
    return value


def call(client: Any, method: str, route: str, body: Any, names: dict[str, Any]) -> Any:
    path = "/api/v1/" + route.format(**names)
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, _fill(body, names), content_type="application/json")


def assert_no_identifier(response: Any) -> None:
    body = response.content.decode()
    for value in PLANTED_VALUES:
        assert value not in body


def snapshot(case: Case) -> tuple[Any, ...]:
    """Everything an outsider's request could have changed."""
    case.refresh_from_db()
    return (
        case.version,
        case.stage,
        case.status,
        case.screenings.count(),
        case.rights_informed.count(),
        case.cooperation.count(),
        case.assessments.count(),
        list(case.services.values_list("pk", "version", "status")),
        case.follow_ups.count(),
        case.escalations.count(),
        list(Referral.objects.values_list("pk", "status")),
        CaseAccess.objects.count(),
    )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_the_same_404_for_a_real_and_a_missing_case_on_every_route(
    client, request, world, planted_case, persona
):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(planted_case)
    for method, route, body in CASE_ROUTES:
        real = call(client, method, route, body, world)
        missing = call(client, method, route, body, {**world, "code": MISSING_CODE})
        assert real.status_code == missing.status_code == 404, (method, route)
        assert real.content == missing.content, (method, route)
        assert_no_identifier(real)
    assert snapshot(planted_case) == before


@pytest.mark.parametrize(("method", "route", "body"), CASE_ROUTES)
def test_the_lead_reaches_every_route_the_outsiders_cannot(
    client, world, cpu_worker, method, route, body
):
    """The other side of the test above: the same requests succeed for the team, so the
    404s are the door's doing, not a broken route."""
    client.force_login(cpu_worker)
    response = call(client, method, route, body, world)
    assert response.status_code in (200, 201), response.content
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.parametrize("persona", [*OUTSIDERS, "ngo_worker", "cpu_worker"])
def test_only_the_receiving_institution_reaches_a_referral(
    client, request, world, planted_case, persona
):
    """Even the team that sent it: a referral received is the receiver's door."""
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(planted_case)
    for method, route, body in REFERRAL_ROUTES:
        real = call(client, method, route, body, world)
        missing = call(client, method, route, body, {**world, "referral": MISSING_REFERRAL})
        assert real.status_code == missing.status_code == 404, (method, route)
        assert real.content == missing.content, (method, route)
        assert_no_identifier(real)
    assert snapshot(planted_case) == before


def test_an_anonymous_client_is_refused_everywhere_and_learns_nothing(client, world, planted_case):
    before = snapshot(planted_case)
    routes = [
        *CASE_ROUTES,
        *REFERRAL_ROUTES,
        ("get", "cases/", None),
        ("post", "cases/", {}),
        ("get", "cases/counts/", None),
        ("get", "cases/escalated/", None),
        ("get", "referrals/received/", None),
    ]
    for method, route, body in routes:
        response = call(client, method, route, body, world)
        assert response.status_code in (401, 403), (method, route)
        assert planted_case.code not in response.content.decode()
        assert_no_identifier(response)
    assert snapshot(planted_case) == before


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_list_no_case_and_no_referral(client, request, world, planted_case, persona):
    client.force_login(request.getfixturevalue(persona))
    for path in ("/api/v1/cases/", "/api/v1/referrals/received/", "/api/v1/cases/counts/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert planted_case.code not in response.content.decode()
        assert_no_identifier(response)
    assert client.get("/api/v1/cases/").json()["results"] == []


# A case worker of any institution may register cases of their own.
@pytest.mark.parametrize("persona", [p for p in OUTSIDERS if p != "unrelated_worker"])
def test_outsiders_cannot_register_a_case(client, request, network, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        "/api/v1/cases/",
        {"person": {"first_name": "Arta"}, "stage": "at_risk"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_the_committee_sees_an_escalated_case_by_code_only(
    client, world, planted_case, committee_member, cpu_worker
):
    client.force_login(cpu_worker)
    escalated = client.post(
        f"/api/v1/cases/{planted_case.code}/escalations/",
        {"structure": world["table"], "reason": "no_provider", "note": "No shelter place"},
        content_type="application/json",
    )
    assert escalated.status_code == 201
    client.force_login(committee_member)
    response = client.get("/api/v1/cases/escalated/")
    assert [row["case"] for row in response.json()["results"]] == [planted_case.code]
    assert_no_identifier(response)
    assert client.get(f"/api/v1/cases/{planted_case.code}/").status_code == 404


def test_the_national_coordinator_gets_numbers_not_cases(
    client, network, planted_case, national_coordinator
):
    client.force_login(national_coordinator)
    response = client.get("/api/v1/cases/counts/")
    assert response.json() == {network["elbasan"].code: {"registered": 1}}
    assert planted_case.code not in response.content.decode()
