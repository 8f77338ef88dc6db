"""Who sees which structures: the reach rules of ``directory.selectors``, from each side."""

import pytest
from django.http import Http404

from tryeza.directory.selectors import get_structure_for_user, structures_visible_to


def names(user):
    return set(structures_visible_to(user).values_list("name", flat=True))


def test_national_coordinator_sees_every_structure(network, national_coordinator):
    assert names(national_coordinator) >= {
        "Komiteti Rajonal Elbasan",
        "Komiteti Rajonal Vlorë",
        "Koalicioni i Strehëzave",
    }


def test_secretariat_sees_own_region_and_its_cluster_not_another_region(
    network, secretariat_officer
):
    seen = names(secretariat_officer)
    assert {"Komiteti Rajonal Elbasan", "Tryeza Teknike Elbasan", "Grupi i Qendrës"} <= seen
    assert "Komiteti Rajonal Vlorë" not in seen
    assert "Koalicioni i Strehëzave" not in seen


def test_case_worker_sees_only_structures_of_their_institution(network, ngo_worker):
    assert names(ngo_worker) == {"Tryeza Teknike Elbasan", "Koalicioni i Strehëzave"}


def test_observer_sees_what_it_is_invited_to(network, observer):
    assert names(observer) == {"Komiteti Rajonal Elbasan"}


def test_outsider_sees_nothing(network, outsider):
    assert names(outsider) == set()


def test_other_region_gets_the_same_404_as_a_missing_structure(network, other_region_officer):
    with pytest.raises(Http404) as hidden:
        get_structure_for_user(other_region_officer, network["committee_el"].pk)
    with pytest.raises(Http404) as missing:
        get_structure_for_user(other_region_officer, 999_999)
    assert str(hidden.value) == str(missing.value)


def test_a_regional_role_at_an_institution_without_a_region_sees_what_it_sits_on(network):
    """A national NGO's account given a regional role: no region to see, so the
    structures it sits on (the coalition), not the national structures beside them."""
    from tryeza.accounts.models import Role
    from tryeza.directory.models import MembershipRole, Structure, StructureKind
    from tryeza.factories import InstitutionFactory, MembershipFactory, UserFactory

    ngo = InstitutionFactory(name="Rrjeti Kombëtar", region=None)
    MembershipFactory(structure=network["coalition"], institution=ngo, role=MembershipRole.MEMBER)
    Structure.objects.create(kind=StructureKind.COALITION, name="Koalicioni Tjetër")
    user = UserFactory.create(institution=ngo, role=Role.objects.get(code="secretariat_officer"))
    assert names(user) == {"Koalicioni i Strehëzave"}
