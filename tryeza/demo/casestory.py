"""Drawing one synthetic case: who the person is (fictional), how they were identified, the
anonymous profile in CTDC categories, and the dated steps of their case. Pure drawing from
the demo's RNG, no database writes: ``cases.py`` plays a story through the services,
``bulk.py`` writes thousands of them as rows.

The distributions follow the seeds and CTDC figures for the region: mostly women and girls,
many children aged 9–17, exploitation at home more than abroad, sexual and labour
exploitation for adults, begging among children.
"""

from __future__ import annotations

import datetime
import random

from tryeza.cases.choices import (
    AgeBand,
    Duration,
    Exploitation,
    IdentificationKind,
    IdentifiedBy,
    LabourKind,
    RecruiterRelation,
    Sex,
    Stage,
    Status,
    Where,
)
from tryeza.cases.services.case import Identity
from tryeza.demo.casesteps import between, draw_steps, pick
from tryeza.demo.names import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES
from tryeza.demo.story import RegionKit, Shape, Story
from tryeza.demo.texts import GUARDIANS, STREETS
from tryeza.directory.models import Institution
from tryeza.geography.models import Municipality

D = datetime.timedelta

STAGE_WEIGHTS: dict[str, int] = {
    Stage.AT_RISK: 45,
    Stage.POTENTIAL: 20,
    Stage.PRESUMED: 15,
    Stage.IDENTIFIED: 20,
}
AT_RISK_AGES = {"0-8": 12, "9-17": 55, "18-20": 10, "21-23": 5, "24-26": 4, "27-29": 4,
                "30-38": 7, "39-47": 3}  # fmt: skip
VICTIM_AGES = {"0-8": 2, "9-17": 32, "18-20": 20, "21-23": 15, "24-26": 10, "27-29": 7,
               "30-38": 10, "39-47": 3, "unknown": 1}  # fmt: skip
EXPLOITATION = {
    "child": {"sexual": 35, "begging": 30, "labour": 20, "forced_marriage": 5,
              "criminality": 5, "other": 3, "unknown": 2},
    "woman": {"sexual": 60, "labour": 20, "forced_marriage": 10, "begging": 2, "other": 5,
              "unknown": 3},
    "man": {"labour": 70, "criminality": 10, "begging": 5, "sexual": 5, "other": 5,
            "unknown": 5},
}  # fmt: skip
LABOUR = {"agriculture": 35, "construction": 15, "domestic_work": 20, "hospitality": 20,
          "manufacturing": 5, "other": 5}  # fmt: skip
RECRUITER = {"partner": 25, "friend": 30, "family": 18, "employer": 10, "stranger": 12,
             "unknown": 5}  # fmt: skip
WHERE = {"domestic": 60, "abroad": 30, "both": 7, "unknown": 3}
DURATION = {"under_1m": 20, "1-6m": 40, "6-12m": 20, "over_1y": 15, "unknown": 5}
# CTDC means of control.
CONTROL = ("false_promises", "psychological_abuse", "threats", "physical_abuse",
           "takes_earnings", "debt_bondage", "restricts_movement", "withholds_documents",
           "psychoactive_substances", "sexual_abuse")  # fmt: skip
AT_RISK_FINDERS = {"teacher": 25, "social_worker": 25, "family": 10, "community_centre": 10,
                   "ngo": 10, "health_worker": 7, "religious_group": 3, "self": 5,
                   "friends": 5}  # fmt: skip
INFORMAL_FINDERS = {"ngo": 30, "social_worker": 25, "shelter": 15, "self": 10, "family": 10,
                    "friends": 5, "health_worker": 5}  # fmt: skip
CLOSURES = {"moved_away": 35, "refused_assistance": 25, "transferred": 25, "reintegrated": 10,
            "other": 5}  # fmt: skip


