"""The committee's page from the outside: people beyond Elbasan get 404, members read, the
secretariat returns figures, explains differences and approves, ONAC accepts and sees
small counts as "<5"."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tryeza.accounts.models import Role
from tryeza.directory.models import MembershipRole
from tryeza.factories import InstitutionFactory, MembershipFactory, UserFactory
from tryeza.reporting import selectors, services
from tryeza.reporting.models import Explanation, RegionReport, ReportStatus, ReturnStatus
from tryeza.reporting.tests.conftest import PERIOD, fill, victims

pytestmark = pytest.mark.django_db

ELBASAN = "AL-03"
ACTIONS = [
    "return-send-back",
    "region-explain",
    "region-analysis",
    "region-approve",
    "region-accept",
    "region-reopen",
]


def url(name: str = "region", region: str = ELBASAN) -> str:
    return reverse(f"reporting:{name}", kwargs={"region": region, "period": PERIOD})


def report(network: Any) -> RegionReport:
    return selectors.report_for(network["elbasan"].pk, PERIOD)


@pytest.mark.parametrize("who", ["other_region_officer", "observer", "outsider"])
def test_people_outside_elbasan_get_404(
    client: Any,
    network: Any,
    police_return: Any,
    who: str,
    request: Any,
    secretariat_officer: Any,
) -> None:
    # The secretariat's visit first, so the region's sources are kept (figures_cache):
    # what is kept is not served past the access check.
    client.force_login(secretariat_officer)
    assert client.get(url()).status_code == 200
    client.force_login(request.getfixturevalue(who))
    assert client.get(url()).status_code == 404
    for action in ACTIONS:
        response = client.post(
            url(action),
            {"data_return": police_return.pk, "comment": "x", "element": "victims_identified"},
        )
        assert response.status_code == 404, action
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.SUBMITTED


def test_a_committee_member_sees_totals_but_no_edit_forms(
    client: Any, network: Any, police_return: Any, ngo_return: Any, committee_member: Any
) -> None:
    client.force_login(committee_member)
    response = client.get(url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Victims of trafficking identified" in body
    assert '<td class="number">12</td>' not in body  # totals are per quarter
    assert '<td class="number">5</td>' in body and '<td class="number">7</td>' in body
    for action in ACTIONS:
        assert url(action) not in body, action
    assert "<textarea" not in body
    # And posting anyway changes nothing.
    for action in ("region-approve", "region-analysis", "return-send-back", "region-explain"):
        assert client.post(url(action), {"data_return": police_return.pk}).status_code == 404
    assert report(network).status == ReportStatus.OPEN


def test_the_secretariat_returns_figures_with_a_comment(
    client: Any, network: Any, police_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    body = client.get(url()).content.decode()
    assert url("return-send-back") in body
    response = client.post(
        url("return-send-back"),
        {"data_return": police_return.pk, "comment": "The second quarter looks low."},
        follow=True,
    )
    assert "The figures were returned to the institution." in response.content.decode()
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.RETURNED
    assert "The second quarter looks low." in response.content.decode()  # in the trail


def test_a_return_of_another_region_is_404(
    client: Any, network: Any, secretariat_officer: Any, other_region_officer: Any
) -> None:
    vlore = fill(other_region_officer, network["prefecture_vl"], victims(1, 1))
    client.force_login(secretariat_officer)
    response = client.post(url("return-send-back"), {"data_return": vlore.pk, "comment": "x"})
    assert response.status_code == 404


def test_the_secretariat_explains_a_difference_then_approves(
    client: Any, network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    page = client.get(url())
    rows = page.context["discrepancies"]
    assert [(r.discrepancy.element, r.discrepancy.period) for r in rows] == [
        ("victims_identified", "2026Q1"),
        ("victims_identified", "2026Q2"),
    ]
    refused = client.post(url("region-approve"), follow=True).content.decode()
    assert "Explain why the figures differ before approving" in refused
    assert "Victims of trafficking identified (2026Q1)" in refused
    assert report(network).status == ReportStatus.OPEN

    # Inline, with htmx: only the discrepancy's block comes back.
    fragment = client.post(
        url("region-explain"),
        {
            "element": "victims_identified",
            "period": "2026Q1",
            "text": "The shelter counts people who did not go to the police.",
            "agreed": "5",
        },
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.startswith('<div class="discrepancy')
    assert "The explanation was recorded." in html
    # Without htmx, the page again; an empty text is refused.
    empty = client.post(
        url("region-explain"),
        {"element": "victims_identified", "period": "2026Q2", "text": ""},
        follow=True,
    )
    assert "This field is required." in empty.content.decode()
    client.post(
        url("region-explain"),
        {"element": "victims_identified", "period": "2026Q2", "text": "Same reason.", "agreed": ""},
    )
    assert Explanation.objects.count() == 2

    approved = client.post(url("region-approve"), follow=True).content.decode()
    assert "The report was approved" in approved
    assert report(network).status == ReportStatus.APPROVED
    # Approved: nothing to edit any more.
    assert url("region-analysis") not in approved
    assert url("region-explain") not in approved


def test_an_explanation_without_text_comes_back_inline_with_its_error(
    client: Any, network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    response = client.post(
        url("region-explain"),
        {"element": "victims_identified", "period": "2026Q2", "text": "", "agreed": "abc"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.startswith('<div class="discrepancy')
    assert "This field is required." in html
    assert "Enter a whole number, such as 0 or 12." in html
    assert 'id="id_victims_identified_2026Q2_text"' in html
    assert not Explanation.objects.exists()


def test_explaining_an_unknown_element_is_refused(
    client: Any, network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    for element, period in [("migration_notes", PERIOD), ("victims_identified", "2025Q1")]:
        client.post(url("region-explain"), {"element": element, "period": period, "text": "t"})
    assert not Explanation.objects.exists()


def test_the_secretariat_writes_the_analysis(
    client: Any, network: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    version = client.get(url()).context["analysis_form"].initial["version"]
    fields = {
        "summary": "More victims identified in the second quarter.",
        "context": "Seasonal migration.",
        "response": "",
        "action_plan": "",
        "is_baseline": "on",
    }
    client.post(url("region-analysis"), {**fields, "version": version})
    saved = report(network)
    assert saved.summary == "More victims identified in the second quarter."
    assert saved.is_baseline
    stale = client.post(url("region-analysis"), {**fields, "summary": "Other", "version": version})
    body = stale.content.decode()
    assert "Someone else saved this while you were editing it." in body
    assert "Other</textarea>" in body
    assert report(network).summary == saved.summary


def _approved(network: Any, secretariat_officer: Any) -> RegionReport:
    found = report(network)
    for d in selectors.unexplained_discrepancies(found):
        services.explanation_record(
            user=secretariat_officer,
            report=found,
            element=d.element,
            period=d.period,
            text="Different counting.",
            agreed=d.high,
        )
    return services.report_approve(user=secretariat_officer, report=found)


def test_onac_sees_small_counts_as_less_than_five(
    client: Any,
    network: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
) -> None:
    client.force_login(secretariat_officer)
    inside = client.get(url()).content.decode()
    assert '<td class="number">3</td>' in inside  # the police's first quarter
    assert "&lt;5" not in inside

    client.force_login(national_coordinator)
    outside = client.get(url()).content.decode()
    assert '<td class="number">3</td>' not in outside
    assert '<td class="number">&lt;5</td>' in outside
    assert '<td class="number">12</td>' not in outside
    assert '<td class="number">7</td>' in outside  # 5 and more are shown


def test_onac_accepts_or_returns_an_approved_report(
    client: Any,
    network: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
) -> None:
    client.force_login(national_coordinator)
    assert url("region-accept") not in client.get(url()).content.decode()
    _approved(network, secretariat_officer)
    body = client.get(url()).content.decode()
    assert url("region-accept") in body and url("region-reopen") in body

    client.post(url("region-reopen"), {"comment": "Add the school figures."})
    returned = report(network)
    assert returned.status == ReportStatus.OPEN
    client.force_login(secretariat_officer)
    assert "Add the school figures." in client.get(url()).content.decode()

    services.report_approve(user=secretariat_officer, report=returned)
    client.force_login(national_coordinator)
    client.post(url("region-accept"))
    assert report(network).status == ReportStatus.ACCEPTED
    # The secretariat cannot accept.
    client.force_login(secretariat_officer)
    assert client.post(url("region-accept")).status_code == 404


def test_no_person_is_named_on_the_page(
    client: Any, network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    client.post(url("return-send-back"), {"data_return": police_return.pk, "comment": "Check Q2."})
    body = client.get(url()).content.decode()
    assert "Drejtoria Vendore e Policisë Elbasan" in body
    for name in ("Besnik", "Elira", "Anëtari", "Strehëza"):
        assert name not in body


def _institutions_reporting(network: Any, numbers: range) -> None:
    """Elbasan institutions on the table, each submitting different figures."""
    role = Role.objects.get(code="case_worker")
    for n in numbers:
        institution = InstitutionFactory(
            name=f"Reporting institution {n}", region=network["elbasan"]
        )
        MembershipFactory(
            structure=network["table_el"], institution=institution, role=MembershipRole.MEMBER
        )
        user = UserFactory.create(username=f"reporter{n}", institution=institution, role=role)
        fill(user, institution, victims(2 + n * 3, 4 + n, female_q1=1))


def _queries(client: Any) -> int:
    client.get(url())  # the report row is created on the first visit
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url()).status_code == 200
    return len(captured.captured_queries)


def test_the_page_reads_in_constant_queries(
    client: Any, network: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    _institutions_reporting(network, range(3))
    three = _queries(client)
    _institutions_reporting(network, range(3, 6))
    page = client.get(url())
    assert len(page.context["reporters"]) == 4 + 6  # the network's four and six new
    assert len(page.context["sources"]) == 6 + 1
    assert _queries(client) == three


def test_many_sources_are_summed_up_and_shown_in_full_on_request(
    client: Any, network: Any, secretariat_officer: Any, monkeypatch: Any
) -> None:
    from tryeza.reporting.views import review

    client.force_login(secretariat_officer)
    _institutions_reporting(network, range(3))
    monkeypatch.setattr(review, "SIDE_BY_SIDE_MAX", 2)
    page = client.get(url())
    body = page.content.decode()
    assert not page.context["in_full"]
    assert "Institutions reporting" in body and "Lowest" in body and "Highest" in body
    assert "?sources=all#figures" in body
    # Every row: the figure, case work, three institutions, their lowest and highest.
    assert all(len(row.cells) == 4 for row in page.context["figures"])
    assert any(row.cells[1] == "3" for row in page.context["figures"])
    # A difference names the sources at its lowest and highest, and counts the others.
    rows = page.context["discrepancies"]
    assert rows
    for row in rows:
        named = {shown for _source, shown in row.figures}
        assert named <= {row.low, row.high}
        assert row.others == len(row.discrepancy.figures) - len(row.figures)
    assert any(row.others for row in rows)
    assert "other source" in body
    # Asking for one thing in full keeps what was asked before.
    trail = client.get(url() + "?trail=all").content.decode()
    assert "?trail=all&amp;sources=all#figures" in trail
    full = client.get(url() + "?sources=all")
    assert full.context["in_full"]
    assert all(len(row.cells) == 3 + 1 for row in full.context["figures"])
    assert all(row.others == 0 for row in full.context["discrepancies"])


def test_a_submitted_return_shows_at_once_on_the_page(
    client: Any, network: Any, secretariat_officer: Any
) -> None:
    """The page keeps the sources until their data changes: a new return is not hidden
    behind what was kept."""
    client.force_login(secretariat_officer)
    _institutions_reporting(network, range(1))
    before = client.get(url()).context["sources"]
    _institutions_reporting(network, range(1, 2))
    after = client.get(url()).context["sources"]
    assert len(after) == len(before) + 1


def set_tolerance(national_coordinator: Any, percent: int) -> None:
    """ONAC's tolerance between sources of victims identified."""
    services.bounds_set(
        user=national_coordinator,
        element="victims_identified",
        minimum=0,
        maximum=None,
        tolerance_percent=percent,
    )


