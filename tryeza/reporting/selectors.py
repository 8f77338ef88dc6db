"""Reads of situational-analysis figures. Callers check ``rules`` for the user first;
everything here is aggregates (no person is ever named in this app)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from tryeza.directory.models import Institution
from tryeza.geography.models import Municipality
from tryeza.reporting.casework import Figures, case_figures
from tryeza.reporting.catalogue import FROM_CASES
from tryeza.reporting.discrepancies import Discrepancy, find_discrepancies
from tryeza.reporting.figures_cache import cached
from tryeza.reporting.models import (
    DataReturn,
    ElementBounds,
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    Value,
)
from tryeza.reporting.periods import Period
from tryeza.reporting.validation import Cell, Range


def municipalities_of(region_id: int) -> list[tuple[str, str]]:
    return list(
        Municipality.objects.filter(region_id=region_id)
        .order_by("name")
        .values_list("code", "name")
    )


def ranges() -> dict[str, Range]:
    return {b.element: Range(b.minimum, b.maximum) for b in ElementBounds.objects.all()}


def tolerances() -> dict[str, int]:
    return dict(ElementBounds.objects.values_list("element", "tolerance_percent"))


def report_for(region_id: int, period: str) -> RegionReport:
    report, _created = RegionReport.objects.get_or_create(region_id=region_id, period=period)
    return report


def report_locked(region_id: int, period: str) -> bool:
    return (
        RegionReport.objects.filter(region_id=region_id, period=period)
        .exclude(status=ReportStatus.OPEN)
        .exists()
    )


def return_for(region_id: int, institution: Institution, period: str) -> DataReturn:
    data_return, _created = DataReturn.objects.get_or_create(
        region_id=region_id, institution=institution, period=period
    )
    return data_return


def submitted_returns(region_id: int, period: str) -> QuerySet[DataReturn]:
    return DataReturn.objects.filter(
        region_id=region_id, period=period, status=ReturnStatus.SUBMITTED
    ).select_related("institution")


def numbers_of(
    returns: list[DataReturn], *, totals_only: bool = False
) -> dict[int, dict[Cell, int | None]]:
    """Return id -> its figures; ``totals_only``: without the breakdowns."""
    numbers: dict[int, dict[Cell, int | None]] = {r.pk: {} for r in returns}
    values = Value.objects.filter(data_return__in=returns, number__isnull=False)
    if totals_only:
        values = values.filter(dimension="")
    rows = values.values_list(
        "data_return_id", "element", "period", "dimension", "category", "number"
    )
    for return_id, element, period, dimension, category, number in rows:
        numbers[return_id][(element, period, dimension, category)] = number
    return numbers


def texts_of(data_return: DataReturn) -> dict[tuple[str, str], str]:
    rows = data_return.values.exclude(text="").values_list("element", "period", "text")
    return {(element, period): text for element, period, text in rows}


def casework_label() -> str:
    return _("Case work (Tryeza)")


def sources(
    region_id: int, period: str, cases: Figures | None = None
) -> dict[str, dict[Cell, int | None]]:
    """Submitted totals per institution, then those from case work (``cases``:
    ``case_figures`` of the half-year when already read). Totals only: sources are
    compared by their totals, and the breakdowns are thirteen times as many cells. Kept
    until a return, an event, an explanation or a case changes (``figures_cache``)."""
    if cases is None:
        return cached("sources", lambda: _sources(region_id, period, None), region_id, period)
    return _sources(region_id, period, cases)


def _sources(
    region_id: int, period: str, cases: Figures | None
) -> dict[str, dict[Cell, int | None]]:
    returns = list(submitted_returns(region_id, period))
    numbers = numbers_of(returns, totals_only=True)
    by_source: dict[str, dict[Cell, int | None]] = {
        r.institution.display_name: numbers[r.pk] for r in returns
    }
    if cases is None:
        # Sources are compared by their totals: no breakdown needed.
        cases = case_figures(Period.parse(period), [region_id], dimensions=())
    from_cases = cases.get(region_id, {})
    by_source[casework_label()] = {cell: n for cell, n in from_cases.items() if cell[2] == ""}
    return by_source


@dataclass(frozen=True)
class SourceRange:
    """One figure across the sources: case work, how many institutions gave it, and the
    lowest and highest of theirs (None where nobody did)."""

    cases: int | None
    reporting: int
    low: int | None
    high: int | None


def source_range(figures: Mapping[str, int | None]) -> SourceRange:
    """``figures``: source -> figure, as a row of ``sources()``."""
    from_cases = casework_label()
    given = [n for name, n in figures.items() if name != from_cases and n is not None]
    return SourceRange(
        figures.get(from_cases),
        len(given),
        min(given) if given else None,
        max(given) if given else None,
    )


def discrepancies(
    report: RegionReport, *, kept: bool = True
) -> list[tuple[Discrepancy, Explanation | None]]:
    """Differences between the sources beyond ONAC's tolerance, with their explanations.
    Kept like ``sources`` (tolerances and explanations move the data version too);
    read afresh with ``kept=False``."""

    def read() -> list[tuple[Discrepancy, Explanation | None]]:
        region, period = report.region_id, report.period
        by_source = sources(region, period) if kept else _sources(region, period, None)
        found = find_discrepancies(by_source, tolerances())
        explained = {(e.element, e.period): e for e in report.explanations.all()}
        return [(d, explained.get((d.element, d.period))) for d in found]

    if not kept:
        return read()
    return cached("discrepancies", read, report.region_id, report.period)


def unexplained_discrepancies(report: RegionReport) -> list[Discrepancy]:
    """Read afresh: approval locks the figures on what this says, and the kept figures'
    key can miss a change whose transaction committed late (``figures_cache``)."""
    return [d for d, explanation in discrepancies(report, kept=False) if explanation is None]


def region_totals(
    region_ids: list[int],
    period: str,
    cases: Figures | None = None,
    *,
    from_cases_only: bool = False,
) -> dict[int, dict[tuple[str, str], int]]:
    """The figure each region stands by, per (element, value period): the committee's
    agreed figure where sources differed, otherwise case work for the figures it counts,
    otherwise the largest of the institutions' submitted totals. Approved and accepted
    reports only. Four queries for any number of regions; one less when ``cases`` (the
    half-year's ``case_figures`` of at least these regions) was already read, and one
    less with ``from_cases_only``: the figures case work counts and nothing else, for
    which the institutions' totals are never the region's. Without ``cases``, kept like
    ``sources``."""
    if cases is None:
        return cached(
            "region_totals",
            lambda: _region_totals(region_ids, period, None, from_cases_only),
            tuple(region_ids),
            period,
            from_cases_only,
        )
    return _region_totals(region_ids, period, cases, from_cases_only)


def _region_totals(
    region_ids: list[int], period: str, cases: Figures | None, from_cases_only: bool
) -> dict[int, dict[tuple[str, str], int]]:
    reports = {
        r.region_id: r
        for r in RegionReport.objects.filter(
            region_id__in=region_ids,
            period=period,
            status__in=[ReportStatus.APPROVED, ReportStatus.ACCEPTED],
        )
    }
    totals: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    if not from_cases_only:
        # The largest total per region and cell, taken by the database: a row per cell
        # instead of one per institution and cell.
        rows = (
            Value.objects.filter(
                data_return__region_id__in=list(reports),
                data_return__period=period,
                data_return__status=ReturnStatus.SUBMITTED,
                dimension="",
                number__isnull=False,
            )
            .values("data_return__region_id", "element", "period")
            .annotate(largest=Max("number"))
            .values_list("data_return__region_id", "element", "period", "largest")
            .order_by()
        )
        for region_id, element, value_period, number in rows:
            totals[region_id][(element, value_period)] = number or 0
    half = Period.parse(period)
    if cases is None:
        cases = case_figures(half, list(reports), dimensions=())
    for region_id in reports:
        # Case work counts every quarter: no case identified is a figure too (0).
        cells = cases.get(region_id, {})
        for element in FROM_CASES:
            for quarter in half.quarters:
                number = cells.get((element, quarter.code, "", ""), 0)
                totals[region_id][(element, quarter.code)] = number
    agreed = Explanation.objects.filter(
        report__in=reports.values(), agreed__isnull=False
    ).values_list("report__region_id", "element", "period", "agreed")
    if from_cases_only:
        agreed = agreed.filter(element__in=FROM_CASES)
    for region_id, element, value_period, number in agreed:
        totals[region_id][(element, value_period)] = number or 0
    return {region_id: dict(totals.get(region_id, {})) for region_id in reports}
