"""Statistical disclosure control of the counts that leave a region. Pure Python, no models.

A count of 1–4 identifies people, so it is shown as "<5" (SMALL). Rows are groups (region,
period), columns attributes (sex, form of exploitation): a line (a row, or the total line)
whose victims all fall in one cell tells something about every one of them ("all 12
victims of Kukës were women"), so that cell and one zero of the line are shown as "x"
(SUPPRESSED). Then, greedily, more cells are hidden in the row or column of any hidden cell
that can still be worked out from what is published, until none can.

Attacker model, plainly: the attacker has every release of this table (and nothing else
about its true values), knows that it adds up along rows and columns, that "<5" is 1..4,
that "x" is some count >= 0, and knows nothing about how the true table changed between
two releases (victims are added and records corrected in any cell). "Worked out" means
pinned to one exact value. Not covered: bounds that narrow without pinning, other tables
cut from the same data (publish one breakdown per release), an attacker who replays this
algorithm's choices, and differences of sums of cells.

Why the check is exact without an LP solver: a table with its margins is a circulation.
Row i and column j are nodes, plus RT and CT; cell (i, j) is an edge row_i -> col_j, the
row total CT -> row_i, the column total col_j -> RT, the grand total RT -> CT, and
conservation at each node is "everything adds up". Published edges are fixed; a hidden
edge f of true value v_f may move inside [lo_f, hi_f], so its residual arcs are tail->head
when v_f < hi_f and head->tail when v_f > lo_f. Two consistent tables differ by an integer
circulation on hidden edges, which splits into residual cycles; so a hidden edge e is
pinned iff no residual cycle of the other hidden edges closes through e, in either
direction. One breadth-first search per direction decides it.

Successive releases. With two releases the attacker's set of consistent pairs is F1 x F2,
since nothing links the true tables. A difference x2[c] - x1[c] is pinned iff both x1[c]
and x2[c] are. If c is hidden in release 2, secondary suppression left a residual cycle
through c there (each hidden cycle edge has residual capacity >= 1, so one unit can go
round it); that gives a second x2 with the same x1, hence a second difference. The same
holds if c is hidden in release 1. So only cells published in both releases have a pinned
difference, and those are checked directly: a difference of 1..4 hides the new value.
With more releases every pair counts, so pass every earlier register, not only the last.
A cell whose current value was published before is chosen to hide another one only as a
last resort: hiding a figure everyone already has protects nothing.
"""

from __future__ import annotations

import enum
from collections import Counter, deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

THRESHOLD = 5
TOTAL = "total"
SMALL_MARK = f"<{THRESHOLD}"
HIDDEN_MARK = "x"

CellKey = tuple[str, str]
Register = Mapping[CellKey, int | None]


class Cell(enum.Enum):
    PUBLISHED = "published"
    SMALL = "small"  # shown "<5"; the attacker knows 1..4
    SUPPRESSED = "suppressed"  # shown "x"; the attacker knows >= 0


def display_count(n: int) -> str:
    """A lone figure as it may be shown: "<5" for 1..4, the number otherwise."""
    if n < 0:
        raise ValueError("a count cannot be negative")
    return SMALL_MARK if 0 < n < THRESHOLD else str(n)


@dataclass(frozen=True)
class Table:
    """Counts by row and column; a missing cell is 0. Margins are computed, never given,
    so they always add up."""

    rows: Sequence[str]
    cols: Sequence[str]
    values: Mapping[CellKey, int]

    def __post_init__(self) -> None:
        if not self.rows or not self.cols:
            raise ValueError("a table needs at least one row and one column")
        for labels in (self.rows, self.cols):
            if TOTAL in labels or len(set(labels)) < len(labels):
                raise ValueError("labels must be unique and differ from 'total'")
        for (row, col), n in self.values.items():
            if row not in self.rows or col not in self.cols or n < 0:
                raise ValueError("every value must be a count >= 0 in a known row and column")

    def value(self, row: str, col: str) -> int:
        """The count of a cell, a row or column total (``TOTAL``) or the grand total."""
        rows = self.rows if row == TOTAL else [row]
        cols = self.cols if col == TOTAL else [col]
        return sum(self.values.get((r, c), 0) for r in rows for c in cols)


@dataclass(frozen=True)
class Line:
    """One line as shown: its label (a row, or ``TOTAL``) and the display of each column,
    the line's total last."""

    label: str
    cells: tuple[str, ...]


