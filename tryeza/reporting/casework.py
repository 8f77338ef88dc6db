"""Figures from case work: persons identified per quarter by region and category, counted
from the cases' anonymous fields only (never the identity tables). They are shown beside
what institutions typed, as one more source: "case work (Tryeza)"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tryeza.cases.access import case_counts
from tryeza.cases.choices import AgeBand, Exploitation, Stage, Where
from tryeza.reporting.periods import Period
from tryeza.reporting.validation import Cell

SOURCE = "casework"

_AGE = {band.value: ("0-17" if band in AgeBand.minors() else "18+") for band in AgeBand}
_AGE[AgeBand.UNKNOWN.value] = "unknown"
_WHERE = {
    Where.DOMESTIC.value: "domestic",
    Where.ABROAD.value: "abroad",
    Where.BOTH.value: "abroad",
}


# The breakdowns case work gives, and the case field each is counted from.
FIELDS = {
    "sex": "sex",
    "age": "age_band",
    "municipality": "municipality__code",
    "exploitation": "exploitation",
    "destination": "exploited_where",
}
ALL = tuple(FIELDS)

Figures = dict[int, dict[Cell, int]]


def case_figures(
    half: Period, region_ids: Iterable[int] | None = None, dimensions: Iterable[str] = ALL
) -> Figures:
    """Region id -> cells of ``victims_identified`` and ``at_risk_identified`` for the
    quarters of ``half``: the totals and the breakdowns named in ``dimensions`` (all by
    default). One grouped query, however many cases there are."""
    return case_figures_by_half([half], region_ids, dimensions)[half.code]


def case_figures_by_half(
    halves: Iterable[Period],
    region_ids: Iterable[int] | None = None,
    dimensions: Iterable[str] = ALL,
) -> dict[str, Figures]:
    """``case_figures`` of several half-years (code -> region id -> cells), from one
    grouped query over the days from the first to the last: a page that shows four
    half-years reads the cases once, not four times.

    Only the fields of ``dimensions`` are grouped by: the cases are counted in one group
    per combination of values, so each field left out makes fewer groups to add up
    (all five give about one group for every two cases)."""
    halves = list(halves)
    wanted = [d for d in ALL if d in set(dimensions)]
    figures: dict[str, dict[int, dict[Cell, int]]] = {
        h.code: defaultdict(lambda: defaultdict(int)) for h in halves
    }
    if halves:
        rows = case_counts(
            ["region_id", "stage", *(FIELDS[d] for d in wanted)],
            identified_from=min(h.start for h in halves),
            identified_to=max(h.end for h in halves),
            region_ids=region_ids,
            by_quarter=True,
        )
        for row in rows:
            by_region = figures.get(f"{row['y']}S{1 if row['q'] <= 2 else 2}")
            if by_region is not None:  # a half-year between two that were asked for
                _count(by_region[row["region_id"]], row, wanted)
    return {
        code: {region: dict(cells) for region, cells in by_region.items()}
        for code, by_region in figures.items()
    }


def _category(dimension: str, row: dict[str, Any]) -> str | None:
    """The category of a group of cases in one breakdown; None: not counted there."""
    value = row[FIELDS[dimension]]
    if dimension == "age":
        return _AGE.get(value, "unknown")
    if dimension == "municipality":
        return value or None
    if dimension == "exploitation":
        return Exploitation.UNKNOWN if value == Exploitation.NONE_YET else value
    if dimension == "destination":
        return _WHERE.get(value, "unknown")
    return value


# Persons at risk are not victims: no form of exploitation, nowhere exploited.
_VICTIMS_ONLY = {"exploitation", "destination"}


def _count(cells: dict[Cell, int], row: dict[str, Any], dimensions: list[str]) -> None:
    """Add one group of cases to a region's cells."""
    period = f"{row['y']}Q{row['q']}"
    at_risk = row["stage"] == Stage.AT_RISK
    element = "at_risk_identified" if at_risk else "victims_identified"
    n = row["n"]
    cells[(element, period, "", "")] += n
    for dimension in dimensions:
        if at_risk and dimension in _VICTIMS_ONLY:
            continue
        category = _category(dimension, row)
        if category is not None:
            cells[(element, period, dimension, category)] += n
