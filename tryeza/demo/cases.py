"""The demo's case work, played through the real services so that every rule holds:
identities are encrypted and indexed, the audit chain records each step, providers offer
what they are asked for, children have a guardian.

Every region gets five to fifteen cases over this year and last; Elbasan gets the seeds'
twenty at-risk cases, six of them resolved and the rest pending, beside a few victims'
cases. All the people in them are fictional (``names.py``).

The services stamp "now" on what happens; once a step is written the demo moves its
timestamp back to the day of the story. A case the table registered last year is
numbered in last year (``_create_case`` is what ``case_register`` runs, for a given year).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from tryeza.accounts.models import User
from tryeza.cases.models import Case, Escalation, Referral, StatusChange, TeamMember
from tryeza.cases.services import (
    CaseDraft,
    assessment_record,
    case_change_status,
    case_register,
    cooperation_record,
    escalation_create,
    followup_record,
    referral_respond,
    referral_send,
    rights_record,
    screening_record,
    service_plan,
    service_update,
)
from tryeza.cases.services.case import _create_case
from tryeza.demo.casesteps import at, between
from tryeza.demo.casestory import draw_story
from tryeza.demo.context import Demo
from tryeza.demo.story import RegionKit, Shape, Story
from tryeza.demo.texts import ESCALATION_NOTES
from tryeza.directory.models import Institution

D = datetime.timedelta
# The seeds' region: twenty at-risk cases registered, six of them resolved.
STORY_REGION = "AL-03"
STORY_AT_RISK, STORY_RESOLVED, STORY_VICTIMS = 20, 6, 4
VICTIM_STAGES = ("potential_victim", "presumed_victim", "identified_victim")


def region_kits(demo: Demo) -> dict[int, RegionKit]:
    """Each region's institutions, case workers and service providers, from the demo."""
    workers: dict[int, list[User]] = {}
    for user in demo.users:
        if user.role is not None and user.role.can_work_cases and user.institution is not None:
            workers.setdefault(user.institution.pk, []).append(user)
    kits = {}
    for region in demo.regions:
        municipalities = demo.municipalities[region.pk]
        providers: dict[str, list[Institution]] = {}
        for national in (False, True):
            for profile in demo.profiles:
                institution = profile.institution
                if profile.national_reach != national:
                    continue
                if national or institution.region_id == region.pk:
                    for service in dict.fromkeys(profile.services):
                        providers.setdefault(service, []).append(institution)
        kits[region.pk] = RegionKit(
            region=region,
            municipalities=municipalities,
            seat=demo.main_municipality[region.pk],
            cpu={m.pk: demo.municipal[m.pk, "child_protection"] for m in municipalities},
            body={key: inst for (pk, key), inst in demo.regional.items() if pk == region.pk},
            shelters=demo.shelters.get(region.pk, []),
            ngos=demo.ngos[region.pk],
            workers=workers,
            providers=providers,
            table=demo.structures.get(f"table:{region.code}"),
        )
    return kits


def story_shapes(rng: random.Random, code: str) -> list[Shape]:
    """The seeds' figures for their region; five to fifteen cases of any kind elsewhere."""
    if code != STORY_REGION:
        return [Shape() for _ in range(rng.randint(5, 15))]
    shapes = [Shape("at_risk", "resolved") for _ in range(STORY_RESOLVED)]
    shapes += [Shape("at_risk", "pending") for _ in range(STORY_AT_RISK - STORY_RESOLVED)]
    shapes += [Shape(rng.choice(VICTIM_STAGES)) for _ in range(STORY_VICTIMS)]
    rng.shuffle(shapes)
    return shapes


def build_cases(demo: Demo) -> list[Case]:
    """Draw every region's stories, then play them in the order they happened."""
    rng = demo.rng
    today = timezone.localdate()
    since = datetime.date(today.year - 1, 1, 1)
    kits = region_kits(demo)
    stories: list[tuple[RegionKit, Story]] = []
    for region in demo.regions:
        kit = kits[region.pk]
        for shape in story_shapes(rng, region.code):
            stories.append((kit, draw_story(rng, kit, today=today, since=since, shape=shape)))
    stories.sort(key=lambda pair: pair[1].entered_on)
    for kit, story in stories:
        case = _play(rng, kit, story, today)
        demo.cases.append(case)
        demo.counts["case_events"] += story.events
        if story.escalation:
            demo.escalations.append((case, story.escalation, story.actor))
    demo.counts["cases"] += len(demo.cases)
    return demo.cases


