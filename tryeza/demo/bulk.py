"""The benchmark's case load (``--scale`` 2 and up): about 4,000 cases per unit of scale
(100,000 at ``large``) with some ten events each, spread over the last ten half-years.

The services write one case at a time with an audit entry per step, which would take
hours at this size, so the stories are written here as rows, a few thousand cases per
batch, with the same encryption (``crypto.encrypt_identity``) and the same blind index
entries (``services.case._index_entries``) as a registration. The audit chain gets one
summary entry per region ("demo.bulk_cases") instead of one per step.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import reset_queries
from django.db.models import DateTimeField, Max, Model
from django.utils import timezone

from tryeza.audit.services import audit_record
from tryeza.cases.choices import ReferralStatus, Status
from tryeza.cases.crypto import encrypt_identity
from tryeza.cases.indicators import risk_level
from tryeza.cases.models import (
    IDENTITY_FIELDS,
    Case,
    CaseIdentity,
    FollowUp,
    IdentityIndex,
    NeedsAssessment,
    PlannedService,
    PoliceCooperation,
    Referral,
    RightsInformation,
    Screening,
    StatusChange,
    TeamMember,
)
from tryeza.cases.services.case import _index_entries
from tryeza.demo.cases import region_kits, stamp
from tryeza.demo.casestory import draw_story
from tryeza.demo.context import Demo
from tryeza.demo.story import RegionKit, Story

CASES_PER_SCALE = 4000
BATCH = 2000
HALF_YEARS = 10
# Fields Django stamps with "now" on insert; bulk rows carry their story's time instead.
STAMPED = (
    (Case, "created_at"),
    (TeamMember, "added_at"),
    (StatusChange, "at"),
    (Referral, "sent_at"),
)


@dataclass
class BulkReport:
    cases: int = 0
    events: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        self.rows[what] = self.rows.get(what, 0) + count

    def time(self, what: str, started: float) -> None:
        self.seconds[what] = self.seconds.get(what, 0.0) + time.perf_counter() - started


def bulk_case_count(scale: int) -> int:
    return CASES_PER_SCALE * scale if scale >= 2 else 0


def build_bulk_cases(demo: Demo, *, total: int | None = None) -> BulkReport:
    """The benchmark's cases (``total``, by default as many as the scale asks), region by
    region in proportion to their municipalities."""
    report = BulkReport()
    total = bulk_case_count(demo.scale) if total is None else total
    if not total:
        return report
    today = timezone.localdate()
    half = 1 if today.month <= 6 else 7
    # The current half-year and the nine before it.
    since = datetime.date(today.year - HALF_YEARS // 2 + (half == 7), 7 if half == 1 else 1, 1)
    kits = region_kits(demo)
    weights = [len(demo.municipalities[region.pk]) or 1 for region in demo.regions]
    with _stamped_by_hand():
        for region, count in zip(demo.regions, _shares(total, weights), strict=True):
            _region(demo.rng, kits[region.pk], count, today, since, report)
    demo.counts["cases"] += report.cases
    demo.counts["case_events"] += report.events
    demo.timings.update(report.seconds)
    return report


def _shares(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split by weight, the remainders going to the largest fractions."""
    exact = [total * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    by_fraction = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_fraction[: total - sum(shares)]:
        shares[i] += 1
    return shares


@contextmanager
def _stamped_by_hand() -> Iterator[None]:
    fields = [model._meta.get_field(name) for model, name in STAMPED]
    assert all(isinstance(f, DateTimeField) and f.auto_now_add for f in fields)
    for f in fields:
        f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True  # type: ignore[union-attr]


def _region(
    rng: random.Random,
    kit: RegionKit,
    count: int,
    today: datetime.date,
    since: datetime.date,
    report: BulkReport,
) -> None:
    started = time.perf_counter()
    stories = [draw_story(rng, kit, today=today, since=since) for _ in range(count)]
    stories.sort(key=lambda story: story.entered_on)
    report.time("draw", started)
    numbers: dict[int, int] = {}
    events = 0
    for start in range(0, len(stories), BATCH):
        chunk = stories[start : start + BATCH]
        cases = _cases(rng, kit, chunk, numbers, report)
        _rows(rng, chunk, cases, report)
        events += sum(story.events for story in chunk)
        # With DEBUG on, Django keeps every statement; bulk inserts are large.
        reset_queries()
    report.cases += count
    report.events += events
    audit_record(
        actor=None,
        action="demo.bulk_cases",
        object_type="region",
        object_ref=kit.region.code,
        detail=f"{count} cases, {events} case events written in bulk by the demo",
    )


def _cases(
    rng: random.Random,
    kit: RegionKit,
    chunk: list[Story],
    numbers: dict[int, int],
    report: BulkReport,
) -> list[Case]:
    started = time.perf_counter()
    region = kit.region
    cases = []
    for story in chunk:
        year = story.entered_on.year
        if year not in numbers:
            last = Case.objects.filter(region=region, year=year).aggregate(n=Max("number"))["n"]
            numbers[year] = last or 0
        numbers[year] += 1
        latest_screening = max(story.screenings, key=lambda s: s[0])
        latest_follow_up = max(story.follow_ups, key=lambda f: f.on, default=None)
        cases.append(
            Case(
                code=Case.make_code(region.abbreviation, year, numbers[year]),
                region=region,
                year=year,
                number=numbers[year],
                municipality=story.municipality,
                stage=story.stage,
                status=story.status,
                closure_reason=story.closure_reason,
                lead_institution=story.lead,
                identification_kind=story.identification_kind,
                identified_by=story.identified_by,
                identifying_institution=story.identifying_institution,
                identified_on=story.identified_on,
                identified_in=story.municipality,
                risk_level=risk_level(latest_screening[1])[1],
                next_follow_up=latest_follow_up.next_due if latest_follow_up else None,
                created_by=story.actor,
                created_at=stamp(rng, story.entered_on),
                **story.profile,
            )
        )
    Case.objects.bulk_create(cases, batch_size=BATCH)
    report.time("cases", started)
    return cases


def _rows(rng: random.Random, chunk: list[Story], cases: list[Case], report: BulkReport) -> None:
    started = time.perf_counter()
    identities = [
        CaseIdentity(case_id=case.pk, ciphertext=encrypt_identity(story.identity.as_document()))
        for story, case in zip(chunk, cases, strict=True)
    ]
    report.time("encrypt", started)
    started = time.perf_counter()
    index = [
        IdentityIndex(case_id=case.pk, kind=kind, digest=digest)
        for story, case in zip(chunk, cases, strict=True)
        for kind, digest in sorted(_index_entries(story.identity))
    ]
    report.time("index", started)
    rows: dict[type[Model], list[Model]] = {CaseIdentity: [*identities], IdentityIndex: [*index]}
    for story, case in zip(chunk, cases, strict=True):
        for model, made in _events(rng, story, case):
            rows.setdefault(model, []).extend(made)
    started = time.perf_counter()
    for model, objects in rows.items():
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        report.add(model._meta.model_name or "", len(objects))
    report.add("case", len(cases))
    report.time("insert", started)


def _events(rng: random.Random, story: Story, case: Case) -> Iterator[tuple[type[Model], list]]:
    """The rows of one story's case, by model."""
    # Ids rather than objects: setting thousands of relations through descriptors is slow.
    by = story.actor.pk
    registered = case.created_at
    yield (
        TeamMember,
        [
            TeamMember(
                case_id=case.pk,
                institution_id=inst.pk,
                is_lead=inst.pk == story.lead.pk,
                added_at=registered,
            )
            for inst in [story.lead, *story.team]
        ],
    )
    changes = [
        StatusChange(
            case_id=case.pk,
            by_id=by,
            stage=story.registered_as,
            status=Status.REGISTERED,
            at=registered,
        )
    ]
    changes += [
        StatusChange(
            case_id=case.pk,
            by_id=by,
            stage=stage,
            status=status,
            closure_reason=reason,
            at=stamp(rng, day),
        )
        for day, stage, status, reason in story.changes
    ]
    yield StatusChange, changes
    screenings = []
    for day, codes, note in story.screenings:
        score, level = risk_level(codes)
        screenings.append(
            Screening(
                case_id=case.pk,
                screened_on=day,
                by_id=by,
                indicators=codes,
                score=score,
                level=level,
                note=note,
            )
        )
    yield Screening, screenings
    if story.rights_on:
        language = "anglisht" if story.interpreter else "shqip"
        yield (
            RightsInformation,
            [
                RightsInformation(
                    case_id=case.pk,
                    informed_on=story.rights_on,
                    by_id=by,
                    language=language,
                    interpreter=story.interpreter,
                )
            ],
        )
    yield (
        PoliceCooperation,
        [
            PoliceCooperation(case_id=case.pk, recorded_on=day, by_id=by, status=status)
            for day, status in story.cooperation
        ],
    )
    if story.assessment:
        day, position, needs, summary = story.assessment
        yield (
            NeedsAssessment,
            [
                NeedsAssessment(
                    case_id=case.pk,
                    assessed_on=day,
                    by_id=by,
                    assessor_position=position,
                    needs=sorted(needs),
                    summary=summary,
                )
            ],
        )
    yield (
        PlannedService,
        [
            PlannedService(
                case_id=case.pk,
                service=s.service,
                provider_id=s.provider.pk,
                status=s.status,
                planned_on=s.planned_on,
                started_on=s.started_on,
                ended_on=s.ended_on,
                note=s.note,
            )
            for s in story.services
        ],
    )
    referrals = []
    for batch in story.referrals:
        group = uuid.UUID(int=rng.getrandbits(128), version=4)
        fields = [f for f in IDENTITY_FIELDS if f in batch.fields]
        for institution, answer in zip(batch.to, batch.answers, strict=True):
            status = ReferralStatus.SENT
            if answer is not None:
                status = ReferralStatus.ACCEPTED if answer.accept else ReferralStatus.DECLINED
            referrals.append(
                Referral(
                    case_id=case.pk,
                    batch=group,
                    from_institution_id=story.lead.pk,
                    to_institution_id=institution.pk,
                    service=batch.service,
                    destination_id=batch.destination.pk if batch.destination else None,
                    consent_given_on=batch.sent_at.date(),
                    consent_parts=sorted(set(batch.parts)),
                    consent_identity_fields=fields,
                    status=status,
                    sent_at=batch.sent_at,
                    sent_by_id=by,
                    responded_at=answer.at if answer else None,
                    responded_by_id=answer.by.pk if answer else None,
                    response_reason=answer.reason if answer else "",
                )
            )
    yield Referral, referrals
    yield (
        FollowUp,
        [
            FollowUp(
                case_id=case.pk,
                on=f.on,
                by_id=by,
                kind=f.kind,
                school=f.school,
                working=f.working,
                retrafficking_risk=f.risk,
                note=f.note,
                next_due=f.next_due,
            )
            for f in story.follow_ups
        ],
    )
