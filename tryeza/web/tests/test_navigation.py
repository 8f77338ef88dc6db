"""Navigation by role: read from the NAVIGATION table, missing pages left out."""

import pytest
from django.urls import NoReverseMatch, reverse

from tryeza.web import context_processors
from tryeza.web.context_processors import NavItem, links_for


def labels(user, path="/"):
    return [str(link.label) for link in links_for(user, path)]


def urls(user):
    return {link.url for link in links_for(user, "/")}


def mounted(url_name):
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@pytest.mark.parametrize(
    "persona",
    ["national_coordinator", "secretariat_officer", "ngo_worker", "observer", "system_admin"],
)
def test_every_member_of_the_network_sees_home_and_the_mounted_directory(persona, request):
    user = request.getfixturevalue(persona)
    seen = urls(user)
    assert reverse("home") in seen
    for name in ["directory:institutions", "directory:structures", "directory:services"]:
        if mounted(name):
            assert mounted(name) in seen


def test_an_account_that_is_not_set_up_sees_home_only(outsider):
    assert labels(outsider) == ["Home"]


def test_anonymous_visitors_see_no_navigation(client, db):
    response = client.get(reverse("login"))
    assert response.context["navigation"] == []
    assert 'aria-label="Main"' not in response.content.decode()


def test_administration_is_for_staff_system_administrators(system_admin, national_coordinator):
    assert "Administration" not in labels(system_admin)  # not staff: the admin would refuse
    system_admin.is_staff = True
    assert "Administration" in labels(system_admin)
    national_coordinator.is_staff = True
    assert "Administration" not in labels(national_coordinator)


def test_superusers_see_administration(outsider):
    outsider.is_staff = outsider.is_superuser = True
    assert "Administration" in labels(outsider)


def test_a_page_that_is_not_mounted_is_left_out(monkeypatch, secretariat_officer):
    table = (*context_processors.NAVIGATION, NavItem("Reports", "reports:index"))
    monkeypatch.setattr(context_processors, "NAVIGATION", table)
    assert "Reports" not in labels(secretariat_officer)
    assert "Home" in labels(secretariat_officer)


def test_an_item_limited_to_some_reaches_follows_the_role(
    monkeypatch, secretariat_officer, ngo_worker
):
    regional = NavItem("Regional plan", "home", reaches=frozenset({"region"}))
    monkeypatch.setattr(context_processors, "NAVIGATION", (regional,))
    assert labels(secretariat_officer) == ["Regional plan"]
    assert labels(ngo_worker) == []


def test_the_current_page_is_marked(client, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.get(reverse("home"))
    current = [link for link in response.context["navigation"] if link.current]
    assert [str(link.label) for link in current] == ["Home"]
    assert f'<a href="{reverse("home")}" aria-current="page">Home</a>' in (
        response.content.decode()
    )


def test_the_header_names_the_user_their_role_and_institution(client, committee_member):
    client.force_login(committee_member)
    body = client.get(reverse("home")).content.decode()
    assert "Besnik Anëtari" in body
    assert "Committee member · Drejtoria Vendore e Policisë Elbasan" in body
    assert f'action="{reverse("logout")}" method="post"' in body


def test_the_audit_log_link_is_for_data_protection_officers_only(network, cpu_worker):
    from tryeza.accounts.models import Role
    from tryeza.factories import UserFactory
    from tryeza.web.context_processors import links_for

    dpo = UserFactory.create(
        institution=network["onac"], role=Role.objects.get(code="data_protection_officer")
    )
    assert "/audit/" in [link.url for link in links_for(dpo, "/")]
    assert "/audit/" not in [link.url for link in links_for(cpu_worker, "/")]
