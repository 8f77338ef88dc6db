"""`manage.py demo`: a whole network, deterministic, idempotent, never in production.

These tests look at the network only, so the small demo's network (`--network-only`: the
rows a whole demo starts with, see test_demo_cases) is built once for the module
(committed, then cleared at the end); tests that rebuild do it inside their own
transaction, which is rolled back. The whole demo through the command: test_demo_cases.
"""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tryeza.accounts.models import Role, RoleCode, User
from tryeza.demo.context import PASSWORD
from tryeza.demo.reset import demo_clear
from tryeza.directory.models import (
    Contact,
    Institution,
    InstitutionType,
    Membership,
    MembershipRole,
    ServiceOffering,
    ServiceType,
    Structure,
    StructureKind,
)
from tryeza.directory.selectors import structures_visible_to
from tryeza.factories import InstitutionFactory

from .support import network_counts as counts
from .support import network_digest as digest

THE_FIVE_SHELTERS = {
    "Another Vision",
    "Different & Equal",
    "Life and Hope",
    "National Reception Center for Victims of Trafficking",
    "Vatra Psycho-Social Centre",
}


@pytest.fixture(scope="module")
def _demo_built(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        call_command("demo", "--network-only", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        demo_clear()


@pytest.fixture
def demo(_demo_built: None, db: None) -> None:
    """The small demo's network (seed 2006), present for the test."""


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_every_region_has_a_committee_chaired_by_its_prefecture_and_a_table(demo: None) -> None:
    committees = Structure.objects.filter(kind=StructureKind.COMMITTEE)
    tables = Structure.objects.filter(kind=StructureKind.TECHNICAL_TABLE)
    assert committees.count() == 12
    assert tables.count() == 12
    for table in tables.select_related("parent"):
        assert table.parent is not None
        assert table.parent.kind == StructureKind.COMMITTEE
        assert table.parent.region_id == table.region_id
    chairs = Membership.objects.filter(structure__in=committees, role=MembershipRole.CHAIR)
    assert {m.institution.type for m in chairs} == {InstitutionType.PREFECTURE}
    assert chairs.count() == 12


def test_the_shelters_coalition_has_exactly_the_five_named_shelters(demo: None) -> None:
    coalition = Structure.objects.get(name_en="National Coalition of Anti-trafficking Shelters")
    members = Institution.objects.filter(memberships__structure=coalition)
    assert {m.name_en for m in members} == THE_FIVE_SHELTERS
    assert members.count() == 5
    assert {m.type for m in members} == {InstitutionType.SHELTER}


def test_elbasan_has_mini_tables_in_peqin_librazhd_and_gramsh(demo: None) -> None:
    elbasan_table = Structure.objects.get(kind=StructureKind.TECHNICAL_TABLE, region__code="AL-03")
    minis = Structure.objects.filter(kind=StructureKind.MINI_TABLE)
    assert {m.parent_id for m in minis} == {elbasan_table.pk}
    areas = {m.municipalities.get().name for m in minis}
    assert areas == {"Peqin", "Librazhd", "Gramsh"}


def test_the_eastern_cluster_takes_permet_and_skrapar_by_municipality(demo: None) -> None:
    eastern = Structure.objects.get(kind=StructureKind.CLUSTER_GROUP, cluster__code="eastern")
    members = Institution.objects.filter(memberships__structure=eastern)
    assert {m.municipality.name for m in members if m.municipality} == {"Përmet", "Skrapar"}
    assert [m.name for m in members if m.type == InstitutionType.PREFECTURE] == [
        "Prefektura e Qarkut Korçë"
    ]


def test_shelters_and_child_protection_units_are_in_the_service_catalogue(demo: None) -> None:
    safe = ServiceOffering.objects.filter(service=ServiceType.SAFE_ACCOMMODATION)
    assert {s.institution.name_en for s in safe} == THE_FIVE_SHELTERS
    # The National Reception Center takes people from the whole country.
    national = safe.get(region__isnull=True)
    assert national.institution.name_en.startswith("National Reception Center")
    mediation = ServiceOffering.objects.filter(
        service=ServiceType.FAMILY_MEDIATION,
        institution__type=InstitutionType.CHILD_PROTECTION,
    )
    assert (
        mediation.count()
        == Institution.objects.filter(type=InstitutionType.CHILD_PROTECTION).count()
    )
    assert all(s.municipality_id == s.institution.municipality_id for s in mediation)


def test_there_is_a_login_for_every_role(demo: None) -> None:
    assert set(User.objects.values_list("role__code", flat=True)) == set(
        Role.objects.values_list("code", flat=True)
    )
    for region in ("elbasan", "tirane", "vlore", "shkoder"):
        for account in ("secretariat", "committee", "cpu", "police", "ngo"):
            assert User.objects.filter(username=f"{region}.{account}").exists()
    secretariat = User.objects.get(username="elbasan.secretariat")
    assert secretariat.role is not None
    assert secretariat.role.code == RoleCode.SECRETARIAT_OFFICER
    assert secretariat.institution is not None
    assert secretariat.institution.type == InstitutionType.PREFECTURE
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_every_account_belongs_to_a_fictional_person_at_its_institution(demo: None) -> None:
    for user in User.objects.select_related("contact"):
        assert user.contact is not None
        assert user.contact.is_fictional
        assert user.contact.institution_id == user.institution_id


def test_every_contact_is_fictional_with_an_example_address(demo: None) -> None:
    assert not Contact.objects.filter(is_fictional=False).exists()
    assert all(
        email.endswith(".example") for email in Contact.objects.values_list("email", flat=True)
    )


def test_the_same_seed_gives_the_same_network(demo: None) -> None:
    before = digest()
    run_demo("--reset", "--network-only")
    assert digest() == before
    run_demo("--reset", "--network-only", "--seed", "7")
    assert digest() != before


def test_a_second_run_changes_nothing_and_prints_the_logins(demo: None) -> None:
    before = counts()
    output = run_demo()
    assert counts() == before
    assert "already loaded" in output
    assert "elbasan.secretariat" in output
    assert PASSWORD in output
    assert "fictional" in output
    assert "http://127.0.0.1:8000" in output


def test_reset_replaces_everything_with_a_fresh_demo(demo: None) -> None:
    before = counts()
    InstitutionFactory(name="Not part of the demo")
    run_demo("--reset", "--network-only")
    assert counts() == before
    assert not Institution.objects.filter(name="Not part of the demo").exists()
    # Built under the tests' password hasher, so the shared password can be checked here.
    assert User.objects.get(username="elbasan.cpu").check_password(PASSWORD)


def test_a_database_with_other_data_is_left_alone_without_reset(demo: None) -> None:
    demo_clear()
    InstitutionFactory(name="Entered by hand")
    with pytest.raises(CommandError, match="--reset"):
        run_demo()
    assert Institution.objects.count() == 1


def test_a_larger_scale_adds_ngos_and_accounts(demo: None) -> None:
    small = counts()
    run_demo("--reset", "--network-only", "--scale", "2")
    assert Institution.objects.count() > small[0]
    assert User.objects.count() == small[-1] + 12 * 7
    assert User.objects.filter(username="elbasan.caseworker.001").exists()


def test_an_unknown_scale_is_refused(demo: None) -> None:
    with pytest.raises(CommandError, match="scale"):
        run_demo("--scale", "huge")


def test_the_demo_refuses_to_run_in_production(demo: None, settings: Any) -> None:
    settings.PRODUCTION = True
    before = counts()
    with pytest.raises(CommandError, match="development"):
        run_demo("--reset")
    assert counts() == before


def test_a_secretariat_officer_sees_elbasan_structures_but_not_vlores(demo: None) -> None:
    officer = User.objects.get(username="elbasan.secretariat")
    visible = structures_visible_to(officer)
    elbasan = Structure.objects.filter(region__code="AL-03")
    assert set(elbasan) <= set(visible)
    assert not visible.filter(region__code="AL-12").exists()
    assert visible.filter(cluster__code="central").exists()