class Protected:
    """A table after disclosure control: what each cell shows, and the register to keep."""

    def __init__(
        self,
        rows: Sequence[str],
        cols: Sequence[str],
        values: dict[CellKey, int],
        states: dict[CellKey, Cell],
    ) -> None:
        self.rows = tuple(rows)
        self.cols = tuple(cols)
        self.columns = (*self.cols, TOTAL)
        self._values = values
        self._states = states

    def state(self, row: str, col: str) -> Cell:
        return self._states[(row, col)]

    def display(self, row: str, col: str) -> str:
        state = self._states[(row, col)]
        if state is Cell.PUBLISHED:
            return str(self._values[(row, col)])
        return SMALL_MARK if state is Cell.SMALL else HIDDEN_MARK

    def published(self) -> dict[CellKey, int | None]:
        """Every cell's published value, None where hidden: the register of this release."""
        return {
            key: value if self._states[key] is Cell.PUBLISHED else None
            for key, value in self._values.items()
        }

    def __iter__(self) -> Iterator[Line]:
        for row in (*self.rows, TOTAL):
            yield Line(row, tuple(self.display(row, col) for col in self.columns))


def protect(
    table: Table,
    previous: Register | Sequence[Register] | None = None,
    hidden: Collection[CellKey] = (),
) -> Protected:
    """Disclosure control of a table and its margins. ``previous``: the register
    (``Protected.published()``) of each earlier release of this table; ``hidden``: cells
    to hide whatever their value (a figure hidden in a linked table), protected like the
    others."""
    rows, cols = list(table.rows), list(table.cols)
    edges = [_Edge((r, c), f"r:{r}", f"c:{c}", table.value(r, c), True) for r in rows for c in cols]
    edges += [_Edge((r, TOTAL), "CT", f"r:{r}", table.value(r, TOTAL), False) for r in rows]
    edges += [_Edge((TOTAL, c), f"c:{c}", "RT", table.value(TOTAL, c), False) for c in cols]
    edges.append(_Edge((TOTAL, TOTAL), "RT", "CT", table.value(TOTAL, TOTAL), False))
    lines = [([(r, c) for c in cols], (r, TOTAL)) for r in [*rows, TOTAL]]
    return _protected(rows, cols, edges, lines, previous, hidden)


def protect_breakdown(
    values: Mapping[str, int],
    previous: Register | Sequence[Register] | None = None,
    hidden: Collection[str] = (),
) -> Protected:
    """Disclosure control of one breakdown and its total, e.g. victims by form of
    exploitation in one region. It is the total line of a table: the categories are
    cells ``(TOTAL, category)`` and the total is ``(TOTAL, TOTAL)``; ``rows`` is empty."""
    cols = list(values)
    if not cols or TOTAL in cols or any(n < 0 for n in values.values()):
        raise ValueError("a breakdown needs categories other than 'total' and counts >= 0")
    # The categories are the interior cells, so they are preferred as complements.
    edges = [_Edge((TOTAL, c), "CT", "RT", values[c], True) for c in cols]
    edges.append(_Edge((TOTAL, TOTAL), "RT", "CT", sum(values.values()), False))
    lines = [([(TOTAL, c) for c in cols], (TOTAL, TOTAL))]
    return _protected([], cols, edges, lines, previous, [(TOTAL, c) for c in hidden])


@dataclass(frozen=True)
class _Edge:
    key: CellKey
    tail: str
    head: str
    value: int
    interior: bool

    @property
    def ends(self) -> tuple[str, str]:
        return (self.tail, self.head)


_Lines = list[tuple[list[CellKey], CellKey]]


def _protected(
    rows: Sequence[str],
    cols: Sequence[str],
    edges: list[_Edge],
    lines: _Lines,
    previous: Register | Sequence[Register] | None,
    hidden: Collection[CellKey],
) -> Protected:
    registers = [previous] if isinstance(previous, Mapping) else list(previous or [])
    seen = {e.key: {v for r in registers if (v := r.get(e.key)) is not None} for e in edges}
    value = {e.key: e.value for e in edges}
    state = {e.key: Cell.SMALL if 0 < e.value < THRESHOLD else Cell.PUBLISHED for e in edges}
    for cells, total in lines:
        nonzero = [key for key in cells if value[key]]
        if value[total] and len(cells) >= 2 and len(nonzero) == 1:
            # A zero that was published as 0 before tells nothing new when hidden.
            zero = min((k for k in cells if not value[k]), key=lambda k: 0 in seen[k])
            state[nonzero[0]] = state[zero] = Cell.SUPPRESSED
    for e in edges:
        if state[e.key] is Cell.PUBLISHED and any(
            0 < abs(e.value - old) < THRESHOLD for old in seen[e.key]
        ):
            state[e.key] = Cell.SUPPRESSED
    for key in hidden:
        if state[key] is Cell.PUBLISHED:
            state[key] = Cell.SUPPRESSED
    _suppress_secondary(edges, state, seen)
    return Protected(rows, cols, value, state)


