"""ONAC's national view: the regions and the cluster groups side by side over half-years.

Every count here has left its region, so it passes disclosure control. A half-year's
figures are one breakdown of that half-year's national total (by region, by cluster group,
by where people were exploited), protected with ``disclosure.protect_breakdown``. Sums over
several half-years are never shown: they would change with the window chosen, and two
windows could then be subtracted; so a half-year's column reads the same whatever window
it appears in.

Breakdowns of the same figures are protected together (``disclosure_linked``): a national
total that two breakdowns share is hidden in both or in neither, and a cluster group's
figure is hidden where it would give away a region's hidden figure or a small part of a
region. Aggregates only; nothing here reads a person."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from django.db.models import Prefetch

from tryeza.geography.models import ClusterGroup, Municipality, Region
from tryeza.reporting.casework import case_figures_by_half
from tryeza.reporting.catalogue import DESTINATION
from tryeza.reporting.disclosure import SMALL_MARK, TOTAL, Protected, display_count
from tryeza.reporting.disclosure_linked import Column, Rule, is_hidden, protect_columns
from tryeza.reporting.figures_cache import cached, one_version
from tryeza.reporting.periods import Period, half_years
from tryeza.reporting.reporters import Completeness, completeness
from tryeza.reporting.selectors import region_totals
from tryeza.reporting.validation import Cell as ValueCell

VICTIMS = "victims_identified"
AT_RISK = "at_risk_identified"
DESTINATIONS = ("domestic", "abroad", "unknown")

K = TypeVar("K", bound=Hashable)


def is_small(n: int) -> bool:
    return display_count(n) == SMALL_MARK


@dataclass(frozen=True)
class Figures:
    """The half-years' figures, gathered once: per half-year code, what each region stands
    by (its approved or accepted report) and the cells counted from cases."""

    halves: list[Period]
    reported: dict[str, dict[int, dict[tuple[str, str], int]]]
    cases: dict[str, dict[int, dict[ValueCell, int]]]

    def counted(
        self, element: str, half: Period, region_id: int, dimension: str = "", category: str = ""
    ) -> int:
        cells = self.cases[half.code].get(region_id, {})
        return sum(cells.get((element, q.code, dimension, category), 0) for q in half.quarters)

    def from_committee(self, half: Period, region_id: int) -> bool:
        return region_id in self.reported[half.code]

    def region_figure(self, element: str, half: Period, region_id: int) -> int:
        """The committee's figure where its report is approved or accepted; otherwise the
        figure from case work, so that no region is blank."""
        reported = self.reported[half.code].get(region_id)
        if reported is None:
            return self.counted(element, half, region_id)
        return sum(reported.get((element, q.code), 0) for q in half.quarters)


def gather(halves: list[Period], region_ids: list[int]) -> Figures:
    """One query of the cases for all the half-years, and two per half-year for the
    committees' reports, however many cases and reports there are."""
    # Only the breakdowns these tables show: by cluster group (from municipalities) and by
    # where people were exploited.
    cases = case_figures_by_half(halves, region_ids, ("municipality", "destination"))
    return Figures(
        halves,
        {
            h.code: region_totals(region_ids, h.code, cases[h.code], from_cases_only=True)
            for h in halves
        },
        cases,
    )


@dataclass(frozen=True)
class Cluster:
    group: ClusterGroup
    municipalities: frozenset[str]
    region_ids: frozenset[int]


def clusters() -> list[Cluster]:
    groups = ClusterGroup.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.only("code", "region_id"))
    )
    return [
        Cluster(
            group,
            frozenset(m.code for m in group.municipalities.all()),
            frozenset(m.region_id for m in group.municipalities.all()),
        )
        for group in groups
    ]


def cluster_parts(
    figures: Figures, element: str, half: Period, region_id: int, groups: list[Cluster]
) -> dict[str, int]:
    """A region's count from case work split over the cluster groups it lies in, and
    the part without a municipality (under ``""``)."""
    cells = figures.cases[half.code].get(region_id, {})
    parts = {"": figures.counted(element, half, region_id)}
    for cluster in groups:
        if region_id in cluster.region_ids:
            n = sum(
                cells.get((element, q.code, "municipality", m), 0)
                for q in half.quarters
                for m in cluster.municipalities
            )
            parts[cluster.group.code] = n
            parts[""] -= n
    return parts


def cluster_guard(
    figures: Figures,
    element: str,
    regions: list[Region],
    groups: list[Cluster],
    region_key: Callable[[Period], K],
    cluster_key: Callable[[Period], K],
) -> Rule[K]:
    """A cluster group's figure is a sum of parts of regions. Where a region's own figure
    is hidden, or one of its parts is 1..4, the figures of every cluster group it touches
    are hidden: with the regions' published figures they would give it away."""

    def rule(protected: Mapping[K, Protected]) -> dict[K, set[str]]:
        hide: dict[K, set[str]] = {}
        for half in figures.halves:
            for region in regions:
                parts = cluster_parts(figures, element, half, region.pk, groups)
                by_region = protected[region_key(half)]
                if is_hidden(by_region, region.code) or any(is_small(n) for n in parts.values()):
                    hide.setdefault(cluster_key(half), set()).update(
                        c.group.code for c in groups if region.pk in c.region_ids
                    )
        return hide

    return rule


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    cells: list[str]
    # Per half-year: the figure is the committee's (approved or accepted report).
    committee: list[bool]

    @property
    def pairs(self) -> list[tuple[str, bool]]:
        return list(zip(self.cells, self.committee, strict=True))


