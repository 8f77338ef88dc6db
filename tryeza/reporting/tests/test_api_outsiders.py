"""The reporting API from the outsider's side: another region's officer, an observer, an
account without a role and an anonymous client get Elbasan's returns and report as if they
did not exist; an institution reaches only its own return; a committee member reads the
report but cannot approve it; ONAC sees Elbasan's small counts as "<5"."""

from typing import Any

import pytest

from tryeza.reporting import selectors
from tryeza.reporting.models import DataReturn, RegionReport, ReportStatus, ReturnStatus, Value
from tryeza.reporting.tests.conftest import PERIOD, fill, victims

pytestmark = pytest.mark.django_db

API = "/api/v1/reporting"
ELBASAN = f"AL-03/{PERIOD}"

# Every route about Elbasan's 2026S1 figures, with a body its owner would get accepted.
ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("get", f"reports/{ELBASAN}/", None),
    ("put", f"reports/{ELBASAN}/", {"version": 1, "summary": "Migration is seasonal."}),
    (
        "post",
        f"reports/{ELBASAN}/explanations/",
        {"element": "victims_identified", "period": "2026Q1", "text": "Shelter counts more."},
    ),
    ("post", f"reports/{ELBASAN}/approve/", {}),
    ("post", f"reports/{ELBASAN}/send-back/", {"comment": "Check Q2."}),
    ("post", f"reports/{ELBASAN}/accept/", {}),
    ("get", f"returns/mine/{ELBASAN}/", None),
    ("put", f"returns/mine/{ELBASAN}/", {"version": 1, "values": []}),
    ("post", f"returns/mine/{ELBASAN}/submit/", {}),
    ("post", "returns/{police}/send-back/", {"comment": "Check Q2."}),
]

OUTSIDERS = ["other_region_officer", "observer", "outsider"]


def call(client: Any, method: str, route: str, body: Any, police: int) -> Any:
    path = f"{API}/{route.format(police=police)}"
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, body, content_type="application/json")


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


def snapshot(police_return: DataReturn) -> tuple[Any, ...]:
    """Everything an outsider's request could have changed."""
    police_return.refresh_from_db()
    report = RegionReport.objects.filter(region_id=police_return.region_id, period=PERIOD).first()
    values = sorted(
        Value.objects.filter(data_return=police_return).values_list("element", "period", "number")
    )
    return (
        police_return.version,
        police_return.status,
        report and (report.version, report.status, report.summary),
        values,
        RegionReport.objects.count(),
        DataReturn.objects.count(),
    )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_for_every_elbasan_route(
    request: Any, client: Any, persona: str, police_return: DataReturn, ngo_return: DataReturn
) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(police_return)
    for method, route, body in ROUTES:
        real = call(client, method, route, body, police_return.pk)
        missing_route = route.replace("AL-03", "AL-99").replace("{police}", "987654")
        missing = call(client, method, missing_route, body, police_return.pk)
        assert error_of(real, 404) == error_of(missing, 404), (persona, route)
    assert snapshot(police_return) == before


