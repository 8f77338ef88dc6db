"""The shapes the case builders share: a region's institutions and case workers
(``RegionKit``), and a drawn case with its dated steps (``Story``). Types only; drawing is
in ``casestory`` and ``casesteps``."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from tryeza.accounts.models import User
from tryeza.cases.choices import AgeBand, IdentifiedBy, Stage, Status
from tryeza.cases.services.case import Identity
from tryeza.directory.models import Institution, InstitutionType, Structure
from tryeza.geography.models import Municipality, Region

# Bodies that serve only their own municipality.
MUNICIPAL_TYPES = {InstitutionType.CHILD_PROTECTION, InstitutionType.SOCIAL_PROTECTION}


@dataclass
class RegionKit:
    """What a region offers a case: its places, institutions, case workers and providers."""

    region: Region
    municipalities: list[Municipality]
    seat: Municipality
    # The Child Protection Unit of each municipality, by municipality id.
    cpu: dict[int, Institution]
    # Regional public bodies by catalogue key ("anti_trafficking", "education"…).
    body: dict[str, Institution]
    shelters: list[Institution]
    ngos: list[Institution]
    # Case workers by institution id; only institutions with one can lead or answer.
    workers: dict[int, list[User]]
    # Institutions offering each service to the region: its own first, then national ones.
    providers: dict[str, list[Institution]]
    table: Structure | None = None

    def lead(self, rng: random.Random, kind: str, place: Municipality) -> Institution:
        """A lead institution of the kind ("cpu", "ngo", "police") that has case workers:
        the case's own municipality's unit where it has one."""
        candidates = {
            "cpu": [self.cpu[place.pk], self.cpu[self.seat.pk]],
            "ngo": [*self.shelters, *self.ngos],
            "police": [self.body["anti_trafficking"]],
        }[kind]
        staffed = [i for i in candidates if self.workers.get(i.pk)]
        if kind != "cpu":
            staffed = rng.sample(staffed, len(staffed))
        if staffed:
            return staffed[0]
        return rng.choice([i for i in self._staffed() if self.workers[i.pk]])

    def _staffed(self) -> list[Institution]:
        everyone = [*self.cpu.values(), *self.body.values(), *self.shelters, *self.ngos]
        return [i for i in everyone if self.workers.get(i.pk)]

    def finder(self, rng: random.Random, by: str, place: Municipality) -> Institution | None:
        """The institution behind an identification, when one is."""
        partners = self.ngos or self.shelters
        match by:
            case IdentifiedBy.POLICE:
                return self.body["anti_trafficking"]
            case IdentifiedBy.PROSECUTOR:
                return self.body["prosecution"]
            case IdentifiedBy.SOCIAL_WORKER:
                return self.cpu[place.pk]
            case IdentifiedBy.TEACHER:
                return self.body["education"]
            case IdentifiedBy.HEALTH_WORKER:
                return self.body["health"]
            case IdentifiedBy.NGO | IdentifiedBy.COMMUNITY_CENTRE:
                return rng.choice(partners) if partners else None
            case IdentifiedBy.SHELTER:
                return rng.choice(self.shelters) if self.shelters else None
        return None

    def provider(self, rng: random.Random, service: str, place: Municipality) -> Institution | None:
        """A provider of the service for a person living in ``place``: the region's own
        where there is one (municipal bodies only in their municipality), else national."""
        usable = [
            i
            for i in self.providers.get(service, [])
            if i.type not in MUNICIPAL_TYPES or i.municipality_id == place.pk
        ]
        own = [i for i in usable if i.region_id == self.region.pk]
        pool = own or usable
        return rng.choice(pool) if pool else None

    def responder(self, rng: random.Random, institution: Institution) -> User | None:
        staff = self.workers.get(institution.pk)
        return rng.choice(staff) if staff else None


@dataclass
class ServicePlanStep:
    service: str
    provider: Institution
    planned_on: datetime.date
    status: str
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    note: str = ""


@dataclass
class Answer:
    """A receiver's answer to a referral."""

    accept: bool
    reason: str
    at: datetime.datetime
    by: User


@dataclass
class ReferralStep:
    """Referrals sent together, with one consent; an answer per receiver (None: waiting)."""

    sent_at: datetime.datetime
    to: list[Institution]
    service: str
    parts: list[str]
    fields: list[str]
    destination: Municipality | None
    answers: list[Answer | None]


@dataclass
class FollowUpStep:
    on: datetime.date
    kind: str
    school: str
    working: bool | None
    risk: str
    note: str
    next_due: datetime.date | None


@dataclass
class Shape:
    """What a story must turn out to be; None leaves it to chance."""

    stage: str | None = None
    status: str | None = None


@dataclass
class Story:
    """One case from identification to today (or to the day work on it ended)."""

    municipality: Municipality
    lead: Institution
    actor: User
    team: list[Institution]
    registered_as: str
    stage: str
    identification_kind: str
    identified_by: str
    identifying_institution: Institution | None
    identified_on: datetime.date
    entered_on: datetime.date
    profile: dict[str, object]
    identity: Identity
    status: str = Status.REGISTERED
    closure_reason: str = ""
    # (day, stage, status, closure reason) after registration, in order.
    changes: list[tuple[datetime.date, str, str, str]] = field(default_factory=list)
    screenings: list[tuple[datetime.date, list[str], str]] = field(default_factory=list)
    rights_on: datetime.date | None = None
    interpreter: bool = False
    cooperation: list[tuple[datetime.date, str]] = field(default_factory=list)
    assessment: tuple[datetime.date, str, list[str], str] | None = None
    services: list[ServicePlanStep] = field(default_factory=list)
    referrals: list[ReferralStep] = field(default_factory=list)
    follow_ups: list[FollowUpStep] = field(default_factory=list)
    escalation: str = ""  # a reason, when the case is taken to the table

    @property
    def is_open(self) -> bool:
        return self.status in (Status.REGISTERED, Status.PENDING)

    @property
    def minor(self) -> bool:
        return self.profile["age_band"] in AgeBand.minors()

    @property
    def victim(self) -> bool:
        return self.stage != Stage.AT_RISK

    @property
    def events(self) -> int:
        """Case events as the benchmark counts them."""
        return (
            1
            + len(self.changes)
            + len(self.screenings)
            + len(self.services)
            + sum(len(r.to) for r in self.referrals)
            + len(self.follow_ups)
        )
