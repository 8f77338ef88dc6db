"""Breakdowns of the same figures protected together (``protect_columns``): ONAC's view
and a public release show a half-year by region, by cluster group and by where people
were exploited, and the national total they share must be hidden in all or in none.
Each breakdown alone is protected by ``disclosure.protect_breakdown``; this module adds
what only the set of them can give away."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from tryeza.reporting.disclosure import (
    THRESHOLD,
    TOTAL,
    Cell,
    Protected,
    Register,
    protect_breakdown,
)

K = TypeVar("K", bound=Hashable)
Column = Mapping[str, int]
# A rule sees every protected column and names more cells to hide: {column: categories}.
Rule = Callable[[Mapping[K, Protected]], Mapping[K, Iterable[str]]]


def protect_columns(
    columns: Mapping[K, Column],
    *,
    links: Iterable[Sequence[K]] = (),
    previous: Mapping[K, Sequence[Register]] | None = None,
    rules: Sequence[Rule[K]] = (),
) -> dict[K, Protected]:
    """Protect breakdowns that share figures. ``links``: columns whose totals are the same
    figure (linked only where the totals are equal): a total hidden in one is hidden in
    all. ``rules`` may ask for more cells to be hidden. Repeats until nothing more is
    asked: each round hides at least one more cell, so it ends.

    Each column alone is safe (``disclosure`` sees to it), but a total hidden in linked
    columns is one unknown in all of them: if it can only go up in one column and only
    down in another, together they pin it. ``_pinned_together`` finds that, exactly for
    breakdowns (one sum each), and the smallest published figure of each such column is
    hidden too."""
    earlier = previous or {}
    keep: dict[K, set[str]] = {key: set() for key in columns}
    linked = _groups(link for link in links if len({sum(columns[k].values()) for k in link}) == 1)
    rules = [*rules, _together(columns, linked)]
    while True:
        protected = {
            key: protect_breakdown(values, earlier.get(key, ()), hidden=keep[key])
            for key, values in columns.items()
        }
        wanted: dict[K, set[str]] = {key: set() for key in columns}
        for link in linked:
            if any(is_hidden(protected[k], TOTAL) for k in link):
                for k in link:
                    wanted[k].add(TOTAL)
        for rule in rules:
            for key, categories in rule(protected).items():
                wanted[key].update(categories)
        new = {
            key: {c for c in cats if not is_hidden(protected[key], c)}
            for key, cats in wanted.items()
        }
        if not any(new.values()):
            return protected
        for key, categories in new.items():
            keep[key] |= categories


def _groups(links: Iterable[Sequence[K]]) -> list[list[K]]:
    """Links that share a column are one group: the same total in all of them."""
    groups: list[set[K]] = []
    for link in links:
        touching = [g for g in groups if g.intersection(link)]
        merged = set(link).union(*touching)
        groups = [g for g in groups if g not in touching] + [merged]
    return [list(g) for g in groups]


def _together(columns: Mapping[K, Column], links: list[list[K]]) -> Rule[K]:
    def rule(protected: Mapping[K, Protected]) -> dict[K, set[str]]:
        hide: dict[K, set[str]] = {}
        for link in links:
            group = {key: (protected[key], columns[key]) for key in link}
            if is_hidden(protected[link[0]], TOTAL) and _pinned_together(group):
                for key, (column, values) in group.items():
                    shown = [c for c in values if not is_hidden(column, c)]
                    if shown:
                        # A non-zero figure first: hiding it lets the total move down too.
                        hide[key] = {min(shown, key=lambda c: (values[c] == 0, values[c]))}
        return hide

    return rule


def _bounds(column: Protected, category: str) -> tuple[float, float]:
    state = column.state(TOTAL, category)
    return (1, THRESHOLD - 1) if state is Cell.SMALL else (0, math.inf)


def _pinned_together(group: Mapping[K, tuple[Protected, Column]]) -> bool:
    """Whether the hidden total shared by ``group``, or a hidden figure of one of its
    columns, has one possible value given what all the columns publish. A column says
    total = published + hidden figures, each hidden figure within its bounds."""
    sums = {}
    for key, (column, values) in group.items():
        bounds = [_bounds(column, c) for c in values if is_hidden(column, c)]
        published = sum(n for c, n in values.items() if not is_hidden(column, c))
        sums[key] = (published, sum(b[0] for b in bounds), sum(b[1] for b in bounds))
    low, high = _bounds(next(iter(group.values()))[0], TOTAL)
    low = max([low, *(p + lo for p, lo, _hi in sums.values())])
    high = min([high, *(p + hi for p, _lo, hi in sums.values())])
    if low >= high:
        return True
    for key, (column, values) in group.items():
        published = sums[key][0]
        hidden = [c for c in values if is_hidden(column, c)]
        for category in hidden:
            lo, hi = _bounds(column, category)
            others = [_bounds(column, c) for c in hidden if c != category]
            least = max(lo, low - published - sum(b[1] for b in others))
            most = min(hi, high - published - sum(b[0] for b in others))
            if least >= most:
                return True
    return False


def is_hidden(column: Protected, category: str) -> bool:
    """Not published as it is: hidden, or shown as "<5"."""
    return column.state(TOTAL, category) is not Cell.PUBLISHED
