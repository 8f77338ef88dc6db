"""The dated steps of a drawn case: screenings, rights, cooperation with police, the needs
assessment and plan, referrals with consent, follow-ups and status changes. Every date
falls between identification and the day work on the case stopped (today for open cases).

Cooperation with police is drawn on its own and nothing else reads it, as in case work:
people who declined still get every service.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.utils import timezone

from tryeza.cases.choices import (
    CasePart,
    FollowUpKind,
    SchoolStatus,
    ServiceStatus,
    Stage,
    Status,
)
from tryeza.cases.indicators import INDICATORS, RiskLevel, risk_level
from tryeza.demo.story import (
    Answer,
    FollowUpStep,
    ReferralStep,
    RegionKit,
    ServicePlanStep,
    Story,
)
from tryeza.demo.texts import (
    ASSESSMENT_SUMMARIES,
    ASSESSORS,
    DECLINE_REASONS,
    ESCALATION_NOTES,
    FOLLOW_UP_NOTES,
    SCREENING_NOTES,
)
from tryeza.directory.models import Institution
from tryeza.directory.models import ServiceType as S

D = datetime.timedelta
STAGES = list(Stage.values)
COOPERATION = {"cooperating": 45, "declined": 25, "considering": 15, "not_discussed": 10,
               "withdrawn": 5}  # fmt: skip
SCHOOL = {"enrolled": 45, "irregular": 20, "not_enrolled": 15, "second_chance": 10,
          "vocational": 10}  # fmt: skip
MAX_FOLLOW_UPS = 3
LOWER: dict[str, str] = {RiskLevel.HIGH: RiskLevel.MEDIUM, RiskLevel.MEDIUM: RiskLevel.LOW}


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    """A day from ``start`` to ``end`` inclusive (``start`` when the range is empty)."""
    return start + D(days=rng.randint(0, max(0, (end - start).days)))


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """That day at that local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def draw_steps(
    rng: random.Random, kit: RegionKit, story: Story, *, today: datetime.date, end: datetime.date
) -> None:
    entered = story.entered_on
    first = _indicators(rng, story)
    story.screenings.append((between(rng, story.identified_on, entered), first, SCREENING_NOTES[0]))
    if rng.random() < 0.92:
        story.rights_on = min(today, entered + D(days=rng.randint(0, 2)))
        story.interpreter = story.profile["citizenship"] not in ("AL", "XK")
    if story.status == Status.REGISTERED:
        story.stage = story.registered_as
        return
    if story.victim:
        day = min(end, entered + D(days=rng.randint(0, 10)))
        story.cooperation.append((day, pick(rng, COOPERATION)))
    assessed = min(end, entered + D(days=rng.randint(3, 14)))
    needs = _needs(rng, story)
    story.assessment = (assessed, rng.choice(ASSESSORS), needs, rng.choice(ASSESSMENT_SUMMARIES))
    _changes(rng, story, assessed, end)
    _services(rng, kit, story, needs, assessed, end)
    _referrals(rng, kit, story, assessed, today)
    _follow_ups(rng, story, first, assessed, end, today)
    again = assessed + D(days=rng.randint(60, 120))
    if rng.random() < 0.4 and again <= min(end, today):
        kept = rng.sample(first, max(1, len(first) - rng.randint(0, 2)))
        story.screenings.append((again, sorted(kept), SCREENING_NOTES[1]))
    if story.status == Status.PENDING and rng.random() < 0.12:
        story.escalation = rng.choice(list(ESCALATION_NOTES))


def _indicators(rng: random.Random, story: Story) -> list[str]:
    female = story.profile["sex"] == "female"
    groups = {"family", "area", "child" if story.minor else "woman" if female else "family"}
    pool = [i.code for i in INDICATORS if i.group in groups]
    codes = rng.sample(pool, min(len(pool), rng.randint(2, 5)))
    if story.victim:
        signs = [i.code for i in INDICATORS if i.group == "trafficking"]
        codes += rng.sample(signs, rng.randint(1, 2))
    return sorted(codes)


def _needs(rng: random.Random, story: Story) -> list[str]:
    """What the assessment finds, most urgent first (safe accommodation in the first hours)."""
    needs: list[str]
    if not story.victim:
        needs = (
            [S.EDUCATION, S.PSYCHOSOCIAL, S.SOCIAL_ASSISTANCE, S.FAMILY_MEDIATION]
            if story.minor
            else [S.SOCIAL_ASSISTANCE, S.VOCATIONAL, S.EMPLOYMENT, S.PSYCHOSOCIAL]
        )
        rng.shuffle(needs)
        return [*needs, S.HEALTH] if rng.random() < 0.2 else needs
    needs = [S.PSYCHOSOCIAL, S.HEALTH, S.LEGAL]
    needs += [S.EDUCATION] if story.minor else [S.VOCATIONAL, S.EMPLOYMENT]
    if not story.minor and "fëmijë" in story.identity.family_members:
        needs.append(S.HOUSING)
    if rng.random() < 0.2:
        needs.append(S.PHYSICAL_SECURITY)
    rng.shuffle(needs)
    return [S.SAFE_ACCOMMODATION, *needs] if rng.random() < 0.8 else needs


def _changes(rng: random.Random, story: Story, assessed: datetime.date, end: datetime.date) -> None:
    """Pending once assessed, then up the stages to the story's, then resolved or closed."""
    story.changes.append((assessed, story.registered_as, Status.PENDING, ""))
    day = assessed
    path = STAGES[STAGES.index(story.registered_as) + 1 : STAGES.index(story.stage) + 1]
    for stage in path:
        day = min(end, day + D(days=rng.randint(7, 45)))
        story.changes.append((day, stage, Status.PENDING, ""))
    if not story.is_open:
        story.changes.append((end, story.stage, story.status, story.closure_reason))