def draw_story(
    rng: random.Random,
    kit: RegionKit,
    *,
    today: datetime.date,
    since: datetime.date,
    shape: Shape | None = None,
) -> Story:
    """A case identified between ``since`` and a few days ago, shaped if asked."""
    shape = shape or Shape()
    stage = shape.stage or pick(rng, STAGE_WEIGHTS)
    latest = today - D(days=2)
    if shape.status in (Status.RESOLVED, Status.CLOSED):
        latest = today - D(days=75)  # room for the work that resolves it
    elif shape.status == Status.PENDING:
        latest = today - D(days=20)
    identified_on = between(rng, since, max(since, latest))
    entered_on = min(today, identified_on + D(days=rng.choice((0, 0, 1, 2, 3))))
    profile = _profile(rng, stage)
    identity = _identity(rng, kit, profile, identified_on)
    municipality = rng.choice(kit.municipalities) if rng.random() < 0.45 else kit.seat
    lead = _lead(rng, kit, stage, profile, municipality)
    story = Story(
        municipality=municipality,
        lead=lead,
        actor=rng.choice(kit.workers[lead.pk]),
        team=_team(rng, kit, stage, lead, municipality),
        registered_as=_registered_as(rng, stage),
        stage=stage,
        identification_kind="",
        identified_by="",
        identifying_institution=None,
        identified_on=identified_on,
        entered_on=entered_on,
        profile=profile,
        identity=identity,
    )
    _identification(rng, kit, story)
    story.status, story.closure_reason, end = _outcome(rng, shape, entered_on, today)
    draw_steps(rng, kit, story, today=today, end=end)
    return story


def _profile(rng: random.Random, stage: str) -> dict[str, object]:
    victim = stage != Stage.AT_RISK
    female = rng.random() < (0.8 if victim else 0.72)
    sex = Sex.FEMALE if female else Sex.MALE
    if victim and rng.random() < 0.01:
        sex = Sex.UNKNOWN
    band = pick(rng, VICTIM_AGES if victim else AT_RISK_AGES)
    profile: dict[str, object] = {
        "sex": sex,
        "age_band": band,
        "citizenship": pick(rng, {"AL": 96, "XK": 2, "unknown": 2}),
        "exploitation": Exploitation.NONE_YET,
        "labour_kind": LabourKind.NOT_APPLICABLE,
        "recruiter_relation": RecruiterRelation.NOT_APPLICABLE,
        "exploited_where": Where.NOT_APPLICABLE,
        "duration": Duration.NOT_APPLICABLE,
        "means_of_control": [],
    }
    if not victim:
        return profile
    group = "child" if band in AgeBand.minors() else "woman" if female else "man"
    exploitation = pick(rng, EXPLOITATION[group])
    where = pick(rng, WHERE)
    if exploitation == Exploitation.BEGGING and rng.random() < 0.6:
        where = Where.DOMESTIC
    profile.update(
        exploitation=exploitation,
        labour_kind=pick(rng, LABOUR) if exploitation == Exploitation.LABOUR else "n/a",
        recruiter_relation=pick(rng, RECRUITER),
        exploited_where=where,
        duration=pick(rng, DURATION),
        means_of_control=sorted(rng.sample(CONTROL, rng.randint(1, 3))),
    )
    if group == "child" and profile["recruiter_relation"] == RecruiterRelation.PARTNER:
        profile["recruiter_relation"] = RecruiterRelation.FAMILY
    return profile


def _identity(
    rng: random.Random, kit: RegionKit, profile: dict[str, object], on: datetime.date
) -> Identity:
    """A fictional person whose date of birth agrees with the age band."""
    female = profile["sex"] == Sex.FEMALE or (profile["sex"] == Sex.UNKNOWN and rng.random() < 0.5)
    surname = rng.choice(SURNAMES)
    band = str(profile["age_band"])
    born = None
    if band != AgeBand.UNKNOWN and rng.random() < 0.92:
        low, _sep, high = band.partition("-")
        age = rng.randint(int(low.rstrip("+")), int(high) if high else 60)
        anniversary = on.replace(year=on.year - age, day=min(on.day, 28))
        born = anniversary - D(days=rng.randint(1, 364)) if on.day <= 28 else anniversary
    minor = band in AgeBand.minors()
    adult_papers = not minor and rng.random() < 0.85
    has_id = adult_papers or (minor and born is not None and rng.random() < 0.6)
    guardian = ""
    if minor:
        relation, woman = rng.choice(GUARDIANS)
        name = rng.choice(FEMALE_FIRST_NAMES if woman else MALE_FIRST_NAMES)
        guardian = f"{name} {surname} ({relation})"
    place = rng.choice(kit.municipalities)
    return Identity(
        first_name=rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES),
        last_name=surname,
        other_names=rng.choice(MALE_FIRST_NAMES) if rng.random() < 0.7 else "",
        date_of_birth=born,
        # Z begins no real Albanian personal number, so these cannot be anyone's.
        id_number=f"Z{rng.randint(0, 99_999_999):08d}{rng.choice('ABCDEFGH')}" if has_id else "",
        address=f"{rng.choice(STREETS)}, nr. {rng.randint(1, 120)}, {place.name}",
        phone=f"+355 6{rng.choice('789')} 0{rng.randint(10, 99)} {rng.randint(1000, 9999)}"
        if rng.random() < (0.2 if minor else 0.6)
        else "",
        family_members=_family(rng, surname, minor),
        guardian=guardian,
    )


