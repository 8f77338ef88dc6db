"""Test set-up shared by every app: the reference geography, and personas that match the
roles of the network. Two regions are enough to prove scoping: Elbasan (AL-03), where most
personas work, and Vlorë (AL-12), the other region."""

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from tryeza.accounts.models import Role, User
from tryeza.directory.models import (
    InstitutionType,
    MembershipRole,
    Sector,
    ServiceType,
    Structure,
    StructureKind,
)
from tryeza.factories import (
    InstitutionFactory,
    MembershipFactory,
    ServiceOfferingFactory,
    StructureFactory,
    UserFactory,
    region,
)

PASSWORD = "correct horse battery"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Browser tests drive the live server from Playwright's event loop while the test itself
# uses the ORM; Django refuses that mix unless told it is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium; Playwright cannot download its own browser here. Missing Chromium
    fails the browser tests instead of skipping them: `make test` installs it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def live_geography(transactional_db: None) -> None:
    """Transactional tests (the browser ones) empty every table after them, the reference
    rows too: reload the geography and re-run the migrations that create the roles."""
    import importlib

    from django.apps import apps

    call_command("load_geography", verbosity=0)
    for name, function in (("0002_roles", "create_roles"), ("0004_case_roles", "set_capabilities")):
        module = importlib.import_module(f"tryeza.accounts.migrations.{name}")
        getattr(module, function)(apps, None)