def _services(
    rng: random.Random,
    kit: RegionKit,
    story: Story,
    needs: list[str],
    assessed: datetime.date,
    end: datetime.date,
) -> None:
    for service in needs[: rng.choice((2, 2, 3, 3, 4))]:
        provider = kit.provider(rng, service, story.municipality)
        if provider is None:
            continue
        step = ServicePlanStep(service, provider, assessed, ServiceStatus.PLANNED)
        story.services.append(step)
        if rng.random() < 0.05:
            step.status = ServiceStatus.DECLINED
            continue
        if (end - assessed).days < 3:
            continue
        step.started_on = min(end, assessed + D(days=rng.randint(0, 10)))
        step.status = ServiceStatus.STARTED
        finished = step.started_on + D(days=rng.randint(30, 150))
        if finished <= end or not story.is_open:
            step.ended_on = min(end, finished)
            delivered = rng.random() > (0.5 if story.status == Status.CLOSED else 0.07)
            step.status = ServiceStatus.DELIVERED if delivered else ServiceStatus.STOPPED


def _referrals(
    rng: random.Random, kit: RegionKit, story: Story, assessed: datetime.date, today: datetime.date
) -> None:
    """The seeds' notification (police, prosecutor, social services and the municipality's
    unit at once) for victims, and a referral to each of the first providers of the plan
    that are not already on the team."""
    day = min(assessed, today - D(days=1))
    if day < story.entered_on:
        return
    bound = at(today, 0)
    if story.victim and rng.random() < 0.7:
        notified = [
            kit.body["anti_trafficking"],
            kit.body["prosecution"],
            kit.body["social_services"],
            kit.cpu[story.municipality.pk],
        ]
        others = [i for i in notified if i.pk != story.lead.pk]
        to = rng.sample(others, rng.randint(min(2, len(others)), len(others)))
        story.referrals.append(
            _batch(rng, kit, day, to, "", [CasePart.PROFILE], ["first_name", "last_name"], bound)
        )
    on_team = {story.lead.pk, *(i.pk for i in story.team)}
    for step in story.services[:2]:
        if step.provider.pk in on_team or rng.random() < 0.2:
            continue
        parts: list[str] = [CasePart.PROFILE, CasePart.NEEDS]
        if rng.random() < 0.5:
            parts.append(CasePart.SCREENING)
        fields = ["first_name", "last_name", "date_of_birth"]
        if rng.random() < 0.3:
            fields.append("phone")
        batch = _batch(rng, kit, day, [step.provider], step.service, parts, fields, bound)
        if step.service == S.SAFE_ACCOMMODATION:
            # The shelter the person chose, where it is.
            batch.destination = step.provider.municipality
        story.referrals.append(batch)
        answer = batch.answers[0]
        if answer is not None and not answer.accept:
            step.status, step.started_on, step.ended_on = ServiceStatus.STOPPED, None, None
            step.note = answer.reason


def _batch(
    rng: random.Random,
    kit: RegionKit,
    day: datetime.date,
    to: list[Institution],
    service: str,
    parts: Sequence[str],
    fields: list[str],
    bound: datetime.datetime,
) -> ReferralStep:
    sent = at(day, rng.randint(8, 15), rng.randint(0, 59))
    answers: list[Answer | None] = []
    for institution in to:
        by = kit.responder(rng, institution)
        when = sent + D(hours=rng.randint(1, 96))
        if by is None or when >= bound:
            answers.append(None)
        elif rng.random() < 0.8:
            answers.append(Answer(True, "", when, by))
        else:
            answers.append(Answer(False, rng.choice(DECLINE_REASONS), when, by))
    return ReferralStep(sent, to, service, list(parts), fields, None, answers)


def _follow_ups(
    rng: random.Random,
    story: Story,
    indicators: list[str],
    assessed: datetime.date,
    end: datetime.date,
    today: datetime.date,
) -> None:
    """Contacts one to two months apart at first, further apart as the situation settles;
    a quarter of open cases fell behind (their next follow-up is overdue)."""
    horizon = min(end, today)
    if story.is_open and rng.random() < 0.25:
        horizon = today - D(days=rng.randint(20, 80))
    risk = risk_level(indicators)[1]
    day = assessed + D(days=rng.randint(20, 45))
    gap = rng.randint(30, 60)
    while day <= horizon:
        due = day + D(days=gap)
        gap = min(180, gap * 3 // 2)
        if story.minor:
            kind = rng.choice((FollowUpKind.SCHOOL, FollowUpKind.VISIT, FollowUpKind.FAMILY))
            school, working = pick(rng, SCHOOL), None
        else:
            kind = rng.choice((FollowUpKind.WORK, FollowUpKind.VISIT, FollowUpKind.PHONE))
            school, working = SchoolStatus.NOT_APPLICABLE, rng.random() < 0.55
        if kind == FollowUpKind.VISIT and rng.random() < 0.2:
            kind = FollowUpKind.HEALTH
        note = rng.choice(FOLLOW_UP_NOTES)
        story.follow_ups.append(FollowUpStep(day, kind, school, working, risk, note, due))
        if rng.random() < 0.4:
            risk = LOWER.get(risk, risk)
        day = due
    # The case file keeps the latest few contacts in detail.
    del story.follow_ups[:-MAX_FOLLOW_UPS]
    if story.follow_ups and not story.is_open:
        story.follow_ups[-1].next_due = None