def test_a_tolerance_onac_sets_shows_at_once_on_the_page(
    client: Any,
    network: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
) -> None:
    """The differences are kept with the sources: ONAC widening the tolerance ends them
    at the committee's next visit, and narrowing it brings them back."""
    client.force_login(secretariat_officer)
    assert len(client.get(url()).context["discrepancies"]) == 2
    for percent, expected in ((100, 0), (10, 2)):
        set_tolerance(national_coordinator, percent)
        assert len(client.get(url()).context["discrepancies"]) == expected


def test_the_page_reads_the_data_version_once(
    client: Any, network: Any, police_return: Any, ngo_return: Any, secretariat_officer: Any
) -> None:
    """Its kept reads (sources, differences, returns, trail) share one reading."""
    client.force_login(secretariat_officer)
    client.get(url())
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url()).status_code == 200
    versions = [q for q in captured.captured_queries if "MAX(" in q["sql"]]
    assert len(versions) == 1


def test_approval_checks_the_differences_afresh_not_the_kept_ones(
    network: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
    national_coordinator: Any,
    monkeypatch: Any,
) -> None:
    """Should the kept figures miss a change (their key did not move), approval still
    refuses to lock figures whose differences are not explained."""
    from tryeza.reporting import figures_cache

    set_tolerance(national_coordinator, 100)
    monkeypatch.setattr(figures_cache, "data_version", lambda: ("a key that does not move",))
    found = report(network)
    assert selectors.discrepancies(found) == []
    set_tolerance(national_coordinator, 10)
    assert selectors.discrepancies(found) == []  # what was kept missed the change
    with pytest.raises(services.ReportingError, match="Explain why the figures differ"):
        services.report_approve(user=secretariat_officer, report=found)
    assert report(network).status == ReportStatus.OPEN
