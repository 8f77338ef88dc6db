"""Where institutions' totals for the same element differ beyond a tolerance. The committee
must record why, and the figure it stands by, before it can approve the region's report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tryeza.reporting.catalogue import BY_CODE
from tryeza.reporting.validation import Cell

DEFAULT_TOLERANCE = 10


@dataclass(frozen=True)
class Discrepancy:
    element: str
    period: str
    # (source label, total), in the order sources were given.
    figures: tuple[tuple[str, int], ...]

    @property
    def low(self) -> int:
        return min(n for _s, n in self.figures)

    @property
    def high(self) -> int:
        return max(n for _s, n in self.figures)

    @property
    def label(self) -> str:
        return str(BY_CODE[self.element].label)


def differs(figures: list[int], tolerance_percent: int) -> bool:
    """More than one unit apart and more than ``tolerance_percent`` of the largest."""
    if len(figures) < 2:
        return False
    low, high = min(figures), max(figures)
    return high - low > max(1.0, high * tolerance_percent / 100)


def find_discrepancies(
    sources: Mapping[str, Mapping[Cell, int | None]],
    tolerances: Mapping[str, int],
) -> list[Discrepancy]:
    """``sources``: label -> cells. Only totals are compared: breakdowns follow from them."""
    totals: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for label, cells in sources.items():
        for (element, period, dimension, _category), number in cells.items():
            if dimension == "" and number is not None:
                totals.setdefault((element, period), []).append((label, number))
    found = []
    for (element, period), figures in sorted(totals.items()):
        tolerance = tolerances.get(element, DEFAULT_TOLERANCE)
        if differs([n for _s, n in figures], tolerance):
            found.append(Discrepancy(element, period, tuple(figures)))
    order = {code: i for i, code in enumerate(BY_CODE)}
    return sorted(found, key=lambda d: (order.get(d.element, 0), d.period))
