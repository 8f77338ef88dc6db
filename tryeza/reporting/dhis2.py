"""DHIS2 ``dataValueSets`` JSON of the figures ONAC has accepted, for national systems.

What goes out, for one half-year: for every region whose report ONAC has ACCEPTED, each
count its institutions submitted, and the figures from case work. Narrative elements never
go out, and nothing here reads a person: case figures are counted from the cases'
anonymous fields (``casework.py``).

How a figure maps onto DHIS2:

- ``dataElement``: the element's code in ``catalogue.py`` (``victims_identified``);
- ``period``: the value's own period in DHIS2's syntax, ``2026S1`` (six-monthly) or
  ``2026Q1`` for elements counted per quarter;
- ``orgUnit``: the region's ISO 3166-2 code. The hook for real DHIS2 UIDs is the setting
  ``TRYEZA_DHIS2_ORG_UNITS = {"AL-03": "<uid>", …}``: a code it names is replaced, others
  go out as they are;
- ``categoryOptionCombo``: ``"<dimension>:<category>"`` (``"sex:female"``), ``"default"``
  for the total;
- ``attributeOptionCombo``: who reported it, because the reporting institution is a
  dimension of every element: ``"inst-<id>"`` for an institution, ``"casework"`` for the
  figures counted from case work;
- ``value``: the count, as a string.

Disclosure control. DHIS2 has no "<5": a count of 1–4 is left out, not rounded or marked.
Each breakdown (one reporter's element in one period by one dimension, with its total)
passes ``disclosure.protect_breakdown``, so the cells secondary suppression hides are left
out too; when it would hide the total, the whole group is left out, since another
breakdown adds up to it. A breakdown is protected whole: categories left blank are zeros
when the others add up to the total (so "all 5 were women" is caught), otherwise their
remainder is one more category, never exported, so no hidden cell is found by subtraction. Case-work
figures keep changing after acceptance (cases are registered late): every export is kept
as a ``Release`` and checked against all earlier ones of the half-year, so a figure that
moved by 1–4 since it was last sent is left out. A receiving system must read a missing
value as "not sent", never as zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.geography.models import Municipality
from tryeza.reporting import disclosure, rules
from tryeza.reporting.casework import case_figures
from tryeza.reporting.catalogue import BY_CODE, categories
from tryeza.reporting.models import (
    PublishedCell,
    RegionReport,
    Release,
    ReportStatus,
    ReturnStatus,
    Value,
)
from tryeza.reporting.services import NotAllowed

if TYPE_CHECKING:
    from tryeza.accounts.models import User
    from tryeza.reporting.periods import Period

KIND = "dhis2"
CASEWORK = "casework"
DEFAULT = "default"  # DHIS2's name for "no disaggregation": the total
_REST = "_rest"  # what an incomplete breakdown leaves over; never exported

# (dimension, category); ("", "") is the total.
Part = tuple[str, str]
TOTAL_PART: Part = ("", "")


@dataclass(frozen=True, order=True)
class Group:
    """One reporter's figures for one element and period in one region."""

    region: str  # ISO code: the register is kept by it, whatever the org unit mapping says
    reporter: str  # the attributeOptionCombo
    element: str
    period: str

    @property
    def table(self) -> str:
        return f"{self.element}/{self.period}"

    @property
    def row(self) -> str:
        return f"{self.region}/{self.reporter}"


# (table, row) -> per earlier release that sent the group: column -> value.
History = dict[tuple[str, str], list[dict[str, int | None]]]


def org_unit(region_code: str) -> str:
    mapping: dict[str, str] = getattr(settings, "TRYEZA_DHIS2_ORG_UNITS", {}) or {}
    return mapping.get(region_code, region_code)


def column(part: Part) -> str:
    return DEFAULT if part == TOTAL_PART else f"{part[0]}:{part[1]}"


def accepted_figures(half: Period) -> dict[Group, dict[Part, int]]:
    """The counts behind the export: submitted returns and case work of accepted regions.
    Three queries, however many regions."""
    regions = dict(
        RegionReport.objects.filter(period=half.code, status=ReportStatus.ACCEPTED).values_list(
            "region_id", "region__code"
        )
    )
    groups: dict[Group, dict[Part, int]] = defaultdict(dict)
    rows = Value.objects.filter(
        data_return__region_id__in=list(regions),
        data_return__period=half.code,
        data_return__status=ReturnStatus.SUBMITTED,
        number__isnull=False,
    ).values_list(
        "data_return__region_id",
        "data_return__institution_id",
        "element",
        "period",
        "dimension",
        "category",
        "number",
    )
    for region_id, institution_id, element, period, dimension, category, number in rows:
        if element in BY_CODE and BY_CODE[element].is_count and number is not None:
            group = Group(regions[region_id], f"inst-{institution_id}", element, period)
            groups[group][(dimension, category)] = number
    for region_id, cells in case_figures(half, list(regions)).items():
        for (element, period, dimension, category), number in cells.items():
            groups[Group(regions[region_id], CASEWORK, element, period)][(dimension, category)] = (
                number
            )
    return dict(groups)