@pytest.hookimpl(trylast=True)
@pytest.fixture
def worker_signals() -> Iterator[None]:
    """The task worker (``manage.py db_worker``, run in a test) takes over SIGINT/SIGTERM
    to stop cleanly; give them back afterwards."""
    names = ("SIGINT", "SIGTERM", "SIGQUIT")
    saved = {n: signal.getsignal(getattr(signal, n)) for n in names if hasattr(signal, n)}
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use real transactions (the live server of the browser tests) empty every
    table when they end, the reference geography too: they run after all the others.
    Last, because pytest's own grouping by session fixtures would interleave them."""
    items.sort(key=lambda item: "transactional_db" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher() -> Iterator[None]:
    """MD5 instead of PBKDF2's million rounds (a second a hash here), for the whole session:
    fixtures wider than one test (the demo's) hash passwords too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the reference geography once; every test's transaction starts from it."""
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
    yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # Tests read English messages unless they switch language on purpose.
    settings.LANGUAGE_CODE = "en"
    # Each test starts with nothing cached (the national figures are).
    cache.clear()


def _role(code: str) -> Role:
    return Role.objects.get(code=code)


@pytest.fixture
def network(db: None) -> dict[str, Any]:
    """A small, realistic network in two regions (Elbasan and Vlorë)."""
    elbasan, vlore = region("AL-03"), region("AL-12")
    onac = InstitutionFactory(
        name="Zyra e Koordinatorit Kombëtar",
        type=InstitutionType.NATIONAL_COORDINATOR,
        sector=Sector.GOVERNMENT,
        region=None,
    )
    prefecture_el = InstitutionFactory(
        name="Prefektura Elbasan",
        type=InstitutionType.PREFECTURE,
        sector=Sector.GOVERNMENT,
        region=elbasan,
    )
    police_el = InstitutionFactory(
        name="Drejtoria Vendore e Policisë Elbasan",
        type=InstitutionType.POLICE,
        sector=Sector.GOVERNMENT,
        region=elbasan,
    )
    cpu_el = InstitutionFactory(
        name="Njësia e Mbrojtjes së Fëmijëve Elbasan",
        type=InstitutionType.CHILD_PROTECTION,
        sector=Sector.GOVERNMENT,
        region=elbasan,
        municipality=elbasan.municipalities.get(name="Elbasan"),
    )
    shelter_el = InstitutionFactory(
        name="Another Vision",
        type=InstitutionType.SHELTER,
        sector=Sector.CIVIL_SOCIETY,
        region=elbasan,
    )
    prefecture_vl = InstitutionFactory(
        name="Prefektura Vlorë",
        type=InstitutionType.PREFECTURE,
        sector=Sector.GOVERNMENT,
        region=vlore,
    )
    iom = InstitutionFactory(
        name="IOM Tirana",
        type=InstitutionType.INTERNATIONAL,
        sector=Sector.INTERNATIONAL,
        region=region("AL-11"),
    )
    committee_el = StructureFactory(
        kind=StructureKind.COMMITTEE, name="Komiteti Rajonal Elbasan", region=elbasan
    )
    table_el = StructureFactory(
        kind=StructureKind.TECHNICAL_TABLE,
        name="Tryeza Teknike Elbasan",
        region=elbasan,
        parent=committee_el,
    )
    committee_vl = StructureFactory(
        kind=StructureKind.COMMITTEE, name="Komiteti Rajonal Vlorë", region=vlore
    )
    coalition = StructureFactory(
        kind=StructureKind.COALITION, name="Koalicioni i Strehëzave", region=None
    )
    central = Structure.objects.create(
        kind=StructureKind.CLUSTER_GROUP, name="Grupi i Qendrës", cluster_id=_cluster("central")
    )
    for structure, institution, role in [
        (committee_el, prefecture_el, MembershipRole.CHAIR),
        (committee_el, police_el, MembershipRole.MEMBER),
        (committee_el, iom, MembershipRole.OBSERVER),
        (table_el, prefecture_el, MembershipRole.SECRETARIAT),
        (table_el, cpu_el, MembershipRole.MEMBER),
        (table_el, police_el, MembershipRole.MEMBER),
        (table_el, shelter_el, MembershipRole.MEMBER),
        (committee_vl, prefecture_vl, MembershipRole.CHAIR),
        (coalition, shelter_el, MembershipRole.MEMBER),
    ]:
        MembershipFactory(structure=structure, institution=institution, role=role)
    ServiceOfferingFactory(
        institution=shelter_el, service=ServiceType.SAFE_ACCOMMODATION, region=elbasan
    )
    ServiceOfferingFactory(institution=cpu_el, service=ServiceType.SOCIAL_ASSISTANCE)
    return {
        "elbasan": elbasan,
        "vlore": vlore,
        "onac": onac,
        "prefecture_el": prefecture_el,
        "police_el": police_el,
        "cpu_el": cpu_el,
        "shelter_el": shelter_el,
        "prefecture_vl": prefecture_vl,
        "iom": iom,
        "committee_el": committee_el,
        "table_el": table_el,
        "committee_vl": committee_vl,
        "coalition": coalition,
        "central": central,
    }


def _cluster(code: str) -> int:
    from tryeza.geography.models import ClusterGroup

    return ClusterGroup.objects.get(code=code).pk


def _persona(username: str, first: str, last: str, institution: Any, role: str) -> User:
    user: User = UserFactory.create(
        username=username,
        first_name=first,
        last_name=last,
        institution=institution,
        role=_role(role),
    )
    return user


@pytest.fixture
def national_coordinator(network: dict[str, Any]) -> User:
    return _persona("nora", "Nora", "Koordinatore", network["onac"], "national_coordinator")


@pytest.fixture
def secretariat_officer(network: dict[str, Any]) -> User:
    """Technical Secretariat officer of the Elbasan committee, at the prefecture."""
    return _persona("arben", "Arben", "Sekretari", network["prefecture_el"], "secretariat_officer")


@pytest.fixture
def committee_member(network: dict[str, Any]) -> User:
    """The Elbasan police director sitting on the committee."""
    return _persona("besnik", "Besnik", "Anëtari", network["police_el"], "committee_member")


@pytest.fixture
def cpu_worker(network: dict[str, Any]) -> User:
    """A Child Protection Unit social worker on the Elbasan table."""
    return _persona("drita", "Drita", "Punonjëse", network["cpu_el"], "case_worker")


@pytest.fixture
def ngo_worker(network: dict[str, Any]) -> User:
    """A shelter case worker on the Elbasan table."""
    return _persona("elira", "Elira", "Strehëza", network["shelter_el"], "case_worker")


@pytest.fixture
def institution_admin(network: dict[str, Any]) -> User:
    return _persona("fatos", "Fatos", "Admin", network["shelter_el"], "institution_admin")


@pytest.fixture
def other_region_officer(network: dict[str, Any]) -> User:
    """The Technical Secretariat officer of Vlorë: another region."""
    return _persona(
        "gentiana", "Gentiana", "Vlora", network["prefecture_vl"], "secretariat_officer"
    )


@pytest.fixture
def observer(network: dict[str, Any]) -> User:
    """IOM, invited as an observer to the Elbasan committee only."""
    return _persona("hana", "Hana", "Vëzhguese", network["iom"], "observer")


@pytest.fixture
def system_admin(network: dict[str, Any]) -> User:
    return _persona("ilir", "Ilir", "Sistemi", network["onac"], "system_admin")


@pytest.fixture
def outsider(db: None) -> User:
    """A signed-in account with no role or institution: reaches nothing."""
    user: User = UserFactory.create(username="outsider", institution=None, role=None)
    return user
