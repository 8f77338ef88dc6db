"""The output-indicator scorecard against data counted by hand: Elbasan's first half of
2026 with two committee meetings, a late report, declared figures, terms of reference for
the committee only and one new member; and Vlorë, where nothing was recorded."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tryeza.directory.models import MembershipRole
from tryeza.factories import MembershipFactory
from tryeza.geography.models import Region
from tryeza.meetings.models import Meeting, MeetingStatus
from tryeza.meetings.services import meeting_plan, terms_approve, terms_draft
from tryeza.meetings.tests.conftest import at
from tryeza.reporting import selectors, services
from tryeza.reporting.models import RegionReport, ReportStatus
from tryeza.reporting.periods import Period
from tryeza.reporting.report.scorecard import Status, scorecard, scorecards
from tryeza.reporting.tests.conftest import PERIOD, fill

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
H1 = Period.parse(PERIOD)


def held(structure: Any, officer: Any, day: datetime.date) -> Meeting:
    meeting = meeting_plan(
        actor=officer, structure=structure, starts_at=at(day), ends_at=at(day, 12), place="Salla"
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    meeting.refresh_from_db()
    return meeting


def moment(day: datetime.date) -> datetime.datetime:
    return at(day, 12)


@pytest.fixture
def elbasan_half(network: Any, secretariat_officer: Any, committee_member: Any) -> None:
    committee, table = network["committee_el"], network["table_el"]
    # Two meetings held (the cadence asks for two in six months), one cancelled.
    first = held(committee, secretariat_officer, datetime.date(2026, 2, 10))
    held(committee, secretariat_officer, datetime.date(2026, 5, 12))
    cancelled = held(committee, secretariat_officer, datetime.date(2026, 6, 2))
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
    # Terms approved for the committee; the table's are still a draft.
    terms = terms_draft(actor=secretariat_officer, structure=committee, text="Rules.")
    terms_approve(actor=secretariat_officer, terms=terms, meeting=first)
    terms_draft(actor=secretariat_officer, structure=table, text="Rules of the table.")
    # Before the half-year: the prefecture (no date) and the police (2024); in it: the CPU.
    committee.memberships.filter(institution=network["police_el"]).update(
        since=datetime.date(2024, 1, 15)
    )
    MembershipFactory(
        structure=committee,
        institution=network["cpu_el"],
        role=MembershipRole.MEMBER,
        since=datetime.date(2026, 3, 1),
    )
    # The baseline of 2025S2, approved on time (due 30 January 2026).
    RegionReport.objects.create(
        region=network["elbasan"],
        period="2025S2",
        status=ReportStatus.ACCEPTED,
        is_baseline=True,
        approved_at=moment(datetime.date(2026, 1, 20)),
    )
    # This half-year's figures, approved late (due 30 July 2026).
    fill(
        committee_member,
        network["police_el"],
        {
            ("vulnerable_communities", PERIOD, "", ""): 6,
            ("communities_with_programme", PERIOD, "", ""): 5,
            ("trainings_held", PERIOD, "", ""): 2,
        },
    )
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    services.report_approve(user=secretariat_officer, report=report)
    RegionReport.objects.filter(pk=report.pk).update(approved_at=moment(datetime.date(2026, 8, 15)))


def card(region: Any) -> dict[str, tuple[Status, str, str]]:
    totals = selectors.region_totals([region.pk], PERIOD).get(region.pk, {})
    indicators = scorecard(region=region, period=H1, totals=totals, today=TODAY)
    return {i.code: (i.status, i.figures, i.source) for i in indicators}


def test_elbasan_scorecard_matches_the_hand_count(network: Any, elbasan_half: None) -> None:
    assert card(network["elbasan"]) == {
        "meetings": (Status.MET, "2 held, 2 expected", "computed from meetings"),
        "reports": (
            Status.NOT_MET,
            "1 of 2 approved by the due date",
            "computed from the reports",
        ),
        "programmes": (
            Status.NOT_MET,
            "5 of 6 communities",
            "declared in the committee's figures",
        ),
        # Two trainings: a count below five leaves the region as "<5", like every count.
        "training": (Status.MET, "<5 trainings", "declared in the committee's figures"),
        "terms": (
            Status.NOT_MET,
            "committee: approved; table: none approved",
            "computed from meetings",
        ),
        "membership": (
            Status.MET,
            "2 members at the start, 1 joined",
            "computed from the directory",
        ),
        "baseline": (Status.MET, "2025, half 2", "computed from the reports"),
        "biannual": (Status.MET, "Approved by the committee", "computed from the reports"),
    }


def test_an_open_report_has_no_declared_figures(network: Any, elbasan_half: None) -> None:
    RegionReport.objects.filter(region=network["elbasan"], period=PERIOD).update(
        status=ReportStatus.OPEN, approved_at=None
    )
    result = card(network["elbasan"])
    assert result["programmes"][0] == Status.NO_DATA
    assert result["training"][0] == Status.NO_DATA
    assert result["biannual"][:2] == (Status.NOT_MET, "Collecting figures")
    # Not approved, and due since July: late.
    assert result["reports"][:2] == (Status.NOT_MET, "1 of 2 approved by the due date")


def test_a_report_not_yet_due_is_not_late(network: Any, elbasan_half: None) -> None:
    RegionReport.objects.filter(region=network["elbasan"], period=PERIOD).update(
        status=ReportStatus.OPEN, approved_at=None
    )
    totals: dict[tuple[str, str], int] = {}
    early = scorecard(
        region=network["elbasan"], period=H1, totals=totals, today=datetime.date(2026, 7, 10)
    )
    reports = next(i for i in early if i.code == "reports")
    assert (reports.status, reports.figures) == (Status.MET, "1 of 1 approved by the due date")


def test_a_region_with_nothing_recorded(network: Any) -> None:
    result = card(network["vlore"])
    assert result["meetings"][:2] == (Status.NOT_MET, "0 held, 2 expected")
    assert result["reports"][0] == Status.NO_DATA
    assert result["programmes"][0] == Status.NO_DATA
    assert result["training"][0] == Status.NO_DATA
    assert result["terms"][:2] == (
        Status.NOT_MET,
        "committee: none approved; table: none approved",
    )
    assert result["membership"][0] == Status.NO_DATA  # no membership has a date
    assert result["baseline"][0] == Status.NOT_MET
    assert result["biannual"][0] == Status.NOT_MET


def test_twelve_regions_are_scored_in_the_queries_of_one(network: Any, elbasan_half: None) -> None:
    """The national consolidation scores every region: the facts are read for all of
    them at once, and each region's card is the one it gets alone."""
    regions = list(Region.objects.order_by("code"))
    totals = selectors.region_totals([r.pk for r in regions], PERIOD)
    elbasan, vlore = network["elbasan"], network["vlore"]
    with CaptureQueriesContext(connection) as one:
        alone = scorecards(regions=[elbasan], period=H1, totals=totals, today=TODAY)
    with CaptureQueriesContext(connection) as every:
        cards = scorecards(regions=regions, period=H1, totals=totals, today=TODAY)
    assert len(regions) == 12
    assert len(every) == len(one) == 5
    assert cards[elbasan.pk] == alone[elbasan.pk]
    assert cards[elbasan.pk][0].figures == "2 held, 2 expected"
    assert cards[vlore.pk] == scorecard(
        region=vlore, period=H1, totals=totals.get(vlore.pk, {}), today=TODAY
    )
