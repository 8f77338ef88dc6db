"""Disclosure control: small counts, whole-group zeros, secondary suppression and
successive releases. The property tests check the module against an oracle written here,
which knows nothing of circulations: it enumerates the tables an outsider could believe in
from the published strings alone."""

from __future__ import annotations

import random
from collections.abc import Iterable
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tryeza.reporting.disclosure import (
    HIDDEN_MARK,
    SMALL_MARK,
    TOTAL,
    Cell,
    Line,
    Protected,
    Table,
    display_count,
    protect,
    protect_breakdown,
)

Key = tuple[str, str]


def table(grid: list[list[int]]) -> Table:
    rows = [f"r{i}" for i in range(len(grid))]
    cols = [f"c{j}" for j in range(len(grid[0]))]
    values = {
        (r, c): n
        for r, line in zip(rows, grid, strict=True)
        for c, n in zip(cols, line, strict=True)
    }
    return Table(rows=rows, cols=cols, values=values)


def hidden(p: Protected) -> set[Key]:
    return {key for key, value in p.published().items() if value is None}


# --- The oracle -------------------------------------------------------------------------


def _allowed(shown: str, n: int) -> bool:
    """What an outsider knows of a cell from the string it shows."""
    if shown == SMALL_MARK:
        return 1 <= n <= 4
    if shown == HIDDEN_MARK:
        return n >= 0
    return n == int(shown)


def _ceiling(shown: str) -> int | None:
    if shown == SMALL_MARK:
        return 4
    return None if shown == HIDDEN_MARK else int(shown)


def consistent_values(p: Protected, truth: Table, width: int) -> dict[Key, set[int]]:
    """For every cell, the values it takes among the tables consistent with what ``p``
    shows whose interior cells lie within ``width`` of the truth. Row by row: the states
    are the column sums so far, kept only if some completion satisfies every margin."""
    rows, cols = list(p.rows), list(p.cols)

    def domain(key: Key) -> list[int]:
        v = truth.value(*key)
        return [n for n in range(max(0, v - width), v + width + 1) if _allowed(p.display(*key), n)]

    choices = [
        [
            a
            for a in product(*(domain((r, c)) for c in cols))
            if _allowed(p.display(r, TOTAL), sum(a))
        ]
        for r in rows
    ]
    ceilings = [_ceiling(p.display(TOTAL, c)) for c in cols]

    def fits(sums: tuple[int, ...]) -> bool:
        return all(top is None or s <= top for s, top in zip(sums, ceilings, strict=True))

    forward: list[set[tuple[int, ...]]] = [{tuple(0 for _ in cols)}]
    for options in choices:
        forward.append(
            {
                t
                for s in forward[-1]
                for a in options
                if fits(t := tuple(map(sum, zip(s, a, strict=True))))
            }
        )
    good = [set[tuple[int, ...]]() for _ in forward]
    good[-1] = {
        s
        for s in forward[-1]
        if all(_allowed(p.display(TOTAL, c), n) for c, n in zip(cols, s, strict=True))
        and _allowed(p.display(TOTAL, TOTAL), sum(s))
    }
    seen: dict[Key, set[int]] = {key: set() for key in p.published()}
    for i in reversed(range(len(rows))):
        for s in forward[i]:
            for a in choices[i]:
                if tuple(map(sum, zip(s, a, strict=True))) in good[i + 1]:
                    good[i].add(s)
                    for c, n in zip(cols, a, strict=True):
                        seen[(rows[i], c)].add(n)
                    seen[(rows[i], TOTAL)].add(sum(a))
    for s in good[-1]:
        for c, n in zip(cols, s, strict=True):
            seen[(TOTAL, c)].add(n)
        seen[(TOTAL, TOTAL)].add(sum(s))
    return seen


def breakdown_values(p: Protected, truth: dict[str, int], width: int) -> dict[Key, set[int]]:
    """The same for a breakdown, by plain enumeration."""
    cats = list(p.cols)
    domains = [
        [n for n in range(max(0, v - width), v + width + 1) if _allowed(p.display(TOTAL, c), n)]
        for c, v in truth.items()
    ]
    seen: dict[Key, set[int]] = {key: set() for key in p.published()}
    for a in product(*domains):
        if _allowed(p.display(TOTAL, TOTAL), sum(a)):
            for c, n in zip(cats, a, strict=True):
                seen[(TOTAL, c)].add(n)
            seen[(TOTAL, TOTAL)].add(sum(a))
    return seen


def assert_nothing_pinned(p: Protected, seen: dict[Key, set[int]], truth: Table | None) -> None:
    for key in hidden(p):
        assert len(seen[key]) >= 2, f"{key} can be worked out: {seen[key]}"
    for key, value in p.published().items():
        if value is not None and truth is not None:
            assert value == truth.value(*key)


# --- Plain examples ---------------------------------------------------------------------


