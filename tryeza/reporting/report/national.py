"""ONAC's national consolidation for a half-year: the twelve regions side by side, how
complete and timely their reports are, and each committee's scorecard. Regions' figures
count only once their committee has approved them (``selectors.region_totals``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tryeza.geography.models import Region
from tryeza.reporting import reporters, selectors
from tryeza.reporting.catalogue import value_periods
from tryeza.reporting.disclosure import TOTAL
from tryeza.reporting.models import ReportStatus
from tryeza.reporting.periods import Period
from tryeza.reporting.report.content import VICTIMS, count_elements
from tryeza.reporting.report.scorecard import INDICATORS, scorecards
from tryeza.reporting.report.tables import NOT_REPORTED, Bars, Grid, breakdown, half_total


@dataclass(frozen=True)
class NationalContent:
    period: Period
    regions: Grid
    completeness: Grid
    scorecards: Grid
    charts: tuple[Bars, ...]


def _regions(
    regions: list[Region], totals: dict[int, dict[tuple[str, str], int]], period: Period
) -> tuple[Grid, list[Bars]]:
    """One row per element, one column per region, the national total last. Each row is
    a breakdown of the national total by region and is protected as one."""
    rows, charts = [], []
    for element in count_elements():
        periods = value_periods(element, period.code)
        values = {
            r.code: n
            for r in regions
            if (n := half_total(totals.get(r.pk, {}), element.code, periods)) is not None
        }
        displays = breakdown(values)
        rows.append(
            (
                str(element.label),
                *(displays.get(r.code, NOT_REPORTED) for r in regions),
                displays[TOTAL],
            )
        )
        if element.code == VICTIMS:
            bars = tuple((r.display_name, displays[r.code]) for r in regions if r.code in values)
            charts.append(Bars(str(element.label), bars))
    header = (_("Data element"), *(r.display_name for r in regions), _("Total"))
    note = _("“—”: the committee has not approved its figures for the half-year.")
    return Grid(_("The regions side by side"), header, tuple(rows), note), charts


def _completeness(period: Period) -> Grid:
    on_time = {True: _("yes"), False: _("no"), None: NOT_REPORTED}
    labels = dict(ReportStatus.choices)
    rows = tuple(
        (
            c.region.display_name,
            str(c.expected),
            str(c.submitted),
            str(labels.get(c.status, c.status)),
            on_time[c.approved_on_time],
        )
        for c in reporters.completeness(period.code)
    )
    header = (
        _("Region"),
        _("Institutions expected"),
        _("Returns submitted"),
        _("Report"),
        _("Approved by the due date"),
    )
    return Grid(_("Completeness and timeliness"), header, rows)


def _scorecards(
    regions: list[Region], totals: dict[int, dict[tuple[str, str], int]], period: Period
) -> Grid:
    rows = []
    cards = scorecards(regions=regions, period=period, totals=totals)
    for region in regions:
        indicators = cards[region.pk]
        met = sum(1 for i in indicators if i.status == "met")
        rows.append(
            (
                region.display_name,
                *(i.status_label for i in indicators),
                f"{met}/{len(indicators)}",
            )
        )
    header = (_("Region"), *(str(name) for _c, name, _f, _s in INDICATORS), _("Met"))
    return Grid(_("Output indicators per region"), header, tuple(rows))


def national_content(period: Period) -> NationalContent:
    regions = list(Region.objects.order_by("code"))
    totals = selectors.region_totals([r.pk for r in regions], period.code)
    grid, charts = _regions(regions, totals, period)
    return NationalContent(
        period=period,
        regions=grid,
        completeness=_completeness(period),
        scorecards=_scorecards(regions, totals, period),
        charts=tuple(charts),
    )
