"""A request finds its user, role and institution in one query, on pages and on the API
(tryeza/accounts/auth.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import PASSWORD


def _reads_of(queries, table):
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_a_page_reads_user_role_and_institution_in_one_query(client, secretariat_officer):
    client.force_login(secretariat_officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("password_change")).status_code == 200
    users = _reads_of(queries.captured_queries, "accounts_user")
    assert len(users) == 1
    assert '"accounts_role"' in users[0]
    assert '"directory_institution"' in users[0]
    assert _reads_of(queries.captured_queries, "accounts_role") == []
    assert _reads_of(queries.captured_queries, "directory_institution") == []


def test_an_api_call_reads_them_with_the_token(cpu_worker):
    api = APIClient()
    token = api.post(
        reverse("api-token"), {"username": "drita", "password": PASSWORD}, format="json"
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    with CaptureQueriesContext(connection) as queries:
        me = api.get(reverse("api-me"))
    assert me.status_code == 200
    assert me.json()["username"] == "drita"
    tokens = _reads_of(queries.captured_queries, "authtoken_token")
    assert len(tokens) == 1
    assert '"accounts_role"' in tokens[0]
    assert _reads_of(queries.captured_queries, "accounts_role") == []
    assert _reads_of(queries.captured_queries, "directory_institution") == []


def test_a_deactivated_account_is_signed_out_of_its_session(client, cpu_worker):
    client.force_login(cpu_worker)
    cpu_worker.is_active = False
    cpu_worker.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
