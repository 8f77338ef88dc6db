"""The institutions pages, from each persona's side."""

import pytest
from django.urls import reverse

from tryeza.directory.models import InstitutionType, Sector, ServiceType
from tryeza.factories import (
    ContactFactory,
    InstitutionFactory,
    ServiceOfferingFactory,
    region,
)

LIST = reverse("directory:institutions")


def names(response):
    return [institution.name for institution in response.context["page"]]


def test_anonymous_visitors_are_sent_to_sign_in(client, network):
    for url in [
        LIST,
        reverse("directory:institution", args=[network["shelter_el"].pk]),
        reverse("directory:institutions-export"),
        reverse("directory:services"),
        reverse("directory:services-export"),
        reverse("directory:structures"),
        reverse("directory:structure", args=[network["committee_el"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_directory_lists_every_institution_of_the_network_by_name(client, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(LIST)
    assert response.status_code == 200
    listed = names(response)
    assert listed == sorted(listed)
    assert {"Another Vision", "Prefektura Vlorë", "IOM Tirana"} <= set(listed)
    assert '<th scope="col">' in response.content.decode()


def test_an_account_without_a_role_sees_no_institution(client, network, outsider):
    client.force_login(outsider)
    response = client.get(LIST)
    assert response.status_code == 200
    assert names(response) == []
    shelter = reverse("directory:institution", args=[network["shelter_el"].pk])
    assert client.get(shelter).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("another", {"Another Vision"}),
        ("VISION another", {"Another Vision"}),
        ("prefektura vlore", {"Prefektura Vlorë"}),
        ("korce", {"Prefektura Korçë"}),
        ("KORÇË", {"Prefektura Korçë"}),
        ("AV", {"Another Vision"}),  # the short name
        ("Shelter coalition", {"Another Vision"}),  # the English name
        ("nothing like it", set()),
        ("[.*(", set()),  # regular-expression characters are plain text
    ],
)
def test_search_by_name_ignores_case_and_accents(client, network, ngo_worker, query, expected):
    network["shelter_el"].short_name = "AV"
    network["shelter_el"].name_en = "Shelter coalition member"
    network["shelter_el"].save()
    InstitutionFactory(name="Prefektura Korçë", region=region("AL-06"))
    client.force_login(ngo_worker)
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert set(names(response)) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": "AL-12"}, {"Prefektura Vlorë"}),
        (
            {"region": "AL-03"},
            {
                "Prefektura Elbasan",
                "Drejtoria Vendore e Policisë Elbasan",
                "Njësia e Mbrojtjes së Fëmijëve Elbasan",
                "Another Vision",
            },
        ),
        ({"municipality": "AL216"}, set()),
        ({"type": InstitutionType.SHELTER}, {"Another Vision"}),
        ({"sector": Sector.INTERNATIONAL}, {"IOM Tirana"}),
        ({"service": ServiceType.SAFE_ACCOMMODATION}, {"Another Vision"}),
        ({"service": ServiceType.SAFE_ACCOMMODATION, "region": "AL-12"}, set()),
        ({"region": "AL-03", "type": InstitutionType.PREFECTURE}, {"Prefektura Elbasan"}),
    ],
)
def test_filters_narrow_the_list(client, secretariat_officer, filters, expected):
    client.force_login(secretariat_officer)
    response = client.get(LIST, filters)
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert set(names(response)) == expected


def test_the_municipality_filter_uses_lau_codes(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    code = network["cpu_el"].municipality.code
    response = client.get(LIST, {"municipality": code, "region": "AL-03"})
    assert names(response) == ["Njësia e Mbrojtjes së Fëmijëve Elbasan"]


def test_an_institution_offering_a_service_in_two_places_is_listed_once(
    client, network, secretariat_officer
):
    shelter = network["shelter_el"]
    ServiceOfferingFactory(
        institution=shelter,
        service=ServiceType.SAFE_ACCOMMODATION,
        region=None,
        municipality=shelter.region.municipalities.first(),
    )
    client.force_login(secretariat_officer)
    response = client.get(LIST, {"service": ServiceType.SAFE_ACCOMMODATION})
    assert names(response) == ["Another Vision"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"region": "AL-99"}, "There is no region with the code “AL-99”."),
        ({"municipality": "nowhere"}, "There is no municipality with the code “nowhere”."),
        ({"type": "bogus"}, "Select a valid choice."),
        ({"service": "bogus"}, "Select a valid choice."),
        ({"sector": "<script>"}, "Select a valid choice."),
        ({"q": "x" * 101}, "Ensure this value has at most 100 characters"),
        ({"region": "AL-12", "municipality": "AL213"}, "Elbasan is not in Vlora."),
    ],
)
def test_bad_filters_say_what_is_wrong_and_list_nothing(
    client, secretariat_officer, filters, message
):
    client.force_login(secretariat_officer)
    response = client.get(LIST, filters)
    assert response.status_code == 200
    assert names(response) == []
    body = response.content.decode()
    assert "Some filters could not be used" in body
    assert message in body.replace("&#x27;", "'")
    assert "<script>" not in body


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", ""])
def test_any_page_number_gives_a_page(client, secretariat_officer, page):
    client.force_login(secretariat_officer)
    assert client.get(LIST, {"page": page}).status_code == 200


