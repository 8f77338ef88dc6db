"""Public releases: every published cell is registered, a later release cannot be
subtracted from an earlier one, the two tables agree on the national totals, and the CSV
shows "<5" and "x" and never a person."""

import csv
import datetime
import io
from dataclasses import replace
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tryeza.audit.models import AuditEntry
from tryeza.cases.choices import Exploitation, Stage, Where
from tryeza.cases.services import case_register
from tryeza.cases.tests.conftest import PLANTED_VALUES, elbasan_draft, planted_identity
from tryeza.reporting.disclosure import TOTAL, Cell, Protected
from tryeza.reporting.disclosure_linked import protect_columns
from tryeza.reporting.models import PublishedCell, Release
from tryeza.reporting.periods import Period
from tryeza.reporting.release import (
    BY_EXPLOITATION,
    BY_REGION,
    HALF_YEARS,
    ReleaseError,
    release_create,
)
from tryeza.reporting.tests.test_national import PERIOD, add_cases

pytestmark = pytest.mark.django_db


def register(release: Release, table: str) -> dict[tuple[str, str], int | None]:
    return {
        (row, col): value
        for row, col, value in PublishedCell.objects.filter(
            release=release, table=table
        ).values_list("row", "col", "value")
    }


def spread(by: Any) -> None:
    """Victims in three regions and three forms of exploitation, in 2026S1."""
    add_cases(by, "AL-03", 10, exploitation=Exploitation.SEXUAL)  # Elbasan
    add_cases(by, "AL-11", 8, exploitation=Exploitation.LABOUR)  # Tiranë
    add_cases(by, "AL-12", 7, exploitation=Exploitation.SEXUAL)  # Vlorë
    add_cases(by, "AL-12", 6, exploitation=Exploitation.BEGGING)
    add_cases(by, "AL-11", 3, exploitation=Exploitation.LABOUR)  # a small count
    add_cases(by, "AL-09", 4, stage=Stage.AT_RISK)  # not a victim: not counted


