"""The reporting API from its users' side: the reference (periods, catalogue), an
institution entering and submitting its figures, the secretariat explaining differences
and approving, ONAC accepting and checking completeness; and bad input, which gets a 4xx
with a message and changes nothing."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tryeza.cases.tests.conftest import PLANTED_FIRST, PLANTED_LAST, planted_identity
from tryeza.reporting.models import DataReturn, ReportStatus, ReturnStatus
from tryeza.reporting.tests.conftest import PERIOD, fill, victims

pytestmark = pytest.mark.django_db

API = "/api/v1/reporting"
ELBASAN = f"AL-03/{PERIOD}"
MINE = f"{API}/returns/mine/{ELBASAN}/"
REPORT = f"{API}/reports/{ELBASAN}/"


def send(client: Any, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(path, body or {}, content_type="application/json")


def fields(response: Any) -> dict[str, Any]:
    """The messages per field of a 400, in the API's one error format."""
    assert response.status_code == 400, response.content
    found: dict[str, Any] = response.json()["error"]["fields"]
    return found


def cell(element: str, period: str, number: int | None, dim: str = "", cat: str = "") -> Any:
    return {
        "element": element,
        "period": period,
        "dimension": dim,
        "category": cat,
        "number": number,
    }


# --- Reference ---------------------------------------------------------------------------


def test_periods_are_recent_half_years_with_their_quarters(client: Any, cpu_worker: Any) -> None:
    client.force_login(cpu_worker)
    periods = client.get(f"{API}/periods/").json()
    assert [p["code"] for p in periods][:2] == ["2026S1", "2025S2"]
    first = periods[0]
    assert first["is_current"] is True and first["due"] == "2026-07-30"
    assert [q["code"] for q in first["quarters"]] == ["2026Q1", "2026Q2"]


def test_the_catalogue_lists_municipalities_of_the_region_asked_for(
    client: Any, cpu_worker: Any, network: Any
) -> None:
    client.force_login(cpu_worker)

    def dimensions(query: str) -> dict[str, list[str]]:
        elements = {e["code"]: e for e in client.get(f"{API}/elements/{query}").json()}
        victims = elements["victims_identified"]
        assert victims["period_type"] == "Q" and victims["kind"] == "count"
        assert elements["migration_notes"]["kind"] == "text"
        return {d["code"]: [c["code"] for c in d["categories"]] for d in victims["dimensions"]}

    assert dimensions("")["municipality"] == []
    assert "female" in dimensions("")["sex"]
    elbasan = set(network["elbasan"].municipalities.values_list("code", flat=True))
    assert set(dimensions("?region=AL-03")["municipality"]) == elbasan
    assert "region" in fields(client.get(f"{API}/elements/?region=XX-99"))


# --- An institution's return --------------------------------------------------------------


