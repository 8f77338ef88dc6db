"""Each persona's home page shows its part of the network and nothing beyond it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tryeza.directory.models import ServiceType, StructureKind
from tryeza.factories import (
    InstitutionFactory,
    MembershipFactory,
    ServiceOfferingFactory,
    StructureFactory,
    region,
)


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def admin_adds_a_member(client, system_admin, network, structure) -> None:
    """A new Elbasan institution joins ``structure``, entered in the admin as the system
    administrator does (the admin logs it: the kept figures' key moves)."""
    newcomer = InstitutionFactory.create(name="Qendra e Re Elbasan", region=network["elbasan"])
    system_admin.is_staff = True
    system_admin.save()
    client.force_login(system_admin)
    added = client.post(
        reverse("admin:directory_membership_add"),
        {"structure": structure.pk, "institution": newcomer.pk, "role": "member"},
    )
    assert added.status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('home')}"


def test_the_elbasan_officer_sees_the_region_its_structures_members_and_services(
    client, secretariat_officer
):
    response = home(client, secretariat_officer)
    body = response.content.decode()
    assert response.context["region"].code == "AL-03"
    for expected in [
        "The network in Elbasan",
        "Komiteti Rajonal Elbasan",
        "Tryeza Teknike Elbasan",
        "Grupi i Qendrës",  # the central cluster covers Elbasan
        "Safe accommodation",
        "Social assistance",
        "Technical secretariat",  # the prefecture's role on the table
        "Chair",
    ]:
        assert expected in body


def test_the_region_home_counts_members_and_links_to_each_structure(
    client, network, secretariat_officer
):
    response = home(client, secretariat_officer)
    table = next(s for s in response.context["structures"] if s == network["table_el"])
    assert table.member_count == 4  # prefecture, CPU, police, shelter
    assert [lead.institution for lead in table.leads] == [network["prefecture_el"]]
    body = response.content.decode()
    assert "4 member institutions" in body
    structure_page = reverse("directory:structure", args=[table.pk])
    assert structure_page in body
    # The members are listed on the structure's page.
    assert "Drejtoria Vendore e Policisë Elbasan" in client.get(structure_page).content.decode()


def test_each_institution_keeps_its_own_region_home(
    client, network, committee_member, system_admin
):
    """The region home is kept per institution: a regional member at the shelter sees
    the coalition it sits on, the police director beside it in the same region does not,
    whichever of them came first; and an admin edit counts at the next visit."""
    from tryeza.accounts.models import Role
    from tryeza.factories import UserFactory

    shelter_member = UserFactory.create(
        institution=network["shelter_el"], role=Role.objects.get(code="committee_member")
    )

    def beyond(user) -> list[str]:
        return [s.name for s in home(client, user).context["other_structures"]]

    assert "Koalicioni i Strehëzave" not in beyond(committee_member)
    assert "Koalicioni i Strehëzave" in beyond(shelter_member)
    assert "Koalicioni i Strehëzave" not in beyond(committee_member)
    with CaptureQueriesContext(connection) as again:
        home(client, committee_member)
    assert not any("directory_membership" in q["sql"] for q in again.captured_queries)

    def table_members() -> int:
        structures = home(client, committee_member).context["structures"]
        return next(s for s in structures if s == network["table_el"]).member_count

    assert table_members() == 4
    admin_adds_a_member(client, system_admin, network, network["table_el"])
    assert table_members() == 5


def test_the_vlore_officer_sees_vlore_and_not_elbasan(
    client, secretariat_officer, other_region_officer
):
    home(client, secretariat_officer)  # Elbasan's home is kept first
    body = home(client, other_region_officer).content.decode()
    assert "The network in Vlora" in body  # English exonym; tests run in English
    assert "Komiteti Rajonal Vlorë" in body
    assert "Prefektura Vlorë" in body
    for hidden in [
        "Komiteti Rajonal Elbasan",
        "Tryeza Teknike Elbasan",
        "Grupi i Qendrës",
        "Another Vision",
        "Safe accommodation",
    ]:
        assert hidden not in body


def test_the_committee_member_sees_the_region_of_their_institution(client, committee_member):
    body = home(client, committee_member).content.decode()
    assert "Komiteti Rajonal Elbasan" in body
    assert "Komiteti Rajonal Vlorë" not in body


