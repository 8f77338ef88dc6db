"""The state a demo build passes from one builder to the next."""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import slugify

from tryeza.accounts.models import User
from tryeza.cases.models import Case
from tryeza.demo.catalogue import Position
from tryeza.demo.names import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES
from tryeza.directory.models import Contact, Institution, Membership, Structure
from tryeza.geography.models import Municipality, Region

# Every demo e-mail address ends here: a reserved TLD (RFC 2606) never delivers mail.
EMAIL_DOMAIN = "shembull.example"
PASSWORD = "tryeza-demo"  # noqa: S105 — public on purpose; the demo refuses production.
SCALES = {"small": 1, "large": 25}


@dataclass
class Profile:
    """An institution to build and what the later builders need to know about it."""

    institution: Institution
    slug: str
    positions: tuple[Position, ...]
    min_contacts: int = 1
    max_contacts: int = 3
    services: tuple[str, ...] = ()
    target_groups: str = ""
    # Services offered nationally (no region), e.g. the National Reception Center.
    national_reach: bool = False
    # Services offered in this municipality only.
    service_municipality: Municipality | None = None


@dataclass
class Demo:
    """What has been built so far, keyed so that later builders can find it."""

    rng: random.Random
    scale: int
    regions: list[Region] = field(default_factory=list)
    municipalities: dict[int, list[Municipality]] = field(default_factory=dict)
    main_municipality: dict[int, Municipality] = field(default_factory=dict)
    profiles: list[Profile] = field(default_factory=list)
    # The same profiles by institution id, once the institutions are saved.
    profile_of: dict[int, Profile] = field(default_factory=dict)
    # Real organisations by catalogue key ("onac", "iom", "another_vision"…).
    organisations: dict[str, Institution] = field(default_factory=dict)
    # Public bodies of a region: (region id, body key).
    regional: dict[tuple[int, str], Institution] = field(default_factory=dict)
    # Public bodies of a municipality: (municipality id, body key).
    municipal: dict[tuple[int, str], Institution] = field(default_factory=dict)
    # Invented NGOs and the named shelters, by region id.
    ngos: dict[int, list[Institution]] = field(default_factory=dict)
    shelters: dict[int, list[Institution]] = field(default_factory=dict)
    children_ngos: list[Institution] = field(default_factory=list)
    # Structures by key: "national", "committee:AL-03", "table:AL-03", "cluster:central"…
    structures: dict[str, Structure] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    contacts: dict[int, list[Contact]] = field(default_factory=dict)
    users: list[User] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)
    # Cases played through the services, and those of them to take to their table (with
    # the escalation reason) once the table's past meetings are built.
    cases: list[Case] = field(default_factory=list)
    escalations: list[tuple[Case, str, User]] = field(default_factory=list)
    # The day of each structure's last held meeting, by structure id.
    last_held: dict[int, datetime.date] = field(default_factory=dict)
    # What the case and meeting builders made, for the command's summary.
    counts: Counter[str] = field(default_factory=Counter)
    # Seconds spent in each step of the bulk path (drawing, encryption, inserts…).
    timings: dict[str, float] = field(default_factory=dict)

    def user(self, username: str) -> User | None:
        return next((user for user in self.users if user.username == username), None)

    def person(self) -> tuple[str, str, bool]:
        """An invented first name, surname and whether the person is a woman."""
        female = self.rng.random() < 0.6
        first = self.rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        return first, self.rng.choice(SURNAMES), female

    def mobile(self) -> str:
        rng = self.rng
        return f"+355 6{rng.choice('789')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"

    def email(self, first: str, last: str, slug: str) -> str:
        """first.last@slug.shembull.example, numbered if that address is taken."""
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        address = f"{local}@{slug}.{EMAIL_DOMAIN}"
        n = 2
        while address in self.emails:
            address = f"{local}{n}@{slug}.{EMAIL_DOMAIN}"
            n += 1
        self.emails.add(address)
        return address


def region_slug(region: Region) -> str:
    """The prefix of a region's demo usernames: Tiranë → tirane."""
    return slugify(region.name)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for e-mail addresses: Çela → cela, Pëllumb → pellumb."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slugify(folded).replace("-", "")[:30] or "x"


def parse_scale(value: str) -> int:
    """small → 1, large → 25, or a positive integer."""
    if value in SCALES:
        return SCALES[value]
    try:
        scale = int(value)
    except ValueError:
        raise ValueError(f"unknown scale {value!r}: small, large or a number") from None
    if scale < 1:
        raise ValueError("the scale must be at least 1")
    return scale
