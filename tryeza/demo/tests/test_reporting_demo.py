"""The demo's situational analysis: figures that pass validation, reports in the statuses the
story gives them, differences explained before approval, texts that name nobody, and the
same story written in bulk at the benchmark scale.

Only the network is built (no cases, no meetings), for four regions, once for the module
(committed, then cleared at the end); tests that rebuild do it inside their own transaction,
which is rolled back.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tryeza.cases.choices import AgeBand, IdentificationKind, IdentifiedBy, Sex, Stage
from tryeza.cases.crypto import name_tokens
from tryeza.cases.services import CaseDraft, Identity, case_register
from tryeza.cases.services.leaks import text_names_a_person
from tryeza.demo import names, reporttexts
from tryeza.demo.builder import (
    build_geography,
    build_institutions,
    build_services,
)
from tryeza.demo.context import Demo
from tryeza.demo.people import build_people, build_users
from tryeza.demo.reporting import Plan, build_reports, draw_plans
from tryeza.demo.reset import demo_clear
from tryeza.demo.structures import build_structures
from tryeza.directory.models import InstitutionType
from tryeza.reporting import reporters, selectors
from tryeza.reporting.models import (
    DataReturn,
    ElementBounds,
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    ReviewAction,
    ReviewEvent,
    Value,
)
from tryeza.reporting.periods import Period, current_half, half_years
from tryeza.reporting.validation import validate

SEED = 2006
# Elbasan, Berat, Tiranë and Kukës: two big regions and two small ones, and enough regions
# for every outcome of the current half-year.
REGIONS = ("AL-03", "AL-01", "AL-11", "AL-07")
# A person in an Elbasan case, named with parts the demo draws its people from.
PLANTED = ("Teuta", "Hoxha")


def build_network(seed: int = SEED) -> Demo:
    demo = Demo(rng=random.Random(seed), scale=1)
    build_geography(demo)
    build_institutions(demo)
    build_structures(demo)
    build_services(demo)
    build_people(demo)
    build_users(demo)
    demo.regions = [region for region in demo.regions if region.code in REGIONS]
    return demo


def plant_case(demo: Demo) -> None:
    worker = demo.user("elbasan.cpu")
    elbasan = next(region for region in demo.regions if region.code == "AL-03")
    assert worker is not None
    case_register(
        actor=worker,
        draft=CaseDraft(
            region_id=elbasan.pk,
            stage=Stage.AT_RISK,
            identification_kind=IdentificationKind.INFORMAL,
            identified_by=IdentifiedBy.TEACHER,
            identified_on=timezone.localdate() - datetime.timedelta(days=200),
            municipality=demo.main_municipality[elbasan.pk],
            profile={"sex": Sex.FEMALE, "age_band": AgeBand.A9_17},
        ),
        identity=Identity(first_name=PLANTED[0], last_name=PLANTED[1]),
    )


@pytest.fixture(scope="module")
def _built(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Demo, list[Plan]]]:
    with django_db_blocker.unblock():
        demo = build_network()
        plant_case(demo)
        plans = build_reports(demo)
        yield demo, plans
        demo_clear()


@pytest.fixture
def built(_built: tuple[Demo, list[Plan]], db: None) -> tuple[Demo, list[Plan]]:
    return _built


def invalid_returns() -> list[DataReturn]:
    returns = list(DataReturn.objects.all())
    numbers = selectors.numbers_of(returns)
    ranges = selectors.ranges()
    return [
        r
        for r in returns
        if validate(
            numbers[r.pk],
            half=r.period,
            municipalities=selectors.municipalities_of(r.region_id),
            ranges=ranges,
        )
    ]


def test_every_return_adds_up(built: Any) -> None:
    assert DataReturn.objects.count() > 60
    assert Value.objects.filter(number__isnull=False).count() > 2000
    assert invalid_returns() == []
    assert ElementBounds.objects.filter(element="victims_identified").exists()


def test_reports_end_as_the_story_says(built: Any) -> None:
    _demo, plans = built
    today = timezone.localdate()
    running, current = Period.half_of(today), current_half(today)
    assert {plan.period for plan in plans} == set(half_years(running, 5))
    for plan in plans:
        report = RegionReport.objects.get(region=plan.region, period=plan.period.code)
        assert report.status == plan.status
        assert report.is_baseline == (plan.period == half_years(running, 5)[0])
        if report.status != ReportStatus.OPEN:
            assert not selectors.unexplained_discrepancies(report)
            assert report.summary and report.action_plan
    statuses = RegionReport.objects.filter(period=current.code)
    assert set(statuses.values_list("status", flat=True)) == set(ReportStatus.values)
    returned = statuses.exclude(comment="").get()
    assert returned.status == ReportStatus.OPEN
    assert ReviewEvent.objects.filter(region=returned.region, action=ReviewAction.REOPENED).exists()
    older = RegionReport.objects.filter(period__lt=current.code)
    assert set(older.values_list("status", flat=True)) == {ReportStatus.ACCEPTED}
    drafts = DataReturn.objects.filter(period=running.code)
    assert set(drafts.values_list("status", flat=True)) <= {ReturnStatus.DRAFT}
    assert not RegionReport.objects.filter(period=running.code).exclude(status="open").exists()
    assert Explanation.objects.filter(agreed__isnull=False).count() > 10


def test_completeness_and_timeliness_differ_by_region(built: Any) -> None:
    rows = [row for row in reporters.completeness(current_half().code) if row.submitted]
    assert len({row.submitted for row in rows}) > 1
    assert all(row.submitted < row.expected for row in rows)
    on_time = [row.approved_on_time for row in reporters.completeness("2025S1")]
    on_time += [row.approved_on_time for row in reporters.completeness("2025S2")]
    assert True in on_time and False in on_time


def test_police_count_fewer_victims_than_shelters_and_ngos(built: Any) -> None:
    totals: Counter[str] = Counter()
    rows = Value.objects.filter(element="victims_identified", dimension="").values_list(
        "data_return__institution__type", "number"
    )
    for kind, number in rows:
        totals[kind] += number or 0
    ngos = totals[InstitutionType.NGO] + totals[InstitutionType.SHELTER]
    assert 0 < totals[InstitutionType.ANTI_TRAFFICKING_POLICE] < ngos
    # Most quarters of small regions stay below five, so "<5" shows where figures leave.
    small = Value.objects.filter(
        element="victims_identified", dimension="", data_return__region__code="AL-07"
    ).values_list("number", flat=True)
    assert sum(1 for n in small if n is not None and n < 5) > len(small) / 2


def test_everything_happened_in_the_past(built: Any) -> None:
    now = timezone.now()
    assert not DataReturn.objects.filter(updated_at__gt=now).exists()
    assert not ReviewEvent.objects.filter(at__gt=now).exists()
    for report in RegionReport.objects.filter(status=ReportStatus.ACCEPTED):
        assert report.approved_at and report.accepted_at
        assert report.approved_at <= report.accepted_at <= now
        submitted = DataReturn.objects.filter(region=report.region, period=report.period)
        assert all(r.submitted_at and r.submitted_at <= report.approved_at for r in submitted)


def test_no_text_names_a_person(built: Any) -> None:
    texts = [
        *Value.objects.exclude(text="").values_list("text", flat=True),
        *Explanation.objects.values_list("text", flat=True),
        *DataReturn.objects.exclude(comment="").values_list("comment", flat=True),
        *RegionReport.objects.values_list("summary", "context", "response", "action_plan"),
    ]
    flat = [t for item in texts for t in ((item,) if isinstance(item, str) else item) if t]
    assert len(flat) > 100
    assert not [t for t in flat if text_names_a_person(t, region_id=None)]


def test_no_report_text_could_be_read_as_a_name() -> None:
    """Every name part the demo can draw, against every word the reports can say."""
    parts = set()
    for name in (*names.FEMALE_FIRST_NAMES, *names.MALE_FIRST_NAMES, *names.SURNAMES):
        parts |= set(name_tokens(name))
    pools = [
        *reporttexts.TEXTS.values(),
        *reporttexts.NARRATIVE.values(),
        *reporttexts.EXPLANATIONS.values(),
        (reporttexts.BASELINE, reporttexts.SENT_BACK, reporttexts.ONAC_COMMENT),
    ]
    words = {t for pool in pools for text in pool for t in name_tokens(text) if len(t) >= 3}
    assert words
    assert not words & parts


def test_the_same_seed_draws_the_same_figures(built: Any) -> None:
    demo, _plans = built
    today = timezone.localdate()
    periods = half_years(Period.half_of(today), 5)

    def draw(seed: int) -> list[Any]:
        again = Demo(rng=random.Random(seed), scale=1, regions=demo.regions, users=demo.users)
        return [
            (p.region.code, p.period, p.status, [(e.institution.pk, e.numbers) for e in p.entries])
            for p in draw_plans(again, periods, today)
        ]

    assert draw(SEED) == draw(SEED)
    assert draw(SEED) != draw(SEED + 1)


def test_the_benchmark_scale_writes_ten_half_years_in_bulk(built: Any) -> None:
    demo, _plans = built
    for model in (Explanation, ReviewEvent, RegionReport, Value, DataReturn):
        model.objects.all().delete()
    bulk = Demo(rng=random.Random(SEED), scale=2, regions=demo.regions, users=demo.users)
    plans = build_reports(bulk)
    periods = {plan.period.code for plan in plans}
    assert len(periods) == 10
    assert RegionReport.objects.count() == len(plans) == 10 * len(REGIONS)
    assert invalid_returns() == []
    for plan in plans:
        report = RegionReport.objects.get(region=plan.region, period=plan.period.code)
        assert report.status == plan.status
        if report.status != ReportStatus.OPEN:
            assert not selectors.unexplained_discrepancies(report)
    assert ReviewEvent.objects.filter(action=ReviewAction.ACCEPTED).count() > 30
    assert not DataReturn.objects.filter(updated_at__gt=timezone.now()).exists()
