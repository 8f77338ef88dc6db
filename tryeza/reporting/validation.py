"""Validation of one institution's figures before they are saved: totals equal the sum of
their parts, children are not more than the total, figures lie in ONAC's expected range.
Used by the entry page, the XLSX upload and the API alike; a return with a problem is not
saved at all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tryeza.reporting.catalogue import AGE, BY_CODE, MINORS, Element, categories, value_periods

# (element, period, dimension, category); dimension and category are "" for the total.
Cell = tuple[str, str, str, str]


@dataclass(frozen=True)
class Problem:
    element: str
    period: str
    message: str


@dataclass(frozen=True)
class Range:
    minimum: int = 0
    maximum: int | None = None


def known_cells(half: str, municipalities: list[tuple[str, str]]) -> set[Cell]:
    """Every count cell a return for ``half`` may hold."""
    cells: set[Cell] = set()
    for element in BY_CODE.values():
        if not element.is_count:
            continue
        for period in value_periods(element, half):
            cells.add((element.code, period, "", ""))
            for dimension in element.dimensions:
                for category, _label in categories(dimension, municipalities):
                    cells.add((element.code, period, dimension.code, category))
    return cells


def validate(
    numbers: Mapping[Cell, int | None],
    *,
    half: str,
    municipalities: list[tuple[str, str]],
    ranges: Mapping[str, Range],
) -> list[Problem]:
    problems: list[Problem] = []
    for element in BY_CODE.values():
        if not element.is_count:
            continue
        for period in value_periods(element, half):
            problems += _check_element(element, period, numbers, municipalities, ranges)
    return problems


def _check_element(
    element: Element,
    period: str,
    numbers: Mapping[Cell, int | None],
    municipalities: list[tuple[str, str]],
    ranges: Mapping[str, Range],
) -> list[Problem]:
    problems: list[Problem] = []
    name = str(element.label)

    def problem(message: str) -> None:
        problems.append(Problem(element.code, period, f"{name}, {period}: {message}"))

    total = numbers.get((element.code, period, "", ""))
    limits = ranges.get(element.code, Range())
    figures = [v for (e, p, _d, _c), v in numbers.items() if e == element.code and p == period]
    for figure in figures:
        if figure is None:
            continue
        if figure < limits.minimum or (limits.maximum is not None and figure > limits.maximum):
            problem(
                _(
                    "%(figure)s is outside the expected range %(low)s–%(high)s. Check for a "
                    "typo; if the figure is right, ask ONAC to widen the range."
                )
                % {"figure": figure, "low": limits.minimum, "high": limits.maximum or "∞"}
            )
            break
    for dimension in element.dimensions:
        cats = [c for c, _label in categories(dimension, municipalities)]
        parts = [numbers.get((element.code, period, dimension.code, c)) for c in cats]
        filled = [p for p in parts if p is not None]
        if not filled:
            continue
        if total is None:
            problem(
                _("enter the total before its breakdown by %(dimension)s.")
                % {"dimension": dimension.label}
            )
            continue
        if dimension is AGE:
            minors = numbers.get((element.code, period, AGE.code, MINORS))
            if minors is not None and minors > total:
                problem(
                    _("%(minors)s children are more than the total of %(total)s.")
                    % {"minors": minors, "total": total}
                )
                continue
        if len(filled) == len(parts) and sum(filled) != total:
            problem(
                _("the figures by %(dimension)s add up to %(sum)s, not to the total %(total)s.")
                % {"dimension": dimension.label, "sum": sum(filled), "total": total}
            )
        elif sum(filled) > total:
            problem(
                _("the figures by %(dimension)s add up to %(sum)s, more than the total %(total)s.")
                % {"dimension": dimension.label, "sum": sum(filled), "total": total}
            )
    return problems
