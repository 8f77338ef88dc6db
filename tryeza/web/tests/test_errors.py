"""Error pages: in the shell where they can be, plain and self-contained for a 500."""

import pytest
from django.template.loader import get_template
from django.urls import path, reverse


def test_an_unknown_address_gets_the_not_found_page_in_the_shell(client, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert f'href="{reverse("home")}"' in body
    assert "Skip to content" in body


def test_the_server_error_page_renders_without_any_context():
    body = get_template("500.html").render({})
    assert "Something went wrong" in body
    assert "{%" not in body


def broken(request):
    raise RuntimeError("a failure the user must not see the details of")


urlpatterns = [path("broken/", broken)]


@pytest.mark.urls(__name__)
def test_a_failure_serves_the_plain_server_error_page(client, db):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "RuntimeError" not in body


def test_two_missing_pages_are_byte_for_byte_the_same(client, secretariat_officer):
    # What a missing page shows must not depend on the request, or a page that exists but
    # is not allowed could be told apart from one that does not exist.
    client.force_login(secretariat_officer)
    first = client.get("/directory/nothing-here/")
    second = client.get("/directory/nothing-there/")
    assert first.status_code == second.status_code == 404
    assert first.content == second.content