def test_the_list_is_paginated_by_25_keeping_the_filters(client, network, secretariat_officer):
    InstitutionFactory.create_batch(30, region=region("AL-12"))
    client.force_login(secretariat_officer)
    first = client.get(LIST, {"region": "AL-12"})
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.count == 31
    assert "?region=AL-12&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"region": "AL-12", "page": 2})
    assert len(second.context["page"]) == 6


def test_the_list_takes_the_same_number_of_queries_for_3_or_30_rows(
    client, network, secretariat_officer, same_queries_for_more_rows
):
    client.force_login(secretariat_officer)

    def add(count):
        for institution in InstitutionFactory.create_batch(count, region=region("AL-06")):
            ServiceOfferingFactory(institution=institution)
            ServiceOfferingFactory(institution=institution, service=ServiceType.LEGAL)

    same_queries_for_more_rows(f"{LIST}?region=AL-06&service=psychosocial", add)


def test_htmx_filtering_gets_the_results_alone(client, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(LIST, {"type": "shelter"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Another Vision" in body
    assert "Prefektura Elbasan" not in body
    assert "HX-Request" in response["Vary"]
    restored = client.get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.content.decode()


def test_the_filter_form_works_without_javascript(client, secretariat_officer):
    client.force_login(secretariat_officer)
    body = client.get(LIST).content.decode()
    assert f'method="get" action="{LIST}"' in body
    assert '<label for="id_region">Region:</label>' in body
    assert 'name="q"' in body


def test_an_institution_shows_its_details_contacts_seats_and_services(
    client, network, secretariat_officer
):
    shelter = network["shelter_el"]
    shelter.phone, shelter.email = "+355 54 400 100", "info@anothervision.example"
    shelter.save()
    ContactFactory(institution=shelter, first_name="Mira", last_name="Demo", is_fictional=True)
    ContactFactory(institution=shelter, first_name="Real", last_name="Person", is_fictional=False)
    client.force_login(secretariat_officer)
    response = client.get(reverse("directory:institution", args=[shelter.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ["Shelter", "Civil society", "Elbasan", "+355 54 400 100", "Safe accommodation"]:
        assert text in body
    assert "Mira Demo" in body
    assert body.count(">fictional</small>") == 1
    assert [seat.structure.name for seat in response.context["seats"]] == [
        "Tryeza Teknike Elbasan"
    ]  # the coalition is national and outside an Elbasan officer's reach


def test_another_region_sees_the_institution_but_not_the_structures_beyond_its_reach(
    client, network, other_region_officer
):
    client.force_login(other_region_officer)
    response = client.get(reverse("directory:institution", args=[network["shelter_el"].pk]))
    assert response.status_code == 200
    assert list(response.context["seats"]) == []
    body = response.content.decode()
    assert "Tryeza Teknike Elbasan" not in body
    assert "Safe accommodation" in body


def test_a_missing_institution_is_a_404(client, secretariat_officer):
    client.force_login(secretariat_officer)
    assert client.get(reverse("directory:institution", args=[999_999])).status_code == 404


def test_an_inactive_institution_is_as_missing(client, network, secretariat_officer):
    network["iom"].is_active = False
    network["iom"].save()
    client.force_login(secretariat_officer)
    assert client.get(reverse("directory:institution", args=[network["iom"].pk])).status_code == (
        404
    )
    assert "IOM Tirana" not in names(client.get(LIST))


def test_only_web_addresses_become_links(client, network, secretariat_officer):
    shelter = network["shelter_el"]
    url = reverse("directory:institution", args=[shelter.pk])
    client.force_login(secretariat_officer)
    shelter.website = "https://anothervision.example"
    shelter.save()
    assert 'href="https://anothervision.example"' in client.get(url).content.decode()
    shelter.website = "javascript:alert(1)"  # never through a form, but the page holds anyway
    shelter.save()
    body = client.get(url).content.decode()
    assert "javascript:alert(1)" in body
    assert 'href="javascript' not in body
