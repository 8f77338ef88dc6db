"""Situational-analysis figures for the demo: every region's institutions report for the
last half-years, the secretariat explains the differences and approves, ONAC accepts.

The figures are drawn around one "true" regional figure per element and period, which each
institution sees in its own way: the police count fewer victims than the shelters, the
child protection unit counts only children. Totals always equal their breakdowns.

Only institutions with a demo account that may enter figures report (``rules.may_enter``),
so the others of a committee and table count as missing. At ``--scale`` 1 everything goes
through ``tryeza.reporting.services`` (validation, leak guard, audit) and the timestamps are
then moved back to the story's day; from 2 on, ten half-years are written in bulk
(``reportbulk.py``). This module draws the plan and plays it through the services; the
sizes, mandates, weights and texts it draws from are in ``reporttexts.py``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from tryeza.accounts.models import User
from tryeza.demo.cases import stamp
from tryeza.demo.context import Demo, region_slug
from tryeza.demo.reportbulk import explain, write_bulk
from tryeza.demo.reporttexts import (
    BASELINE,
    BIG_REGIONS,
    BOUNDS,
    ELEMENT_WEIGHTS,
    MANDATES,
    NARRATIVE,
    ONAC_COMMENT,
    ONLY_CHILDREN,
    OTHER_MANDATE,
    POLICE,
    SENT_BACK,
    SIZES,
    TEXTS,
    WEIGHTS,
)
from tryeza.directory.models import Institution
from tryeza.directory.models import InstitutionType as T
from tryeza.geography.models import Region
from tryeza.reporting import rules, selectors, services
from tryeza.reporting.catalogue import (
    BY_CODE,
    DIMENSIONS,
    FROM_CASES,
    QUARTER,
    categories,
    value_periods,
)
from tryeza.reporting.models import (
    DataReturn,
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    ReviewAction,
    ReviewEvent,
)
from tryeza.reporting.periods import Period, half_years
from tryeza.reporting.reporters import expected_reporters
from tryeza.reporting.validation import Cell

ENDED_HALF_YEARS = 4
BULK_HALF_YEARS = 10
RETURNED = "returned"  # approved, then returned by ONAC with a comment
# The current half-year's outcome by region, in the order regions are drawn, so that even
# a few regions show each outcome.
CURRENT_FATES = (
    RETURNED, "accepted", "approved", "open",
    "accepted", "approved", "open", "accepted", "approved", "open", "accepted", "open",
)  # fmt: skip


@dataclass
class Entry:
    """One institution's return as the demo plays it."""

    institution: Institution
    user: User
    status: str
    on: datetime.datetime
    numbers: dict[Cell, int]
    texts: dict[tuple[str, str], str]
    # When the secretariat returned it, and why.
    returned_at: datetime.datetime | None = None
    comment: str = ""


@dataclass
class Plan:
    """What happens to one region's report for one half-year."""

    region: Region
    period: Period
    secretary: User
    status: str
    entries: list[Entry] = field(default_factory=list)
    baseline: bool = False
    narrative: dict[str, str] = field(default_factory=dict)
    approved_at: datetime.datetime | None = None
    accepted_at: datetime.datetime | None = None
    # ONAC returned the approved report with a comment; it is open again.
    reopened_at: datetime.datetime | None = None


def build_reports(demo: Demo) -> list[Plan]:
    """ONAC's ranges, then the returns and reports of every region: the last four
    half-years and the running one at scale 1, the last ten in bulk above."""
    onac = demo.user("onac.coordinator")
    if onac is None:
        return []
    for element, low, high, tolerance in BOUNDS:
        services.bounds_set(
            user=onac, element=element, minimum=low, maximum=high, tolerance_percent=tolerance
        )
    today = timezone.localdate()
    count = BULK_HALF_YEARS if demo.scale >= 2 else ENDED_HALF_YEARS + 1
    plans = draw_plans(demo, half_years(Period.half_of(today), count), today)
    if demo.scale >= 2:
        write_bulk(demo.rng, plans, onac)
    else:
        for plan in plans:
            _play(demo.rng, plan, onac)
    demo.counts["data_returns"] += sum(len(plan.entries) for plan in plans)
    demo.counts["figures"] += sum(len(e.numbers) for plan in plans for e in plan.entries)
    demo.counts["region_reports"] += len(plans)
    return plans


