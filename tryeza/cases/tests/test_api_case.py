"""The case API from the team's side: list, registration, detail, reveal, status, the
timeline and the access log — and bad input, which gets a 4xx with a message and
changes nothing."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tryeza.cases.models import Case, CaseAccess, CaseIdentity
from tryeza.cases.services import case_register, cooperation_record

from .conftest import PLANTED_FIRST, PLANTED_LAST, PLANTED_VALUES, elbasan_draft, planted_identity


def assert_no_identifier(response: Any) -> None:
    body = response.content.decode()
    for value in PLANTED_VALUES:
        assert value not in body


def post(client: Any, path: str, data: Any) -> Any:
    return client.post(f"/api/v1/{path}", data, content_type="application/json")


def fields(response: Any) -> dict[str, Any]:
    """The messages per field of a 400, in the API's one error format."""
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def test_the_team_lists_its_cases_without_the_person(client, planted_case, ngo_worker):
    client.force_login(ngo_worker)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["code"] == planted_case.code
    assert (row["region"], row["age_band"], row["sex"]) == ("AL-03", "9-17", "female")
    assert_no_identifier(response)


def test_the_list_filters_by_the_same_form_as_the_page(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    assert client.get("/api/v1/cases/?status=pending").json()["results"] == []
    assert client.get("/api/v1/cases/?status=registered").json()["count"] == 1
    bad = client.get("/api/v1/cases/?status=lost")
    assert "not one of the available choices" in fields(bad)["status"][0]


def test_the_case_list_runs_a_constant_number_of_queries(
    client, network, cpu_worker, django_assert_num_queries
):
    client.force_login(cpu_worker)
    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    client.get("/api/v1/cases/")  # warm the session
    with CaptureQueriesContext(connection) as one_case:
        assert len(client.get("/api/v1/cases/").json()["results"]) == 1
    for _ in range(19):
        case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    with django_assert_num_queries(len(one_case.captured_queries)):
        assert len(client.get("/api/v1/cases/").json()["results"]) == 20


def registration(network: dict[str, Any], **changes: Any) -> dict[str, Any]:
    person = {
        "first_name": "Arta",
        "last_name": "Kola",
        "date_of_birth": "2012-05-01",
        "guardian": "Mother, Lule Kola",
    }
    person.update(changes.pop("person", {}))
    data = {
        "person": person,
        "stage": "at_risk",
        "identification_kind": "informal",
        "identified_by": "teacher",
        "identified_on": "2026-09-01",
        "municipality": network["elbasan"].municipalities.get(name="Peqin").code,
        "sex": "female",
        "citizenship": "al",
        "exploitation": "none_yet",
        "team": [network["shelter_el"].pk, network["police_el"].pk],
    }
    data.update(changes)
    return data


def test_a_cpu_worker_registers_a_child_through_the_api(client, network, cpu_worker):
    client.force_login(cpu_worker)
    response = post(client, "cases/", registration(network))
    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert response.json()["code"] == case.code
    assert response.json()["version"] == 1
    assert "Arta" not in response.content.decode()
    assert (case.age_band, case.citizenship) == ("9-17", "AL")
    assert case.lead_institution == network["cpu_el"]
    assert case.team.count() == 3
    assert b"Kola" not in bytes(CaseIdentity.objects.get(case=case).ciphertext)


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        ({"person": {"guardian": ""}}, ("person", "guardian"), "A child needs a guardian"),
        ({"identified_on": "2099-01-01"}, ("identified_on",), "cannot be in the future"),
        (
            {"person": {"date_of_birth": "2099-12-31"}},
            ("person", "date_of_birth"),
            "cannot be in the future",
        ),
        (
            {"person": {"date_of_birth": "2026-10-01"}, "identified_on": "2026-09-01"},
            ("person", "date_of_birth"),
            "before birth",
        ),
        ({"identified_on": "2026-02-30"}, ("identified_on",), "wrong format"),
        ({"age_band": "30-38"}, ("age_band",), "does not match the date of birth"),
        ({"citizenship": "Albania"}, ("citizenship",), "two-letter country code"),
        ({"person": {"first_name": "x" * 81}}, ("person", "first_name"), "no more than 80"),
        ({"person": {"first_name": ""}}, ("person", "first_name"), "may not be blank"),
        ({"stage": "lost"}, ("stage",), "is not a valid choice"),
        ({"municipality": "AL999"}, ("municipality",), "does not exist"),
    ],
)
def test_bad_registrations_are_explained_and_change_nothing(
    client, network, cpu_worker, changes, where, message
):
    client.force_login(cpu_worker)
    response = post(client, "cases/", registration(network, **changes))
    errors = fields(response)
    for key in where:
        errors = errors[key]
    assert message in " ".join(errors)
    assert not Case.objects.exists()


