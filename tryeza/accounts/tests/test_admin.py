"""The Django admin for the system administrator role."""

import pytest
from django.urls import reverse

CHANGELISTS = [
    "admin:accounts_user_changelist",
    "admin:accounts_role_changelist",
    "admin:directory_institution_changelist",
    "admin:directory_contact_changelist",
    "admin:directory_structure_changelist",
    "admin:directory_membership_changelist",
    "admin:directory_serviceoffering_changelist",
    "admin:geography_region_changelist",
    "admin:geography_municipality_changelist",
    "admin:geography_clustergroup_changelist",
]


@pytest.fixture
def staff_system_admin(system_admin):
    system_admin.is_staff = True
    system_admin.save()
    return system_admin


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_the_system_administrator_opens_every_list(client, staff_system_admin, url_name):
    client.force_login(staff_system_admin)
    assert client.get(reverse(url_name)).status_code == 200


def test_lists_filter_and_search(client, staff_system_admin):
    client.force_login(staff_system_admin)
    url = reverse("admin:directory_institution_changelist")
    response = client.get(url, {"q": "Another Vision"})
    assert "Another Vision" in response.content.decode()
    assert "Prefektura Vlorë" not in response.content.decode()
    response = client.get(reverse("admin:accounts_user_changelist"), {"role__id__exact": 1})
    assert response.status_code == 200


def test_the_structure_page_edits_memberships_inline(client, staff_system_admin, network):
    client.force_login(staff_system_admin)
    url = reverse("admin:directory_structure_change", args=[network["committee_el"].pk])
    body = client.get(url).content.decode()
    assert "memberships-TOTAL_FORMS" in body


def test_geography_is_read_only_because_it_comes_from_the_data_file(
    client, staff_system_admin, network
):
    client.force_login(staff_system_admin)
    assert client.get(reverse("admin:geography_region_add")).status_code == 403
    page = client.get(reverse("admin:geography_region_change", args=[network["elbasan"].pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_a_system_administrator_cannot_make_anyone_a_superuser(
    client, staff_system_admin, cpu_worker
):
    client.force_login(staff_system_admin)
    page = client.get(reverse("admin:accounts_user_change", args=[cpu_worker.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()


def test_other_staff_without_the_role_get_nothing(client, national_coordinator):
    national_coordinator.is_staff = True
    national_coordinator.save()
    client.force_login(national_coordinator)
    assert client.get(reverse("admin:directory_institution_changelist")).status_code == 403


def test_the_role_without_staff_status_is_sent_to_the_admin_login(client, system_admin):
    client.force_login(system_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