def test_a_service_in_a_municipality_counts_as_offered_in_its_region(
    client, network, secretariat_officer
):
    elbasan = network["elbasan"]
    ServiceOfferingFactory(
        institution=network["cpu_el"],
        service=ServiceType.FAMILY_MEDIATION,
        region=None,
        municipality=elbasan.municipalities.get(name="Peqin"),
    )
    response = home(client, secretariat_officer)
    counts = {row["service"]: row["providers"] for row in response.context["service_counts"]}
    assert counts[ServiceType.FAMILY_MEDIATION] == 1
    service = ServiceType.FAMILY_MEDIATION
    link = f"{reverse('directory:services')}?service={service}&amp;region=AL-03"
    assert link in response.content.decode()
    # The link leads to the directory's list, which says where.
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Family mediation and reconciliation" in listing
    assert "Peqin" in listing


def test_the_region_home_summarises_services_by_kind(client, network, secretariat_officer):
    for institution in ("cpu_el", "shelter_el"):
        ServiceOfferingFactory(
            institution=network[institution],
            service=ServiceType.FAMILY_MEDIATION,
            region=network["elbasan"],
        )
    response = home(client, secretariat_officer)
    counts = {row["service"]: row["providers"] for row in response.context["service_counts"]}
    assert counts[ServiceType.FAMILY_MEDIATION] == 2
    labels = [str(row["label"]) for row in response.context["service_counts"]]
    assert labels == sorted(labels)


def test_the_ngo_worker_sees_their_shelter_its_seats_and_services(client, ngo_worker):
    response = home(client, ngo_worker)
    body = response.content.decode()
    assert response.context["institution"] == ngo_worker.institution
    assert "<h1>Another Vision</h1>" in body
    assert "Tryeza Teknike Elbasan" in body
    assert "Koalicioni i Strehëzave" in body
    assert "Safe accommodation" in body
    # Not the committee the shelter does not sit on, nor another institution's service.
    assert "Komiteti Rajonal Elbasan" not in body
    assert "Social assistance" not in body


def test_the_observer_sees_only_what_iom_is_invited_to(client, observer):
    body = home(client, observer).content.decode()
    assert "IOM Tirana" in body
    assert "Komiteti Rajonal Elbasan" in body
    assert "Observer" in body
    assert "Tryeza Teknike Elbasan" not in body
    assert "Komiteti Rajonal Vlorë" not in body


def test_the_national_coordinator_sees_every_region_with_its_counts(client, national_coordinator):
    response = home(client, national_coordinator)
    regions = {region.code: region for region in response.context["regions"]}
    assert len(regions) == 12
    elbasan, vlore, tirane = regions["AL-03"], regions["AL-12"], regions["AL-11"]
    assert (elbasan.structure_count, elbasan.member_count, elbasan.service_count) == (2, 5, 2)
    assert (vlore.structure_count, vlore.member_count, vlore.service_count) == (1, 1, 0)
    assert (tirane.structure_count, tirane.member_count, tirane.service_count) == (0, 0, 0)
    assert response.context["totals"] == {
        "structure_count": 3,
        "member_count": 6,
        "service_count": 2,
    }
    body = response.content.decode()
    assert "Koalicioni i Strehëzave" in body
    assert "Grupi i Qendrës" in body


def test_the_national_counts_follow_the_directory_as_the_admin_edits_it(
    client, network, national_coordinator, system_admin
):
    """The national home's counts are kept between visits; an institution the admin adds
    to Elbasan's committee counts at the next visit."""

    def elbasan_members() -> int:
        response = home(client, national_coordinator)
        return {r.code: r for r in response.context["regions"]}["AL-03"].member_count

    assert elbasan_members() == 5
    with CaptureQueriesContext(connection) as again:
        assert elbasan_members() == 5
    assert not any("COUNT(DISTINCT" in q["sql"] for q in again.captured_queries)  # kept
    admin_adds_a_member(client, system_admin, network, network["committee_el"])
    assert elbasan_members() == 6


def test_the_system_administrator_has_the_national_home(client, system_admin):
    response = home(client, system_admin)
    assert len(response.context["regions"]) == 12


@pytest.mark.parametrize("extra_regions", [0, 6])
def test_the_national_home_makes_a_bounded_number_of_queries(
    client, national_coordinator, django_assert_max_num_queries, extra_regions
):
    for code in [f"AL-{n:02d}" for n in range(1, 13)][:extra_regions]:
        place = region(code)
        structure = StructureFactory(kind=StructureKind.COMMITTEE, region=place)
        for _ in range(3):
            institution = InstitutionFactory(region=place)
            MembershipFactory(structure=structure, institution=institution)
            ServiceOfferingFactory(institution=institution)
    client.force_login(national_coordinator)
    # Session, user, role and institution for the header; one aggregated query for the
    # regions and one for the national structures; three to renew the session. More
    # regions add nothing.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("home")).status_code == 200


def test_an_account_without_a_role_is_told_it_is_not_set_up(client, outsider):
    body = home(client, outsider).content.decode()
    assert "Your account is not set up yet" in body
    assert "Komiteti" not in body