def stamp(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """A working hour of that day, never later than now."""
    return min(at(day, rng.randint(8, 16), rng.randint(0, 59)), timezone.now())


def _play(rng: random.Random, kit: RegionKit, story: Story, today: datetime.date) -> Case:
    actor = story.actor
    draft = CaseDraft(
        region_id=kit.region.pk,
        stage=story.registered_as,
        identification_kind=story.identification_kind,
        identified_by=story.identified_by,
        identified_on=story.identified_on,
        municipality=story.municipality,
        identifying_institution=story.identifying_institution,
        identified_in=story.municipality,
        profile=story.profile,
    )
    if story.entered_on.year == today.year:
        case = case_register(actor=actor, draft=draft, identity=story.identity, team=story.team)
    else:
        lead = story.lead
        case = _create_case(actor, lead, draft, story.identity, story.team, story.entered_on.year)
    registered = stamp(rng, story.entered_on)
    Case.objects.filter(pk=case.pk).update(created_at=registered)
    TeamMember.objects.filter(case=case).update(added_at=registered)
    StatusChange.objects.filter(case=case).update(at=registered)

    for day, indicators, note in story.screenings:
        screening_record(actor=actor, case=case, screened_on=day, indicators=indicators, note=note)
    if story.rights_on:
        language = "anglisht" if story.interpreter else "shqip"
        rights_record(
            actor=actor,
            case=case,
            informed_on=story.rights_on,
            language=language,
            interpreter=story.interpreter,
        )
    police = kit.workers.get(kit.body["anti_trafficking"].pk) or [actor]
    for day, status in story.cooperation:
        cooperation_record(actor=police[0], case=case, recorded_on=day, status=status)
    if story.assessment:
        day, position, needs, summary = story.assessment
        assessment_record(
            actor=actor,
            case=case,
            assessed_on=day,
            assessor_position=position,
            needs=needs,
            summary=summary,
        )
    _plan(actor, case, story)
    _refer(actor, case, story)
    for step in story.follow_ups:
        followup_record(
            actor=actor,
            case=case,
            on=step.on,
            kind=step.kind,
            retrafficking_risk=step.risk,
            school=step.school,
            working=step.working,
            note=step.note,
            next_due=step.next_due,
        )
    for day, stage, status, reason in story.changes:
        case = case_change_status(
            actor=actor,
            case=case,
            expected_version=case.version,
            stage=stage,
            status=status,
            closure_reason=reason,
        )
        last = case.status_history.order_by("-id").values_list("pk", flat=True)[:1]
        StatusChange.objects.filter(pk__in=list(last)).update(at=stamp(rng, day))
    return case


def _plan(actor: User, case: Case, story: Story) -> None:
    for step in story.services:
        planned = service_plan(
            actor=actor,
            case=case,
            service=step.service,
            provider=step.provider,
            planned_on=step.planned_on,
        )
        if step.status != planned.status or step.note:
            service_update(
                actor=actor,
                planned=planned,
                expected_version=planned.version,
                status=step.status,
                started_on=step.started_on,
                ended_on=step.ended_on,
                note=step.note,
            )


def _refer(actor: User, case: Case, story: Story) -> None:
    for batch in story.referrals:
        sent = referral_send(
            actor=actor,
            case=case,
            to=batch.to,
            service=batch.service,
            consent_given_on=batch.sent_at.date(),
            consent_parts=batch.parts,
            consent_identity_fields=batch.fields,
            destination=batch.destination,
        )
        Referral.objects.filter(pk__in=[r.pk for r in sent]).update(sent_at=batch.sent_at)
        for referral, answer in zip(sent, batch.answers, strict=True):
            if answer is None:
                continue
            referral_respond(
                actor=answer.by, referral=referral, accept=answer.accept, reason=answer.reason
            )
            Referral.objects.filter(pk=referral.pk).update(responded_at=answer.at)


def build_escalations(demo: Demo) -> list[Escalation]:
    """Take the drawn intricate cases to their region's table, after its last meeting so
    that they wait on the next meeting's agenda (by code only)."""
    rng = demo.rng
    today = timezone.localdate()
    made = []
    for case, reason, actor in demo.escalations:
        table = demo.structures.get(f"table:{case.region.code}")
        if table is None:
            continue
        after = demo.last_held.get(table.pk, today - D(days=30)) + D(days=1)
        day = between(rng, max(after, case.identified_on), today - D(days=1))
        escalation = escalation_create(
            actor=actor, case=case, structure=table, reason=reason, note=ESCALATION_NOTES[reason]
        )
        Escalation.objects.filter(pk=escalation.pk).update(at=stamp(rng, min(day, today)))
        made.append(escalation)
    demo.counts["escalations"] += len(made)
    return made
