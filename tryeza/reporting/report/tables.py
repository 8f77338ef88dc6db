"""What the report's tables and charts hold: text already through disclosure control, so
the PDF, the XLSX and the charts cannot show a figure that was not protected."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tryeza.reporting.disclosure import TOTAL, display_count, protect_breakdown

# Shown where nobody reported a figure (not the same as a published zero).
NOT_REPORTED = "—"


@dataclass(frozen=True)
class Grid:
    """A table as printed: a title, the header labels and rows of protected text."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Bars:
    """A bar chart: (label, value as displayed). Only plain numbers are drawn; "<5" and
    "x" stay as marks without a bar, so a chart cannot reveal a hidden value."""

    title: str
    bars: tuple[tuple[str, str], ...]


def shown(n: int | None) -> str:
    """A lone figure as the report shows it."""
    return NOT_REPORTED if n is None else display_count(n)


def breakdown(values: Mapping[str, int]) -> dict[str, str]:
    """Category -> display for a breakdown, with its total under ``TOTAL``."""
    if not values:
        return {TOTAL: NOT_REPORTED}
    protected = protect_breakdown(values)
    return {key: protected.display(TOTAL, key) for key in (*values, TOTAL)}


def half_total(
    totals: Mapping[tuple[str, str], int], code: str, periods: Sequence[str]
) -> int | None:
    """An element's figure for the half-year: the sum of its quarters when every one was
    reported, its own figure for a half-year element, None otherwise."""
    found = [totals.get((code, p)) for p in periods]
    if any(n is None for n in found):
        return None
    return sum(n for n in found if n is not None)