def draw_plans(demo: Demo, periods: list[Period], today: datetime.date) -> list[Plan]:
    """Every region's half-years, oldest first; the last is running, the one before it is
    the current half-year, whose outcome differs by region."""
    rng = demo.rng
    accounts: dict[int, User] = {}
    for user in sorted(demo.users, key=lambda u: u.username):
        if user.role is not None and user.role.code in rules.ENTERING_ROLES:
            accounts.setdefault(user.institution_id or 0, user)
    order = rng.sample(demo.regions, len(demo.regions))
    fates = {region.pk: CURRENT_FATES[i % len(CURRENT_FATES)] for i, region in enumerate(order)}
    plans = []
    for region in demo.regions:
        secretary = demo.user(f"{region_slug(region)}.secretariat")
        reporters = [
            (institution, accounts[institution.pk])
            for institution in expected_reporters(region.pk)
            if institution.pk in accounts
        ]
        if secretary is None or not reporters:
            continue
        # Category codes by dimension; the region's municipalities with its seat (the one
        # that carries the region's name) first.
        places = sorted(selectors.municipalities_of(region.pk), key=lambda m: m[1] != region.name)
        cats = {code: [c for c, _l in categories(d, places)] for code, d in DIMENSIONS.items()}
        for step, period in enumerate(periods):
            if period == periods[-1]:
                fate = "draft"
            elif period == periods[-2]:
                fate = fates[region.pk]
            else:
                fate = "accepted"
            plan = Plan(region, period, secretary, ReportStatus.OPEN, baseline=step == 0)
            _draw(rng, plan, fate, reporters, cats, step, today)
            plans.append(plan)
    return plans


def _draw(
    rng: random.Random,
    plan: Plan,
    fate: str,
    reporters: list[tuple[Institution, User]],
    cats: dict[str, list[str]],
    step: int,
    today: datetime.date,
) -> None:
    period, latest = plan.period, today - datetime.timedelta(days=1)
    truth = _truth(rng, plan.region.code in BIG_REGIONS, period, today)

    def day(after: datetime.date, low: int, high: int) -> datetime.date:
        return min(after + datetime.timedelta(days=rng.randint(low, high)), latest)

    def entry(institution: Institution, user: User, status: str, on: datetime.date) -> None:
        numbers = _figures(rng, institution, truth, period, cats, step)
        texts = (
            {}
            if status == ReturnStatus.DRAFT and fate == "draft"
            else _texts(rng, institution, period)
        )
        if numbers or texts:
            plan.entries.append(Entry(institution, user, status, stamp(rng, on), numbers, texts))

    if fate == "draft":
        for institution, user in rng.sample(reporters, rng.randint(0, min(3, len(reporters)))):
            entry(
                institution,
                user,
                ReturnStatus.DRAFT,
                day(max(period.start, latest - datetime.timedelta(days=40)), 0, 30),
            )
        return
    approved = day(period.due, -20, -1) if rng.random() < 0.75 else day(period.due, 3, 45)
    for index, (institution, user) in enumerate(reporters):
        on = day(period.end, 2, max(2, (approved - period.end).days - 1))
        if fate == "open" and institution != plan.secretary.institution and rng.random() < 0.45:
            if rng.random() < 0.5:
                entry(institution, user, ReturnStatus.DRAFT, on)
            continue
        if fate == "accepted" and step > 0 and index and rng.random() < 0.08:
            continue  # an institution that did not report that half-year
        entry(institution, user, ReturnStatus.SUBMITTED, on)
    if fate == "open":
        submitted = [e for e in plan.entries if e.status == ReturnStatus.SUBMITTED]
        if len(submitted) > 1 and rng.random() < 0.5:
            sent_back = submitted[-1]
            sent_back.status, sent_back.comment = ReturnStatus.RETURNED, SENT_BACK
            sent_back.returned_at = stamp(rng, day(sent_back.on.date(), 1, 6))
        if rng.random() < 0.5:
            plan.narrative = {"summary": rng.choice(NARRATIVE["summary"])}
        return
    plan.narrative = {name: rng.choice(texts) for name, texts in NARRATIVE.items()}
    plan.approved_at = stamp(rng, approved)
    if fate == RETURNED:
        plan.reopened_at = stamp(rng, day(approved, 5, 20))
    elif fate == "accepted":
        plan.status, plan.accepted_at = ReportStatus.ACCEPTED, stamp(rng, day(approved, 4, 30))
    else:
        plan.status = ReportStatus.APPROVED
    if plan.baseline:
        plan.narrative["summary"] = BASELINE + plan.narrative["summary"]


def _truth(
    rng: random.Random, big: bool, period: Period, today: datetime.date
) -> dict[tuple[str, str], int]:
    """The region's figure per element and value period, for periods that have ended."""
    truth = {}
    for code, sizes in SIZES.items():
        low, high = sizes[big]
        for value_period in value_periods(BY_CODE[code], period.code):
            if Period.parse(value_period).end < today:
                truth[code, value_period] = rng.randint(low, high)
    return truth


def _figures(
    rng: random.Random,
    institution: Institution,
    truth: dict[tuple[str, str], int],
    period: Period,
    cats: dict[str, list[str]],
    step: int,
) -> dict[Cell, int]:
    """The institution's view of the truth, broken down by every dimension it reports."""
    kind = institution.type
    numbers: dict[Cell, int] = {}
    for code in MANDATES.get(kind, OTHER_MANDATE):
        element = BY_CODE[code]
        for value_period in value_periods(element, period.code):
            if (code, value_period) not in truth:
                continue
            total = _seen(rng, kind, code, truth[code, value_period])
            numbers[code, value_period, "", ""] = total
            for dimension in element.dimensions:
                # Police statistics break victims down by sex and age only.
                quarter = element.period_type == QUARTER
                if kind in POLICE and quarter and dimension.code not in ("sex", "age"):
                    continue
                codes = cats[dimension.code]
                weights = _weights(code, dimension.code, codes, kind, step)
                for category, n in zip(codes, _split(rng, total, weights), strict=True):
                    numbers[code, value_period, dimension.code, category] = n
    return numbers


