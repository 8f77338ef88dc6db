"""The demo's situational analysis at the benchmark scale (``--scale`` 2 and up): the plans
``reporting.draw_plans`` drew for ten half-years, written as rows instead of through the
services — returns, figures (one ``COPY`` on PostgreSQL, ``executemany`` on SQLite),
reports, explanations and the review trail, with one ``demo.bulk_reports`` audit entry per
region. Also ``explain``, the secretariat's explanation of a difference, which the services
path in ``reporting.py`` uses too.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import DateTimeField
from django.utils import timezone

from tryeza.accounts.models import User
from tryeza.audit.services import audit_record
from tryeza.demo.reporttexts import EXPLANATIONS, ONAC_COMMENT
from tryeza.reporting import selectors
from tryeza.reporting.casework import case_figures
from tryeza.reporting.discrepancies import Discrepancy, find_discrepancies
from tryeza.reporting.models import (
    DataReturn,
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    ReviewAction,
    ReviewEvent,
    Value,
)
from tryeza.reporting.validation import Cell

if TYPE_CHECKING:
    # Only for annotations: reporting.py imports this module to write its plans.
    from tryeza.demo.reporting import Entry, Plan

BATCH = 2000
VALUE_FIELDS = ("data_return", "element", "period", "dimension", "category", "number", "text")


def explain(rng: random.Random, found: Discrepancy) -> tuple[str, int]:
    """Why sources differ, and the figure the committee stands by: usually the highest
    (people some institutions never met), sometimes the middle one after checking."""
    text = rng.choice(EXPLANATIONS.get(found.element, EXPLANATIONS[""]))
    figures = sorted(n for _source, n in found.figures)
    return text, found.high if rng.random() < 0.7 else figures[len(figures) // 2]


def write_bulk(rng: random.Random, plans: list[Plan], onac: User) -> None:
    """The same story as rows, one half-year at a time: no per-row services, one audit
    entry per region."""
    tolerances = selectors.tolerances()
    periods = list(dict.fromkeys(plan.period for plan in plans))
    with _stamped_by_hand():
        for period in periods:
            group = [plan for plan in plans if plan.period == period]
            _bulk_period(rng, group, onac, tolerances)
    for region in dict.fromkeys(plan.region for plan in plans):
        mine = [plan for plan in plans if plan.region == region]
        audit_record(
            actor=None,
            action="demo.bulk_reports",
            object_type="region",
            object_ref=region.code,
            detail=f"{sum(len(p.entries) for p in mine)} data returns over {len(mine)} "
            "half-years written in bulk by the demo",
        )


def _bulk_period(
    rng: random.Random, group: list[Plan], onac: User, tolerances: dict[str, int]
) -> None:
    code = group[0].period.code
    pairs = [(plan, entry) for plan in group for entry in plan.entries]
    returns = [
        DataReturn(
            region=plan.region,
            institution=entry.institution,
            period=code,
            status=entry.status,
            comment=entry.comment,
            version=1 if entry.status == ReturnStatus.DRAFT else 2,
            updated_by=entry.user,
            updated_at=entry.returned_at or entry.on,
            submitted_at=None if entry.status == ReturnStatus.DRAFT else entry.on,
        )
        for plan, entry in pairs
    ]
    DataReturn.objects.bulk_create(returns, batch_size=BATCH)
    _insert_values(pairs, returns)
    reports = [
        RegionReport(
            region=plan.region,
            period=code,
            status=plan.status,
            is_baseline=plan.baseline,
            comment=ONAC_COMMENT if plan.reopened_at else "",
            approved_at=plan.approved_at if plan.status != ReportStatus.OPEN else None,
            approved_by=plan.secretary if plan.status != ReportStatus.OPEN else None,
            accepted_at=plan.accepted_at,
            accepted_by=onac if plan.accepted_at else None,
            **plan.narrative,
        )
        for plan in group
    ]
    RegionReport.objects.bulk_create(reports, batch_size=BATCH)
    approved = [
        (plan, report) for plan, report in zip(group, reports, strict=True) if plan.approved_at
    ]
    cases = case_figures(group[0].period, [plan.region.pk for plan, _r in approved])
    explanations = []
    for plan, report in approved:
        sources: dict[str, dict[Cell, int | None]] = {
            str(e.institution.pk): dict(e.numbers)
            for e in plan.entries
            if e.status == ReturnStatus.SUBMITTED
        }
        sources["casework"] = dict(cases.get(plan.region.pk, {}))
        for found in find_discrepancies(sources, tolerances):
            text, agreed = explain(rng, found)
            explanations.append(
                Explanation(
                    report=report,
                    element=found.element,
                    period=found.period,
                    text=text,
                    agreed=agreed,
                    by=plan.secretary,
                    at=(plan.approved_at or timezone.now()) - datetime.timedelta(hours=2),
                )
            )
    Explanation.objects.bulk_create(explanations, batch_size=BATCH)
    ReviewEvent.objects.bulk_create(_events(group, pairs, onac), batch_size=BATCH)


def _insert_values(pairs: list[tuple[Plan, Entry]], returns: list[DataReturn]) -> None:
    """Half a million figures at the benchmark scale go in through the cursor: a model
    instance per figure (``bulk_create``) costs ten times the insert itself. PostgreSQL
    takes them as one COPY stream, since a statement per row waits on the server."""
    rows: list[tuple[int | str | None, ...]] = []
    for (_plan, entry), data_return in zip(pairs, returns, strict=True):
        rows += [(data_return.pk, *cell, n, "") for cell, n in entry.numbers.items()]
        rows += [(data_return.pk, e, p, "", "", None, t) for (e, p), t in entry.texts.items()]
    quote = connection.ops.quote_name
    fields = {f.name: f.column for f in Value._meta.concrete_fields}
    # Table and column names come from the model; the values never enter the SQL text.
    into = "{} ({})".format(
        quote(Value._meta.db_table), ", ".join(quote(fields[name]) for name in VALUE_FIELDS)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(VALUE_FIELDS))
            cursor.executemany(f"INSERT INTO {into} VALUES ({marks})", rows)  # noqa: S608


def _events(group: list[Plan], pairs: list[tuple[Plan, Entry]], onac: User) -> list[ReviewEvent]:
    events = []
    for plan, entry in pairs:
        if entry.status == ReturnStatus.DRAFT:
            continue
        common = {
            "region": plan.region,
            "period": plan.period.code,
            "institution": entry.institution,
        }
        events.append(
            ReviewEvent(action=ReviewAction.SUBMITTED, by=entry.user, at=entry.on, **common)
        )
        if entry.returned_at:
            events.append(
                ReviewEvent(
                    action=ReviewAction.RETURNED,
                    by=plan.secretary,
                    at=entry.returned_at,
                    comment=entry.comment,
                    **common,
                )
            )
    for plan in group:
        for action, by, at, comment in (
            (ReviewAction.APPROVED, plan.secretary, plan.approved_at, ""),
            (ReviewAction.ACCEPTED, onac, plan.accepted_at, ""),
            (ReviewAction.REOPENED, onac, plan.reopened_at, ONAC_COMMENT),
        ):
            if at is not None:
                events.append(
                    ReviewEvent(
                        region=plan.region,
                        period=plan.period.code,
                        action=action,
                        by=by,
                        at=at,
                        comment=comment,
                    )
                )
    return events


@contextmanager
def _stamped_by_hand() -> Iterator[None]:
    """Rows written in bulk carry their story's time, not the time of the insert."""
    fields = [
        DataReturn._meta.get_field("updated_at"),
        Explanation._meta.get_field("at"),
        ReviewEvent._meta.get_field("at"),
    ]
    saved = []
    for f in fields:
        assert isinstance(f, DateTimeField)
        saved.append((f, f.auto_now, f.auto_now_add))
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
