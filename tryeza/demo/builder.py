"""Builds the demo network. Each ``build_*`` function adds one layer to a ``Demo`` and
returns what it made, so a later capability adds its own layer (cases, meetings…) by
writing another function and calling it from ``build_demo``.

Everything is drawn from ``Demo.rng`` in a fixed order: the same seed gives the same data.
"""

from __future__ import annotations

import io
import random

from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify

from tryeza.demo.bulk import build_bulk_cases
from tryeza.demo.cases import build_cases, build_escalations
from tryeza.demo.catalogue import (
    AREA_CODES,
    INTERNATIONALS,
    MUNICIPAL_BODIES,
    NGO_PATTERNS,
    NGO_POSITIONS,
    ONAC,
    REGIONAL_BODIES,
    SHELTER_TARGET,
    SHELTERS,
    Body,
    NgoPattern,
    Organisation,
)
from tryeza.demo.context import EMAIL_DOMAIN, Demo, Profile
from tryeza.demo.meetings import build_meetings, build_upcoming_meetings
from tryeza.demo.people import build_people, build_users
from tryeza.demo.reporting import build_reports
from tryeza.demo.structures import build_structures
from tryeza.directory.models import (
    Institution,
    InstitutionType,
    Sector,
    ServiceOffering,
    ServiceType,
)
from tryeza.geography.models import Municipality, Region

# NGOs add one of these to what their kind of organisation usually offers.
NGO_EXTRA_SERVICES = (
    ServiceType.PSYCHOSOCIAL,
    ServiceType.LEGAL,
    ServiceType.VOCATIONAL,
    ServiceType.EDUCATION,
    ServiceType.FAMILY_MEDIATION,
    ServiceType.EMPLOYMENT,
)


def build_demo(*, seed: int, scale: int = 1, network_only: bool = False) -> Demo:
    """Build the whole demo in one transaction: all of it or nothing. ``network_only``
    stops after the accounts (no cases, meetings or reports); what it builds is the same
    as the start of a whole demo of that seed, since the network is drawn first."""
    demo = Demo(rng=random.Random(seed), scale=scale)
    with transaction.atomic():
        build_geography(demo)
        build_institutions(demo)
        build_structures(demo)
        build_services(demo)
        build_people(demo)
        build_users(demo)
        if network_only:
            return demo
        build_cases(demo)
        build_bulk_cases(demo)
        # Escalations come after the meetings already held, so that they wait on the
        # agenda of the meeting planned next.
        build_meetings(demo)
        build_escalations(demo)
        build_upcoming_meetings(demo)
        # Case work is one of the sources the committees compare their figures with.
        build_reports(demo)
    return demo


def build_geography(demo: Demo) -> list[Region]:
    """Load the reference geography (idempotent) and index it, ordered by code."""
    call_command("load_geography", verbosity=0, stdout=io.StringIO())
    demo.regions = list(Region.objects.order_by("code"))
    for municipality in Municipality.objects.order_by("code"):
        demo.municipalities.setdefault(municipality.region_id, []).append(municipality)
    for region in demo.regions:
        municipalities = demo.municipalities.setdefault(region.pk, [])
        # The municipality that carries the region's name is its seat.
        seat = next((m for m in municipalities if m.name == region.name), None)
        if seat or municipalities:
            demo.main_municipality[region.pk] = seat or municipalities[0]
    return demo.regions


def build_institutions(demo: Demo) -> list[Institution]:
    """The coordinator's office, the named shelters and international organisations, the
    public bodies of every region and municipality, and a few invented NGOs per region."""
    by_code = {region.code: region for region in demo.regions}
    onac = _organisation(demo, ONAC, None)
    demo.organisations[ONAC.key] = onac
    for org in (*SHELTERS, *INTERNATIONALS):
        region = by_code.get(org.region_code or "")
        if region is None:
            continue
        institution = _organisation(demo, org, region)
        demo.organisations[org.key] = institution
        if org in SHELTERS:
            demo.shelters.setdefault(region.pk, []).append(institution)
    for region in demo.regions:
        for body in REGIONAL_BODIES:
            demo.regional[region.pk, body.key] = _body(demo, body, region, None)
        for municipality in demo.municipalities[region.pk]:
            for body in MUNICIPAL_BODIES:
                demo.municipal[municipality.pk, body.key] = _body(demo, body, region, municipality)
        demo.ngos[region.pk] = _ngos(demo, region)
    institutions = [profile.institution for profile in demo.profiles]
    Institution.objects.bulk_create(institutions)
    demo.profile_of = {profile.institution.pk: profile for profile in demo.profiles}
    return institutions


