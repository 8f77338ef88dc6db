"""Who reports for a region and half-year, and how far the work went: the institutions
expected to report, the return each sent, the review trail and every region's
completeness. Callers check ``rules`` for the user first; only institutions and the
secretariat's colleagues are named here, never a person in a case. What pages read
often is kept until its data changes (``figures_cache``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, F, QuerySet
from django.utils.text import capfirst

from tryeza.directory.models import Institution, MembershipRole, StructureKind
from tryeza.geography.models import Region, localised
from tryeza.reporting.figures_cache import cached
from tryeza.reporting.models import (
    DataReturn,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    ReviewAction,
    ReviewEvent,
)
from tryeza.reporting.periods import Period


def _expected() -> QuerySet[Institution]:
    """The rule: institutions expected to report are the active members (not observers)
    of the committee and technical working table of their own region."""
    return Institution.objects.filter(
        is_active=True,
        memberships__structure__region_id=F("region_id"),
        memberships__structure__kind__in=[StructureKind.COMMITTEE, StructureKind.TECHNICAL_TABLE],
    ).exclude(memberships__role=MembershipRole.OBSERVER)


def expected_reporters(region_id: int) -> list[Institution]:
    """Institutions expected to report for a region (``_expected``)."""
    return list(_expected().filter(region_id=region_id).distinct().order_by("name"))


def expected_names(region_id: int) -> list[tuple[int, str]]:
    """(id, name in the active language) of ``expected_reporters``, without models. Kept
    (``figures_cache``: memberships change in the admin, whose log is in the key)."""

    def read() -> list[tuple[int, str]]:
        rows = _expected().filter(region_id=region_id).distinct().order_by("name")
        return [
            (pk, localised(name, name_en))
            for pk, name, name_en in rows.values_list("pk", "name", "name_en")
        ]

    return cached("expected", read, region_id)


def expected_counts() -> dict[int, int]:
    """Region id -> how many institutions are expected to report for it, for every
    region in one query. Kept like ``expected_names``."""

    def read() -> dict[int, int]:
        rows = (
            _expected()
            .values("region_id")
            .annotate(n=Count("pk", distinct=True))
            .values_list("region_id", "n")
            .order_by()
        )
        return dict(rows)

    return cached("expected_counts", read)


class ReturnRow(NamedTuple):
    pk: int
    status: str
    submitted_at: datetime.datetime | None
    name: str  # the institution's, in the active language


def returns_by_institution(region_id: int, period: str) -> dict[int, ReturnRow]:
    """Institution id -> its return of the half-year, whatever its status. Kept like
    ``sources`` (a return saved, submitted or sent back moves the data version)."""

    def read() -> dict[int, ReturnRow]:
        rows = DataReturn.objects.filter(region_id=region_id, period=period).values_list(
            "institution_id",
            "pk",
            "status",
            "submitted_at",
            "institution__name",
            "institution__name_en",
        )
        return {
            institution: ReturnRow(pk, status, at, localised(name, name_en))
            for institution, pk, status, at, name, name_en in rows
        }

    return cached("returns", read, region_id, period)


@dataclass(frozen=True)
class TrailEvent:
    at: datetime.datetime
    action: str
    what: str  # the action in words
    figures_of: str  # the institution whose return it was about, else ""
    by: str  # the institution of who did it
    by_username: str
    comment: str


def trail(region_id: int, period: str, limit: int | None) -> tuple[int, list[TrailEvent]]:
    """How many review events the half-year has, and the newest ``limit`` of them (all
    with None), newest first. Kept: every event moves the data version."""

    def read() -> tuple[int, list[TrailEvent]]:
        events = ReviewEvent.objects.filter(region_id=region_id, period=period)
        actions = {action: capfirst(str(label)) for action, label in ReviewAction.choices}
        rows = events.order_by("-at", "-pk").values_list(
            "at",
            "action",
            "institution__name",
            "institution__name_en",
            "by__institution__name",
            "by__institution__name_en",
            "by__username",
            "comment",
        )
        shown = [
            TrailEvent(
                at,
                action,
                actions[action],
                localised(of or "", of_en or ""),
                localised(by or "", by_en or ""),
                username,
                comment,
            )
            for at, action, of, of_en, by, by_en, username, comment in (
                rows if limit is None else rows[:limit]
            )
        ]
        count = len(shown) if limit is None or len(shown) < limit else events.count()
        return count, shown

    return cached("trail", read, region_id, period, limit)


@dataclass(frozen=True)
class Completeness:
    region: Region
    expected: int
    submitted: int
    status: str
    approved_on_time: bool | None


def completeness(period: str) -> list[Completeness]:
    """Per region: how many expected institutions submitted, and whether the committee
    approved its report by the due date (None while not approved). Four queries."""
    due = Period.parse(period).due
    # Rows, not models: a report carries four narrative texts nobody reads here.
    reports = {
        region_id: (status, approved_at)
        for region_id, status, approved_at in RegionReport.objects.filter(
            period=period
        ).values_list("region_id", "status", "approved_at")
    }
    submitted = dict(
        DataReturn.objects.filter(period=period, status=ReturnStatus.SUBMITTED)
        .values_list("region_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    expected = expected_counts()
    rows = []
    for region in Region.objects.order_by("name"):
        status, approved_at = reports.get(region.pk, (ReportStatus.OPEN, None))
        rows.append(
            Completeness(
                region=region,
                expected=expected.get(region.pk, 0),
                submitted=submitted.get(region.pk, 0),
                status=status,
                approved_on_time=approved_at.date() <= due if approved_at else None,
            )
        )
    return rows
