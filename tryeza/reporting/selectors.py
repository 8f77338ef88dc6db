"""Reads of situational-analysis figures. Callers check ``rules`` for the user first;
everything here is aggregates (no person is ever named in this app)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, Max, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tryeza.directory.models import Institution, MembershipRole, StructureKind
from tryeza.geography.models import Municipality, Region, localised
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
    ReviewAction,
    ReviewEvent,
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


def _expected() -> QuerySet[Institution]:
    """The rule: institutions expected to report are the active members (not observers)
    of the committee and technical working table of their own region."""
    return Institution.objects.filter(
        is_active=True,
        memberships__structure__region_id=F("region_id"),
        memberships__structure__kind__in=[StructureKind.COMMITTEE, StructureKind.TECHNICAL_TABLE],
    ).exclude(memberships__role=MembershipRole.OBSERVER)


def expected_reporters(region_id: int) -> list[Institution]:
    """Institutions expected to report for a region (``_expected``)."""
    return list(_expected().filter(region_id=region_id).distinct().order_by("name"))


def expected_names(region_id: int) -> list[tuple[int, str]]:
    """(id, name in the active language) of ``expected_reporters``, without models. Kept
    (``figures_cache``: memberships change in the admin, whose log is in the key)."""

    def read() -> list[tuple[int, str]]:
        rows = _expected().filter(region_id=region_id).distinct().order_by("name")
        return [
            (pk, localised(name, name_en))
            for pk, name, name_en in rows.values_list("pk", "name", "name_en")
        ]

    return cached("expected", read, region_id)


def expected_counts() -> dict[int, int]:
    """Region id -> how many institutions are expected to report for it, for every
    region in one query. Kept like ``expected_names``."""

    def read() -> dict[int, int]:
        rows = (
            _expected()
            .values("region_id")
            .annotate(n=Count("pk", distinct=True))
            .values_list("region_id", "n")
            .order_by()
        )
        return dict(rows)

    return cached("expected_counts", read)


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


class ReturnRow(NamedTuple):
    pk: int
    status: str
    submitted_at: datetime.datetime | None
    name: str  # the institution's, in the active language


def returns_by_institution(region_id: int, period: str) -> dict[int, ReturnRow]:
    """Institution id -> its return of the half-year, whatever its status. Kept like
    ``sources`` (a return saved, submitted or sent back moves the data version)."""

    def read() -> dict[int, ReturnRow]:
        rows = DataReturn.objects.filter(region_id=region_id, period=period).values_list(
            "institution_id",
            "pk",
            "status",
            "submitted_at",
            "institution__name",
            "institution__name_en",
        )
        return {
            institution: ReturnRow(pk, status, at, localised(name, name_en))
            for institution, pk, status, at, name, name_en in rows
        }

    return cached("returns", read, region_id, period)


@dataclass(frozen=True)
class TrailEvent:
    at: datetime.datetime
    action: str
    what: str  # the action in words
    figures_of: str  # the institution whose return it was about, else ""
    by: str  # the institution of who did it
    by_username: str
    comment: str


def trail(region_id: int, period: str, limit: int | None) -> tuple[int, list[TrailEvent]]:
    """How many review events the half-year has, and the newest ``limit`` of them (all
    with None), newest first. Kept: every event moves the data version."""

    def read() -> tuple[int, list[TrailEvent]]:
        events = ReviewEvent.objects.filter(region_id=region_id, period=period)
        actions = {action: capfirst(str(label)) for action, label in ReviewAction.choices}
        rows = events.order_by("-at", "-pk").values_list(
            "at",
            "action",
            "institution__name",
            "institution__name_en",
            "by__institution__name",
            "by__institution__name_en",
            "by__username",
            "comment",
        )
        shown = [
            TrailEvent(
                at,
                action,
                actions[action],
                localised(of or "", of_en or ""),
                localised(by or "", by_en or ""),
                username,
                comment,
            )
            for at, action, of, of_en, by, by_en, username, comment in (
                rows if limit is None else rows[:limit]
            )
        ]
        count = len(shown) if limit is None or len(shown) < limit else events.count()
        return count, shown

    return cached("trail", read, region_id, period, limit)


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
    report: RegionReport, by_source: dict[str, dict[Cell, int | None]] | None = None
) -> list[tuple[Discrepancy, Explanation | None]]:
    """Differences with their explanations; pass ``by_source`` when already read."""
    if by_source is None:
        by_source = sources(report.region_id, report.period)
    found = find_discrepancies(by_source, tolerances())
    explained = {(e.element, e.period): e for e in report.explanations.all()}
    return [(d, explained.get((d.element, d.period))) for d in found]


def unexplained_discrepancies(report: RegionReport) -> list[Discrepancy]:
    return [d for d, explanation in discrepancies(report) if explanation is None]


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


@dataclass(frozen=True)
class Completeness:
    region: Region
    expected: int
    submitted: int
    status: str
    approved_on_time: bool | None


def completeness(period: str) -> list[Completeness]:
    """Per region: how many expected institutions submitted, and whether the committee
    approved its report by the due date (None while not approved). Four queries."""
    due = Period.parse(period).due
    # Rows, not models: a report carries four narrative texts nobody reads here.
    reports = {
        region_id: (status, approved_at)
        for region_id, status, approved_at in RegionReport.objects.filter(
            period=period
        ).values_list("region_id", "status", "approved_at")
    }
    submitted = dict(
        DataReturn.objects.filter(period=period, status=ReturnStatus.SUBMITTED)
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    expected = expected_counts()
    rows = []
    for region in Region.objects.order_by("name"):
        status, approved_at = reports.get(region.pk, (ReportStatus.OPEN, None))
        rows.append(
            Completeness(
                region=region,
                expected=expected.get(region.pk, 0),
                submitted=submitted.get(region.pk, 0),
                status=status,
                approved_on_time=approved_at.date() <= due if approved_at else None,
            )
        )
    return rows
