"""The care pathway through the API: screening, rights, police cooperation, needs, the
plan with its versioned services, follow-up and escalation."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tryeza.cases.models import Case, PlannedService
from tryeza.cases.services import service_plan
from tryeza.directory.models import ServiceType
from tryeza.factories import ServiceOfferingFactory

from .conftest import PLANTED_VALUES, elbasan_draft, planted_identity

DAY = "2026-10-20"


def post(client: Any, path: str, data: Any, method: str = "post") -> Any:
    return getattr(client, method)(f"/api/v1/{path}", data, content_type="application/json")


def fields(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def message(response: Any) -> str:
    assert response.status_code in (400, 409), response.content
    return response.json()["error"]["message"]


def test_screenings_explain_their_level_and_keep_the_case_risk_current(
    client, planted_case, cpu_worker
):
    client.force_login(cpu_worker)
    path = f"cases/{planted_case.code}/screenings/"
    first = post(
        client,
        path,
        {"screened_on": "2026-10-03", "indicators": ["blood_feud", "school_abandonment"]},
    )
    assert first.status_code == 201
    assert first.json()["indicators"] == ["blood_feud", "school_abandonment"]
    assert (first.json()["score"], first.json()["level"]) == (5, "medium")
    post(client, path, {"screened_on": "2026-11-03"})
    listed = client.get(f"/api/v1/{path}").json()
    assert [row["level"] for row in listed["results"]] == ["low", "medium"]
    assert client.get(f"/api/v1/cases/{planted_case.code}/").json()["risk_level"] == "low"


@pytest.mark.parametrize(
    ("section", "body", "field", "text"),
    [
        ("screenings", {"screened_on": "2099-01-01"}, "screened_on", "cannot be in the future"),
        (
            "screenings",
            {"screened_on": DAY, "indicators": ["bad_luck"]},
            "indicators",
            "not a valid choice",
        ),
        ("screenings", {"screened_on": "yesterday"}, "screened_on", "wrong format"),
        ("rights", {"informed_on": "2099-01-01"}, "informed_on", "cannot be in the future"),
        ("cooperation", {"recorded_on": DAY, "status": "maybe"}, "status", "not a valid choice"),
        ("assessments", {"assessed_on": DAY}, "assessor_position", "required"),
        (
            "assessments",
            {"assessed_on": DAY, "assessor_position": "Social worker", "needs": ["a_pony"]},
            "needs",
            "not a valid choice",
        ),
        (
            "services",
            {"service": "legal", "provider": "{shelter_el}", "planned_on": DAY},
            "provider",
            "does not offer this service",
        ),
        (
            "services",
            {"service": "legal", "provider": 987654, "planned_on": DAY},
            "provider",
            "does not exist",
        ),
        (
            "follow-ups",
            {"on": DAY, "kind": "visit", "retrafficking_risk": "low", "next_due": "2026-01-01"},
            "next_due",
            "cannot be due before this one",
        ),
        (
            "follow-ups",
            {"on": "2099-01-01", "kind": "visit", "retrafficking_risk": "low"},
            "on",
            "cannot be in the future",
        ),
        (
            "escalations",
            {"structure": "{committee_vl}", "reason": "other"},
            "structure",
            "does not exist",
        ),
    ],
)
def test_bad_care_input_is_explained_and_changes_nothing(
    client, network, planted_case, cpu_worker, section, body, field, text
):
    body = {
        key: network[value[1:-1]].pk if isinstance(value, str) and value[:1] == "{" else value
        for key, value in body.items()
    }
    client.force_login(cpu_worker)
    response = post(client, f"cases/{planted_case.code}/{section}/", body)
    assert text in " ".join(fields(response)[field])
    for records in ("screenings", "rights_informed", "cooperation", "assessments"):
        assert not getattr(planted_case, records).exists()
    for records in ("services", "follow_ups", "escalations"):
        assert not getattr(planted_case, records).exists()


def test_an_escalation_note_naming_the_person_is_refused(client, network, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    refused = post(
        client,
        f"cases/{planted_case.code}/escalations/",
        {"structure": network["table_el"].pk, "reason": "safety", "note": "Shpresa is afraid"},
    )
    assert "name of a person" in message(refused)
    for value in PLANTED_VALUES:
        assert value not in refused.content.decode()
    assert not planted_case.escalations.exists()


def plan_shelter(client: Any, network: dict[str, Any], case: Case) -> dict[str, Any]:
    response = post(
        client,
        f"cases/{case.code}/services/",
        {"service": "safe_accommodation", "provider": network["shelter_el"].pk, "planned_on": DAY},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_two_editors_of_one_service_cannot_overwrite_each_other(
    client, network, planted_case, cpu_worker, ngo_worker
):
    client.force_login(cpu_worker)
    planned = plan_shelter(client, network, planted_case)
    assert (planned["status"], planned["version"], planned["provider_name"]) == (
        "planned",
        1,
        "Another Vision",
    )
    path = f"cases/{planted_case.code}/services/{planned['id']}/"
    client.force_login(ngo_worker)
    started = post(client, path, {"version": 1, "status": "started", "note": "Arrived"}, "patch")
    assert started.status_code == 200
    # Started without a date: it started today.
    assert (started.json()["version"], started.json()["started_on"]) == (
        2,
        timezone.localdate().isoformat(),
    )
    client.force_login(cpu_worker)
    stale = post(client, path, {"version": 1, "status": "declined"}, "patch")
    assert stale.status_code == 409
    assert "Someone else changed this service" in message(stale)
    kept = PlannedService.objects.get(pk=planned["id"])
    assert (kept.status, kept.version, kept.note) == ("started", 2, "Arrived")
    # Reloaded, the second editor's change goes through and keeps what it did not name.
    fresh = client.get(f"/api/v1/{path}").json()
    delivered = post(client, path, {"version": fresh["version"], "status": "delivered"}, "patch")
    assert (delivered.json()["status"], delivered.json()["note"]) == ("delivered", "Arrived")


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"version": 1, "started_on": "2099-01-01"}, "started_on", "cannot be in the future"),
        (
            {"version": 1, "started_on": "2026-10-10", "ended_on": "2026-10-01"},
            "ended_on",
            "cannot end before it starts",
        ),
        ({"status": "started"}, "version", "required"),
        ({"version": 0, "status": "started"}, "version", "greater than or equal to 1"),
        ({"version": 2**31, "status": "started"}, "version", "less than or equal to"),
        ({"version": 1, "status": "teleported"}, "status", "not a valid choice"),
    ],
)
def test_bad_service_updates_change_nothing(
    client, network, planted_case, cpu_worker, body, field, text
):
    client.force_login(cpu_worker)
    planned = plan_shelter(client, network, planted_case)
    path = f"cases/{planted_case.code}/services/{planned['id']}/"
    assert text in " ".join(fields(post(client, path, body, "patch"))[field])
    kept = PlannedService.objects.get(pk=planned["id"])
    assert (kept.status, kept.version, kept.started_on) == ("planned", 1, None)


def test_a_service_is_reached_through_its_own_case_only(client, network, planted_case, cpu_worker):
    from tryeza.cases.services import case_register

    other = case_register(
        actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity()
    )
    planned = service_plan(
        actor=cpu_worker,
        case=planted_case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=datetime.date(2026, 10, 20),
    )
    client.force_login(cpu_worker)
    path = f"cases/{other.code}/services/{planned.pk}/"
    assert client.get(f"/api/v1/{path}").status_code == 404
    assert post(client, path, {"version": 1, "status": "started"}, "patch").status_code == 404
    assert PlannedService.objects.get(pk=planned.pk).status == "planned"


def test_follow_up_sets_the_next_due_date(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    response = post(
        client,
        f"cases/{planted_case.code}/follow-ups/",
        {
            "on": DAY,
            "kind": "school",
            "school": "enrolled",
            "working": None,
            "retrafficking_risk": "medium",
            "next_due": "2026-12-01",
        },
    )
    assert response.status_code == 201
    assert response.json()["by"] == "drita"
    assert client.get(f"/api/v1/cases/{planted_case.code}/").json()["next_follow_up"] == (
        "2026-12-01"
    )


def test_every_service_path_works_through_the_api_with_police_cooperation_refused(
    client, network, planted_case, cpu_worker, ngo_worker
):
    """Assistance never depends on cooperating with police, through the API either."""
    client.force_login(cpu_worker)
    code = planted_case.code
    refused = post(client, f"cases/{code}/cooperation/", {"recorded_on": DAY, "status": "declined"})
    assert refused.status_code == 201
    assert post(client, f"cases/{code}/rights/", {"informed_on": DAY}).status_code == 201
    assessed = post(
        client,
        f"cases/{code}/assessments/",
        {"assessed_on": DAY, "assessor_position": "Social worker", "needs": ServiceType.values},
    )
    assert assessed.status_code == 201
    for service in ServiceType.values:
        ServiceOfferingFactory(institution=network["cpu_el"], service=service)
    for service in ServiceType.values:
        planned = post(
            client,
            f"cases/{code}/services/",
            {"service": service, "provider": network["cpu_el"].pk, "planned_on": DAY},
        ).json()
        path = f"cases/{code}/services/{planned['id']}/"
        started = post(client, path, {"version": 1, "status": "started"}, "patch").json()
        delivered = post(
            client, path, {"version": started["version"], "status": "delivered"}, "patch"
        )
        assert delivered.json()["status"] == "delivered"
        sent = post(
            client,
            f"cases/{code}/referrals/",
            {
                "to": [network["cpu_el"].pk],
                "service": service,
                "consent_given_on": DAY,
                "consent_parts": ["needs"],
            },
        )
        assert sent.status_code == 201
    escalated = post(
        client,
        f"cases/{code}/escalations/",
        {"structure": network["table_el"].pk, "reason": "resources"},
    )
    assert escalated.status_code == 201
    followed = post(
        client,
        f"cases/{code}/follow-ups/",
        {"on": DAY, "kind": "visit", "retrafficking_risk": "low"},
    )
    assert followed.status_code == 201
    assert planted_case.services.filter(status="delivered").count() == len(ServiceType.values)


def test_cooperation_is_listed_apart_and_only_for_the_team(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    post(
        client,
        f"cases/{planted_case.code}/cooperation/",
        {"recorded_on": DAY, "status": "cooperating"},
    )
    listed = client.get(f"/api/v1/cases/{planted_case.code}/cooperation/").json()
    assert [row["status"] for row in listed["results"]] == ["cooperating"]
    assert "cooperat" not in client.get(f"/api/v1/cases/{planted_case.code}/").content.decode()
