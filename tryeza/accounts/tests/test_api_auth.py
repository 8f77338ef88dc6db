"""Signing in to the API: tokens, lockout, sessions, and who the caller is."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import PASSWORD


@pytest.fixture
def api():
    return APIClient()


def get_token(api, username, password=PASSWORD):
    return api.post(
        reverse("api-token"), {"username": username, "password": password}, format="json"
    )


def test_a_case_worker_exchanges_her_password_for_a_token_and_reads_with_it(api, cpu_worker):
    response = get_token(api, "drita")
    assert response.status_code == 200
    token = response.json()["token"]

    reader = APIClient()
    reader.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = reader.get(reverse("api-me"))
    assert me.status_code == 200
    assert me.json()["username"] == "drita"


def test_asking_twice_gives_the_same_token(api, cpu_worker):
    assert get_token(api, "drita").json() == get_token(api, "drita").json()


def test_a_wrong_password_gets_a_clear_400(api, cpu_worker):
    response = get_token(api, "drita", "wrong")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Unable to sign in with that username and password."


def test_missing_credentials_name_the_missing_fields(api, db):
    response = api.post(reverse("api-token"), {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"username", "password"}


def test_five_failures_lock_the_token_endpoint_even_with_the_right_password(api, cpu_worker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert get_token(api, "drita", "wrong").status_code == 400
    locked = get_token(api, "drita", "wrong")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"

    response = get_token(api, "drita")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "locked_out"
    assert "Too many failed sign-ins. Try again in" in error["message"]
    assert "token" not in response.json()


def test_a_success_clears_the_earlier_failures(api, cpu_worker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        get_token(api, "drita", "wrong")
    assert get_token(api, "drita").status_code == 200
    assert get_token(api, "drita", "wrong").status_code == 400


def test_failures_on_the_api_and_on_the_sign_in_page_add_up(api, client, cpu_worker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        get_token(api, "drita", "wrong")
    client.post(reverse("login"), {"username": "drita", "password": "wrong"})
    assert get_token(api, "drita").status_code == 429


def test_an_invalid_token_is_refused_in_the_error_format(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api.get(reverse("api-me"))
    # 401 when token authentication comes first in the settings, 403 when the session does.
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "authentication_failed"


def test_the_token_of_a_deactivated_account_stops_working(api, cpu_worker):
    token = get_token(api, "drita").json()["token"]
    cpu_worker.is_active = False
    cpu_worker.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get(reverse("api-me"))
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "authentication_failed"


def test_me_tells_the_secretariat_officer_her_role_reach_and_institution(
    api, secretariat_officer, network
):
    api.force_authenticate(secretariat_officer)
    me = api.get(reverse("api-me")).json()
    assert me["role"]["code"] == "secretariat_officer"
    assert me["reach"] == "region"
    assert me["institution"]["id"] == network["prefecture_el"].pk
    assert me["institution"]["region"] == "AL-03"


def test_me_in_a_browser_session_works_without_a_token(client, national_coordinator):
    client.force_login(national_coordinator)
    me = client.get(reverse("api-me")).json()
    assert me["reach"] == "national"
    assert me["institution"]["region"] is None


def test_me_for_an_outsider_says_it_reaches_nothing(api, outsider):
    api.force_authenticate(outsider)
    me = api.get(reverse("api-me")).json()
    assert me == {
        "username": "outsider",
        "first_name": outsider.first_name,
        "last_name": outsider.last_name,
        "email": outsider.email,
        "role": None,
        "reach": None,
        "institution": None,
    }


def test_me_without_signing_in_is_refused_in_the_error_format(api, db):
    response = api.get(reverse("api-me"))
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


def test_the_token_endpoint_only_takes_post(api, db):
    response = api.get(reverse("api-token"))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
