"""What a committee's bi-annual report says, gathered for one region and half-year in the
active language. Every count is protected here, before layout: the PDF and the XLSX
receive text ("12", "<5", "x"), never a raw figure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tryeza.directory.models import Structure, StructureKind
from tryeza.geography.models import Region
from tryeza.meetings.figures import Cadence, TaskFigures, meeting_cadences, task_figures_of
from tryeza.reporting import selectors
from tryeza.reporting.casework import Figures, case_figures
from tryeza.reporting.catalogue import (
    AGE,
    DESTINATION,
    ELEMENTS,
    EXPLOITATION,
    FROM_CASES,
    QUARTER,
    SEX,
    Element,
    categories,
    value_periods,
)
from tryeza.reporting.disclosure import TOTAL
from tryeza.reporting.models import RegionReport, ReportStatus
from tryeza.reporting.periods import Period
from tryeza.reporting.report.scorecard import Indicator, committees_and_tables, scorecard
from tryeza.reporting.report.tables import NOT_REPORTED, Bars, Grid, breakdown, shown
from tryeza.reporting.validation import Cell

NARRATIVE = ("summary", "context", "response", "action_plan")
BREAKDOWNS = (SEX, AGE, EXPLOITATION, DESTINATION)
VICTIMS = "victims_identified"


@dataclass(frozen=True)
class StructureWork:
    name: str
    cadence: Cadence
    tasks: TaskFigures


@dataclass(frozen=True)
class RegionContent:
    region: Region
    period: Period
    report: RegionReport | None
    committee: str
    narrative: tuple[tuple[str, str], ...]
    # None while the committee has not approved the period: only sources are shown then.
    figures: Grid | None
    # Each source's figures: a column per institution (spreadsheet), and summed up (PDF).
    sources: Grid
    sources_summary: Grid
    breakdowns: tuple[Grid, ...]
    charts: tuple[Bars, ...]
    work: tuple[StructureWork, ...]
    scorecard: tuple[Indicator, ...]

    @property
    def approved(self) -> bool:
        return self.figures is not None


def count_elements() -> list[Element]:
    return [e for e in ELEMENTS if e.is_count]


def _region_figures(
    totals: Mapping[tuple[str, str], int], period: Period
) -> tuple[Grid, list[Bars]]:
    """The figure the region stands by, per element; quarters with their half-year total
    are protected together, since the total would reveal a hidden quarter."""
    rows: list[tuple[str, ...]] = []
    charts: list[Bars] = []
    for element in count_elements():
        periods = value_periods(element, period.code)
        found = {p: totals[(element.code, p)] for p in periods if (element.code, p) in totals}
        if element.period_type == QUARTER and len(found) == len(periods):
            displays = breakdown(found)
            lines = [(p, displays[p]) for p in periods] + [(_("half-year"), displays[TOTAL])]
            charts.append(Bars(str(element.label), tuple(lines[:-1])))
        else:
            lines = [(p, shown(found.get(p))) for p in periods]
        for i, (when, display) in enumerate(lines):
            rows.append((str(element.label) if i == 0 else "", when, display))
    grid = Grid(
        _("The region's figures"), (_("Data element"), _("Period"), _("Figure")), tuple(rows)
    )
    return grid, charts


def _sources(
    report: RegionReport | None, region: Region, period: Period, cases: Figures
) -> tuple[Grid, Grid]:
    """Each institution's totals beside case work, with the committee's explanation: in
    full (a column per source, for the spreadsheet) and summed up for the printed report
    (case work, how many institutions reported, the lowest and highest of them). A region
    with sixty reporting institutions cannot be printed a column each."""
    by_source = selectors.sources(region.pk, period.code, cases)
    # Case work always counts: no case is a zero, not a figure nobody gave.
    from_cases = selectors.casework_label()
    explained = {(e.element, e.period): e for e in report.explanations.all()} if report else {}
    rows, summary = [], []
    for element in count_elements():
        for when in value_periods(element, period.code):
            cell = (element.code, when, "", "")
            figures = {
                name: numbers.get(
                    cell, 0 if name == from_cases and element.code in FROM_CASES else None
                )
                for name, numbers in by_source.items()
            }
            explanation = explained.get((element.code, when))
            if all(n is None for n in figures.values()) and explanation is None:
                continue
            why = explanation.text if explanation else ""
            agreed = shown(explanation.agreed) if explanation else NOT_REPORTED
            label = str(element.label)
            rows.append((label, when, *(shown(n) for n in figures.values()), why, agreed))
            spread = selectors.source_range(figures)
            summary.append(
                (
                    label,
                    when,
                    shown(spread.cases),
                    str(spread.reporting),
                    shown(spread.low),
                    shown(spread.high),
                    why,
                    agreed,
                )
            )
    why_header, agreed_header = _("Why the figures differ"), _("Agreed figure")
    full = Grid(
        _("Figures by source"),
        (_("Data element"), _("Period"), *by_source, why_header, agreed_header),
        tuple(rows),
    )
    summed_up = Grid(
        _("Figures by source"),
        (
            _("Data element"),
            _("Period"),
            from_cases,
            _("Institutions reporting"),
            _("Lowest"),
            _("Highest"),
            why_header,
            agreed_header,
        ),
        tuple(summary),
        note=_("Each institution's figure is in the spreadsheet (XLSX) of this report."),
    )
    return full, summed_up


def _breakdowns(cells: Mapping[Cell, int], period: Period) -> tuple[list[Grid], list[Bars]]:
    """Victims identified in the half-year from case work, by each profile dimension."""
    quarters = [q.code for q in period.quarters]
    grids, charts = [], []
    for dimension in BREAKDOWNS:
        labels = dict(categories(dimension, []))
        values = {
            code: sum(cells.get((VICTIMS, q, dimension.code, code), 0) for q in quarters)
            for code in labels
        }
        displays = breakdown(values)
        title = _("Victims identified (case work) by %(dimension)s") % {
            "dimension": dimension.label
        }
        lines = tuple((labels[code], displays[code]) for code in labels)
        grids.append(
            Grid(
                title,
                (capfirst(str(dimension.label)), _("Victims")),
                (*lines, (_("Total"), displays[TOTAL])),
            )
        )
        charts.append(Bars(title, lines))
    return grids, charts


def _case_quarters(cells: Mapping[Cell, int], period: Period) -> list[Bars]:
    """Per-quarter bars from case work, for a report not yet approved."""
    charts = []
    for element in count_elements():
        if element.period_type != QUARTER:
            continue
        quarters = value_periods(element, period.code)
        displays = breakdown({q: cells.get((element.code, q, "", ""), 0) for q in quarters})
        title = _("%(element)s (case work)") % {"element": element.label}
        charts.append(Bars(title, tuple((q, displays[q]) for q in quarters)))
    return charts


def _work(region: Region, period: Period) -> list[tuple[Structure, StructureWork]]:
    """The region's committee and table: meetings against their cadence, and tasks."""
    structures = list(committees_and_tables([region]).order_by("kind", "pk"))
    cadences = meeting_cadences(structures, period.start, period.end)
    tasks = task_figures_of(structures, period.start, period.end)
    return [(s, StructureWork(s.display_name, cadences[s.pk], tasks[s.pk])) for s in structures]


