"""The API as a whole: its OpenAPI description, its docs page, and one error format for
every kind of failure, none of which leaks what caused it."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path, reverse
from drf_spectacular.validation import validate_schema
from rest_framework.exceptions import Throttled
from rest_framework.test import APIClient
from rest_framework.views import APIView

PLANTED = "Shpresa Zyberaj"


class Failing(APIView):
    """Raises whatever the test names, as an endpoint deep in a later feature might."""

    failures = {
        "throttled": lambda: Throttled(wait=42),
        "forbidden": lambda: PermissionDenied(f"no access to {PLANTED}"),
        "missing": lambda: Http404(f"No Case matches {PLANTED}"),
        "crash": lambda: ValueError(f"could not file the case of {PLANTED}"),
    }

    def get(self, request, kind):
        raise self.failures[kind]()


# The real API plus a failing endpoint, for the tests marked with this module's URLs.
urlpatterns = [
    path("fail/<str:kind>/", Failing.as_view()),
    path("", include("tryeza.urls")),
]


@pytest.fixture
def api():
    return APIClient()


def error_of(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert error["code"] and error["message"]
    return error


# --- The description --------------------------------------------------------------------------


def test_the_schema_is_valid_openapi_3_with_every_endpoint(api, observer):
    api.force_authenticate(observer)
    response = api.get(reverse("api-schema"))
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{code}/",
        "/api/v1/cluster-groups/",
        "/api/v1/cluster-groups/{code}/",
        "/api/v1/institutions/",
        "/api/v1/institutions/{id}/",
        "/api/v1/structures/",
        "/api/v1/structures/{id}/",
        "/api/v1/memberships/",
        "/api/v1/services/",
    }


def test_the_schema_documents_filters_pages_and_the_error_format(api, observer):
    api.force_authenticate(observer)
    schema = api.get(reverse("api-schema")).json()
    listing = schema["paths"]["/api/v1/institutions/"]["get"]
    parameters = {p["name"] for p in listing["parameters"]}
    assert parameters >= {"region", "municipality", "type", "sector", "service", "q", "page"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["error"]
    assert listing["responses"]["4XX"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "## Errors" in schema["info"]["description"]


def test_the_schema_is_for_signed_in_users_only(api, db):
    error = error_of(api.get(reverse("api-schema")), 401)
    assert error["code"] == "not_authenticated"


def test_the_docs_page_loads_swagger_from_our_own_static_files(client, cpu_worker):
    client.force_login(cpu_worker)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in page
    assert reverse("api-schema") in page
    # Nothing is fetched from another host: the machine may have no internet.
    assert 'src="http' not in page and 'href="http' not in page


def test_the_docs_page_asks_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- One error format ---------------------------------------------------------------------------


def test_an_address_that_does_not_exist_is_a_json_404(api, db):
    error = error_of(api.get("/api/v1/no-such-thing/"), 404)
    assert error["code"] == "not_found"


def test_a_method_an_endpoint_does_not_take_is_a_405_naming_it(api, cpu_worker):
    api.force_authenticate(cpu_worker)
    error = error_of(api.delete(reverse("api-region-detail", args=["AL-03"])), 405)
    assert error["code"] == "method_not_allowed"
    assert error["message"] == "This address does not accept the DELETE method."


def test_a_body_that_is_not_json_is_a_400_parse_error(api, db):
    response = api.post(reverse("api-token"), data="{not json", content_type="application/json")
    error = error_of(response, 400)
    assert error["code"] == "parse_error"


def test_a_body_in_an_unknown_format_is_a_415(api, db):
    response = api.post(reverse("api-token"), data="x", content_type="text/csv")
    assert error_of(response, 415)["code"] == "unsupported_media_type"


def test_a_session_write_without_csrf_token_is_refused_with_advice(cpu_worker):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(cpu_worker)
    error = error_of(browser.post(reverse("api-me"), {}, format="json"), 403)
    assert error["code"] == "csrf_failed"
    assert "X-CSRFToken" in error["message"]


def test_a_too_long_password_is_a_400_not_a_500(api, db):
    response = api.post(
        reverse("api-token"), {"username": "x" * 10_000, "password": "y" * 10_000}, format="json"
    )
    error = error_of(response, 400)
    assert set(error["fields"]) == {"username", "password"}


@pytest.mark.urls(__name__)
def test_throttling_says_how_long_to_wait(api, cpu_worker):
    api.force_authenticate(cpu_worker)
    response = api.get("/fail/throttled/")
    error = error_of(response, 429)
    assert error["code"] == "throttled"
    assert error["message"] == "Too many requests. Try again in 42 seconds."
    assert response["Retry-After"] == "42"


@pytest.mark.urls(__name__)
def test_a_refusal_is_a_403_that_does_not_repeat_its_reason(api, cpu_worker):
    api.force_authenticate(cpu_worker)
    error = error_of(api.get("/fail/forbidden/"), 403)
    assert error["code"] == "permission_denied"
    assert PLANTED not in error["message"]


@pytest.mark.urls(__name__)
def test_every_404_says_the_same_whatever_raised_it(api, cpu_worker):
    api.force_authenticate(cpu_worker)
    raised = error_of(api.get("/fail/missing/"), 404)
    unknown = error_of(api.get("/api/v1/structures/999999/"), 404)
    assert raised == unknown
    assert raised["message"] == "There is nothing here, or nothing you are allowed to see."


@pytest.mark.urls(__name__)
def test_an_unexpected_failure_is_a_500_that_leaks_nothing(api, cpu_worker, settings, caplog):
    settings.DEBUG = False
    api.force_authenticate(cpu_worker)
    with caplog.at_level(logging.ERROR, logger="tryeza.api"):
        response = api.get("/fail/crash/")
    error = error_of(response, 500)
    assert error["code"] == "server_error"
    assert PLANTED not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "tryeza.api"]
    for handler in logging.getLogger().handlers:
        line = handler.format(record)
        assert "ValueError" in line
        assert "Shpresa" not in line
