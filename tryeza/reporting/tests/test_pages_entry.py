"""The entry page from the outside: an institution enters its own figures, and only its
own; wrong figures change nothing and say which element and why, in the person's language."""

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape

from tryeza.reporting import selectors, services
from tryeza.reporting.models import DataReturn, ElementBounds, ReturnStatus, Value
from tryeza.reporting.periods import current_half
from tryeza.reporting.tests.conftest import PERIOD, fill, victims
from tryeza.reporting.validation import validate

pytestmark = pytest.mark.django_db

ELBASAN = "AL-03"
Q1_TOTAL = "n__victims_identified__2026Q1____"
Q2_TOTAL = "n__victims_identified__2026Q2____"
Q1_FEMALE = "n__victims_identified__2026Q1__sex__female"
NOTES = "t__identification_notes__2026S1"


def entry_url(region: str = ELBASAN, period: str = PERIOD) -> str:
    return reverse("reporting:entry", kwargs={"region": region, "period": period})


def post(client: Any, version: int, action: str = "save", **fields: str) -> Any:
    return client.post(entry_url(), {"version": str(version), "action": action, **fields})


def police_return(network: Any) -> DataReturn:
    return selectors.return_for(network["elbasan"].pk, network["police_el"], PERIOD)


def test_the_police_enter_and_submit_their_figures(
    client: Any, network: Any, committee_member: Any
) -> None:
    client.force_login(committee_member)
    page = client.get(entry_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert f'name="{Q1_TOTAL}"' in body
    assert f'name="{Q1_FEMALE}"' in body
    assert f'name="{NOTES}"' in body
    version = page.context["data_return"].version

    saved = post(client, version, **{Q1_TOTAL: "3", Q2_TOTAL: " 4 ", Q1_FEMALE: "2"})
    assert saved.status_code == 302
    data_return = police_return(network)
    assert selectors.numbers_of([data_return])[data_return.pk] == {
        ("victims_identified", "2026Q1", "", ""): 3,
        ("victims_identified", "2026Q2", "", ""): 4,
        ("victims_identified", "2026Q1", "sex", "female"): 2,
    }

    submitted = post(client, data_return.version, "submit", **{Q1_TOTAL: "3", Q2_TOTAL: "4"})
    assert submitted.status_code == 302
    assert police_return(network).status == ReturnStatus.SUBMITTED
    # Submitted figures are shown, not offered for editing.
    body = client.get(entry_url()).content.decode()
    assert f'name="{Q1_TOTAL}"' not in body
    assert "Submitted on" in body


def test_no_url_takes_an_institution(network: Any) -> None:
    with pytest.raises(NoReverseMatch):
        reverse(
            "reporting:entry",
            kwargs={"region": ELBASAN, "period": PERIOD, "institution": network["police_el"].pk},
        )


def test_the_ngo_sees_and_changes_only_its_own_figures(
    client: Any, network: Any, committee_member: Any, ngo_worker: Any
) -> None:
    police = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(ngo_worker)
    page = client.get(entry_url())
    assert page.context["data_return"].institution == network["shelter_el"]
    body = page.content.decode()
    assert "Another Vision" in body
    assert network["police_el"].name not in body
    assert f'name="{Q1_TOTAL}" value="3"' not in body

    post(client, page.context["data_return"].version, **{Q1_TOTAL: "9"})
    police.refresh_from_db()
    assert selectors.numbers_of([police])[police.pk][("victims_identified", "2026Q1", "", "")] == 3


@pytest.mark.parametrize("who", ["other_region_officer", "observer", "outsider"])
def test_people_outside_elbasan_get_404(client: Any, network: Any, who: str, request: Any) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(entry_url()).status_code == 404
    assert post(client, 1, **{Q1_TOTAL: "1"}).status_code == 404
    assert not DataReturn.objects.exists()


def test_onac_enters_nothing_and_bad_addresses_are_404(
    client: Any, network: Any, national_coordinator: Any, committee_member: Any
) -> None:
    client.force_login(national_coordinator)
    assert client.get(entry_url()).status_code == 404
    client.force_login(committee_member)
    assert client.get(entry_url(region="XX-99")).status_code == 404
    assert client.get(f"/reports/{ELBASAN}/2026S3/figures/").status_code == 404
    assert client.get(f"/reports/{ELBASAN}/2026Q1/figures/").status_code == 404
    assert client.get(entry_url(period="2099S1")).status_code == 404
    assert not DataReturn.objects.exists()


def test_a_wrong_breakdown_changes_nothing_and_says_why(
    client: Any, network: Any, committee_member: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(committee_member)
    response = post(
        client, data_return.version, **{Q1_TOTAL: "3", Q2_TOTAL: "4", Q1_FEMALE: "9", NOTES: "x"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved." in body
    message = "Victims of trafficking identified, 2026Q1: the figures by sex add up to 9"
    # At the top and beside the element.
    assert body.count(message) == 2
    # What the person typed is still there.
    assert f'name="{Q1_FEMALE}" value="9"' in body
    assert Value.objects.filter(category="female").count() == 0
    assert not Value.objects.exclude(text="").exists()
    data_return.refresh_from_db()
    assert data_return.version == 2  # one save by fill(), none since


def test_the_problem_is_said_in_albanian(client: Any, network: Any, committee_member: Any) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(committee_member)
    client.post(reverse("set_language"), {"language": "sq"})
    bad = {**victims(3, 4), ("victims_identified", "2026Q1", "sex", "female"): 9}
    with translation.override("sq"):
        expected = validate(
            bad,
            half=PERIOD,
            municipalities=selectors.municipalities_of(network["elbasan"].pk),
            ranges={},
        )[0].message
    response = post(client, data_return.version, **{Q1_TOTAL: "3", Q2_TOTAL: "4", Q1_FEMALE: "9"})
    body = response.content.decode()
    assert '<html lang="sq">' in body
    assert escape(expected) in body


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a whole number, such as 0 or 12."),
        ("-3", "A figure cannot be negative."),
        ("2.5", "Enter a whole number, such as 0 or 12."),
    ],
)
def test_a_figure_that_is_not_a_count_is_refused(
    client: Any, network: Any, committee_member: Any, typed: str, message: str
) -> None:
    client.force_login(committee_member)
    response = post(client, 1, **{Q1_TOTAL: typed})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Victims of trafficking identified, 2026Q1: {message}" in body
    assert f'value="{typed}"' in body
    assert not Value.objects.exists()


def test_a_figure_outside_onac_range_is_refused(
    client: Any, network: Any, committee_member: Any
) -> None:
    ElementBounds.objects.create(element="victims_identified", minimum=0, maximum=50)
    client.force_login(committee_member)
    body = post(client, 1, **{Q1_TOTAL: "500"}).content.decode()
    assert "500 is outside the expected range 0–50" in body
    assert not Value.objects.exists()


def test_a_stale_version_says_someone_else_saved(
    client: Any, network: Any, committee_member: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4), submit=False)
    client.force_login(committee_member)
    body = post(client, data_return.version - 1, **{Q1_TOTAL: "8"}).content.decode()
    assert "Someone else saved this while you were editing it." in body
    assert f'name="{Q1_TOTAL}" value="8"' in body
    data_return.refresh_from_db()
    assert (
        selectors.numbers_of([data_return])[data_return.pk][
            ("victims_identified", "2026Q1", "", "")
        ]
        == 3
    )


def test_returned_figures_show_the_comment_and_can_be_changed(
    client: Any, network: Any, committee_member: Any, secretariat_officer: Any
) -> None:
    data_return = fill(committee_member, network["police_el"], victims(3, 4))
    services.return_send_back(
        user=secretariat_officer, data_return=data_return, comment="Check the second quarter."
    )
    client.force_login(committee_member)
    body = client.get(entry_url()).content.decode()
    assert "Check the second quarter." in body
    assert f'name="{Q1_TOTAL}" value="3"' in body


def test_approved_figures_are_read_only(
    client: Any, network: Any, committee_member: Any, secretariat_officer: Any
) -> None:
    fill(committee_member, network["police_el"], victims(3, 4))
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    services.report_approve(user=secretariat_officer, report=report)
    # The prefecture has not reported: its return is locked too.
    client.force_login(secretariat_officer)
    body = client.get(entry_url()).content.decode()
    assert "its figures are locked" in body
    assert f'name="{Q1_TOTAL}"' not in body
    response = client.post(entry_url(), {"version": "1", Q1_TOTAL: "1"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    assert not Value.objects.filter(data_return__institution=network["prefecture_el"]).exists()


def test_the_index_lists_the_region_half_years(
    client: Any, network: Any, police_return: Any, ngo_worker: Any
) -> None:
    client.force_login(ngo_worker)
    response = client.get(reverse("reporting:index"))
    assert response.status_code == 200
    halves = response.context["half_years"]
    assert len(halves) == 5
    assert current_half() in [h.period for h in halves]
    body = response.content.decode()
    assert entry_url(period=current_half().code) in body
    if current_half().code == PERIOD:
        row = next(h for h in halves if h.period.code == PERIOD)
        assert (row.submitted, row.expected) == (1, 4)
        assert row.own_status is None


def test_the_index_for_onac_lists_the_regions(client: Any, national_coordinator: Any) -> None:
    client.force_login(national_coordinator)
    response = client.get(reverse("reporting:index"))
    assert response.status_code == 200
    assert len(response.context["regions"]) == 12
    body = response.content.decode()
    assert (
        reverse("reporting:region", kwargs={"region": ELBASAN, "period": current_half().code})
        in body
    )


@pytest.mark.parametrize("who", ["observer", "outsider"])
def test_the_index_is_404_for_who_reaches_no_region(client: Any, who: str, request: Any) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reporting:index")).status_code == 404


def test_onac_sets_the_expected_ranges(
    client: Any, national_coordinator: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    assert client.get(reverse("reporting:ranges")).status_code == 404
    assert client.post(reverse("reporting:ranges"), {}).status_code == 404

    client.force_login(national_coordinator)
    page = client.get(reverse("reporting:ranges"))
    data = {name: field.initial for name, field in page.context["form"].fields.items()}
    data = {k: "" if v is None else str(v) for k, v in data.items()}
    data |= {
        "min__victims_identified": "0",
        "max__victims_identified": "200",
        "tol__victims_identified": "20",
    }
    assert client.post(reverse("reporting:ranges"), data).status_code == 302
    bounds = ElementBounds.objects.get()
    assert (bounds.element, bounds.maximum, bounds.tolerance_percent) == (
        "victims_identified",
        200,
        20,
    )

    data["max__projects_done"] = "0"
    data["min__projects_done"] = "5"
    body = client.post(reverse("reporting:ranges"), data).content.decode()
    assert "The maximum cannot be less than the minimum." in body
    assert ElementBounds.objects.count() == 1
