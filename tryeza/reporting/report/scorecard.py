"""The output indicators of the National Strategy 2008–2010 for a committee, each computed
from Tryeza's own records where they exist (meetings, directory, reports) and otherwise
taken from the figures the committee declared, or marked "no data".

``totals`` are the region's figures (``selectors.region_totals``): empty while the
period's report is not approved, so declared indicators then have no data."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tryeza.directory.models import Membership, MembershipRole, Structure, StructureKind
from tryeza.geography.models import Region
from tryeza.meetings.figures import Cadence, meeting_cadences
from tryeza.meetings.models import TermsOfReference
from tryeza.reporting.models import RegionReport, ReportStatus
from tryeza.reporting.periods import Period
from tryeza.reporting.report.tables import shown

Totals = Mapping[tuple[str, str], int]


class Status(models.TextChoices):
    MET = "met", gettext_lazy("met")
    NOT_MET = "not_met", gettext_lazy("not met")
    NO_DATA = "no_data", gettext_lazy("no data")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    status: Status
    figures: str
    source: str

    @property
    def status_label(self) -> str:
        return str(self.status.label)


@dataclass(frozen=True)
class _Facts:
    period: Period
    totals: Totals
    committee: Structure | None
    table: Structure | None
    # The committee's meetings in the period (None without a committee).
    cadence: Cadence | None
    # Committee and table: whether each had terms of reference approved by the period's end.
    terms: tuple[bool, bool]
    # When each of the committee's members (observers aside) joined; None: no date.
    since: tuple[datetime.date | None, ...]
    reports: dict[str, RegionReport]
    today: datetime.date


def _met(condition: bool) -> Status:
    return Status.MET if condition else Status.NOT_MET


def _meetings(f: _Facts) -> tuple[Status, str]:
    cadence = f.cadence
    if cadence is None:
        return Status.NO_DATA, ""
    figures = _("%(held)d held, %(expected)d expected") % {
        "held": cadence.held,
        "expected": cadence.expected,
    }
    return _met(cadence.met), figures


def _on_time(report: RegionReport | None, period: Period) -> bool:
    return bool(
        report
        and report.approved_at
        and timezone.localtime(report.approved_at).date() <= period.due
    )


def _reports_to_onac(f: _Facts) -> tuple[Status, str]:
    """This half-year and the one before, counted from the region's first report in
    Tryeza; a report not yet due and not yet approved is not late."""
    first = min(f.reports, default=None)
    considered = [
        p
        for p in (f.period.previous(), f.period)
        if first is not None
        and p.code >= first
        and (_on_time(f.reports.get(p.code), p) or p.due < f.today)
    ]
    if not considered:
        return Status.NO_DATA, ""
    on_time = [p for p in considered if _on_time(f.reports.get(p.code), p)]
    figures = _("%(on_time)d of %(count)d approved by the due date") % {
        "on_time": len(on_time),
        "count": len(considered),
    }
    return _met(len(on_time) == len(considered)), figures


def _programmes(f: _Facts) -> tuple[Status, str]:
    communities = f.totals.get(("vulnerable_communities", f.period.code))
    with_programme = f.totals.get(("communities_with_programme", f.period.code))
    if communities is None or with_programme is None:
        return Status.NO_DATA, ""
    figures = _("%(with)s of %(all)s communities") % {
        "with": shown(with_programme),
        "all": shown(communities),
    }
    return _met(with_programme >= communities), figures


def _training(f: _Facts) -> tuple[Status, str]:
    trainings = f.totals.get(("trainings_held", f.period.code))
    if trainings is None:
        return Status.NO_DATA, ""
    return _met(trainings > 0), _("%(count)s trainings") % {"count": shown(trainings)}


def _terms(f: _Facts) -> tuple[Status, str]:
    if f.committee is None and f.table is None:
        return Status.NO_DATA, ""
    committee, table = f.terms
    yes, no = _("approved"), _("none approved")
    figures = _("committee: %(committee)s; table: %(table)s") % {
        "committee": yes if committee else no,
        "table": yes if table else no,
    }
    return _met(committee and table), figures


def _membership(f: _Facts) -> tuple[Status, str]:
    """Members (observers aside) who joined in the half-year against those before it; a
    membership without a date counts as older. No dates at all: nothing to compute."""
    if f.committee is None:
        return Status.NO_DATA, ""
    since = f.since
    if all(day is None for day in since):
        return Status.NO_DATA, ""
    start, end = f.period.start, f.period.end
    joined = sum(1 for day in since if day is not None and start <= day <= end)
    before = sum(1 for day in since if day is None or day < start)
    figures = _("%(before)d members at the start, %(joined)d joined") % {
        "before": before,
        "joined": joined,
    }
    return _met(joined > 0), figures


def _approved(report: RegionReport) -> bool:
    return report.status in (ReportStatus.APPROVED, ReportStatus.ACCEPTED)


def _baseline(f: _Facts) -> tuple[Status, str]:
    baselines = sorted(p for p, r in f.reports.items() if r.is_baseline and _approved(r))
    if not baselines:
        return Status.NOT_MET, _("none approved")
    return Status.MET, Period.parse(baselines[0]).label()


def _this_report(f: _Facts) -> tuple[Status, str]:
    report = f.reports.get(f.period.code)
    if report is None:
        return Status.NOT_MET, str(ReportStatus.OPEN.label)
    return _met(_approved(report)), report.get_status_display()


_FROM_MEETINGS = gettext_lazy("computed from meetings")
_FROM_DIRECTORY = gettext_lazy("computed from the directory")
_FROM_REPORTS = gettext_lazy("computed from the reports")
_DECLARED = gettext_lazy("declared in the committee's figures")

INDICATORS: tuple[tuple[str, object, Callable[[_Facts], tuple[Status, str]], object], ...] = (
    ("meetings", gettext_lazy("Regular meetings held"), _meetings, _FROM_MEETINGS),
    ("reports", gettext_lazy("Regular reports to ONAC"), _reports_to_onac, _FROM_REPORTS),
    (
        "programmes",
        gettext_lazy("Community development programmes in every vulnerable community"),
        _programmes,
        _DECLARED,
    ),
    ("training", gettext_lazy("Training of committee and table"), _training, _DECLARED),
    ("terms", gettext_lazy("Terms of reference exist"), _terms, _FROM_MEETINGS),
    ("membership", gettext_lazy("Membership expanded"), _membership, _FROM_DIRECTORY),
    ("baseline", gettext_lazy("Baseline assessment exists"), _baseline, _FROM_REPORTS),
    ("biannual", gettext_lazy("Bi-annual situation reports"), _this_report, _FROM_REPORTS),
)


def committees_and_tables(regions: Sequence[Region]) -> QuerySet[Structure]:
    """The regions' active committees and technical tables: whose work a report shows."""
    return Structure.objects.filter(
        region__in=regions,
        kind__in=[StructureKind.COMMITTEE, StructureKind.TECHNICAL_TABLE],
        is_active=True,
    )


