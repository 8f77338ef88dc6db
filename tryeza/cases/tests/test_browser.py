"""In a real Chromium: a Child Protection Unit worker registers a girl at risk, screens
her, refers her to the shelter and the police at once; the shelter accepts; a committee
member then sees only a code and a count."""

import pytest

from conftest import PASSWORD

from .conftest import PLANTED_VALUES

pytestmark = pytest.mark.browser


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("header form[action$='/logout/']")


def test_from_registration_to_a_committee_count(
    live_geography, live_server, page, network, cpu_worker, ngo_worker, committee_member
):
    page.set_default_timeout(10_000)
    sign_in(page, live_server, cpu_worker)
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("input[name=first_name]", "Shpresa")
    page.fill("input[name=last_name]", "Zyberaj")
    page.fill("input[name=date_of_birth]", "2011-03-14")
    page.fill("input[name=guardian]", "Mother, Drita Zyberaj")
    page.select_option("select[name=stage]", "at_risk")
    page.select_option("select[name=identification_kind]", "informal")
    page.select_option("select[name=identified_by]", "teacher")
    page.fill("input[name=identified_on]", "2026-10-02")
    page.select_option("select[name=sex]", "female")
    page.fill("input[name=citizenship]", "AL")
    page.select_option("select[name=exploitation]", "none_yet")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/cases/EL-*/")
    code = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert "Shpresa" not in page.content()  # the case page shows the code, not the name

    page.goto(f"{live_server.url}/cases/{code}/screening/")
    for indicator in ("school_abandonment", "family_crisis", "blood_feud"):
        page.check(f"input[name=indicators][value={indicator}]")
    page.locator("form:has(input[name=action][value=screening]) button[type=submit]").click()
    page.get_by_text("score 7").first.wait_for()

    page.goto(f"{live_server.url}/cases/{code}/refer/")
    page.check(f"input[name=to][value='{network['shelter_el'].pk}']")
    page.check(f"input[name=to][value='{network['police_el'].pk}']")
    page.check("input[name=consent_parts][value=profile]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()

    sign_in(page, live_server, ngo_worker)
    page.goto(f"{live_server.url}/cases/referrals/")
    row = page.locator("tr", has_text=code)
    row.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert network["shelter_el"].referrals_received.get().status == "accepted"

    sign_in(page, live_server, committee_member)
    page.goto(f"{live_server.url}/cases/")
    counts = page.locator("main").inner_text()
    assert "Elbasan" in counts
    assert page.locator("tr", has_text="Elbasan").locator("td").first.inner_text() == "1"
    assert code not in counts
    for value in PLANTED_VALUES:
        assert value not in page.content()
    response = page.goto(f"{live_server.url}/cases/{code}/")
    assert response is not None and response.status == 404
