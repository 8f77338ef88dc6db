"""The demo's structures and memberships: the national office, a committee and a table per
region (with Elbasan's mini tables), local networks, the two coalitions and the cluster
groups."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tryeza.demo.catalogue import INTERNATIONALS, MINI_TABLES, ONAC, REGIONAL_BODIES
from tryeza.demo.context import Demo
from tryeza.directory.models import (
    Institution,
    InstitutionType,
    Membership,
    MembershipRole,
    Structure,
    StructureKind,
)
from tryeza.geography.models import ClusterGroup, Municipality, Region

R = MembershipRole
K = StructureKind

# Bodies of a region that sit on its committee, beside the prefecture that chairs it.
COMMITTEE_BODIES = (
    "council",
    "police",
    "social_services",
    "employment",
    "intelligence",
    "education",
    "health",
    "prosecution",
    "borders",
)
# Bodies of a region at its technical table, beside the CPUs, NGOs and shelters.
TABLE_BODIES = (
    "social_services",
    "anti_trafficking",
    "education",
    "health",
    "employment",
    "prosecution",
)


@dataclass
class _Plan:
    """Structures are saved parents first; memberships keep the first role given."""

    demo: Demo
    waves: list[list[tuple[Structure, list[Municipality]]]] = field(
        default_factory=lambda: [[], [], []]
    )
    members: dict[tuple[int, int], Membership] = field(default_factory=dict)

    def structure(
        self,
        key: str,
        *,
        kind: str,
        name: str,
        name_en: str,
        established: datetime.date,
        region: Region | None = None,
        parent: Structure | None = None,
        municipalities: list[Municipality] | None = None,
        cluster: ClusterGroup | None = None,
    ) -> Structure:
        structure = Structure(
            kind=kind,
            name=name,
            name_en=name_en,
            region=region,
            parent=parent,
            cluster=cluster,
            established=established,
        )
        depth = 0 if parent is None else 2 if parent.parent is not None else 1
        self.waves[depth].append((structure, municipalities or []))
        self.demo.structures[key] = structure
        return structure

    def member(
        self, structure: Structure, institution: Institution | None, role: str = R.MEMBER
    ) -> None:
        if institution is None:
            return
        key = (id(structure), id(institution))
        if key not in self.members:
            self.members[key] = Membership(structure=structure, institution=institution, role=role)

    def save(self) -> list[Structure]:
        saved: list[Structure] = []
        for wave in self.waves:
            structures = [structure for structure, _ in wave]
            Structure.objects.bulk_create(structures)
            saved.extend(structures)
        through = Structure.municipalities.through
        through.objects.bulk_create(
            through(structure_id=s.pk, municipality_id=m.pk)
            for wave in self.waves
            for s, municipalities in wave
            for m in municipalities
        )
        memberships = list(self.members.values())
        for membership in memberships:
            membership.since = membership.structure.established
        Membership.objects.bulk_create(memberships)
        self.demo.memberships = memberships
        return saved


def build_structures(demo: Demo) -> list[Structure]:
    plan = _Plan(demo)
    national = plan.structure(
        "national",
        kind=K.NATIONAL_OFFICE,
        name=ONAC.name,
        name_en=ONAC.name_en,
        established=datetime.date(2005, 3, 1),
    )
    plan.member(national, demo.organisations[ONAC.key], R.CHAIR)
    _coalitions(demo, plan)
    _clusters(demo, plan)
    for index, region in enumerate(demo.regions):
        _region(demo, plan, region, index)
    return plan.save()


def _date(demo: Demo, year: int, months: tuple[int, int] = (1, 12)) -> datetime.date:
    return datetime.date(year, demo.rng.randint(*months), demo.rng.randint(1, 28))


def _coalitions(demo: Demo, plan: _Plan) -> None:
    shelters = [inst for shelters in demo.shelters.values() for inst in shelters]
    if shelters:
        coalition = plan.structure(
            "coalition:shelters",
            kind=K.COALITION,
            name="Koalicioni Kombëtar i Strehëzave kundër Trafikimit",
            name_en="National Coalition of Anti-trafficking Shelters",
            established=_date(demo, 2007),
        )
        # The presidency rotates every six months; the demo starts with one of them.
        president = demo.rng.choice(shelters)
        for shelter in sorted(shelters, key=lambda s: s is not president):
            plan.member(coalition, shelter, R.CHAIR if shelter is president else R.MEMBER)
    bktf = plan.structure(
        "coalition:bktf",
        kind=K.COALITION,
        name="Bashkë Kundër Trafikimit të Fëmijëve (BKTF)",
        name_en="Together Against Child Trafficking (BKTF)",
        established=_date(demo, 2005),
    )
    members = [demo.organisations.get("another_vision"), *demo.children_ngos]
    present = [member for member in members if member is not None]
    if present:
        plan.member(bktf, demo.rng.choice(present), R.CHAIR)
    for member in present:
        plan.member(bktf, member)
    for key in ("unicef", "save_the_children", "tdh"):
        plan.member(bktf, demo.organisations.get(key), R.OBSERVER)


def _clusters(demo: Demo, plan: _Plan) -> None:
    """Members: the prefectures of the regions a cluster mostly covers, and the CPUs of
    municipalities it takes from other regions (Përmet and Skrapar in the east)."""
    for cluster in ClusterGroup.objects.order_by("code").prefetch_related("municipalities"):
        structure = plan.structure(
            f"cluster:{cluster.code}",
            kind=K.CLUSTER_GROUP,
            name=cluster.name,
            name_en=cluster.name_en,
            cluster=cluster,
            established=_date(demo, 2007),
        )
        covered = {m.pk for m in cluster.municipalities.all()}
        prefectures = []
        for region in demo.regions:
            municipalities = demo.municipalities[region.pk]
            inside = [m for m in municipalities if m.pk in covered]
            if 2 * len(inside) > len(municipalities):
                prefectures.append(demo.regional[region.pk, "prefecture"])
            else:
                for municipality in inside:
                    plan.member(structure, demo.municipal[municipality.pk, "child_protection"])
        if prefectures:
            plan.member(structure, demo.rng.choice(prefectures), R.CHAIR)
        for prefecture in prefectures:
            plan.member(structure, prefecture)


def _region(demo: Demo, plan: _Plan, region: Region, index: int) -> None:
    rng = demo.rng
    body = {b.key: demo.regional[region.pk, b.key] for b in REGIONAL_BODIES}
    municipalities = demo.municipalities[region.pk]
    seat = demo.main_municipality.get(region.pk)
    seat_office = demo.municipal.get((seat.pk, "social_protection")) if seat else None
    ngos = demo.ngos[region.pk]
    shelters = demo.shelters.get(region.pk, [])

    committee = plan.structure(
        f"committee:{region.code}",
        kind=K.COMMITTEE,
        name=f"Komiteti Rajonal kundër Trafikimit, Qarku {region.name}",
        name_en=f"{region.name_en} Regional Anti-trafficking Committee",
        region=region,
        established=_date(demo, 2006, (1, 4)),
    )
    # The prefect chairs; the Technical Secretariat officer works at the prefecture too,
    # so the prefecture's one membership carries both (see people.build_people).
    plan.member(committee, body["prefecture"], R.CHAIR)
    for key in COMMITTEE_BODIES:
        plan.member(committee, body[key])
    plan.member(committee, seat_office)
    for member in [*shelters, *ngos[:1]]:
        plan.member(committee, member)
    # Observers take turns so each international organisation follows some committees.
    first = INTERNATIONALS[index % len(INTERNATIONALS)]
    observers = [first.key]
    if rng.random() < 0.5:
        observers.append(rng.choice([o.key for o in INTERNATIONALS if o is not first]))
    for key in observers:
        plan.member(committee, demo.organisations.get(key), R.OBSERVER)

    table_established = (
        datetime.date(2006, 6, 15)  # the seeds: Elbasan's table was institutionalised in June
        if region.code == "AL-03"
        else _date(demo, 2006, (5, 12))
    )
    table = plan.structure(
        f"table:{region.code}",
        kind=K.TECHNICAL_TABLE,
        name=f"Tryeza Teknike e Punës, Qarku {region.name}",
        name_en=f"{region.name_en} Technical Working Table",
        region=region,
        parent=committee,
        established=table_established,
    )
    plan.member(table, body["prefecture"], R.SECRETARIAT)
    for key in TABLE_BODIES:
        plan.member(table, body[key])
    plan.member(table, seat_office)
    for municipality in municipalities:
        plan.member(table, demo.municipal[municipality.pk, "child_protection"])
    for member in [*shelters, *ngos]:
        plan.member(table, member)

    mini_areas = [m for m in municipalities if m.name in MINI_TABLES.get(region.code, ())]
    for municipality in mini_areas:
        _mini_table(demo, plan, region, table, municipality, body, [*shelters, *ngos])

    others = [m for m in municipalities if m != seat and m not in mini_areas] or municipalities
    for municipality in rng.sample(others, min(rng.randint(1, 2), len(others))):
        _local_network(demo, plan, region, municipality, body, ngos)


def _mini_table(
    demo: Demo,
    plan: _Plan,
    region: Region,
    table: Structure,
    municipality: Municipality,
    body: dict[str, Institution],
    partners: list[Institution],
) -> None:
    mini = plan.structure(
        f"mini_table:{municipality.code}",
        kind=K.MINI_TABLE,
        name=f"Mini-tryeza Teknike {municipality.name}",
        name_en=f"{municipality.name_en} Mini Technical Table",
        region=region,
        parent=table,
        municipalities=[municipality],
        established=_date(demo, 2007, (1, 6)),
    )
    plan.member(mini, demo.municipal[municipality.pk, "social_protection"], R.SECRETARIAT)
    plan.member(mini, demo.municipal[municipality.pk, "child_protection"])
    plan.member(mini, body["anti_trafficking"])
    plan.member(mini, body["education"])
    for partner in partners:
        if partner.municipality == municipality or partner.type == InstitutionType.SHELTER:
            plan.member(mini, partner)


def _local_network(
    demo: Demo,
    plan: _Plan,
    region: Region,
    municipality: Municipality,
    body: dict[str, Institution],
    ngos: list[Institution],
) -> None:
    network = plan.structure(
        f"network:{municipality.code}",
        kind=K.LOCAL_NETWORK,
        name=f"Rrjeti Lokal për Mbrojtjen e Fëmijëve dhe Grave, Bashkia {municipality.name}",
        name_en=f"{municipality.name_en} Local Network for the Protection of Children and Women",
        region=region,
        municipalities=[municipality],
        established=_date(demo, demo.rng.randint(2008, 2014)),
    )
    plan.member(network, demo.municipal[municipality.pk, "child_protection"], R.SECRETARIAT)
    plan.member(network, demo.municipal[municipality.pk, "social_protection"])
    plan.member(network, body["education"])
    plan.member(network, body["health"])
    if ngos:
        plan.member(network, demo.rng.choice(ngos))
