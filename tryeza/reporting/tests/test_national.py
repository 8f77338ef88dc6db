"""ONAC's national view: only national users see it, every figure has passed disclosure
control, and the page costs the same number of queries whatever the number of cases."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tryeza.cases.choices import Exploitation, IdentificationKind, IdentifiedBy, Stage, Where
from tryeza.cases.models import Case
from tryeza.geography.models import Region
from tryeza.reporting import selectors, services
from tryeza.reporting.catalogue import FROM_CASES
from tryeza.reporting.periods import Period
from tryeza.reporting.release import release_create

pytestmark = pytest.mark.django_db

PERIOD = "2026S1"
IN_PERIOD = datetime.date(2026, 3, 10)


def add_cases(
    by: Any,
    code: str,
    n: int,
    *,
    municipality: str | None = None,
    day: datetime.date = IN_PERIOD,
    stage: str = Stage.PRESUMED,
    **profile: Any,
) -> None:
    """``n`` anonymous cases in a region (no identity: figures only count the fields)."""
    region = Region.objects.get(code=code)
    place = region.municipalities.get(name=municipality) if municipality else None
    start = Case.objects.filter(region=region, year=day.year).count()
    Case.objects.bulk_create(
        Case(
            code=Case.make_code(region.abbreviation, day.year, start + i + 1),
            region=region,
            year=day.year,
            number=start + i + 1,
            municipality=place or region.municipalities.order_by("code").first(),
            stage=stage,
            lead_institution=by.institution,
            identification_kind=IdentificationKind.FORMAL,
            identified_by=IdentifiedBy.POLICE,
            identified_on=day,
            created_by=by,
            **profile,
        )
        for i in range(n)
    )


def pages(network: dict[str, Any], national_coordinator: Any) -> list[tuple[str, str]]:
    release = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    return [
        ("get", reverse("reporting:national") + f"?period={PERIOD}"),
        ("get", reverse("reporting:releases")),
        ("post", reverse("reporting:release-new")),
        ("get", reverse("reporting:release-download", args=[release.pk])),
        ("get", reverse("reporting:ctdc")),
    ]


@pytest.mark.parametrize(
    "persona",
    ["secretariat_officer", "committee_member", "observer", "other_region_officer", "outsider"],
)
def test_only_national_users_reach_the_national_pages(
    client: Any, request: Any, network: Any, national_coordinator: Any, persona: str
) -> None:
    # ONAC's visit first, so the national tables are kept (figures_cache): what is kept
    # is not served past the access check.
    client.force_login(national_coordinator)
    assert client.get(reverse("reporting:national"), {"period": PERIOD}).status_code == 200
    client.force_login(request.getfixturevalue(persona))
    for method, url in pages(network, national_coordinator):
        response = getattr(client, method)(url, {"period": PERIOD} if method == "post" else {})
        assert response.status_code == 404, url


def test_a_national_user_who_is_not_onac_sees_but_does_not_publish(
    client: Any, network: Any, system_admin: Any
) -> None:
    client.force_login(system_admin)
    assert client.get(reverse("reporting:national")).status_code == 200
    assert client.get(reverse("reporting:releases")).status_code == 200
    assert client.post(reverse("reporting:release-new"), {"period": PERIOD}).status_code == 404
    assert client.get(reverse("reporting:ctdc")).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client: Any, db: None) -> None:
    response = client.get(reverse("reporting:national"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def figures_html(content: str) -> str:
    """The page up to the completeness table (which counts institutions, not people)."""
    return content.split('id="completeness"')[0]


def texts(html: str) -> list[str]:
    return [t.strip() for t in re.findall(r">([^<]+)<", html) if t.strip()]


def test_three_victims_show_as_less_than_five_and_nowhere_exactly(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    add_cases(committee_member, "AL-12", 3, exploited_where=Where.ABROAD)  # Vlorë
    add_cases(committee_member, "AL-03", 12, exploited_where=Where.DOMESTIC)  # Elbasan
    client.force_login(national_coordinator)
    response = client.get(reverse("reporting:national"), {"period": PERIOD})
    assert response.status_code == 200
    view = response.context["view"]
    vlore = view.victims.line("AL-12")
    assert vlore.cells[-1] == "<5"
    assert "&lt;5" in response.content.decode()
    html = figures_html(response.content.decode())
    three = re.compile(r"(?<![\w.])3(?![\w.])")
    assert not [t for t in texts(html) if three.search(t)]
    # Nor can it be worked out: the national total and Elbasan are not both published.
    shown = [line.cells[-1] for line in view.victims.lines] + [view.victims.total[-1]]
    assert sum(s == "x" or s == "<5" for s in shown) >= 2
    assert not (view.victims.total[-1].isdigit() and view.victims.line("AL-03").cells[-1].isdigit())


def test_clusters_sum_their_municipalities_and_the_trend_splits_domestic_and_abroad(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    add_cases(committee_member, "AL-03", 6, municipality="Elbasan", exploited_where=Where.DOMESTIC)
    add_cases(committee_member, "AL-11", 6, municipality="Tiranë", exploited_where=Where.ABROAD)
    add_cases(committee_member, "AL-12", 5, municipality="Vlorë", exploited_where=Where.DOMESTIC)
    for code, n in (("AL-12", 7), ("AL-03", 6)):
        add_cases(
            committee_member, code, n, stage=Stage.AT_RISK, exploitation=Exploitation.NONE_YET
        )
    client.force_login(national_coordinator)
    view = client.get(reverse("reporting:national"), {"period": PERIOD}).context["view"]
    assert view.victims.line("AL-03").cells[-1] == "6"
    assert view.victims.total[-1] == "17"
    assert view.clusters_victims.line("central").cells[-1] == "12"
    assert view.clusters_victims.line("southern").cells[-1] == "5"
    assert view.clusters_victims.total[-1] == "17"
    assert view.destination.line("domestic").cells[-1] == "11"
    assert view.destination.line("abroad").cells[-1] == "6"
    assert view.at_risk.line("AL-12").cells[-1] == "7"
    assert {len(line.cells) for line in view.victims.lines} == {4}


def test_a_cluster_does_not_give_away_a_hidden_region(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    """Kukës's 2 victims are "<5"; the northern group is Kukës plus three published
    regions, so its figure would give the 2 away: it is hidden too."""
    for code in ("AL-10", "AL-08", "AL-09"):  # Shkodër, Lezhë, Dibër
        add_cases(committee_member, code, 6)
    add_cases(committee_member, "AL-07", 2)  # Kukës
    add_cases(committee_member, "AL-11", 9)
    client.force_login(national_coordinator)
    view = client.get(reverse("reporting:national"), {"period": PERIOD}).context["view"]
    assert view.victims.line("AL-07").cells[-1] == "<5"
    assert view.clusters_victims.line("northern").cells[-1] == "x"
    # The national total the two tables share is hidden in both or in neither.
    assert (view.victims.total[-1] == "x") == (view.clusters_victims.total[-1] == "x")


def test_the_page_costs_the_same_queries_for_3_or_30_cases(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    client.force_login(national_coordinator)
    url = reverse("reporting:national") + f"?period={PERIOD}"
    client.get(url)
    add_cases(committee_member, "AL-03", 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for code in ("AL-03", "AL-11", "AL-12"):
        add_cases(committee_member, code, 9, exploited_where=Where.ABROAD)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert Case.objects.count() == 30
    assert len(many) == len(few)
    # The kept tables and who is expected to report share one reading of the data version.
    assert len([q for q in many.captured_queries if "MAX(" in q["sql"]]) == 1


def test_region_totals_read_in_four_queries_whatever_the_agreed_figures(
    network: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
    django_assert_num_queries: Any,
) -> None:
    """Elbasan's committee agrees a figure for both quarters: each explanation is read in
    the same query, not one query each."""
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    found = selectors.discrepancies(report)
    assert len(found) == 2
    for discrepancy, _explanation in found:
        services.explanation_record(
            user=secretariat_officer,
            report=report,
            element=discrepancy.element,
            period=discrepancy.period,
            text="The shelter counts people the police never met.",
            agreed=discrepancy.high,
        )
    services.report_approve(user=secretariat_officer, report=report)
    elbasan = network["elbasan"].pk
    # Four, and the data version the figures are kept under (figures_cache)...
    with django_assert_num_queries(1 + 4):
        totals = selectors.region_totals([elbasan, network["vlore"].pk], PERIOD)
    # ...which is all the second reading takes.
    with django_assert_num_queries(1):
        again = selectors.region_totals([elbasan, network["vlore"].pk], PERIOD)
    assert again == totals
    assert totals[elbasan][("victims_identified", "2026Q1")] == 5
    assert totals[elbasan][("victims_identified", "2026Q2")] == 7
    with django_assert_num_queries(2):
        only = selectors.region_totals([elbasan], PERIOD, {}, from_cases_only=True)
    assert only == {elbasan: {k: v for k, v in totals[elbasan].items() if k[0] in FROM_CASES}}


def test_the_map_and_charts_are_inline_and_labelled(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    add_cases(committee_member, "AL-03", 8)
    add_cases(committee_member, "AL-11", 9)
    client.force_login(national_coordinator)
    content = client.get(reverse("reporting:national"), {"period": PERIOD}).content.decode()
    assert content.count('<svg role="img"') == 3
    assert "Elbasan: 8" in content
    assert "Shkodër: 0" in content or "Shkodra: 0" in content
    assert "http://" not in content.replace("http://www.w3.org/2000/svg", "")


def test_a_committee_figure_stands_beside_case_work_and_completeness(
    client: Any,
    network: Any,
    police_return: Any,
    ngo_return: Any,
    secretariat_officer: Any,
    committee_member: Any,
    national_coordinator: Any,
) -> None:
    """Elbasan's police said 7 and the shelter 12; the committee stands by 12 and ONAC
    accepts it. Vlorë has only case work."""
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    for found, _explanation in selectors.discrepancies(report):
        services.explanation_record(
            user=secretariat_officer,
            report=report,
            element=found.element,
            period=found.period,
            text="The shelter counts people the police never met.",
            agreed=found.high,
        )
    report = services.report_approve(user=secretariat_officer, report=report)
    services.report_accept(user=national_coordinator, report=report)
    add_cases(committee_member, "AL-12", 6)
    client.force_login(national_coordinator)
    response = client.get(reverse("reporting:national"), {"period": PERIOD})
    view = response.context["view"]
    elbasan = view.victims.line("AL-03")
    assert (elbasan.cells[-1], elbasan.committee[-1]) == ("12", True)
    assert (view.victims.line("AL-12").cells[-1], view.victims.line("AL-12").committee[-1]) == (
        "6",
        False,
    )
    completeness = {row.region.code: row for row, _status in response.context["completeness"]}
    assert completeness["AL-03"].submitted == 2
    assert completeness["AL-03"].approved_on_time is False  # due by 30 July, approved today
    assert "Accepted by ONAC" in response.content.decode()
    # The committee's figure is marked as such in the table.
    marked = '12<abbr title="figure of the committee’s approved report">*</abbr>'
    assert marked in response.content.decode()


def test_the_api_twin_shows_what_the_page_shows(
    client: Any, network: Any, national_coordinator: Any
) -> None:
    add_cases(national_coordinator, "AL-03", 3)
    add_cases(national_coordinator, "AL-12", 9)
    client.force_login(national_coordinator)
    data = client.get("/api/v1/reporting/national/?period=2026S1&span=4").json()
    assert data["halves"] == ["2024S2", "2025S1", "2025S2", "2026S1"]
    elbasan = next(line for line in data["victims"]["lines"] if line["code"] == "AL-03")
    assert elbasan["cells"][-1] == "<5"
    assert "3" not in elbasan["cells"]


def test_the_national_figures_are_kept_until_their_data_changes(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any, settings: Any
) -> None:
    client.force_login(national_coordinator)
    url = reverse("reporting:national") + f"?period={PERIOD}"

    def computed_afresh() -> Any:
        settings.TRYEZA_FIGURES_CACHE_SECONDS = 0
        view = client.get(url).context["view"]
        settings.TRYEZA_FIGURES_CACHE_SECONDS = 600
        return view

    add_cases(committee_member, "AL-03", 12)
    add_cases(committee_member, "AL-11", 9)
    client.get(reverse("home"))  # the session's first request, elsewhere
    with CaptureQueriesContext(connection) as first:
        computed = client.get(url)
    with CaptureQueriesContext(connection) as second:
        kept = client.get(url)
    assert len(second) < len(first)
    assert kept.context["view"] == computed.context["view"] == computed_afresh()
    # A new case shows at the next request.
    add_cases(committee_member, "AL-03", 6)
    changed = client.get(url).context["view"]
    assert changed != kept.context["view"]
    assert changed == computed_afresh()
    # Another language is another answer, not the English one kept.
    assert "Vlora" in figures_html(kept.content.decode())
    client.post(reverse("set_language"), {"language": "sq"})
    albanian = figures_html(client.get(url).content.decode())
    assert "Vlorë" in albanian and "Vlora" not in albanian


def test_without_the_cache_the_figures_are_computed_every_time(
    client: Any, network: Any, national_coordinator: Any, settings: Any
) -> None:
    settings.TRYEZA_FIGURES_CACHE_SECONDS = 0
    client.force_login(national_coordinator)
    url = reverse("reporting:national") + f"?period={PERIOD}"
    client.get(url)  # the session's first request
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)