def scorecard(
    *, region: Region, period: Period, totals: Totals, today: datetime.date | None = None
) -> list[Indicator]:
    return scorecards(regions=[region], period=period, totals={region.pk: totals}, today=today)[
        region.pk
    ]


def scorecards(
    *,
    regions: Sequence[Region],
    period: Period,
    totals: Mapping[int, Totals],
    today: datetime.date | None = None,
) -> dict[int, list[Indicator]]:
    """Region id -> its indicators. The facts are read for all the regions at once (five
    queries for one region or twelve); ``totals``: ``selectors.region_totals``."""
    # Newest first, so that the first structure of each kind created wins.
    structures: dict[tuple[int | None, str], Structure] = {
        (s.region_id, s.kind): s for s in committees_and_tables(regions).order_by("-pk")
    }
    committees = [s for s in structures.values() if s.kind == StructureKind.COMMITTEE]
    cadences = meeting_cadences(committees, period.start, period.end)
    with_terms = set(
        TermsOfReference.objects.filter(
            structure__in=list(structures.values()), approved_at__starts_at__date__lte=period.end
        ).values_list("structure_id", flat=True)
    )
    since: dict[int, list[datetime.date | None]] = defaultdict(list)
    for structure_id, day in (
        Membership.objects.filter(structure__in=committees)
        .exclude(role=MembershipRole.OBSERVER)
        .values_list("structure_id", "since")
    ):
        since[structure_id].append(day)
    reports: dict[int, dict[str, RegionReport]] = defaultdict(dict)
    for report in RegionReport.objects.filter(region__in=regions, period__lte=period.code).only(
        "region", "period", "status", "is_baseline", "approved_at"
    ):
        reports[report.region_id][report.period] = report
    today = today or timezone.localdate()
    cards = {}
    for region in regions:
        committee = structures.get((region.pk, StructureKind.COMMITTEE))
        table = structures.get((region.pk, StructureKind.TECHNICAL_TABLE))
        facts = _Facts(
            period=period,
            totals=totals.get(region.pk, {}),
            committee=committee,
            table=table,
            cadence=cadences[committee.pk] if committee else None,
            terms=(
                committee is not None and committee.pk in with_terms,
                table is not None and table.pk in with_terms,
            ),
            since=tuple(since[committee.pk]) if committee else (),
            reports=reports[region.pk],
            today=today,
        )
        cards[region.pk] = [
            Indicator(code, str(name), *compute(facts), str(source))
            for code, name, compute, source in INDICATORS
        ]
    return cards
