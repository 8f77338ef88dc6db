"""The service catalogue: who provides which service where."""

import pytest
from django.urls import reverse

from tryeza.directory.models import InstitutionType, Sector, ServiceType
from tryeza.factories import InstitutionFactory, ServiceOfferingFactory, region

LIST = reverse("directory:services")


def rows(response):
    return [(o.institution.name, o.service) for o in response.context["page"]]


@pytest.fixture
def more_services(network):
    """A Vlorë shelter, a national hotline NGO, and a legal clinic in Elbasan municipality."""
    vlore_shelter = InstitutionFactory(
        name="Vatra", type=InstitutionType.SHELTER, region=network["vlore"]
    )
    ServiceOfferingFactory(institution=vlore_shelter, service=ServiceType.SAFE_ACCOMMODATION)
    national = InstitutionFactory(name="Qendra Kombëtare e Pritjes", region=None)
    ServiceOfferingFactory(
        institution=national, service=ServiceType.SAFE_ACCOMMODATION, region=None
    )
    clinic = InstitutionFactory(name="Klinika Ligjore", region=network["elbasan"])
    ServiceOfferingFactory(
        institution=clinic,
        service=ServiceType.LEGAL,
        region=network["elbasan"],
        municipality=network["elbasan"].municipalities.get(name="Elbasan"),
    )
    return {"vlore_shelter": vlore_shelter, "national": national, "clinic": clinic}


def test_a_secretariat_officer_finds_the_shelter_offering_safe_accommodation_in_elbasan(
    client, more_services, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = client.get(LIST, {"service": "safe_accommodation", "region": "AL-03"})
    assert response.status_code == 200
    # The local shelter first, then what is offered nationwide; Vlorë's shelter is elsewhere.
    assert rows(response) == [
        ("Another Vision", "safe_accommodation"),
        ("Qendra Kombëtare e Pritjes", "safe_accommodation"),
    ]
    body = response.content.decode()
    assert reverse("directory:institution", args=[more_services["national"].pk]) in body
    assert "Nationwide" in body


def test_a_municipality_lists_what_is_offered_there_in_its_region_and_nationally(
    client, network, more_services, secretariat_officer
):
    client.force_login(secretariat_officer)
    peqin = client.get(LIST, {"municipality": "AL216"})
    assert ("Klinika Ligjore", "legal") not in rows(peqin)
    assert ("Another Vision", "safe_accommodation") in rows(peqin)
    elbasan = client.get(LIST, {"municipality": "AL213", "service": "legal"})
    assert rows(elbasan) == [("Klinika Ligjore", "legal")]


def test_without_filters_the_whole_catalogue_is_listed(client, more_services, secretariat_officer):
    client.force_login(secretariat_officer)
    listed = rows(client.get(LIST))
    assert len(listed) == 5
    assert ("Vatra", "safe_accommodation") in listed


def test_the_vlore_officer_finds_vatra_and_the_national_shelter(
    client, more_services, other_region_officer
):
    client.force_login(other_region_officer)
    response = client.get(LIST, {"service": "safe_accommodation", "region": "AL-12"})
    assert [name for name, _ in rows(response)] == ["Vatra", "Qendra Kombëtare e Pritjes"]


def test_an_account_without_a_role_finds_no_service(client, more_services, outsider):
    client.force_login(outsider)
    assert rows(client.get(LIST)) == []


@pytest.mark.parametrize(
    "filters",
    [
        {"service": "teleportation"},
        {"region": "XX-01"},
        {"municipality": "AL99999"},
        {"region": "AL-12", "municipality": "AL213"},
        {"page": "last"},
        {"region": ["AL-03", "AL-12"]},
    ],
)
def test_bad_filters_never_break_the_page(client, more_services, secretariat_officer, filters):
    client.force_login(secretariat_officer)
    response = client.get(LIST, filters)
    assert response.status_code == 200


def test_a_bad_filter_lists_nothing_and_says_why(client, more_services, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(LIST, {"service": "teleportation", "region": "AL-03"})
    assert rows(response) == []
    assert "Select a valid choice. teleportation is not one of the available choices." in (
        response.content.decode()
    )


def test_the_catalogue_takes_the_same_number_of_queries_for_3_or_30_rows(
    client, network, secretariat_officer, same_queries_for_more_rows
):
    client.force_login(secretariat_officer)
    korce = region("AL-06")

    def add(count):
        for institution in InstitutionFactory.create_batch(
            count, region=korce, sector=Sector.GOVERNMENT
        ):
            ServiceOfferingFactory(
                institution=institution,
                municipality=korce.municipalities.first(),
            )

    same_queries_for_more_rows(f"{LIST}?region=AL-06", add)


def test_htmx_gets_the_results_alone(client, more_services, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(LIST, {"service": "legal"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Klinika Ligjore" in body
    assert "services/export/?service=legal&amp;format=csv" in body