def build_services(demo: Demo) -> list[ServiceOffering]:
    """The service catalogue: who offers what, where."""
    offerings = [
        ServiceOffering(
            institution=profile.institution,
            service=service,
            region=None if profile.national_reach else profile.institution.region,
            municipality=profile.service_municipality,
            target_groups=profile.target_groups,
        )
        for profile in demo.profiles
        for service in dict.fromkeys(profile.services)
    ]
    ServiceOffering.objects.bulk_create(offerings)
    return offerings


def _add(demo: Demo, institution: Institution, profile: Profile) -> Institution:
    institution.email = f"info@{profile.slug}.{EMAIL_DOMAIN}"
    demo.profiles.append(profile)
    return institution


def _organisation(demo: Demo, org: Organisation, region: Region | None) -> Institution:
    municipality = None
    if region is not None and org.municipality:
        municipality = next(
            (m for m in demo.municipalities[region.pk] if m.name == org.municipality), None
        )
    institution = Institution(
        name=org.name,
        name_en=org.name_en,
        short_name=org.short,
        type=org.type,
        sector=org.sector,
        region=region,
        municipality=municipality,
    )
    profile = Profile(
        institution,
        slug=slugify(org.key.replace("_", "-")),
        positions=org.positions,
        # The coordinator's office and the shelters hold several demo accounts each.
        min_contacts=len(org.positions) if org.key == "onac" or org in SHELTERS else 2,
        max_contacts=len(org.positions),
        services=org.services,
        target_groups=SHELTER_TARGET if org.services else "",
        national_reach=org.national_reach,
    )
    return _add(demo, institution, profile)


def _body(demo: Demo, body: Body, region: Region, municipality: Municipality | None) -> Institution:
    place = municipality or region
    institution = Institution(
        name=body.name.format(place=place.name),
        name_en=body.name_en.format(place=place.name_en),
        short_name=body.short.format(place=place.name),
        type=body.type,
        sector=Sector.GOVERNMENT,
        region=region,
        municipality=municipality,
        phone=_switchboard(demo, region),
    )
    profile = Profile(
        institution,
        slug=slugify(institution.short_name),
        positions=body.positions,
        min_contacts=body.min_contacts,
        services=body.services,
        target_groups=body.target_groups,
        service_municipality=municipality,
    )
    return _add(demo, institution, profile)


def _ngos(demo: Demo, region: Region) -> list[Institution]:
    """One to three invented NGOs, the first at the seat; more at larger scales."""
    rng = demo.rng
    municipalities = demo.municipalities[region.pk]
    if not municipalities:
        return []
    count = rng.randint(1, 3) + 2 * (demo.scale - 1)
    patterns = rng.sample(NGO_PATTERNS, len(NGO_PATTERNS))
    used: set[str] = set()
    ngos: list[Institution] = []
    for i in range(count):
        pattern = patterns[i % len(patterns)]
        place = demo.main_municipality[region.pk] if i == 0 else rng.choice(municipalities)
        ngo = _ngo(demo, pattern, region, place, used)
        # The region's first children's NGO joins the children's rights coalition.
        if pattern.for_children and not any(n in demo.children_ngos for n in ngos):
            demo.children_ngos.append(ngo)
        ngos.append(ngo)
    return ngos


def _ngo(
    demo: Demo, pattern: NgoPattern, region: Region, place: Municipality, used: set[str]
) -> Institution:
    name = pattern.name.format(place=place.name)
    name_en = pattern.name_en.format(place=place.name_en)
    n = 2
    while name in used:
        name = f"{pattern.name.format(place=place.name)} {n}"
        name_en = f"{pattern.name_en.format(place=place.name_en)} {n}"
        n += 1
    used.add(name)
    words = (word.strip("«»") for word in name.split(" – ")[0].split())
    acronym = "".join(word[0] for word in words if word[:1].isupper())
    short = f"{acronym} {name.split(' – ')[1]}"
    institution = Institution(
        name=name,
        name_en=name_en,
        short_name=short[:40],
        type=InstitutionType.NGO,
        sector=Sector.CIVIL_SOCIETY,
        region=region,
        municipality=place,
        phone=demo.mobile(),
    )
    extra = demo.rng.choice(NGO_EXTRA_SERVICES)
    profile = Profile(
        institution,
        slug=slugify(short)[:50],
        positions=NGO_POSITIONS,
        min_contacts=2,
        services=(*pattern.services, extra),
        target_groups=pattern.target_groups,
    )
    return _add(demo, institution, profile)


def _switchboard(demo: Demo, region: Region) -> str:
    area = AREA_CODES.get(region.code, "4")
    digits = 7 if len(area) == 1 else 6
    number = str(demo.rng.randint(2 * 10 ** (digits - 1), 10**digits - 1))
    return f"+355 {area} {number[:3]} {number[3:]}"
