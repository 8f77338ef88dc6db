"""Public releases: the figures ONAC publishes for a half-year, and the register of every
cell it published, so that a later release cannot be subtracted from an earlier one.

A release covers the last ``HALF_YEARS`` half-years and holds two tables, both counted from
case work so that they add up to the same national totals:

- victims identified by region (``BY_REGION``), with the national total;
- victims identified by type of exploitation (``BY_EXPLOITATION``), with the national total.

Each half-year of a table is one breakdown of that half-year's national total, protected
with ``disclosure_linked.protect_columns``. How the two tables stay consistent: both breakdowns of a
half-year are cut from the same case-work cells, so their totals are the same number, and
the two columns are linked, so that total is published in both or hidden in both. Sums
over the window are not published: the window moves from one release to the next, and
such sums could be subtracted.

Every cell of a release is registered (``PublishedCell``: its value, or empty when hidden),
and each new column is protected against every earlier release's column of the same table
and half-year: a cell that changed by 1..4 since is hidden."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.geography.models import Region
from tryeza.reporting import rules
from tryeza.reporting.casework import case_figures_by_half
from tryeza.reporting.catalogue import EXPLOITATION
from tryeza.reporting.disclosure import HIDDEN_MARK, TOTAL, Protected, Register
from tryeza.reporting.disclosure_linked import Column, protect_columns
from tryeza.reporting.models import PublishedCell, Release
from tryeza.reporting.national import VICTIMS, Figures
from tryeza.reporting.periods import Period, half_years

if TYPE_CHECKING:
    from tryeza.accounts.models import User

KIND = "public"
HALF_YEARS = 4
BY_REGION = "victims_by_region"
BY_EXPLOITATION = "victims_by_exploitation"
TABLES = (BY_REGION, BY_EXPLOITATION)
# The register keeps a value or nothing; which hidden cells were shown "<5" (not "x") is
# kept beside it, in a table of this suffix that no release is ever checked against.

ColumnKey = tuple[str, str]  # (table, half-year)


class ReleaseError(Exception):
    """The release was refused; the message is for the person who asked."""


def releases() -> QuerySet[Release]:
    return Release.objects.filter(kind=KIND).select_related("created_by")


def release_columns(last: Period) -> dict[ColumnKey, Column]:
    """The two tables' breakdowns, one per half-year: one grouped query for them all."""
    halves = half_years(last, HALF_YEARS)
    region_ids = dict(Region.objects.values_list("pk", "code"))
    cases = case_figures_by_half(halves, dimensions=("exploitation",))
    figures = Figures(halves, {h.code: {} for h in halves}, cases)
    columns: dict[ColumnKey, Column] = {}
    for h in halves:
        columns[(BY_REGION, h.code)] = {
            code: figures.counted(VICTIMS, h, pk) for pk, code in region_ids.items()
        }
        columns[(BY_EXPLOITATION, h.code)] = {
            code: sum(figures.counted(VICTIMS, h, pk, "exploitation", code) for pk in region_ids)
            for code, _label in EXPLOITATION.categories
        }
    return columns


def earlier_registers(keys: list[ColumnKey]) -> dict[ColumnKey, list[Register]]:
    """Every earlier release's register of each column, in the keys of a breakdown."""
    found: dict[ColumnKey, dict[int, dict[tuple[str, str], int | None]]] = defaultdict(dict)
    rows = PublishedCell.objects.filter(
        release__kind=KIND, table__in={table for table, _h in keys}, col__in={h for _t, h in keys}
    ).values_list("release_id", "table", "row", "col", "value")
    for release_id, table, row, col, value in rows:
        found[(table, col)].setdefault(release_id, {})[(TOTAL, row)] = value
    return {key: list(found[key].values()) for key in keys}


def release_create(*, user: User, period: Period) -> Release:
    """Build, protect and register a release of ``period`` and the half-years before it."""
    if not rules.may_accept(user):
        raise ReleaseError(_("Only the national coordinator publishes figures."))
    if period.kind != "S":
        raise ReleaseError(_("A release covers half-years: choose one such as 2026S1."))
    with transaction.atomic():
        # First: the audit chain's head is locked until this transaction ends, so two
        # releases made at once are made one after the other and each sees the other.
        audit_record(
            actor=user,
            action="reporting.release_created",
            object_type="release",
            object_ref=f"{KIND}:{period.code}",
        )
        columns = release_columns(period)
        protected = protect_columns(
            columns,
            links=[((BY_REGION, h), (BY_EXPLOITATION, h)) for t, h in columns if t == BY_REGION],
            previous=earlier_registers(list(columns)),
        )
        release = Release.objects.create(kind=KIND, period=period.code, created_by=user)
        PublishedCell.objects.bulk_create(_register(release, protected))
    return release


def _register(release: Release, protected: dict[ColumnKey, Protected]) -> list[PublishedCell]:
    return [
        PublishedCell(
            release=release,
            table=table,
            row=row,
            col=half,
            value=value,
            shown=column.display(TOTAL, row),
        )
        for (table, half), column in protected.items()
        for (_total, row), value in column.published().items()
    ]


@dataclass(frozen=True)
class ReleaseRow:
    table: str
    label: str
    cells: list[str]


def release_rows(release: Release) -> tuple[list[str], list[ReleaseRow]]:
    """The half-years of a release and its rows as published ("<5" and "x" where hidden),
    read from its register only: what was published, not today's figures."""
    shown_as = {
        (table, row, col): shown
        for table, row, col, shown in release.cells.values_list("table", "row", "col", "shown")
    }
    halves = sorted({col for _t, _r, col in shown_as})

    def shown(table: str, row: str, col: str) -> str:
        return shown_as.get((table, row, col), HIDDEN_MARK)

    regions = [(r.code, r.display_name) for r in Region.objects.order_by("code")]
    exploitation = [(code, str(label)) for code, label in EXPLOITATION.categories]
    lines = []
    for table, title, labels in (
        (BY_REGION, _("Victims identified by region"), regions),
        (BY_EXPLOITATION, _("Victims identified by type of exploitation"), exploitation),
    ):
        for code, label in [*labels, (TOTAL, _("National total"))]:
            lines.append(ReleaseRow(title, label, [shown(table, code, h) for h in halves]))
    return halves, lines