def test_a_lone_figure_of_one_to_four_shows_less_than_five() -> None:
    assert [display_count(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]
    with pytest.raises(ValueError):
        display_count(-1)


def test_a_small_count_shows_less_than_five_and_gets_company_in_its_row_and_column() -> None:
    p = protect(table([[3, 10, 12], [8, 9, 20], [15, 11, 7]]))
    assert p.display("r0", "c0") == "<5"
    assert p.state("r0", "c0") is Cell.SMALL
    # Alone in row 0 and column 0 it would be the total minus the rest: a rectangle hides.
    assert sum(p.state("r0", c) is not Cell.PUBLISHED for c in ("c1", "c2")) >= 1
    assert sum(p.state(r, "c0") is not Cell.PUBLISHED for r in ("r1", "r2")) >= 1
    assert p.display(TOTAL, TOTAL) == "95"


def test_two_small_categories_summing_to_two_hide_a_third() -> None:
    # Published 10 and 12 would leave 1 + 1: each "<5" would be worked out as 1.
    p = protect_breakdown({"sexual": 1, "labour": 1, "begging": 10})
    assert [p.display(TOTAL, c) for c in ("sexual", "labour", "begging")] == ["<5", "<5", "x"]
    assert p.display(TOTAL, TOTAL) == "12"
    assert p.rows == ()
    assert list(p) == [Line(TOTAL, ("<5", "<5", "x", "12"))]


def test_a_region_whose_victims_are_all_women_hides_the_split() -> None:
    p = protect(table([[12, 0], [7, 6], [20, 9]]))
    assert (p.display("r0", "c0"), p.display("r0", "c1"), p.display("r0", TOTAL)) == (
        "x",
        "x",
        "12",
    )
    breakdown = protect_breakdown({"women": 12, "men": 0, "unknown": 0})
    assert breakdown.display(TOTAL, "women") == "x"
    assert [breakdown.display(TOTAL, c) for c in ("men", "unknown")].count("x") >= 1
    assert breakdown.display(TOTAL, TOTAL) == "12"


def test_the_total_line_is_a_group_too() -> None:
    p = protect(table([[12, 0], [7, 0]]))
    assert p.display(TOTAL, "c0") == "x"
    assert p.display(TOTAL, "c1") == "x"


def test_a_line_without_victims_or_with_one_cell_shows_its_zeros() -> None:
    p = protect(table([[0, 0], [7, 6], [20, 9]]))
    assert next(iter(p)).cells == ("0", "0", "0")
    assert protect_breakdown({"women": 9}).display(TOTAL, "women") == "9"


def test_the_same_figures_give_the_same_release() -> None:
    grid = [[3, 10, 0, 1], [8, 0, 20, 2], [15, 11, 7, 0]]
    first = protect(table(grid))
    shuffled = list(table(grid).values.items())
    random.Random(4).shuffle(shuffled)
    again = protect(Table(rows=first.rows, cols=first.cols, values=dict(shuffled)))
    assert list(first) == list(again)
    assert first.published() == again.published()


def test_the_register_lists_every_cell_and_margin() -> None:
    p = protect(table([[3, 10], [8, 9]]))
    register = p.published()
    assert set(register) == {
        *((r, c) for r in ("r0", "r1", TOTAL) for c in ("c0", "c1", TOTAL)),
    }
    assert register[("r0", "c0")] is None
    assert all(v is None or v >= 5 or v == 0 for v in register.values())


def test_a_change_of_one_to_four_since_the_last_release_is_hidden() -> None:
    before = protect(table([[12, 10], [8, 9]]))
    assert hidden(before) == set()
    after = protect(table([[15, 10], [8, 9]]), previous=before.published())
    # 12 -> 15 would tell that three victims were added in r0 c0; its row and column
    # totals and the grand total moved by three as well, so all four hide. They free each
    # other: together they form a cycle.
    assert hidden(after) == {("r0", "c0"), ("r0", TOTAL), (TOTAL, "c0"), (TOTAL, TOTAL)}
    assert after.display("r0", "c0") == "x"
    assert_nothing_pinned(after, consistent_values(after, table([[15, 10], [8, 9]]), 3), None)


def test_a_change_of_five_or_more_is_published() -> None:
    before = protect(table([[12, 10], [8, 9]]))
    after = protect(table([[17, 10], [8, 9]]), previous=before.published())
    assert after.display("r0", "c0") == "17"


def test_every_earlier_release_counts_not_only_the_last() -> None:
    first = protect_breakdown({"women": 10, "men": 20})
    second = protect_breakdown({"women": 17, "men": 20}, previous=[first.published()])
    assert second.display(TOTAL, "women") == "17"
    # 12 is five from 17 but two from 10.
    registers = [first.published(), second.published()]
    third = protect_breakdown({"women": 12, "men": 20}, previous=registers)
    assert third.display(TOTAL, "women") == "x"
    only_last = protect_breakdown({"women": 12, "men": 20}, previous=registers[-1])
    assert only_last.display(TOTAL, "women") == "12"


def test_a_figure_already_published_is_not_chosen_to_hide_another() -> None:
    before = protect(table([[20, 10, 30], [8, 9, 40]]))
    # Only r0 c1 moved (by 2, so it hides); r0 c0 and r0 c2 did not. Hiding an unchanged
    # figure would hide nothing, so the complement is a moved one.
    after = protect(table([[20, 12, 37], [8, 9, 40]]), previous=before.published())
    assert after.display("r0", "c1") == "x"
    assert after.display("r0", "c0") == "20"


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError):
        Table(rows=["a", TOTAL], cols=["x"], values={})
    with pytest.raises(ValueError):
        Table(rows=["a"], cols=["x"], values={("a", "y"): 1})
    with pytest.raises(ValueError):
        Table(rows=["a"], cols=["x"], values={("a", "x"): -1})
    with pytest.raises(ValueError):
        protect_breakdown({})