@dataclass(frozen=True)
class Breakdowns:
    """Half-years side by side: one protected column each, shown row by row."""

    lines: list[Line]
    total: list[str]

    def line(self, code: str) -> Line:
        return next(line for line in self.lines if line.code == code)


def side_by_side(
    protected: Mapping[K, Protected],
    key: Callable[[Period], K],
    halves: list[Period],
    rows: Sequence[tuple[str, str]],
    committee: Callable[[Period, str], bool] | None = None,
) -> Breakdowns:
    return Breakdowns(
        [
            Line(
                code,
                label,
                [protected[key(h)].display(TOTAL, code) for h in halves],
                [bool(committee and committee(h, code)) for h in halves],
            )
            for code, label in rows
        ],
        [protected[key(h)].display(TOTAL, TOTAL) for h in halves],
    )


@dataclass(frozen=True)
class NationalView:
    halves: list[Period]
    victims: Breakdowns
    at_risk: Breakdowns
    clusters_victims: Breakdowns
    clusters_at_risk: Breakdowns
    destination: Breakdowns
    completeness: list[Completeness]

    def by_region(self, figure: str) -> Breakdowns:
        return self.at_risk if figure == AT_RISK else self.victims


def keyed(name: str) -> Callable[[Period], tuple[str, str]]:
    return lambda half: (name, half.code)


def pairs(keys: Sequence[K]) -> list[tuple[K, K]]:
    return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]


def national_view(last: Period, span: int) -> NationalView:
    """The national tables for ``span`` half-years ending with ``last``, kept until their
    data changes (``figures_cache``, the data version read once for both), with the
    completeness of the last half-year."""
    with one_version():
        tables = cached("national", lambda: _tables(last, span), last.code, span)
        return replace(tables, completeness=completeness(last.code))


def _tables(last: Period, span: int) -> NationalView:
    """A constant number of queries: one for the cases, two per half-year, three for
    regions and cluster groups."""
    halves = half_years(last, span)
    regions = sorted(Region.objects.all(), key=lambda r: r.display_name)
    groups = sorted(clusters(), key=lambda c: c.group.code)
    figures = gather(halves, [r.pk for r in regions])
    columns: dict[tuple[str, str], Column] = {}
    links: list[tuple[tuple[str, str], ...]] = []
    rules: list[Rule[tuple[str, str]]] = []
    for element in (VICTIMS, AT_RISK):
        for h in halves:
            parts = {r.pk: cluster_parts(figures, element, h, r.pk, groups) for r in regions}
            columns[(element, h.code)] = {
                r.code: figures.region_figure(element, h, r.pk) for r in regions
            }
            columns[(f"clusters:{element}", h.code)] = {
                c.group.code: sum(p.get(c.group.code, 0) for p in parts.values()) for c in groups
            }
            links.append(((element, h.code), (f"clusters:{element}", h.code)))
        rules.append(
            cluster_guard(
                figures,
                element,
                regions,
                groups,
                keyed(element),
                keyed(f"clusters:{element}"),
            )
        )
    for h in halves:
        columns[("destination", h.code)] = {
            d: sum(figures.counted(VICTIMS, h, r.pk, "destination", d) for r in regions)
            for d in DESTINATIONS
        }
        links += pairs(
            [(VICTIMS, h.code), ("destination", h.code), (f"clusters:{VICTIMS}", h.code)]
        )
    protected = protect_columns(columns, links=links, rules=rules)
    by_code = {r.code: r.pk for r in regions}
    region_rows = [(r.code, r.display_name) for r in regions]
    cluster_rows = [(c.group.code, c.group.display_name) for c in groups]

    def committee(half: Period, code: str) -> bool:
        return figures.from_committee(half, by_code[code])

    def table(name: str, rows: Sequence[tuple[str, str]], mark: bool = False) -> Breakdowns:
        return side_by_side(protected, keyed(name), halves, rows, committee if mark else None)

    return NationalView(
        halves=halves,
        victims=table(VICTIMS, region_rows, mark=True),
        at_risk=table(AT_RISK, region_rows, mark=True),
        clusters_victims=table(f"clusters:{VICTIMS}", cluster_rows),
        clusters_at_risk=table(f"clusters:{AT_RISK}", cluster_rows),
        destination=table(
            "destination", [(code, str(label)) for code, label in DESTINATION.categories]
        ),
        completeness=[],
    )