def _family(rng: random.Random, surname: str, minor: bool) -> str:
    mother = f"{rng.choice(FEMALE_FIRST_NAMES)} {surname}"
    if minor:
        return f"Nëna: {mother}; {rng.randint(0, 5)} vëllezër e motra"
    children = rng.randint(0, 4)
    return f"{children} fëmijë" if children else ""


def _lead(
    rng: random.Random,
    kit: RegionKit,
    stage: str,
    profile: dict[str, object],
    place: Municipality,
) -> Institution:
    """Child Protection Units lead most at-risk cases, NGOs and shelters most victims'."""
    minor = profile["age_band"] in AgeBand.minors()
    if stage == Stage.AT_RISK:
        weights = {"cpu": 75, "ngo": 25}
    else:
        weights = {"cpu": 35 if minor else 10, "ngo": 50, "police": 20}
    return kit.lead(rng, pick(rng, weights), place)


def _team(
    rng: random.Random, kit: RegionKit, stage: str, lead: Institution, place: Municipality
) -> list[Institution]:
    team = [kit.cpu[place.pk]]
    if stage != Stage.AT_RISK or rng.random() < 0.25:
        team.append(kit.body["anti_trafficking"])
    partners = kit.shelters or kit.ngos
    if partners and (stage != Stage.AT_RISK or rng.random() < 0.5):
        team.append(rng.choice(partners))
    return [member for member in dict.fromkeys(team) if member.pk != lead.pk]


def _registered_as(rng: random.Random, stage: str) -> str:
    earlier: dict[str, tuple[str, float]] = {
        Stage.IDENTIFIED: (Stage.PRESUMED, 0.6),
        Stage.PRESUMED: (Stage.POTENTIAL, 0.5),
        Stage.POTENTIAL: (Stage.AT_RISK, 0.3),
    }
    if stage in earlier and rng.random() < earlier[stage][1]:
        return earlier[stage][0]
    return stage


def _identification(rng: random.Random, kit: RegionKit, story: Story) -> None:
    stage = story.registered_as
    formal_share: dict[str, float] = {Stage.AT_RISK: 0.0, Stage.POTENTIAL: 0.2, Stage.PRESUMED: 0.6}
    formal = rng.random() < formal_share.get(stage, 1.0)
    finder: str
    if formal:
        finder = IdentifiedBy.POLICE if rng.random() < 0.75 else IdentifiedBy.PROSECUTOR
    else:
        finder = pick(rng, AT_RISK_FINDERS if stage == Stage.AT_RISK else INFORMAL_FINDERS)
    story.identification_kind = IdentificationKind.FORMAL if formal else IdentificationKind.INFORMAL
    story.identified_by = finder
    story.identifying_institution = kit.finder(rng, finder, story.municipality)


def _outcome(
    rng: random.Random, shape: Shape, entered: datetime.date, today: datetime.date
) -> tuple[str, str, datetime.date]:
    """The status today, its closure reason, and the day work on the case stopped."""
    age = (today - entered).days
    status = shape.status
    if status is None:
        if age < 10:
            status = Status.REGISTERED
        elif rng.random() < min(0.65, age / 600):
            status = Status.RESOLVED if rng.random() < 0.75 else Status.CLOSED
        else:
            status = Status.PENDING
    if status in (Status.REGISTERED, Status.PENDING):
        return status, "", today
    reason = pick(rng, CLOSURES) if status == Status.CLOSED else ""
    end = entered + D(days=rng.randint(min(45, age - 1), max(45, min(age - 1, 420))))
    return status, reason, min(end, today - D(days=1))