def test_the_police_enter_and_submit_their_figures(client: Any, committee_member: Any) -> None:
    client.force_login(committee_member)
    mine = client.get(MINE).json()
    assert (mine["status"], mine["values"], mine["locked"]) == ("draft", [], False)
    body = {
        "version": mine["version"],
        "values": [
            cell("victims_identified", "2026Q1", 3),
            cell("victims_identified", "2026Q1", 2, "sex", "female"),
            cell("victims_identified", "2026Q2", 4),
        ],
        "texts": [{"element": "justice_notes", "period": PERIOD, "text": "Links to smuggling."}],
    }
    saved = send(client, "put", MINE, body)
    assert saved.status_code == 200, saved.content
    data = saved.json()
    assert data["version"] == mine["version"] + 1
    assert {(v["period"], v["category"], v["number"]) for v in data["values"]} == {
        ("2026Q1", "", 3),
        ("2026Q1", "female", 2),
        ("2026Q2", "", 4),
    }
    assert data["texts"] == [
        {"element": "justice_notes", "period": PERIOD, "text": "Links to smuggling."}
    ]
    submitted = send(client, "post", f"{MINE}submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = send(client, "put", MINE, {**body, "version": submitted.json()["version"]})
    assert "submitted" in fields(again)["non_field_errors"][0]


def test_wrong_totals_are_listed_and_nothing_is_saved(
    client: Any, network: Any, committee_member: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(committee_member)
    wrong = send(
        client,
        "put",
        MINE,
        {
            "version": data_return.version,
            "values": [
                cell("victims_identified", "2026Q1", 3),
                cell("victims_identified", "2026Q1", 9, "sex", "female"),
                cell("victims_identified", "2026Q2", 40),
            ],
        },
    )
    response = wrong.json()["error"]
    assert response["code"] == "invalid"
    [problem] = fields(wrong)["values"]
    assert "2026Q1" in problem and "more than the total 3" in problem
    data_return.refresh_from_db()
    assert set(data_return.values.values_list("period", "number")) == {("2026Q1", 3), ("2026Q2", 4)}
    assert data_return.version == 2


def test_cells_outside_the_catalogue_are_refused_by_item(
    client: Any, network: Any, committee_member: Any
) -> None:
    client.force_login(committee_member)
    version = client.get(MINE).json()["version"]
    bad = send(
        client,
        "put",
        MINE,
        {
            "version": version,
            "values": [
                cell("victims_identified", "2026Q3", 1),
                cell("victims_identified", "2026Q1", 1, "municipality", "AL351"),
                cell("victims_identified", "2026Q1", 1),
                cell("victims_identified", "2026Q1", 2),
                cell("migration_notes", PERIOD, 1),
            ],
            "texts": [{"element": "victims_identified", "period": PERIOD, "text": "x"}],
        },
    )
    problems = fields(bad)
    assert [p.split(":")[0] for p in problems["values"]] == [
        "Item 1",
        "Item 2",
        "Item 4",
        "Item 5",
    ]
    assert "given twice" in problems["values"][2]
    # A negative count never reaches the rules.
    negative = send(client, "put", MINE, {"version": version, "values": [cell("x", "y", -1)]})
    assert "number" in fields(negative)["values"]["0"]
    assert not DataReturn.objects.filter(values__isnull=False).exists()


def test_a_stale_version_is_a_409_and_changes_nothing(
    client: Any, network: Any, committee_member: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(committee_member)
    stale = send(
        client,
        "put",
        MINE,
        {"version": data_return.version - 1, "values": [cell("victims_identified", "2026Q1", 1)]},
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert set(data_return.values.values_list("number", flat=True)) == {3, 4}


# --- The committee's report ----------------------------------------------------------------


def test_the_secretariat_explains_differences_approves_and_onac_accepts(
    client: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
    police_return: DataReturn,
    ngo_return: DataReturn,
) -> None:
    client.force_login(secretariat_officer)
    report = client.get(REPORT).json()
    assert report["may_review"] is True and report["exact"] is True
    found = {(d["element"], d["period"]): d for d in report["discrepancies"]}
    assert set(found) == {("victims_identified", "2026Q1"), ("victims_identified", "2026Q2")}
    q1 = found[("victims_identified", "2026Q1")]
    assert {f["display"] for f in q1["figures"]} >= {"3", "5"}
    refused = send(client, "post", f"{REPORT}approve/")
    assert "Explain why" in fields(refused)["non_field_errors"][0]
    for element, period in found:
        explained = send(
            client,
            "post",
            f"{REPORT}explanations/",
            {"element": element, "period": period, "text": "The shelter counts more.", "agreed": 5},
        )
        assert explained.status_code == 201, explained.content
        assert explained.json()["agreed"] == {"number": 5, "display": "5"}
    approved = send(client, "post", f"{REPORT}approve/")
    assert approved.status_code == 200 and approved.json()["status"] == ReportStatus.APPROVED
    assert {t["period"]: t["number"] for t in approved.json()["totals"]} == {
        "2026Q1": 5,
        "2026Q2": 5,
    }
    assert send(client, "post", f"{REPORT}accept/").status_code == 403

    client.force_login(national_coordinator)
    accepted = send(client, "post", f"{REPORT}accept/")
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["status"] == ReportStatus.ACCEPTED
    assert [e["action"] for e in body["trail"]] == [
        "submitted",
        "submitted",
        "approved",
        "accepted",
    ]
    assert all(e["by"] for e in body["trail"])


def test_onac_returns_an_approved_report_with_a_comment(
    client: Any, secretariat_officer: Any, national_coordinator: Any, police_return: DataReturn
) -> None:
    client.force_login(secretariat_officer)
    assert send(client, "post", f"{REPORT}approve/").status_code == 200
    client.force_login(national_coordinator)
    assert "comment" in fields(send(client, "post", f"{REPORT}send-back/", {}))
    back = send(client, "post", f"{REPORT}send-back/", {"comment": "Q2 looks low."})
    assert back.status_code == 200
    assert (back.json()["status"], back.json()["comment"]) == ("open", "Q2 looks low.")


def test_the_analysis_is_saved_with_its_version_and_never_names_a_person(
    client: Any, network: Any, secretariat_officer: Any, cpu_worker: Any
) -> None:
    from tryeza.cases.services import case_register
    from tryeza.cases.tests.conftest import elbasan_draft

    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    client.force_login(secretariat_officer)
    version = client.get(REPORT).json()["version"]
    saved = send(
        client,
        "put",
        REPORT,
        {"version": version, "summary": "Seasonal migration to Greece.", "is_baseline": True},
    )
    assert saved.status_code == 200
    assert (saved.json()["summary"], saved.json()["is_baseline"]) == (
        "Seasonal migration to Greece.",
        True,
    )
    assert send(client, "put", REPORT, {"version": version, "summary": "x"}).status_code == 409
    named = send(
        client,
        "put",
        REPORT,
        {"version": version + 1, "summary": f"{PLANTED_FIRST} {PLANTED_LAST} left school."},
    )
    assert "name of a person" in fields(named)["non_field_errors"][0]
    assert client.get(REPORT).json()["summary"] == "Seasonal migration to Greece."


def test_the_secretariat_returns_submitted_figures(
    client: Any, secretariat_officer: Any, police_return: DataReturn
) -> None:
    client.force_login(secretariat_officer)
    path = f"{API}/returns/{police_return.pk}/send-back/"
    back = send(client, "post", path, {"comment": "Q2 is missing the March cases."})
    assert back.status_code == 200
    assert (back.json()["status"], back.json()["comment"]) == (
        ReturnStatus.RETURNED,
        "Q2 is missing the March cases.",
    )
    assert "non_field_errors" in fields(send(client, "post", path, {"comment": "Again."}))


# --- Lists --------------------------------------------------------------------------------


def test_the_returns_list_shows_figures_inside_the_region_only(
    client: Any,
    network: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
    cpu_worker: Any,
    police_return: DataReturn,
    ngo_return: DataReturn,
) -> None:
    client.force_login(secretariat_officer)
    client.get(f"{API}/returns/")  # warm the session
    with CaptureQueriesContext(connection) as two:
        rows = client.get(f"{API}/returns/?period={PERIOD}").json()["results"]
    assert {r["institution"]: len(r["values"]) for r in rows} == {
        police_return.institution_id: 4,
        ngo_return.institution_id: 4,
    }
    fill(cpu_worker, network["cpu_el"], victims(1, 2))
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(f"{API}/returns/?period={PERIOD}").json()["results"]) == 3
    assert len(three) == len(two)

    client.force_login(national_coordinator)
    rows = client.get(f"{API}/returns/").json()["results"]
    assert [(r["region"], r["status"], r["values"]) for r in rows] == [
        ("AL-03", "submitted", None)
    ] * 3
    assert "period" in fields(client.get(f"{API}/returns/?period=2026Q1"))
    assert "region" in fields(client.get(f"{API}/returns/?region=nowhere"))


def test_onac_sees_completeness_per_region(
    client: Any, national_coordinator: Any, police_return: DataReturn, ngo_return: DataReturn
) -> None:
    client.force_login(national_coordinator)
    rows = {r["region"]: r for r in client.get(f"{API}/completeness/?period={PERIOD}").json()}
    assert len(rows) == 12
    elbasan = rows["AL-03"]
    assert (elbasan["submitted"], elbasan["report_status"], elbasan["approved_on_time"]) == (
        2,
        "open",
        None,
    )
    assert elbasan["expected"] >= 3
    assert rows["AL-12"]["submitted"] == 0


def test_the_schema_documents_every_reporting_route(client: Any, observer: Any) -> None:
    from drf_spectacular.validation import validate_schema

    from tryeza.reporting.api_urls import urlpatterns

    client.force_login(observer)
    schema = client.get(reverse("api-schema")).json()
    validate_schema(schema)
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        for name in ("region", "period"):
            route = route.replace(f"<str:{name}>", "{" + name + "}")
        route = route.replace("<int:pk>", "{id}")
        assert f"/api/v1/{route}" in schema["paths"], route
    put = schema["paths"]["/api/v1/reporting/returns/mine/{region}/{period}/"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReturnIn"
    }