# --- Properties -------------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(0, 6), st.integers(0, 6), st.integers(7, 40))


@st.composite
def grids(draw: st.DrawFn, size: int = 6, values: st.SearchStrategy[int] = counts) -> Table:
    height, width = draw(st.integers(2, size)), draw(st.integers(2, size))
    return table([[draw(values) for _ in range(width)] for _ in range(height)])


def _check_single(p: Protected, truth: Table) -> None:
    assert_nothing_pinned(p, consistent_values(p, truth, 1), truth)
    for key in p.published():
        n, state = truth.value(*key), p.state(*key)
        if state is Cell.SMALL:
            assert 1 <= n <= 4 and p.display(*key) == "<5"
        if 1 <= n <= 4:
            assert state is not Cell.PUBLISHED


def _whole_groups(p: Protected, truth: Table) -> Iterable[list[Key]]:
    for row in (*p.rows, TOTAL):
        cells = [(row, c) for c in p.cols]
        if truth.value(row, TOTAL) and sum(truth.value(*k) > 0 for k in cells) == 1:
            yield cells


@settings(max_examples=200, deadline=None)
@given(grids())
def test_no_hidden_cell_can_be_worked_out(truth: Table) -> None:
    p = protect(truth)
    _check_single(p, truth)
    for cells in _whole_groups(p, truth):
        assert sum(p.state(*k) is Cell.SUPPRESSED for k in cells) >= 2
    assert list(protect(truth)) == list(p)


@settings(max_examples=100, deadline=None)
@given(grids(size=3, values=st.integers(0, 6)))
def test_small_tables_against_a_wide_enumeration(truth: Table) -> None:
    """Up to 3 x 3 with counts 0..6: every table whose cells lie within 6 of the truth."""
    p = protect(truth)
    assert_nothing_pinned(p, consistent_values(p, truth, 6), truth)


@settings(max_examples=100, deadline=None)
@given(st.lists(counts, min_size=1, max_size=6))
def test_no_hidden_category_can_be_worked_out(numbers: list[int]) -> None:
    truth = {f"k{i}": n for i, n in enumerate(numbers)}
    p = protect_breakdown(truth)
    seen = breakdown_values(p, truth, 3)
    assert_nothing_pinned(p, seen, None)
    for c, n in truth.items():
        assert p.published()[(TOTAL, c)] in (None, n)


@st.composite
def two_releases(draw: st.DrawFn) -> tuple[Table, Table]:
    first = draw(grids(size=5))
    values = dict(first.values)
    for key in draw(st.lists(st.sampled_from(sorted(values)), max_size=4)):
        values[key] = max(0, values[key] + draw(st.integers(-3, 7)))
    return first, Table(rows=first.rows, cols=first.cols, values=values)


@settings(max_examples=100, deadline=None)
@given(two_releases())
def test_successive_releases_hide_small_differences(pair: tuple[Table, Table]) -> None:
    first, second = pair
    p1 = protect(first)
    p2 = protect(second, previous=p1.published())
    old, new = p1.published(), p2.published()
    for key in new:
        if old[key] is not None and new[key] is not None:
            assert not 1 <= abs(new[key] - old[key]) <= 4, key  # type: ignore[operator]
    _check_single(p1, first)
    _check_single(p2, second)


def test_a_cell_asked_hidden_is_hidden_and_covered() -> None:
    """A figure hidden in a linked table stays hidden here, and a second cell keeps the
    total from giving it away."""
    protected = protect_breakdown({"female": 20, "male": 30, "unknown": 10}, hidden={"male"})
    assert protected.display(TOTAL, "male") == "x"
    others = [protected.display(TOTAL, c) for c in ("female", "unknown", TOTAL)]
    assert "x" in others
