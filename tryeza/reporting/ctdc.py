"""The anonymous export in CTDC categories (the Counter Trafficking Data Collaborative's
standard): one row per victim, for ONAC to share with national and international systems.

What makes it anonymous:

- Only the case's anonymous profile fields are read (never the identity tables), and only
  for victims (not persons at risk). No case code, date, place or institution: the region
  is left out, as it would single people out in small regions.
- Every released field is a quasi-identifier, and the export is k-anonymous with k = 5:
  every row is identical to at least four others. Rows in smaller groups have their fields
  set to "unknown" one field at a time in a fixed order (``GENERALISED_FIRST``), and rows
  still in groups smaller than 5 after that are left out.
- Free values never pass: a field outside its list of categories is "unknown".
- Rows come out grouped by their released values, never in registration order, which would
  let someone who knows when a person was registered find their row.

The cases are read once, grouped by their values (``iterator`` over ``.values()``); the
rows are then generated one at a time, so a hundred thousand cases never sit in memory
as rows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db import transaction

from tryeza.audit.services import audit_record
from tryeza.cases.access import case_counts
from tryeza.cases.choices import AgeBand, Exploitation, RecruiterRelation, Sex, Where
from tryeza.spreadsheets import Column

if TYPE_CHECKING:
    from tryeza.accounts.models import User

K = 5
UNKNOWN = "unknown"

# CTDC's means of control; anything else typed into a case is not exported.
MEANS_OF_CONTROL = frozenset(
    {
        "debt_bondage",
        "takes_earnings",
        "threats",
        "psychological_abuse",
        "physical_abuse",
        "sexual_abuse",
        "false_promises",
        "psychoactive_substances",
        "restricts_movement",
        "withholds_documents",
    }
)
_CITIZENSHIP = re.compile(r"^[A-Z]{2}$")

Row = tuple[str, ...]

# (CTDC-style column, case field, allowed values or None for a rule of its own)
FIELDS: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("yearOfRegistration", "year", None),
    ("gender", "sex", frozenset(Sex.values)),
    ("ageBroad", "age_band", frozenset(AgeBand.values)),
    ("citizenship", "citizenship", None),
    (
        "typeOfExploitation",
        "exploitation",
        frozenset(Exploitation.values) - {Exploitation.NONE_YET.value},
    ),
    ("meansOfControl", "means_of_control", None),
    ("recruiterRelation", "recruiter_relation", frozenset(RecruiterRelation.values)),
    ("exploitedWhere", "exploited_where", frozenset(Where.values)),
)
HEADERS = tuple(header for header, _field, _allowed in FIELDS)
# The fields that single people out most and say least about trafficking go first.
GENERALISED_FIRST = (
    "meansOfControl",
    "citizenship",
    "recruiterRelation",
    "ageBroad",
    "exploitedWhere",
    "typeOfExploitation",
    "gender",
    "yearOfRegistration",
)
COLUMNS = tuple(Column(header, itemgetter(i)) for i, header in enumerate(HEADERS))


def _released(field: str, allowed: frozenset[str] | None, value: Any) -> str:
    if field == "year":
        return str(value) if value else UNKNOWN
    if field == "citizenship":
        code = str(value or "").upper()
        return code if _CITIZENSHIP.match(code) else UNKNOWN
    if field == "means_of_control":
        means = sorted({m for m in value or [] if m in MEANS_OF_CONTROL})
        return ";".join(means) or UNKNOWN
    return value if allowed is not None and value in allowed else UNKNOWN


def victim_groups() -> Counter[Row]:
    """How many victims share each combination of released values: one grouped query,
    read in chunks."""
    fields = [field for _h, field, _a in FIELDS]
    groups: Counter[Row] = Counter()
    for row in case_counts(fields, victims_only=True):
        groups[tuple(_released(f, a, row[f]) for _h, f, a in FIELDS)] += row["n"]
    return groups


def k_anonymous(groups: Mapping[Row, int], k: int = K) -> Counter[Row]:
    """Generalise rows in groups smaller than ``k``, field by field in a fixed order; then
    leave out the groups still smaller than ``k``."""
    current: Counter[Row] = Counter(groups)
    for header in GENERALISED_FIRST:
        i = HEADERS.index(header)
        merged: Counter[Row] = Counter()
        for row, n in current.items():
            merged[row if n >= k else (*row[:i], UNKNOWN, *row[i + 1 :])] += n
        current = merged
    return Counter({row: n for row, n in current.items() if n >= k})


def ctdc_export(*, user: User) -> Counter[Row]:
    """The k-anonymous groups of the export, audited with how many rows leave and how many
    were left out. Callers check ``rules.may_accept`` first."""
    groups = victim_groups()
    released = k_anonymous(groups)
    with transaction.atomic():
        audit_record(
            actor=user,
            action="reporting.ctdc_exported",
            object_type="export",
            object_ref="ctdc",
            detail=f"rows={released.total()} left_out={groups.total() - released.total()}",
        )
    return released


def ctdc_rows(released: Counter[Row]) -> Iterator[Row]:
    """One row per victim, grouped by value."""
    for row in sorted(released):
        for _ in range(released[row]):
            yield row