def test_every_cell_of_both_tables_is_registered(
    network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    spread(committee_member)
    release = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    by_region = register(release, BY_REGION)
    assert len(by_region) == (12 + 1) * HALF_YEARS
    assert by_region[("AL-03", PERIOD)] == 10
    assert by_region[("AL-11", PERIOD)] == 11
    assert by_region[(TOTAL, PERIOD)] == 34
    assert by_region[("AL-09", PERIOD)] == 0
    by_exploitation = register(release, BY_EXPLOITATION)
    assert by_exploitation[("sexual", PERIOD)] == 17
    assert by_exploitation[("labour", PERIOD)] == 11
    assert by_exploitation[("begging", PERIOD)] == 6
    assert {col for _row, col in by_exploitation} == {
        h.code for h in [Period.parse("2024S2"), Period.parse("2025S1"), Period.parse("2025S2")]
    } | {PERIOD}
    assert AuditEntry.objects.filter(action="reporting.release_created").count() == 1


def test_a_release_cannot_be_subtracted_from_the_one_before(
    network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    spread(committee_member)
    first = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    assert register(first, BY_REGION)[("AL-03", PERIOD)] == 10
    add_cases(committee_member, "AL-03", 2, exploitation=Exploitation.SEXUAL)
    second = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    by_region = register(second, BY_REGION)
    # 12 is not small, but 12 - 10 would be: the new figure is hidden.
    assert by_region[("AL-03", PERIOD)] is None
    assert by_region[(TOTAL, PERIOD)] is None
    assert register(second, BY_EXPLOITATION)[("sexual", PERIOD)] is None
    # Figures that did not change stay published.
    assert by_region[("AL-12", PERIOD)] == 13


def test_the_two_tables_agree_on_the_national_totals(
    network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    spread(committee_member)
    add_cases(committee_member, "AL-05", 2, exploitation=Exploitation.FORCED_MARRIAGE)
    add_cases(committee_member, "AL-05", 5, day=datetime.date(2025, 11, 3))
    release = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    regions, forms = register(release, BY_REGION), register(release, BY_EXPLOITATION)
    for half in ("2024S2", "2025S1", "2025S2", PERIOD):
        assert regions[(TOTAL, half)] == forms[(TOTAL, half)]
        published = [v for (row, col), v in regions.items() if col == half and row != TOTAL]
        numbers = [v for v in published if v is not None]
        if regions[(TOTAL, half)] is not None and len(numbers) == len(published):
            assert sum(numbers) == regions[(TOTAL, half)]


def test_the_csv_shows_what_was_published_with_its_marks(
    client: Any, network: Any, committee_member: Any, national_coordinator: Any
) -> None:
    spread(committee_member)
    add_cases(committee_member, "AL-01", 3, exploitation=Exploitation.SEXUAL)  # Berat: small
    release = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    add_cases(committee_member, "AL-01", 40)  # later figures change nothing in the release
    client.force_login(national_coordinator)
    response = client.get(reverse("reporting:release-download", args=[release.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][2:] == ["2024S2", "2025S1", "2025S2", PERIOD]
    berat = next(r for r in rows if r[1] == "Berat")
    assert berat[-1] == "<5"
    assert any(cell == "x" for r in rows for cell in r[2:])
    truth = {"Elbasan": "10", "Tirana": "11", "Vlora": "13"}
    shown = {r[1]: r[-1] for r in rows if r[1] in truth}
    assert all(shown[name] in (n, "x") for name, n in truth.items())
    assert any(shown[name] == n for name, n in truth.items())
    assert "43" not in body


def test_only_the_national_coordinator_publishes(
    client: Any, network: Any, national_coordinator: Any, system_admin: Any
) -> None:
    with pytest.raises(ReleaseError):
        release_create(user=system_admin, period=Period.parse(PERIOD))
    with pytest.raises(ReleaseError):
        release_create(user=national_coordinator, period=Period.parse("2026Q1"))
    client.force_login(national_coordinator)
    response = client.post(reverse("reporting:release-new"), {"period": PERIOD}, follow=True)
    assert response.status_code == 200
    assert Release.objects.filter(period=PERIOD, kind="public").count() == 1
    assert "2026S1" in response.content.decode()


def test_no_person_reaches_a_release(
    client: Any, network: Any, cpu_worker: Any, national_coordinator: Any
) -> None:
    for _ in range(6):
        draft = replace(
            elbasan_draft(network, exploited_where=Where.ABROAD),
            stage=Stage.PRESUMED,
            identified_on=datetime.date(2026, 4, 2),
        )
        case_register(actor=cpu_worker, draft=draft, identity=planted_identity())
    release = release_create(user=national_coordinator, period=Period.parse(PERIOD))
    client.force_login(national_coordinator)
    body = b"".join(
        client.get(reverse("reporting:release-download", args=[release.pk])).streaming_content
    ).decode("utf-8-sig")
    page = client.get(reverse("reporting:releases")).content.decode()
    national = client.get(reverse("reporting:national")).content.decode()
    for value in PLANTED_VALUES:
        assert value not in body
        assert value not in page
        assert value not in national
    assert "EL-2026" not in body + national


@st.composite
def two_breakdowns(draw: st.DrawFn) -> tuple[dict[str, int], dict[str, int]]:
    """The same total split over four regions and over three forms of exploitation."""
    regions = draw(st.lists(st.integers(0, 14), min_size=4, max_size=4))
    total = sum(regions)
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=2, max_size=2)))
    forms = [cuts[0], cuts[1] - cuts[0], total - cuts[1]]
    return dict(zip("abcd", regions, strict=True)), dict(zip("xyz", forms, strict=True))


def possible(column: Protected, values: dict[str, int], total: int) -> dict[str, set[int]] | None:
    """What each hidden category of a column could be if the column added up to ``total``,
    as far as its published cells tell; None if it cannot add up to that."""
    rest, bounds = total, {}
    for category, n in values.items():
        state = column.state(TOTAL, category)
        if state is Cell.PUBLISHED:
            rest -= n
        else:
            bounds[category] = (1, 4) if state is Cell.SMALL else (0, total)
    low, high = sum(b[0] for b in bounds.values()), sum(b[1] for b in bounds.values())
    if not low <= rest <= high:
        return None
    return {
        c: {v for v in range(lo, hi + 1) if low - lo <= rest - v <= high - hi}
        for c, (lo, hi) in bounds.items()
    }


@settings(max_examples=300, deadline=None)
@given(two_breakdowns(), st.sampled_from([0, 0, 1, 3]))
def test_a_shared_total_never_gives_a_hidden_figure_away(
    pair: tuple[dict[str, int], dict[str, int]], shift: int
) -> None:
    regions, forms = pair
    # Sometimes the regions' total was published before, a little off: it must be hidden
    # now, and so in the other table too.
    before = {"r": [{(TOTAL, TOTAL): sum(regions.values()) + shift}]} if shift else {}
    out = protect_columns({"r": regions, "f": forms}, links=[("r", "f")], previous=before)
    shown = out["r"].state(TOTAL, TOTAL) is Cell.PUBLISHED
    assert shown == (out["f"].state(TOTAL, TOTAL) is Cell.PUBLISHED)
    # With both tables in hand, every hidden figure can still be two values or more.
    seen: dict[tuple[str, str], set[int]] = {}
    truth = sum(regions.values())
    for total in [truth] if shown else range(truth + 10):
        found = [possible(out["r"], regions, total), possible(out["f"], forms, total)]
        if None in found:
            continue
        seen.setdefault(("", TOTAL), set()).add(total)
        for name, cells in zip("rf", found, strict=True):
            for category, values in (cells or {}).items():
                seen.setdefault((name, category), set()).update(values)
    if shown:
        seen.pop(("", TOTAL))
    assert all(len(values) >= 2 for values in seen.values()), (regions, forms, seen)
