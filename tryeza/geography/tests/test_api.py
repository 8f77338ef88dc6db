"""The geography through the API: regions by ISO code, municipalities, cluster groups."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tryeza.geography.models import Municipality, Region


@pytest.fixture
def api():
    return APIClient()


def test_a_secretariat_officer_lists_every_region_with_its_municipalities(api, secretariat_officer):
    api.force_authenticate(secretariat_officer)
    page = api.get(reverse("api-region-list")).json()
    assert page["count"] == Region.objects.count() == 12
    assert set(page) == {"count", "next", "previous", "results"}
    elbasan = next(r for r in page["results"] if r["code"] == "AL-03")
    assert elbasan["name"] == "Elbasan"
    assert (
        len(elbasan["municipalities"]) == Municipality.objects.filter(region__code="AL-03").count()
    )


def test_a_region_is_found_by_its_iso_code(api, observer):
    api.force_authenticate(observer)
    region = api.get(reverse("api-region-detail", args=["AL-12"])).json()
    assert (region["name"], region["name_en"]) == ("Vlorë", "Vlora")
    assert {m["name"] for m in region["municipalities"]} >= {"Vlorë", "Himarë"}


def test_an_unknown_region_code_in_the_path_is_a_404_in_the_error_format(api, observer):
    api.force_authenticate(observer)
    response = api.get(reverse("api-region-detail", args=["XX-99"]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_municipalities_filter_by_region_code(api, cpu_worker):
    api.force_authenticate(cpu_worker)
    page = api.get(reverse("api-municipality-list"), {"region": "AL-03", "page_size": 100}).json()
    assert page["count"] == Municipality.objects.filter(region__code="AL-03").count()
    assert {m["region"] for m in page["results"]} == {"AL-03"}
    assert "Peqin" in {m["name"] for m in page["results"]}


def test_an_unknown_region_code_in_a_filter_is_a_clear_400(api, cpu_worker):
    api.force_authenticate(cpu_worker)
    response = api.get(reverse("api-municipality-list"), {"region": "XX-99"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "Some of the values sent are not valid: see “fields”.",
            "fields": {"region": ["Unknown region code 'XX-99'."]},
        }
    }


def test_a_municipality_is_found_by_its_lau_code(api, cpu_worker):
    code = Municipality.objects.get(name="Peqin").code
    api.force_authenticate(cpu_worker)
    municipality = api.get(reverse("api-municipality-detail", args=[code])).json()
    assert municipality == {"code": code, "name": "Peqin", "name_en": "Peqin", "region": "AL-03"}


def test_cluster_groups_list_their_municipalities_by_code(api, national_coordinator):
    api.force_authenticate(national_coordinator)
    eastern = api.get(reverse("api-cluster-group-detail", args=["eastern"])).json()
    permet = Municipality.objects.get(name="Përmet").code
    assert permet in eastern["municipalities"]
    page = api.get(reverse("api-cluster-group-list")).json()
    assert {c["code"] for c in page["results"]} == {"northern", "central", "eastern", "southern"}


@pytest.mark.parametrize(
    "url",
    [
        reverse("api-region-list"),
        reverse("api-municipality-list"),
        reverse("api-cluster-group-list"),
    ],
)
def test_an_outsider_sees_no_geography(api, outsider, url):
    api.force_authenticate(outsider)
    assert api.get(url).json()["count"] == 0


def test_an_outsider_gets_404_for_a_region(api, outsider):
    api.force_authenticate(outsider)
    assert api.get(reverse("api-region-detail", args=["AL-03"])).status_code == 404


def test_anonymous_callers_are_refused_in_the_error_format(api, db):
    response = api.get(reverse("api-region-list"))
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_listing_regions_takes_a_fixed_number_of_queries(
    api, secretariat_officer, django_assert_max_num_queries
):
    api.force_authenticate(secretariat_officer)
    # count, page, municipalities: the number does not grow with the regions.
    with django_assert_max_num_queries(4):
        api.get(reverse("api-region-list"))