def _suppress_secondary(
    edges: list[_Edge], state: dict[CellKey, Cell], seen: dict[CellKey, set[int]]
) -> None:
    """Hide more cells until no hidden one is pinned. Ends: each round turns one cell to
    "x", which only adds residual arcs; once all are "x" every edge lies on a cycle of
    forward arcs (row -> column -> RT -> CT -> row), so nothing is pinned."""
    while True:
        adjacency = _residual(edges, state)
        pinned = [e for e in edges if _pinned(e, state, adjacency)]
        if not pinned:
            return
        # Cells alone in a line first: there the cause is local and a complement in that
        # line fixes it; a cell pinned only through such a one is freed along with it.
        degree = Counter(n for e in edges if state[e.key] is not Cell.PUBLISHED for n in e.ends)
        stuck = next((e for e in pinned if min(degree[n] for n in e.ends) == 1), pinned[0])
        complement = _complement(stuck, edges, state, seen, degree)
        if complement is None:
            return  # unreachable: see above
        state[complement.key] = Cell.SUPPRESSED


def _complement(
    stuck: _Edge,
    edges: list[_Edge],
    state: dict[CellKey, Cell],
    seen: dict[CellKey, set[int]],
    degree: Counter[str],
) -> _Edge | None:
    """The cell to hide for ``stuck``: in its row or column, at an end where it is the
    only hidden cell if there is one (that line pins it by subtraction); one that frees it
    first, then interior cells, then the smallest non-zero count, then table order."""
    ends = set(stuck.ends)
    lonely = {n for n in ends if degree[n] == 1} or ends
    published = [f for f in edges if state[f.key] is Cell.PUBLISHED]
    fresh = [f for f in published if f.value not in seen[f.key]]
    for pool in (
        [f for f in fresh if lonely & set(f.ends)],
        [f for f in fresh if ends & set(f.ends)],
        fresh,
        # A figure already published with this value: protection on paper only.
        published,
        # Last resort, e.g. when every cell is already "<5": "x" drops the bounds 1..4.
        [f for f in edges if state[f.key] is Cell.SMALL],
    ):
        if pool:
            return min(pool, key=lambda f: _rank(f, stuck, edges, state))
    return None


def _rank(
    f: _Edge, stuck: _Edge, edges: list[_Edge], state: dict[CellKey, Cell]
) -> tuple[bool, bool, bool, int, int]:
    trial = {**state, f.key: Cell.SUPPRESSED}
    frees = not _pinned(stuck, trial, _residual(edges, trial))
    return (not frees, not f.interior, f.value == 0, f.value, edges.index(f))


def _bounds(state: Cell) -> tuple[int, int | None]:
    return (1, THRESHOLD - 1) if state is Cell.SMALL else (0, None)


def _residual(edges: list[_Edge], state: dict[CellKey, Cell]) -> dict[str, list[_Arc]]:
    adjacency: dict[str, list[_Arc]] = {}
    for f in edges:
        if state[f.key] is Cell.PUBLISHED:
            continue
        lo, hi = _bounds(state[f.key])
        if hi is None or f.value < hi:
            adjacency.setdefault(f.tail, []).append((f.head, f.key))
        if f.value > lo:
            adjacency.setdefault(f.head, []).append((f.tail, f.key))
    return adjacency


_Arc = tuple[str, CellKey]


def _pinned(e: _Edge, state: dict[CellKey, Cell], adjacency: dict[str, list[_Arc]]) -> bool:
    """True when hidden edge ``e`` can neither go up nor down by one in any table
    consistent with what is published; False for published edges."""
    if state[e.key] is Cell.PUBLISHED:
        return False
    lo, hi = _bounds(state[e.key])
    up = (hi is None or e.value < hi) and _reaches(adjacency, e.head, e.tail, e.key)
    down = e.value > lo and _reaches(adjacency, e.tail, e.head, e.key)
    return not (up or down)


def _reaches(adjacency: dict[str, list[_Arc]], start: str, goal: str, skip: CellKey) -> bool:
    """Breadth-first search along residual arcs, not using edge ``skip``."""
    queue, visited = deque([start]), {start}
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt, key in adjacency.get(node, []):
            if key != skip and nxt not in visited:
                visited.add(nxt)
                queue.append(nxt)
    return False
