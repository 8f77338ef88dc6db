"""The demo's people: invented contacts at every institution, the representatives they send
to structures, and accounts for every role. All of them are fictional."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from tryeza.accounts.models import Role, RoleCode, User
from tryeza.demo.catalogue import FEATURED_REGIONS
from tryeza.demo.context import PASSWORD, Demo, Profile, region_slug
from tryeza.directory.models import (
    Contact,
    Institution,
    Membership,
    MembershipRole,
    StructureKind,
)
from tryeza.geography.models import Region

# (username suffix, body key, index of the contact who holds the account, role).
REGIONAL_ACCOUNTS: tuple[tuple[str, str, int, str], ...] = (
    ("secretariat", "prefecture", 1, RoleCode.SECRETARIAT_OFFICER),
    ("committee", "police", 0, RoleCode.COMMITTEE_MEMBER),
    ("cpu", "child_protection", 0, RoleCode.CASE_WORKER),
    ("police", "anti_trafficking", 1, RoleCode.CASE_WORKER),
    ("ngo", "ngo", 1, RoleCode.CASE_WORKER),
)
# (username, organisation key, contact index, role).
NATIONAL_ACCOUNTS: tuple[tuple[str, str, int, str], ...] = (
    ("onac.coordinator", "onac", 0, RoleCode.NATIONAL_COORDINATOR),
    ("admin", "onac", 2, RoleCode.SYSTEM_ADMIN),
    ("onac.dpo", "onac", 3, RoleCode.DATA_PROTECTION_OFFICER),
    ("iom.observer", "iom", 1, RoleCode.OBSERVER),
    ("shelter.admin", "another_vision", 3, RoleCode.INSTITUTION_ADMIN),
)
# The account whose presence says the demo is loaded.
MARKER_USERNAME = "onac.coordinator"
# Synthetic accounts per region and per unit of scale above 1, by role.
EXTRA_ACCOUNTS = (
    ("caseworker", RoleCode.CASE_WORKER, 5),
    ("member", RoleCode.COMMITTEE_MEMBER, 1),
    ("admin", RoleCode.INSTITUTION_ADMIN, 1),
)
# Representatives: the head of the institution at decision-making bodies, a staff member
# at the working ones.
HEADS_ATTEND = {
    StructureKind.NATIONAL_OFFICE,
    StructureKind.COMMITTEE,
    StructureKind.COALITION,
    StructureKind.CLUSTER_GROUP,
}


def build_people(demo: Demo) -> list[Contact]:
    """One to three contacts per institution (more where accounts need them), then the
    representatives of every membership."""
    contacts = []
    for profile in demo.profiles:
        low = profile.min_contacts
        count = demo.rng.randint(low, max(low, profile.max_contacts))
        people = [_contact(demo, profile, index) for index in range(count)]
        demo.contacts[profile.institution.pk] = people
        contacts.extend(people)
    Contact.objects.bulk_create(contacts)
    _representatives(demo)
    return contacts


def _contact(demo: Demo, profile: Profile, index: int) -> Contact:
    first, last, female = demo.person()
    position = profile.positions[min(index, len(profile.positions) - 1)][female]
    return Contact(
        first_name=first,
        last_name=last,
        position=position,
        institution=profile.institution,
        phone=demo.mobile(),
        email=demo.email(first, last, profile.slug),
        is_fictional=True,
    )


def _representatives(demo: Demo) -> None:
    through = Membership.representatives.through
    pairs: list[tuple[int, int]] = []
    for membership in demo.memberships:
        people = demo.contacts[membership.institution.pk]
        kind = membership.structure.kind
        if kind == StructureKind.COMMITTEE and membership.role == MembershipRole.CHAIR:
            # The prefect and the Technical Secretariat officer.
            representatives = people[:2]
        elif kind in HEADS_ATTEND:
            representatives = people[:1]
        else:
            representatives = people[1:2] or people[:1]
        pairs.extend((membership.pk, contact.pk) for contact in representatives)
    through.objects.bulk_create(
        through(membership_id=membership_id, contact_id=contact_id)
        for membership_id, contact_id in pairs
    )


def build_users(demo: Demo) -> list[User]:
    """Five accounts per region, the national ones, and synthetic accounts at scale > 1,
    all with the one demo password."""
    roles = {role.code: role for role in Role.objects.all()}
    password = make_password(PASSWORD)  # hashed once: thousands of accounts share it
    users: list[User] = []
    for username, key, index, role in NATIONAL_ACCOUNTS:
        institution = demo.organisations.get(key)
        if institution is not None:
            contact = demo.contacts[institution.pk][index]
            users.append(_user(username, contact, roles[role], password))
    for region in demo.regions:
        slug = region_slug(region)
        for suffix, key, index, role in REGIONAL_ACCOUNTS:
            institution = _account_institution(demo, region, key)
            if institution is not None:
                contact = demo.contacts[institution.pk][index]
                users.append(_user(f"{slug}.{suffix}", contact, roles[role], password))
    users.extend(_synthetic_users(demo, roles, password))
    for user in users:
        if user.username == "admin":
            user.is_staff = user.is_superuser = True
    User.objects.bulk_create(users)
    demo.users = users
    return users


def _account_institution(demo: Demo, region: Region, key: str) -> Institution | None:
    if key == "child_protection":
        seat = demo.main_municipality.get(region.pk)
        return demo.municipal.get((seat.pk, key)) if seat else None
    if key == "ngo":
        # A shelter's case worker where the region has a shelter, else an NGO's.
        candidates = [*demo.shelters.get(region.pk, []), *demo.ngos[region.pk]]
        return candidates[0] if candidates else None
    return demo.regional.get((region.pk, key))


def _user(username: str, contact: Contact, role: Role, password: str) -> User:
    return User(
        username=username,
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=contact.email,
        password=password,
        institution=contact.institution,
        role=role,
        contact=contact,
    )


def _synthetic_users(demo: Demo, roles: dict[str, Role], password: str) -> list[User]:
    """Accounts for load: case workers, committee members and NGO administrators, each
    with a contact of their own."""
    if demo.scale <= 1:
        return []
    contacts: list[Contact] = []
    planned: list[tuple[str, str]] = []
    for region in demo.regions:
        slug = region_slug(region)
        seats = {
            "caseworker": [
                *(demo.municipal[m.pk, "child_protection"] for m in demo.municipalities[region.pk]),
                demo.regional[region.pk, "anti_trafficking"],
                demo.regional[region.pk, "social_services"],
                *demo.shelters.get(region.pk, []),
                *demo.ngos[region.pk],
            ],
            "member": [
                demo.regional[region.pk, key]
                for key in ("police", "social_services", "education", "health", "prosecution")
            ],
            "admin": [*demo.shelters.get(region.pk, []), *demo.ngos[region.pk]]
            or [demo.regional[region.pk, "social_services"]],
        }
        for word, role, per_scale in EXTRA_ACCOUNTS:
            for n in range(per_scale * (demo.scale - 1)):
                institution = seats[word][n % len(seats[word])]
                profile = demo.profile_of[institution.pk]
                contacts.append(_contact(demo, profile, 1))
                planned.append((f"{slug}.{word}.{n + 1:03d}", role))
    Contact.objects.bulk_create(contacts)
    for contact in contacts:
        demo.contacts[contact.institution.pk].append(contact)
    return [
        _user(username, contact, roles[role], password)
        for (username, role), contact in zip(planned, contacts, strict=True)
    ]


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    institution: str
    region: str


def demo_exists() -> bool:
    return User.objects.filter(username=MARKER_USERNAME).exists()


def demo_logins() -> list[Login]:
    """The accounts worth printing: the national ones and those of the featured regions."""
    regions = Region.objects.filter(code__in=FEATURED_REGIONS)
    slugs = {region.code: region_slug(region) for region in regions}
    usernames = [username for username, *_ in NATIONAL_ACCOUNTS] + [
        f"{slugs[code]}.{suffix}"
        for code in FEATURED_REGIONS
        if code in slugs
        for suffix, *_ in REGIONAL_ACCOUNTS
    ]
    users = User.objects.filter(username__in=usernames).select_related(
        "role", "institution", "institution__region"
    )
    by_name = {user.username: user for user in users}
    logins = []
    for username in usernames:
        user = by_name.get(username)
        if user is None or user.institution is None or user.role is None:
            continue
        region = user.institution.region
        logins.append(
            Login(
                username=username,
                role=str(user.role.get_code_display()),
                institution=user.institution.display_name,
                region=region.display_name if region else "—",
            )
        )
    return logins