def releasable(
    group: Group,
    parts: dict[Part, int],
    history: list[dict[str, int | None]],
    municipalities: list[tuple[str, str]],
) -> dict[Part, int]:
    """The parts of one group that may leave, after disclosure control of each breakdown;
    nothing when the total may not."""
    total = parts.get(TOTAL_PART)
    if total is None:
        return {}
    given: dict[str, dict[str, int]] = defaultdict(dict)
    for (dimension, category), number in parts.items():
        if dimension:
            given[dimension][category] = number
    out = {TOTAL_PART: total}
    for dimension, counts in (given or {"": {}}).items():
        rest = total - sum(counts.values())
        if rest < 0:
            return {}  # parts that do not add up cannot be protected: send none
        if rest:
            # Blank categories hold the rest together: one unknown cell, never exported.
            values = {**counts, _REST: rest}
        else:
            # Blank categories are zeros then, and a lone non-zero category is disclosive
            # ("all 5 were women"): give protection the whole line.
            values = {c: 0 for c in _categories(group.element, dimension, municipalities)}
            values.update(counts or {_REST: total})
        previous = [
            {
                (disclosure.TOTAL, key): value
                for key in (*counts, disclosure.TOTAL)
                if (value := sent.get(_column(dimension, key))) is not None
            }
            for sent in history
        ]
        protected = disclosure.protect_breakdown(values, previous)
        if protected.state(disclosure.TOTAL, disclosure.TOTAL) is not disclosure.Cell.PUBLISHED:
            return {}
        for category, number in counts.items():
            if protected.state(disclosure.TOTAL, category) is disclosure.Cell.PUBLISHED:
                out[(dimension, category)] = number
    return out


def _categories(element: str, dimension: str, municipalities: list[tuple[str, str]]) -> list[str]:
    for known in BY_CODE[element].dimensions if element in BY_CODE else ():
        if known.code == dimension:
            return [code for code, _label in categories(known, municipalities)]
    return []


def _column(dimension: str, key: str) -> str:
    return column(TOTAL_PART if key == disclosure.TOTAL else (dimension, key))


def build(
    figures: dict[Group, dict[Part, int]], history: History
) -> tuple[list[dict[str, str]], dict[tuple[str, str, str], int]]:
    """The data values that may leave, and their register (table, row, column) -> value."""
    municipalities: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for region, code, name in Municipality.objects.filter(
        region__code__in={g.region for g in figures}
    ).values_list("region__code", "code", "name"):
        municipalities[region].append((code, name))
    values: list[dict[str, str]] = []
    register: dict[tuple[str, str, str], int] = {}
    for group in sorted(figures):
        sent = releasable(
            group,
            figures[group],
            history.get((group.table, group.row), []),
            municipalities[group.region],
        )
        for part in sorted(sent):
            values.append(
                {
                    "dataElement": group.element,
                    "period": group.period,
                    "orgUnit": org_unit(group.region),
                    "categoryOptionCombo": column(part),
                    "attributeOptionCombo": group.reporter,
                    "value": str(sent[part]),
                }
            )
            register[(group.table, group.row, column(part))] = sent[part]
    return values, register


def _history(half: Period) -> tuple[History, dict[tuple[str, str, str], int | None] | None]:
    """Every earlier export of the half-year by group, and the last one's whole register."""
    history: dict[tuple[str, str], dict[int, dict[str, int | None]]] = defaultdict(dict)
    releases: dict[int, dict[tuple[str, str, str], int | None]] = defaultdict(dict)
    cells = PublishedCell.objects.filter(release__kind=KIND, release__period=half.code)
    for release_id, table, row, col, value in cells.order_by("release_id").values_list(
        "release_id", "table", "row", "col", "value"
    ):
        history[(table, row)].setdefault(release_id, {})[col] = value
        releases[release_id][(table, row, col)] = value
    last = Release.objects.filter(kind=KIND, period=half.code).order_by("-pk").first()
    latest = releases.get(last.pk, {}) if last else None
    return {key: list(by_release.values()) for key, by_release in history.items()}, latest


def dhis2_export(*, user: User, half: Period) -> dict[str, list[dict[str, str]]]:
    """The export of a half-year: built, checked against the earlier exports, registered
    when it differs from the last one, and audited. An empty export registers nothing."""
    if not rules.may_view_national(user):
        raise NotAllowed(_("Only national users may export figures."))
    with transaction.atomic():
        # First: the audit chain's head stays locked until this transaction ends, so two
        # exports made at once run one after the other and the second sees the first.
        audit_record(
            actor=user,
            action="reporting.dhis2_exported",
            object_type="report",
            object_ref=f"{KIND}:{half.code}",
        )
        history, latest = _history(half)
        values, register = build(accepted_figures(half), history)
        if register and register != latest:
            release = Release.objects.create(kind=KIND, period=half.code, created_by=user)
            PublishedCell.objects.bulk_create(_cells(release, register.items()))
    return {"dataValues": values}


def _cells(
    release: Release, register: Iterable[tuple[tuple[str, str, str], int]]
) -> list[PublishedCell]:
    return [
        PublishedCell(release=release, table=table, row=row, col=col, value=value)
        for (table, row, col), value in register
    ]
