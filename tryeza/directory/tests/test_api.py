"""The directory through the API: the same reach as the pages, filters that refuse bad
input with a clear message."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tryeza.directory.models import Membership, ServiceType
from tryeza.factories import ContactFactory, MembershipFactory, ServiceOfferingFactory
from tryeza.geography.models import Municipality

LISTS = [
    "api-institution-list",
    "api-structure-list",
    "api-membership-list",
    "api-service-list",
]


@pytest.fixture
def api():
    return APIClient()


def names(response):
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


# --- Who sees what -------------------------------------------------------------------------


def test_the_vlore_officer_cannot_tell_elbasans_committee_from_a_missing_one(
    api, other_region_officer, network
):
    api.force_authenticate(other_region_officer)
    hidden = api.get(reverse("api-structure-detail", args=[network["committee_el"].pk]))
    missing = api.get(reverse("api-structure-detail", args=[999_999]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert hidden.json()["error"]["code"] == "not_found"


def test_the_vlore_officer_sees_vlores_committee_and_not_elbasans(
    api, other_region_officer, network
):
    api.force_authenticate(other_region_officer)
    seen = names(api.get(reverse("api-structure-list")))
    assert "Komiteti Rajonal Vlorë" in seen
    assert not seen & {"Komiteti Rajonal Elbasan", "Tryeza Teknike Elbasan"}


def test_the_elbasan_officer_sees_her_committee_with_its_members(api, secretariat_officer, network):
    api.force_authenticate(secretariat_officer)
    committee = api.get(reverse("api-structure-detail", args=[network["committee_el"].pk]))
    assert committee.status_code == 200
    body = committee.json()
    assert body["region"] == "AL-03"
    assert {(m["institution"]["name"], m["role"]) for m in body["members"]} == {
        ("Prefektura Elbasan", "chair"),
        ("Drejtoria Vendore e Policisë Elbasan", "member"),
        ("IOM Tirana", "observer"),
    }


def test_the_observer_sees_only_the_committee_it_is_invited_to(api, observer, network):
    api.force_authenticate(observer)
    assert names(api.get(reverse("api-structure-list"))) == {"Komiteti Rajonal Elbasan"}
    table = api.get(reverse("api-structure-detail", args=[network["table_el"].pk]))
    assert table.status_code == 404
    memberships = api.get(reverse("api-membership-list")).json()["results"]
    assert {m["structure"]["name"] for m in memberships} == {"Komiteti Rajonal Elbasan"}


def test_the_national_coordinator_sees_every_structure(api, national_coordinator, network):
    api.force_authenticate(national_coordinator)
    assert names(api.get(reverse("api-structure-list"))) >= {
        "Komiteti Rajonal Elbasan",
        "Komiteti Rajonal Vlorë",
        "Koalicioni i Strehëzave",
        "Grupi i Qendrës",
    }


@pytest.mark.parametrize("url_name", LISTS)
def test_an_outsider_sees_nothing_in_the_directory(api, outsider, network, url_name):
    api.force_authenticate(outsider)
    assert api.get(reverse(url_name)).json()["count"] == 0


@pytest.mark.parametrize(
    ("url_name", "key"),
    [
        ("api-institution-detail", "police_el"),
        ("api-structure-detail", "committee_el"),
    ],
)
def test_an_outsider_gets_404_for_any_directory_object(api, outsider, network, url_name, key):
    api.force_authenticate(outsider)
    assert api.get(reverse(url_name, args=[network[key].pk])).status_code == 404


@pytest.mark.parametrize("url_name", LISTS)
def test_anonymous_callers_are_refused_in_the_error_format(api, network, url_name):
    response = api.get(reverse(url_name))
    assert response.status_code in (401, 403)
    error = response.json()["error"]
    assert error["code"] == "not_authenticated"
    assert error["status"] == response.status_code
    assert "Sign in first" in error["message"]


def test_the_memberships_of_a_hidden_structure_are_as_empty_as_a_missing_ones(
    api, other_region_officer, network
):
    api.force_authenticate(other_region_officer)
    url = reverse("api-membership-list")
    hidden = api.get(url, {"structure": network["committee_el"].pk}).json()
    missing = api.get(url, {"structure": 999_999}).json()
    assert hidden == missing
    assert hidden["count"] == 0


def test_memberships_filter_by_structure_and_institution(api, secretariat_officer, network):
    api.force_authenticate(secretariat_officer)
    url = reverse("api-membership-list")
    table = api.get(url, {"structure": network["table_el"].pk}).json()["results"]
    assert {m["institution"]["name"] for m in table} == {
        "Prefektura Elbasan",
        "Njësia e Mbrojtjes së Fëmijëve Elbasan",
        "Drejtoria Vendore e Policisë Elbasan",
        "Another Vision",
    }
    shelter = api.get(url, {"institution": network["shelter_el"].pk}).json()["results"]
    # The shelter also sits in the national coalition, which is beyond a region's reach.
    assert {m["structure"]["name"] for m in shelter} == {"Tryeza Teknike Elbasan"}


# --- Institutions and services --------------------------------------------------------------


def test_an_ngo_worker_finds_institutions_by_region_type_sector_and_name(api, ngo_worker, network):
    api.force_authenticate(ngo_worker)
    url = reverse("api-institution-list")
    assert names(api.get(url, {"region": "AL-12"})) == {"Prefektura Vlorë"}
    assert names(api.get(url, {"type": "prefecture"})) == {"Prefektura Elbasan", "Prefektura Vlorë"}
    assert names(api.get(url, {"sector": "international"})) == {"IOM Tirana"}
    assert names(api.get(url, {"q": "polic"})) == {"Drejtoria Vendore e Policisë Elbasan"}
    elbasan_town = Municipality.objects.get(name="Elbasan").code
    assert names(api.get(url, {"municipality": elbasan_town})) == {
        "Njësia e Mbrojtjes së Fëmijëve Elbasan"
    }


def test_a_secretariat_officer_finds_who_offers_safe_accommodation(
    api, secretariat_officer, network
):
    api.force_authenticate(secretariat_officer)
    found = api.get(reverse("api-institution-list"), {"service": "safe_accommodation"})
    assert names(found) == {"Another Vision"}
    [shelter] = found.json()["results"]
    assert shelter["services"] == ["safe_accommodation"]
    assert shelter["region"] == "AL-03"


def test_an_institution_is_read_by_id(api, cpu_worker, network):
    api.force_authenticate(cpu_worker)
    response = api.get(reverse("api-institution-detail", args=[network["shelter_el"].pk]))
    assert response.json()["name"] == "Another Vision"
    assert response.json()["type"] == "shelter"


def test_services_filter_by_service_region_and_municipality(api, secretariat_officer, network):
    peqin = Municipality.objects.get(name="Peqin")
    ServiceOfferingFactory(
        institution=network["cpu_el"],
        service=ServiceType.PSYCHOSOCIAL,
        region=None,
        municipality=peqin,
    )
    api.force_authenticate(secretariat_officer)
    url = reverse("api-service-list")

    def offered(**params):
        rows = api.get(url, params).json()["results"]
        return {(row["service"], row["institution"]["name"]) for row in rows}

    shelter = ("safe_accommodation", "Another Vision")
    assistance = ("social_assistance", "Njësia e Mbrojtjes së Fëmijëve Elbasan")
    counselling = ("psychosocial", "Njësia e Mbrojtjes së Fëmijëve Elbasan")
    assert offered(service="safe_accommodation") == {shelter}
    assert offered(region="AL-03") == {shelter, assistance, counselling}
    assert offered(region="AL-12") == set()
    # Peqin gets the Peqin offer and the region-wide ones.
    assert offered(municipality=peqin.code) == {shelter, assistance, counselling}
    elbasan_town = Municipality.objects.get(name="Elbasan").code
    assert offered(municipality=elbasan_town) == {shelter, assistance}
    assert offered(municipality=peqin.code, service="psychosocial") == {counselling}


def test_structures_filter_by_kind_and_region(api, national_coordinator, network):
    api.force_authenticate(national_coordinator)
    url = reverse("api-structure-list")
    assert names(api.get(url, {"kind": "committee"})) == {
        "Komiteti Rajonal Elbasan",
        "Komiteti Rajonal Vlorë",
    }
    assert names(api.get(url, {"region": "AL-03", "kind": "technical_table"})) == {
        "Tryeza Teknike Elbasan"
    }
    central = api.get(url, {"kind": "cluster_group"}).json()["results"]
    assert central[0]["cluster"] == "central"


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "param"),
    [
        ("api-institution-list", "region"),
        ("api-structure-list", "region"),
        ("api-service-list", "region"),
    ],
)
def test_an_unknown_region_code_is_refused_with_a_clear_message(
    api, secretariat_officer, url_name, param
):
    api.force_authenticate(secretariat_officer)
    response = api.get(reverse(url_name), {param: "XX-99"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {param: ["Unknown region code 'XX-99'."]}


@pytest.mark.parametrize(
    ("url_name", "params", "field"),
    [
        ("api-institution-list", {"type": "bakery"}, "type"),
        ("api-institution-list", {"sector": "'; drop table"}, "sector"),
        ("api-institution-list", {"service": "teleportation"}, "service"),
        ("api-institution-list", {"municipality": "AL999"}, "municipality"),
        ("api-institution-list", {"q": "a\x00b"}, "q"),
        ("api-structure-list", {"kind": "club"}, "kind"),
        ("api-membership-list", {"structure": "abc"}, "structure"),
        ("api-membership-list", {"structure": "-1"}, "structure"),
        ("api-membership-list", {"institution": "9" * 30}, "institution"),
        ("api-membership-list", {"institution": "1.5"}, "institution"),
        ("api-service-list", {"municipality": "%"}, "municipality"),
        ("api-service-list", {"region": "AL-03\x00"}, "region"),
        ("api-service-list", {"page": "abc"}, "page"),
        ("api-service-list", {"page": "0"}, "page"),
        ("api-institution-list", {"page_size": "many"}, "page_size"),
    ],
)
def test_malformed_filters_are_a_400_naming_the_parameter(
    api, secretariat_officer, url_name, params, field
):
    api.force_authenticate(secretariat_officer)
    response = api.get(reverse(url_name), params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400
    assert list(error["fields"]) == [field]
    assert all(isinstance(message, str) and message for message in error["fields"][field])


@pytest.mark.parametrize("url_name", LISTS)
def test_a_ten_thousand_character_query_is_a_400_not_a_500(api, secretariat_officer, url_name):
    api.force_authenticate(secretariat_officer)
    response = api.get(reverse(url_name), {"q": "x" * 10_000, "region": "A" * 10_000})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["region"] == ["At most 200 characters are allowed."]


def test_a_page_past_the_end_is_a_404_in_the_error_format(api, secretariat_officer):
    api.force_authenticate(secretariat_officer)
    response = api.get(reverse("api-institution-list"), {"page": 99})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "There is no such page in these results."


@pytest.mark.parametrize("pk", ["99999999999999999999999", "0"])
def test_absurd_ids_in_the_path_are_404_not_500(api, secretariat_officer, pk):
    api.force_authenticate(secretariat_officer)
    for name in ("institutions", "structures", "memberships", "services"):
        response = api.get(f"/api/v1/{name}/{pk}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


# --- Pages ----------------------------------------------------------------------------------


def test_lists_are_paginated_and_page_size_is_capped(api, national_coordinator, network):
    api.force_authenticate(national_coordinator)
    url = reverse("api-institution-list")
    first = api.get(url, {"page_size": 2}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 7
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = api.get(first["next"]).json()
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    last = api.get(url, {"page_size": 2, "page": "last"}).json()
    assert last["next"] is None
    assert len(api.get(url, {"page_size": 1_000_000}).json()["results"]) == 7


@pytest.mark.parametrize("url_name", LISTS)
def test_a_list_takes_the_same_number_of_queries_for_more_rows(
    api, national_coordinator, network, django_assert_num_queries, url_name
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.force_authenticate(national_coordinator)
    with CaptureQueriesContext(connection) as before:
        api.get(reverse(url_name))
    for _ in range(3):
        ServiceOfferingFactory(service=ServiceType.LEGAL)
        membership: Membership = MembershipFactory.create()
        membership.representatives.set(ContactFactory.create_batch(2))
    with django_assert_num_queries(len(before.captured_queries)):
        api.get(reverse(url_name))
