"""The confidentiality rule at the service and access layer, from every side."""

import datetime

import pytest
from django.http import Http404

from tryeza.audit.models import AuditEntry
from tryeza.audit.services import audit_verify
from tryeza.cases.access import (
    can_read_access_log,
    case_counts_by_region,
    cases_visible_to,
    get_case_for_user,
    reveal_purposes,
)
from tryeza.cases.choices import Purpose
from tryeza.cases.models import CaseAccess, CaseIdentity, IdentityIndex
from tryeza.cases.services import (
    CaseError,
    Identity,
    case_register,
    identity_find_matches,
    identity_reveal,
)

from .conftest import PLANTED_FIRST, PLANTED_ID, PLANTED_LAST, elbasan_draft


def test_the_case_code_names_region_year_and_number(planted_case):
    year = datetime.date.today().year
    assert planted_case.code == f"EL-{year}-0001"


def test_identifiers_are_stored_encrypted_and_indexed_without_plaintext(planted_case):
    stored = bytes(CaseIdentity.objects.get(case=planted_case).ciphertext)
    for value in (PLANTED_FIRST, PLANTED_LAST, PLANTED_ID):
        assert value.encode() not in stored
    digests = IdentityIndex.objects.filter(case=planted_case).values_list("digest", flat=True)
    assert all(len(d) == 64 and PLANTED_FIRST.lower() not in d for d in digests)


def test_team_members_see_the_case(planted_case, cpu_worker, ngo_worker):
    assert get_case_for_user(cpu_worker, planted_case.code) == planted_case
    assert get_case_for_user(ngo_worker, planted_case.code.lower()) == planted_case


@pytest.mark.parametrize(
    "persona",
    [
        "committee_member",
        "secretariat_officer",
        "national_coordinator",
        "other_region_officer",
        "observer",
        "system_admin",
        "institution_admin",
        "outsider",
    ],
)
def test_outsiders_get_the_same_404_for_a_real_and_a_missing_case(request, planted_case, persona):
    user = request.getfixturevalue(persona)
    assert not cases_visible_to(user).exists()
    with pytest.raises(Http404) as real:
        get_case_for_user(user, planted_case.code)
    with pytest.raises(Http404) as missing:
        get_case_for_user(user, "EL-1999-0999")
    assert str(real.value) == str(missing.value)
    assert reveal_purposes(user) == []


def test_a_worker_of_another_institution_in_the_region_does_not_see_it(network, planted_case):
    from tryeza.accounts.models import Role
    from tryeza.factories import InstitutionFactory, UserFactory

    school_social_worker = UserFactory.create(
        institution=InstitutionFactory(region=network["elbasan"]),
        role=Role.objects.get(code="case_worker"),
    )
    with pytest.raises(Http404):
        get_case_for_user(school_social_worker, planted_case.code)


def test_reveal_needs_a_purpose_the_worker_may_state(planted_case, cpu_worker, police_worker):
    assert reveal_purposes(cpu_worker) == [Purpose.CASE_MANAGEMENT, Purpose.SERVICE_PROVISION]
    assert reveal_purposes(police_worker) == [Purpose.CRIMINAL_INVESTIGATION]
    with pytest.raises(CaseError):
        identity_reveal(actor=cpu_worker, case=planted_case, purpose=Purpose.CRIMINAL_INVESTIGATION)
    with pytest.raises(CaseError):
        identity_reveal(actor=police_worker, case=planted_case, purpose=Purpose.CASE_MANAGEMENT)
    assert not CaseAccess.objects.exclude(purpose="").exists()


def test_every_reveal_is_logged_with_fields_and_purpose_never_values(planted_case, cpu_worker):
    shown = identity_reveal(
        actor=cpu_worker,
        case=planted_case,
        purpose=Purpose.CASE_MANAGEMENT,
        fields=["first_name", "last_name"],
    )
    assert shown == {"first_name": PLANTED_FIRST, "last_name": PLANTED_LAST}
    access = CaseAccess.objects.get(case=planted_case, user=cpu_worker)
    assert access.fields == ["first_name", "last_name"]
    assert access.purpose == Purpose.CASE_MANAGEMENT
    entry = AuditEntry.objects.get(action="case.reveal")
    assert entry.object_ref == planted_case.code
    for audit in AuditEntry.objects.all():
        text = " ".join([audit.detail, audit.object_ref, *audit.fields])
        assert PLANTED_FIRST not in text and PLANTED_LAST not in text
    assert audit_verify().ok


def test_the_access_log_is_for_the_lead_and_the_data_protection_officer(
    network, planted_case, cpu_worker, ngo_worker, committee_member
):
    from tryeza.accounts.models import Role
    from tryeza.factories import UserFactory

    dpo = UserFactory.create(
        institution=network["onac"], role=Role.objects.get(code="data_protection_officer")
    )
    assert can_read_access_log(cpu_worker, planted_case)
    assert can_read_access_log(dpo, planted_case)
    assert not can_read_access_log(ngo_worker, planted_case)
    assert not can_read_access_log(committee_member, planted_case)
    # The officer reads logs, never identifiers.
    assert reveal_purposes(dpo) == []


def test_a_possible_earlier_record_is_found_without_decrypting(
    network, planted_case, cpu_worker, other_region_officer
):
    same_person = Identity(first_name="SHPRESË", last_name="zyberaj")
    matches = identity_find_matches(actor=cpu_worker, identity=same_person)
    assert matches.visible == [planted_case.code]
    by_birth = Identity(first_name="Sh.", date_of_birth=datetime.date(2011, 3, 14))
    assert identity_find_matches(actor=cpu_worker, identity=by_birth).visible
    stranger = Identity(first_name="Arta", last_name="Kola")
    assert identity_find_matches(actor=cpu_worker, identity=stranger).visible == []


def test_a_match_on_another_team_is_only_counted(network, planted_case, ngo_worker):
    from tryeza.accounts.models import Role
    from tryeza.factories import InstitutionFactory, UserFactory

    other = UserFactory.create(
        institution=InstitutionFactory(region=network["elbasan"]),
        role=Role.objects.get(code="case_worker"),
    )
    matches = identity_find_matches(
        actor=other, identity=Identity(first_name=PLANTED_FIRST, last_name=PLANTED_LAST)
    )
    assert matches.visible == []
    assert matches.elsewhere == 1


def test_region_and_national_views_get_counts_not_cases(
    network, planted_case, committee_member, national_coordinator, other_region_officer
):
    elbasan = network["elbasan"].pk
    assert case_counts_by_region(committee_member) == {elbasan: {"registered": 1}}
    assert case_counts_by_region(national_coordinator) == {elbasan: {"registered": 1}}
    assert case_counts_by_region(other_region_officer) == {}


def test_only_case_workers_register_cases(network, committee_member):
    from .conftest import planted_identity

    with pytest.raises(CaseError):
        case_register(
            actor=committee_member, draft=elbasan_draft(network), identity=planted_identity()
        )


def test_an_identity_never_shows_in_its_repr():
    from .conftest import planted_identity

    assert PLANTED_FIRST not in repr(planted_identity())