def test_without_a_token_every_route_is_401(client: Any, police_return: DataReturn) -> None:
    before = snapshot(police_return)
    extra = [
        ("get", "returns/", None),
        ("get", "periods/", None),
        ("get", "elements/", None),
        ("get", "completeness/", None),
        ("get", "dhis2/dataValueSets.json", None),
    ]
    for method, route, body in ROUTES + extra:
        error = error_of(call(client, method, route, body, police_return.pk), 401)
        assert error["code"] == "not_authenticated"
    assert snapshot(police_return) == before


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_list_no_elbasan_return(
    request: Any, client: Any, persona: str, police_return: DataReturn
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for query in ("", "?region=AL-03", f"?region=AL-03&period={PERIOD}"):
        response = client.get(f"{API}/returns/{query}")
        assert response.status_code == 200
        assert response.json()["results"] == []


@pytest.mark.parametrize("persona", ["secretariat_officer", "committee_member", *OUTSIDERS])
def test_national_pages_are_404_for_everyone_but_onac(
    request: Any, client: Any, persona: str, police_return: DataReturn
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for route in ("completeness/", "national/", f"dhis2/dataValueSets.json?period={PERIOD}"):
        assert error_of(client.get(f"{API}/{route}"), 404)["code"] == "not_found"


def test_the_ngo_reaches_only_its_own_return(
    client: Any, network: Any, committee_member: Any, ngo_worker: Any
) -> None:
    """``mine/`` is the caller's institution: the shelter's worker gets the shelter's
    return, never the police's draft, and saving it leaves the police's untouched."""
    police = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(ngo_worker)
    mine = client.get(f"{API}/returns/mine/{ELBASAN}/").json()
    assert mine["institution"] == network["shelter_el"].pk
    assert mine["values"] == [] and mine["id"] != police.pk
    total = {"element": "victims_identified", "period": "2026Q1", "number": 9}
    saved = client.put(
        f"{API}/returns/mine/{ELBASAN}/",
        {"version": mine["version"], "values": [total]},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["institution"] == network["shelter_el"].pk
    police_numbers = set(police.values.values_list("period", "number"))
    assert police_numbers == {("2026Q1", 3), ("2026Q2", 4)}
    # In the list the police's draft shows its status, never its figures.
    [row] = [r for r in client.get(f"{API}/returns/").json()["results"] if r["id"] == police.pk]
    assert row["status"] == ReturnStatus.DRAFT and row["values"] is None
    # Nor can the shelter's worker return the police's figures.
    assert error_of(
        client.post(
            f"{API}/returns/{police.pk}/send-back/",
            {"comment": "Wrong."},
            content_type="application/json",
        ),
        403,
    )


def test_a_committee_member_reads_the_report_but_cannot_approve_it(
    client: Any, committee_member: Any, police_return: DataReturn
) -> None:
    client.force_login(committee_member)
    report = client.get(f"{API}/reports/{ELBASAN}/").json()
    assert report["status"] == ReportStatus.OPEN and report["may_review"] is False
    assert report["exact"] is True
    for route, body in [
        ("approve/", {}),
        ("explanations/", {"element": "victims_identified", "period": "2026Q1", "text": "x"}),
        ("", {"version": report["version"], "summary": "Mine now."}),
    ]:
        method = "put" if route == "" else "post"
        response = getattr(client, method)(
            f"{API}/reports/{ELBASAN}/{route}", body, content_type="application/json"
        )
        assert error_of(response, 403)["code"] == "permission_denied"
    assert selectors.report_for(police_return.region_id, PERIOD).status == ReportStatus.OPEN


def test_onac_sees_a_count_of_three_as_less_than_five(
    client: Any, national_coordinator: Any, secretariat_officer: Any, police_return: DataReturn
) -> None:
    """The police report 3 victims in Q1: exact in Elbasan, "<5" once it leaves it."""
    client.force_login(secretariat_officer)
    inside = client.get(f"{API}/reports/{ELBASAN}/").json()
    client.force_login(national_coordinator)
    outside = client.get(f"{API}/reports/{ELBASAN}/").json()

    def q1(report: dict[str, Any]) -> dict[str, Any]:
        [figure] = [
            f
            for f in report["figures"]
            if f["element"] == "victims_identified"
            and f["period"] == "2026Q1"
            and f["source"] != "Case work (Tryeza)"
        ]
        return figure

    assert (q1(inside)["number"], q1(inside)["display"]) == (3, "3")
    assert (q1(outside)["number"], q1(outside)["display"]) == (None, "<5")
    assert outside["exact"] is False
    assert '"number":3' not in client.get(f"{API}/reports/{ELBASAN}/").content.decode()
    # ONAC sees the institutions' statuses, not their figures.
    [row] = client.get(f"{API}/returns/?region=AL-03").json()["results"]
    assert row["status"] == ReturnStatus.SUBMITTED and row["values"] is None
