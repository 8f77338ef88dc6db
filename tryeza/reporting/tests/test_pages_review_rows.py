"""The committee page's long lists: who reported (sixty rows in a real region, no form in
any of them: the secretariat opens the one it needs) and the review trail (its newest
events, all of them on request)."""

from typing import Any

import pytest
from django.urls import reverse

from tryeza.reporting import selectors, services
from tryeza.reporting.models import ReturnStatus, ReviewAction, ReviewEvent
from tryeza.reporting.tests.conftest import PERIOD, fill, victims
from tryeza.reporting.views.review import TRAIL_SHOWN

pytestmark = pytest.mark.django_db

ELBASAN = "AL-03"


def url(name: str = "region", region: str = ELBASAN) -> str:
    return reverse(f"reporting:{name}", kwargs={"region": region, "period": PERIOD})


def form_url(data_return: Any, region: str = ELBASAN) -> str:
    return f"{url('return-send-back', region)}?data_return={data_return.pk}"


def test_a_submitted_return_has_a_link_to_its_form_and_no_form_in_the_page(
    client: Any, network: Any, police_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    page = client.get(url())
    body = page.content.decode()
    assert f'href="{form_url(police_return)}"' in body
    assert f'hx-get="{form_url(police_return)}"' in body
    assert 'name="comment"' not in body  # the one form in the page is the analysis's
    police = next(r for r in page.context["reporters"] if r.submitted_id == police_return.pk)
    assert police.status == "Submitted"
    assert police.submitted_on  # the day, as the language writes it
    assert police.name == "Drejtoria Vendore e Policisë Elbasan"
    not_started = [r for r in page.context["reporters"] if r.status == "not started"]
    assert not_started and all(r.submitted_id is None for r in not_started)


def test_the_form_opens_inline_with_htmx_and_on_its_own_page_without(
    client: Any, network: Any, police_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    client.get(url())  # the page first, as the secretariat does
    fragment = client.get(form_url(police_return), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith("<form")
    assert "<html" not in fragment
    assert f'value="{police_return.pk}"' in fragment
    assert f'id="id_send_back_{police_return.pk}_comment"' in fragment
    page = client.get(form_url(police_return)).content.decode()
    assert "Return the figures of Drejtoria Vendore e Policisë Elbasan" in page
    assert '<textarea name="comment"' in page
    # What the form posts returns the figures, as before.
    response = client.post(
        url("return-send-back"),
        {"data_return": police_return.pk, "comment": "Q2 looks low."},
        follow=True,
    )
    assert "The figures were returned to the institution." in response.content.decode()
    # The page read before the change was kept (figures_cache): what it shows now is new.
    police = next(r for r in response.context["reporters"] if r.name.startswith("Drejtoria V"))
    assert (police.status, police.submitted_id) == ("Returned for correction", None)
    assert "Q2 looks low." in response.content.decode()
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.RETURNED
    # Opened again (another tab, a colleague): no form, and why.
    again = client.get(form_url(police_return), HTTP_HX_REQUEST="true").content.decode()
    assert "<form" not in again
    assert "no longer waiting for review (Returned" in again


def test_the_form_is_not_offered_once_the_report_is_approved(
    client: Any, network: Any, police_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    report = selectors.report_for(network["elbasan"].pk, PERIOD)
    services.report_approve(user=secretariat_officer, report=report)
    assert form_url(police_return) not in client.get(url()).content.decode()
    late = client.get(form_url(police_return)).content.decode().split("<main")[1]
    assert "<form" not in late
    assert "The report is approved: ask ONAC to return it first." in late


@pytest.mark.parametrize(
    "who", ["committee_member", "other_region_officer", "observer", "outsider", "ngo_worker"]
)
def test_people_who_do_not_review_get_404_for_the_form(
    client: Any, network: Any, police_return: Any, who: str, request: Any
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(form_url(police_return)).status_code == 404
    assert client.get(form_url(police_return), HTTP_HX_REQUEST="true").status_code == 404


def test_a_return_of_another_region_or_no_return_is_404(
    client: Any, network: Any, secretariat_officer: Any, other_region_officer: Any
) -> None:
    vlore = fill(other_region_officer, network["prefecture_vl"], victims(1, 1))
    client.force_login(secretariat_officer)
    assert client.get(form_url(vlore)).status_code == 404
    # Vlorë's page through Elbasan's secretariat: not theirs either.
    assert client.get(form_url(vlore, "AL-12")).status_code == 404
    for bad in ("", "abc", "999999"):
        answer = client.get(f"{url('return-send-back')}?data_return={bad}")
        assert answer.status_code == 404


def _events(network: Any, user: Any, count: int) -> None:
    for n in range(count):
        ReviewEvent.objects.create(
            region=network["elbasan"],
            period=PERIOD,
            action=ReviewAction.RETURNED,
            institution=network["police_el"],
            comment=f"Correction number {n}.",
            by=user,
        )


def test_the_trail_shows_its_newest_events_and_all_on_request(
    client: Any, network: Any, secretariat_officer: Any
) -> None:
    _events(network, secretariat_officer, TRAIL_SHOWN + 2)
    client.force_login(secretariat_officer)
    body = client.get(url()).content.decode()
    newest, oldest = f"Correction number {TRAIL_SHOWN + 1}.", "Correction number 0."
    assert newest in body and oldest not in body
    assert f"The newest {TRAIL_SHOWN} of {TRAIL_SHOWN + 2} events" in body
    assert f"The whole trail ({TRAIL_SHOWN + 2} events)" in body
    whole = client.get(url() + "?trail=all").content.decode()
    assert newest in whole and oldest in whole
    assert whole.index(newest) < whole.index(oldest)  # newest first
    assert "The whole trail" not in whole


def test_a_short_trail_is_shown_whole(
    client: Any, network: Any, police_return: Any, secretariat_officer: Any
) -> None:
    client.force_login(secretariat_officer)
    body = client.get(url()).content.decode()
    assert "Newest first" in body
    assert "The whole trail" not in body


def test_the_trail_is_not_shown_beyond_the_region_even_in_full(
    client: Any, network: Any, secretariat_officer: Any, other_region_officer: Any
) -> None:
    _events(network, secretariat_officer, TRAIL_SHOWN + 2)
    client.force_login(other_region_officer)
    assert client.get(url() + "?trail=all").status_code == 404


def test_who_reports_follows_the_directory_as_the_admin_edits_it(
    client: Any, network: Any, police_return: Any, secretariat_officer: Any, system_admin: Any
) -> None:
    """Who is expected to report is kept with the page's figures; a membership added or
    made an observer's in the admin shows at the next visit."""
    from tryeza.directory.models import Membership, MembershipRole
    from tryeza.factories import InstitutionFactory

    newcomer = InstitutionFactory.create(name="Qendra e Re Elbasan", region=network["elbasan"])

    def reporters() -> list[str]:
        client.force_login(secretariat_officer)
        return [r.name for r in client.get(url()).context["reporters"]]

    assert "Qendra e Re Elbasan" not in reporters()  # and the list is kept
    system_admin.is_staff = True
    system_admin.save()
    client.force_login(system_admin)
    added = client.post(
        reverse("admin:directory_membership_add"),
        {"structure": network["table_el"].pk, "institution": newcomer.pk, "role": "member"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    assert "Qendra e Re Elbasan" in reporters()

    membership = Membership.objects.get(institution=newcomer)
    client.force_login(system_admin)
    changed = client.post(
        reverse("admin:directory_membership_change", args=[membership.pk]),
        {
            "structure": network["table_el"].pk,
            "institution": newcomer.pk,
            "role": MembershipRole.OBSERVER,
        },
    )
    assert changed.status_code == 302
    assert "Qendra e Re Elbasan" not in reporters()