def _narrative_label(name: str) -> str:
    field = RegionReport._meta.get_field(name)
    assert isinstance(field, models.Field)  # the narrative names are model fields
    return capfirst(str(field.verbose_name))


def region_content(region: Region, period: Period) -> RegionContent:
    report = RegionReport.objects.filter(region=region, period=period.code).first()
    approved = report is not None and report.status != ReportStatus.OPEN
    # Case work once, for the figures, the sources and the breakdowns.
    cases = case_figures(period, [region.pk], [d.code for d in BREAKDOWNS])
    totals = selectors.region_totals([region.pk], period.code, cases).get(region.pk, {})
    cells = cases.get(region.pk, {})
    figures: Grid | None = None
    if approved:
        figures, charts = _region_figures(totals, period)
    else:
        charts = _case_quarters(cells, period)
    breakdowns, breakdown_charts = _breakdowns(cells, period)
    work = _work(region, period)
    committee = next((s for s, _w in work if s.kind == StructureKind.COMMITTEE), None)
    narrative = (
        tuple((_narrative_label(name), getattr(report, name)) for name in NARRATIVE)
        if report is not None
        else ()
    )
    sources, sources_summary = _sources(report, region, period, cases)
    return RegionContent(
        region=region,
        period=period,
        report=report,
        committee=committee.display_name if committee else "",
        narrative=narrative,
        figures=figures,
        sources=sources,
        sources_summary=sources_summary,
        breakdowns=tuple(breakdowns),
        charts=(*charts, *breakdown_charts),
        work=tuple(w for _s, w in work),
        scorecard=tuple(scorecard(region=region, period=period, totals=totals)),
    )
