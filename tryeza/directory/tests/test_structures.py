"""Structures pages: each persona sees the structures within its reach, and a structure
outside it is the same 404 as one that does not exist."""

import pytest
from django.urls import reverse

from tryeza.directory.models import MembershipRole, StructureKind
from tryeza.factories import ContactFactory, InstitutionFactory, MembershipFactory, StructureFactory

LIST = reverse("directory:structures")


def detail(structure_or_pk):
    pk = getattr(structure_or_pk, "pk", structure_or_pk)
    return reverse("directory:structure", args=[pk])


def names(response):
    return {structure.name for structure in response.context["page"]}


def test_the_vlore_officer_cannot_open_elbasans_committee(client, network, other_region_officer):
    client.force_login(other_region_officer)
    hidden = client.get(detail(network["committee_el"]))
    missing = client.get(detail(999_999))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert "Komiteti Rajonal Elbasan" not in names(client.get(LIST))


def test_the_observer_sees_only_the_committee_it_is_invited_to(client, network, observer):
    client.force_login(observer)
    assert names(client.get(LIST)) == {"Komiteti Rajonal Elbasan"}
    assert client.get(detail(network["committee_el"])).status_code == 200
    assert client.get(detail(network["table_el"])).status_code == 404


def test_the_secretariat_sees_its_region_and_its_cluster(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    assert names(client.get(LIST)) == {
        "Komiteti Rajonal Elbasan",
        "Tryeza Teknike Elbasan",
        "Grupi i Qendrës",
    }


def test_the_national_coordinator_sees_every_structure(client, network, national_coordinator):
    client.force_login(national_coordinator)
    assert len(names(client.get(LIST))) == 5


def test_an_account_without_a_role_sees_no_structure(client, network, outsider):
    client.force_login(outsider)
    assert names(client.get(LIST)) == set()
    assert client.get(detail(network["committee_el"])).status_code == 404


def test_a_committee_shows_its_members_roles_representatives_and_its_table(
    client, network, secretariat_officer
):
    chair = network["committee_el"].memberships.get(institution=network["prefecture_el"])
    prefect = ContactFactory(
        institution=network["prefecture_el"], first_name="Petrit", last_name="Prefekti"
    )
    chair.representatives.add(prefect)
    client.force_login(secretariat_officer)
    response = client.get(detail(network["committee_el"]))
    assert response.status_code == 200
    members = list(response.context["members"])
    assert [(m.institution.name, m.role) for m in members] == [
        ("Prefektura Elbasan", MembershipRole.CHAIR),
        ("Drejtoria Vendore e Policisë Elbasan", MembershipRole.MEMBER),
        ("IOM Tirana", MembershipRole.OBSERVER),
    ]
    body = response.content.decode()
    assert "Petrit Prefekti" in body
    assert ">fictional</small>" in body
    assert "Regional Anti-trafficking Committee" in body
    assert detail(network["table_el"]) in body  # its part, the technical table
    assert "Meets every" in body


def test_a_table_links_to_its_committee_only_for_who_sees_the_committee(
    client, network, secretariat_officer, ngo_worker
):
    client.force_login(secretariat_officer)
    assert client.get(detail(network["table_el"])).context["parent"] == network["committee_el"]
    client.force_login(ngo_worker)
    response = client.get(detail(network["table_el"]))
    assert response.status_code == 200
    assert response.context["parent"] is None
    assert detail(network["committee_el"]) not in response.content.decode()
    listing = client.get(LIST).content.decode()
    assert "Tryeza Teknike Elbasan" in listing
    assert detail(network["committee_el"]) not in listing


def test_a_cluster_group_shows_its_municipalities(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    body = client.get(detail(network["central"])).content.decode()
    assert "Elbasan" in body and "Durres" in body and "Tirana" in body


def test_a_mini_table_shows_its_area(client, network, secretariat_officer):
    mini = StructureFactory.create(
        kind=StructureKind.MINI_TABLE,
        name="Tryeza e Peqinit",
        region=network["elbasan"],
        parent=network["table_el"],
    )
    mini.municipalities.add(network["elbasan"].municipalities.get(name="Peqin"))
    client.force_login(secretariat_officer)
    body = client.get(detail(mini)).content.decode()
    assert "Peqin" in body
    assert detail(network["table_el"]) in body


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": StructureKind.COMMITTEE}, {"Komiteti Rajonal Elbasan", "Komiteti Rajonal Vlorë"}),
        ({"region": "AL-12"}, {"Komiteti Rajonal Vlorë"}),
        ({"region": "AL-11"}, {"Grupi i Qendrës"}),  # the cluster covering Tirana
        ({"kind": "parliament"}, set()),
        ({"region": "Elbasan"}, set()),
    ],
)
def test_structures_can_be_filtered(client, network, national_coordinator, filters, expected):
    client.force_login(national_coordinator)
    response = client.get(LIST, filters)
    assert response.status_code == 200
    assert names(response) == expected


def test_the_member_count_counts_every_member(client, network, ngo_worker):
    # A case worker's view is filtered by their institution's seats; the count is not.
    client.force_login(ngo_worker)
    table = next(s for s in client.get(LIST).context["page"] if s.name == "Tryeza Teknike Elbasan")
    assert table.member_count == 4


def test_the_list_takes_the_same_number_of_queries_for_3_or_30_rows(
    client, network, secretariat_officer, same_queries_for_more_rows
):
    client.force_login(secretariat_officer)

    def add(count):
        for structure in StructureFactory.create_batch(
            count,
            kind=StructureKind.LOCAL_NETWORK,
            region=network["elbasan"],
            parent=network["table_el"],
        ):
            MembershipFactory(structure=structure, institution=InstitutionFactory())

    same_queries_for_more_rows(LIST, add)


def test_the_detail_takes_the_same_number_of_queries_for_3_or_30_members(
    client, network, secretariat_officer, same_queries_for_more_rows
):
    client.force_login(secretariat_officer)
    committee = network["committee_el"]

    def add(count):
        for _ in range(count):
            membership = MembershipFactory.create(structure=committee)
            membership.representatives.add(ContactFactory(institution=membership.institution))

    same_queries_for_more_rows(detail(committee), add)
