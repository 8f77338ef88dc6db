"""In a real Chromium: a Technical Secretariat officer switches to Albanian and finds who
offers safe accommodation in Elbasan."""

import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def test_secretariat_officer_finds_safe_accommodation_in_albanian(
    live_geography, live_server, page, network, secretariat_officer
):
    page.set_default_timeout(10_000)
    sign_in(page, live_server, secretariat_officer.username)
    page.click("form.language button[value=sq]")
    page.wait_for_selector("html[lang=sq]")
    assert page.locator("header").get_by_text("Dil").count() == 1  # "Sign out"

    page.goto(f"{live_server.url}/directory/services/")
    page.select_option("select[name=service]", "safe_accommodation")
    page.select_option("select[name=region]", "AL-03")
    page.locator("form.filters button[type=submit]").click()
    results = page.locator("#results")
    results.get_by_text("Another Vision").wait_for()
    assert "Strehim i sigurt" in results.inner_text()  # "Safe accommodation"
    assert page.locator("html").get_attribute("lang") == "sq"
    page.locator("#results").get_by_role("link", name="Another Vision").first.click()
    page.wait_for_url("**/directory/institutions/*/")
    assert "Another Vision" in page.locator("h1").inner_text()