def test_a_municipality_or_team_of_another_region_is_refused(client, network, cpu_worker):
    client.force_login(cpu_worker)
    vlore = network["vlore"].municipalities.first().code
    assert "municipality" in fields(
        post(client, "cases/", registration(network, municipality=vlore))
    )
    other = registration(network, team=[network["prefecture_vl"].pk])
    assert "team" in fields(post(client, "cases/", other))
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "body", ['{"person": {"first_name": "Arta"', "[1, 2]", '"text"', "null", ""]
)
def test_malformed_json_is_a_400_never_a_500(client, cpu_worker, planted_case, body):
    client.force_login(cpu_worker)
    for path in (
        "cases/",
        f"cases/{planted_case.code}/status/",
        f"cases/{planted_case.code}/reveal/",
        f"cases/{planted_case.code}/screenings/",
    ):
        response = client.post(f"/api/v1/{path}", body, content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert response.json()["error"]["message"]
    assert Case.objects.count() == 1


def test_a_possible_earlier_record_is_named_before_a_second_is_created(
    client, network, planted_case, cpu_worker
):
    client.force_login(cpu_worker)
    data = registration(
        network,
        person={"first_name": PLANTED_FIRST.upper(), "last_name": PLANTED_LAST},
        age_band="9-17",
    )
    data["person"].pop("date_of_birth")
    response = post(client, "cases/", data)
    assert planted_case.code in fields(response)["confirm_new"][0]
    assert Case.objects.count() == 1
    assert post(client, "cases/", {**data, "confirm_new": True}).status_code == 201
    assert Case.objects.count() == 2


def test_every_answer_about_a_case_is_recorded_as_an_api_view(client, planted_case, ngo_worker):
    client.force_login(ngo_worker)
    response = client.get(f"/api/v1/cases/{planted_case.code.lower()}/")
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == planted_case.code
    assert [member["is_lead"] for member in data["team"]] == [True, False, False]
    assert data["reveal_purposes"] == ["case_management", "service_provision"]
    assert_no_identifier(response)
    assert response["Cache-Control"] == "no-store, private"
    for section in ("timeline", "screenings", "services", "follow-ups", "referrals"):
        assert client.get(f"/api/v1/cases/{planted_case.code}/{section}/").status_code == 200
    views = CaseAccess.objects.filter(case=planted_case, user=ngo_worker)
    assert views.count() == 6
    assert set(views.values_list("channel", "purpose")) == {("api", "")}
    assert all(fields == [] for fields in views.values_list("fields", flat=True))


def test_a_reveal_names_its_purpose_and_lasts_one_answer(client, planted_case, ngo_worker):
    client.force_login(ngo_worker)
    path = f"cases/{planted_case.code}/reveal/"
    shown = post(client, path, {"purpose": "service_provision", "show": ["first_name"]})
    assert shown.status_code == 200
    assert shown.json() == {"first_name": PLANTED_FIRST}
    assert "no-store" in shown["Cache-Control"]
    access = CaseAccess.objects.get(case=planted_case, user=ngo_worker)
    assert (access.channel, access.purpose, access.fields) == (
        "api",
        "service_provision",
        ["first_name"],
    )
    assert_no_identifier(client.get(f"/api/v1/cases/{planted_case.code}/"))


def test_a_reveal_without_an_allowed_purpose_shows_nothing(
    client, planted_case, ngo_worker, police_worker
):
    client.force_login(ngo_worker)
    path = f"cases/{planted_case.code}/reveal/"
    for body in (
        {"purpose": "criminal_investigation"},
        {"purpose": "curiosity"},
        {},
        {"purpose": "case_management", "show": ["shoe_size"]},
    ):
        response = post(client, path, body)
        assert response.status_code == 400
        assert_no_identifier(response)
    client.force_login(police_worker)
    assert post(client, path, {"purpose": "case_management"}).status_code == 400
    investigation = post(client, path, {"purpose": "criminal_investigation"})
    assert investigation.json()["last_name"] == PLANTED_LAST
    assert list(CaseAccess.objects.exclude(purpose="").values_list("user", flat=True)) == [
        police_worker.pk
    ]


def test_a_stale_status_change_gets_409_and_keeps_the_other_edit(
    client, planted_case, cpu_worker, ngo_worker
):
    path = f"cases/{planted_case.code}/status/"
    client.force_login(ngo_worker)
    first = post(client, path, {"version": 1, "stage": "potential_victim", "status": "pending"})
    assert first.status_code == 200
    assert first.json()["version"] == 2
    client.force_login(cpu_worker)
    stale = post(client, path, {"version": 1, "stage": "at_risk", "status": "resolved"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert "Someone else saved this case" in stale.json()["error"]["message"]
    planted_case.refresh_from_db()
    assert (planted_case.stage, planted_case.status, planted_case.version) == (
        "potential_victim",
        "pending",
        2,
    )
    assert planted_case.status_history.count() == 2


def test_closing_a_case_needs_a_reason(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    path = f"cases/{planted_case.code}/status/"
    refused = post(client, path, {"version": 1, "stage": "at_risk", "status": "closed"})
    assert "Say why the case is closed" in fields(refused)["closure_reason"][0]
    closed = post(
        client,
        path,
        {"version": 1, "stage": "at_risk", "status": "closed", "closure_reason": "moved_away"},
    )
    assert closed.json()["closure_reason"] == "moved_away"


def test_the_timeline_leaves_police_cooperation_out(client, planted_case, cpu_worker):
    cooperation_record(
        actor=cpu_worker,
        case=planted_case,
        recorded_on=datetime.date(2026, 10, 5),
        status="declined",
    )
    client.force_login(cpu_worker)
    response = client.get(f"/api/v1/cases/{planted_case.code}/timeline/")
    events = response.json()
    assert [event["what"] for event in events] == ["Identified", "Stage and status"]
    assert "ooperat" not in response.content.decode()


def test_the_lead_reads_who_looked_and_nobody_else_on_the_team(
    client, planted_case, cpu_worker, ngo_worker
):
    client.force_login(ngo_worker)
    client.get(f"/api/v1/cases/{planted_case.code}/")
    assert client.get(f"/api/v1/cases/{planted_case.code}/log/").status_code == 404
    client.force_login(cpu_worker)
    log = client.get(f"/api/v1/cases/{planted_case.code}/log/")
    assert log.status_code == 200
    [entry] = log.json()["results"]
    assert (entry["user"], entry["channel"], entry["fields"]) == ("elira", "api", [])
    assert_no_identifier(log)


def test_a_data_protection_officer_reads_the_log_but_not_the_case(client, network, planted_case):
    from tryeza.accounts.models import Role
    from tryeza.factories import UserFactory

    officer = UserFactory.create(
        username="dpo",
        institution=network["onac"],
        role=Role.objects.get(code="data_protection_officer"),
    )
    client.force_login(officer)
    assert client.get(f"/api/v1/cases/{planted_case.code}/log/").status_code == 200
    assert client.get(f"/api/v1/cases/{planted_case.code}/").status_code == 404
    reveal = post(client, f"cases/{planted_case.code}/reveal/", {"purpose": "case_management"})
    assert reveal.status_code == 404
    assert_no_identifier(reveal)


def test_the_schema_describes_every_case_route(client, cpu_worker):
    from drf_spectacular.validation import validate_schema

    from tryeza.cases.api_urls import urlpatterns

    client.force_login(cpu_worker)
    schema = client.get("/api/v1/schema/").json()
    validate_schema(schema)
    documented = set(schema["paths"])
    for pattern in urlpatterns:
        route = str(pattern.pattern).replace("<str:code>", "{code}").replace("<int:pk>", "{id}")
        assert f"/api/v1/{route}" in documented
    registration = schema["paths"]["/api/v1/cases/"]["post"]["requestBody"]
    assert registration["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CaseRegistrationIn"
    }


def test_an_unknown_case_code_is_a_404_with_a_message_for_the_team_too(client, cpu_worker):
    client.force_login(cpu_worker)
    for path in ("EL-1999-0999/", "EL-1999-0999/screenings/", "not a code/timeline/"):
        response = client.get(f"/api/v1/cases/{path}")
        assert response.status_code == 404
        assert response.json()["error"]["message"]
    refused = post(client, "cases/EL-1999-0999/status/", {"version": 1})
    assert refused.status_code == 404