def _seen(rng: random.Random, kind: str, code: str, true: int) -> int:
    if code not in FROM_CASES:
        return max(0, round(true * rng.uniform(0.85, 1.1)))
    if kind in POLICE:
        return max(0, true - rng.randint(0, max(1, true // 3)))
    if kind in (T.NGO, T.SHELTER):
        return true + rng.randint(0, 2)
    if kind == T.CHILD_PROTECTION:
        return sum(rng.random() < 0.45 for _ in range(true))
    return max(0, true + rng.randint(-1, 1))


def _weights(code: str, dimension: str, cats: list[str], kind: str, step: int) -> list[float]:
    if dimension == "municipality":
        # The seat, first, sees most.
        return [4.0 if i == 0 else 1.0 for i, _c in enumerate(cats)]
    if dimension == "destination":
        # Exploitation abroad falls over the years, at home it grows.
        table = {"domestic": 55.0 + 3 * step, "abroad": max(10.0, 35.0 - 2 * step), "unknown": 10.0}
    elif dimension == "age" and kind == T.CHILD_PROTECTION and code in FROM_CASES:
        table = ONLY_CHILDREN
    else:
        table = ELEMENT_WEIGHTS.get((code, dimension), WEIGHTS.get(dimension, {}))
    return [table.get(c, 1.0) for c in cats]


def _split(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """``total`` drawn into categories by weight: the parts add up to the total."""
    counts = [0] * len(weights)
    for i in rng.choices(range(len(weights)), weights=weights, k=total):
        counts[i] += 1
    return counts


def _texts(
    rng: random.Random, institution: Institution, period: Period
) -> dict[tuple[str, str], str]:
    return {
        (code, period.code): rng.choice(TEXTS[code])
        for code in MANDATES.get(institution.type, OTHER_MANDATE)
        if code in TEXTS
    }


def _play(rng: random.Random, plan: Plan, onac: User) -> None:
    """One region's half-year through the services, then its days moved back."""
    region_id, code, secretary = plan.region.pk, plan.period.code, plan.secretary
    for entry in plan.entries:
        data_return = selectors.return_for(region_id, entry.institution, code)
        data_return = services.return_save(
            user=entry.user,
            data_return=data_return,
            numbers=entry.numbers,
            texts=entry.texts,
            version=data_return.version,
        )
        if entry.status != ReturnStatus.DRAFT:
            data_return = services.return_submit(user=entry.user, data_return=data_return)
        if entry.status == ReturnStatus.RETURNED:
            services.return_send_back(
                user=secretary, data_return=data_return, comment=entry.comment
            )
    report = selectors.report_for(region_id, code)
    if plan.narrative or plan.baseline:
        report = services.report_save(
            user=secretary,
            report=report,
            texts=plan.narrative,
            is_baseline=plan.baseline,
            version=report.version,
        )
    if plan.approved_at:
        for found, explanation in selectors.discrepancies(report):
            if explanation is None:
                text, agreed = explain(rng, found)
                services.explanation_record(
                    user=secretary,
                    report=report,
                    element=found.element,
                    period=found.period,
                    text=text,
                    agreed=agreed,
                )
        report = services.report_approve(user=secretary, report=report)
        if plan.reopened_at:
            report = services.report_send_back(user=onac, report=report, comment=ONAC_COMMENT)
        elif plan.accepted_at:
            report = services.report_accept(user=onac, report=report)
    _restamp(plan, report)


def _restamp(plan: Plan, report: RegionReport) -> None:
    """The services stamp "now"; the demo's story happened on other days."""
    events = ReviewEvent.objects.filter(region_id=plan.region.pk, period=plan.period.code)
    for entry in plan.entries:
        submitted = None if entry.status == ReturnStatus.DRAFT else entry.on
        DataReturn.objects.filter(
            region_id=plan.region.pk, institution=entry.institution, period=plan.period.code
        ).update(updated_at=entry.returned_at or entry.on, submitted_at=submitted)
        mine = events.filter(institution=entry.institution)
        mine.filter(action=ReviewAction.SUBMITTED).update(at=entry.on)
        mine.filter(action=ReviewAction.RETURNED).update(at=entry.returned_at)
    for action, at in (
        (ReviewAction.APPROVED, plan.approved_at),
        (ReviewAction.ACCEPTED, plan.accepted_at),
        (ReviewAction.REOPENED, plan.reopened_at),
    ):
        if at is not None:
            events.filter(action=action).update(at=at)
    if plan.approved_at:
        Explanation.objects.filter(report=report).update(
            at=plan.approved_at - datetime.timedelta(hours=2)
        )
    if report.status != ReportStatus.OPEN:
        RegionReport.objects.filter(pk=report.pk).update(
            approved_at=plan.approved_at, accepted_at=plan.accepted_at
        )
