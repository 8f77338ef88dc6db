"""The care pathway at the service layer: screening, plan, referrals with consent,
follow-up, escalation — and assistance that never depends on police cooperation."""

import datetime

import pytest
from django.http import Http404

from tryeza.cases.access import get_referral_for_user, referrals_received_by
from tryeza.cases.choices import Cooperation, Purpose, ReferralStatus, ServiceStatus
from tryeza.cases.models import Case, CaseAccess
from tryeza.cases.services import (
    CaseError,
    VersionConflict,
    assessment_record,
    cooperation_record,
    escalation_create,
    followup_record,
    identity_reveal_referred,
    referral_respond,
    referral_send,
    rights_record,
    screening_record,
    service_plan,
    service_update,
    text_names_a_person,
)
from tryeza.directory.models import ServiceType
from tryeza.factories import ServiceOfferingFactory

from .conftest import PLANTED_FIRST, PLANTED_LAST

TODAY = datetime.date(2026, 10, 20)


def test_screening_explains_its_level_and_repeats_over_time(planted_case, cpu_worker):
    first = screening_record(
        actor=cpu_worker,
        case=planted_case,
        screened_on=datetime.date(2026, 10, 3),
        indicators=["school_abandonment", "family_crisis", "blood_feud", "no_stable_income"],
    )
    assert (first.score, first.level) == (9, "high")
    later = screening_record(
        actor=cpu_worker,
        case=planted_case,
        screened_on=datetime.date(2026, 11, 3),
        indicators=["family_crisis"],
    )
    assert later.level == "low"
    planted_case.refresh_from_db()
    assert planted_case.risk_level == "low"
    assert planted_case.screenings.count() == 2


def test_a_service_needs_a_provider_that_offers_it(network, planted_case, cpu_worker):
    with pytest.raises(CaseError, match="does not offer this service"):
        service_plan(
            actor=cpu_worker,
            case=planted_case,
            service=ServiceType.LEGAL,
            provider=network["shelter_el"],
            planned_on=TODAY,
        )
    assert not planted_case.services.exists()


def test_two_editors_of_one_service_do_not_overwrite_each_other(
    network, planted_case, cpu_worker, ngo_worker
):
    planned = service_plan(
        actor=cpu_worker,
        case=planted_case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=TODAY,
    )
    service_update(actor=ngo_worker, planned=planned, expected_version=1, status="started")
    with pytest.raises(VersionConflict):
        service_update(actor=cpu_worker, planned=planned, expected_version=1, status="declined")
    planned.refresh_from_db()
    assert planned.status == ServiceStatus.STARTED


def test_every_service_path_works_with_police_cooperation_refused(
    network, planted_case, cpu_worker, ngo_worker
):
    """Assistance never depends on cooperating with police."""
    cooperation_record(
        actor=cpu_worker, case=planted_case, recorded_on=TODAY, status=Cooperation.DECLINED
    )
    rights_record(actor=cpu_worker, case=planted_case, informed_on=TODAY, language="shqip")
    assessment_record(
        actor=cpu_worker,
        case=planted_case,
        assessed_on=TODAY,
        assessor_position="Social worker",
        needs=list(ServiceType.values),
    )
    for service in ServiceType.values:
        ServiceOfferingFactory(institution=network["shelter_el"], service=service)
    for service in ServiceType.values:
        planned = service_plan(
            actor=cpu_worker,
            case=planted_case,
            service=service,
            provider=network["shelter_el"],
            planned_on=TODAY,
        )
        for status in ("started", "delivered"):
            planned = service_update(
                actor=ngo_worker,
                planned=planned,
                expected_version=planned.version,
                status=status,
                started_on=TODAY,
            )
        assert planned.status == "delivered"
        referral = referral_send(
            actor=cpu_worker,
            case=planted_case,
            to=[network["shelter_el"]],
            service=service,
            consent_given_on=TODAY,
            consent_parts=["profile"],
        )[0]
        assert referral_respond(actor=ngo_worker, referral=referral, accept=True).status == (
            ReferralStatus.ACCEPTED
        )
    followup_record(
        actor=cpu_worker, case=planted_case, on=TODAY, kind="visit", retrafficking_risk="low"
    )
    cooperation_record(
        actor=cpu_worker, case=planted_case, recorded_on=TODAY, status=Cooperation.WITHDRAWN
    )
    assert planted_case.services.filter(status="delivered").count() == len(ServiceType.values)


def test_nothing_in_case_work_reads_police_cooperation():
    """The cooperation record is linked to the case only; no other model points at it."""
    from tryeza.cases.models import PoliceCooperation

    relations = [
        f for f in PoliceCooperation._meta.get_fields() if f.is_relation and f.auto_created
    ]
    assert relations == []


def test_one_referral_notifies_several_institutions_at_once(
    network, planted_case, ngo_worker, police_worker
):
    sent = referral_send(
        actor=ngo_worker,
        case=planted_case,
        to=[network["cpu_el"], network["police_el"], network["prefecture_el"]],
        service="",
        consent_given_on=TODAY,
        consent_parts=["profile"],
    )
    assert len({r.batch for r in sent}) == 1
    assert referrals_received_by(police_worker).count() == 1


def test_the_receiver_sees_only_what_the_person_consented_to(network, planted_case, cpu_worker):
    from tryeza.accounts.models import Role
    from tryeza.factories import InstitutionFactory, UserFactory

    ServiceOfferingFactory(
        institution=(tirana_shelter := InstitutionFactory.create(name="Different & Equal")),
        service=ServiceType.SAFE_ACCOMMODATION,
    )
    receiver = UserFactory.create(
        institution=tirana_shelter, role=Role.objects.get(code="case_worker")
    )
    referral = referral_send(
        actor=cpu_worker,
        case=planted_case,
        to=[tirana_shelter],
        service=ServiceType.SAFE_ACCOMMODATION,
        consent_given_on=TODAY,
        consent_parts=["profile", "needs"],
        consent_identity_fields=["first_name"],
    )[0]
    seen = get_referral_for_user(receiver, referral.pk)
    assert seen.consent_parts == ["needs", "profile"]
    shown = identity_reveal_referred(
        actor=receiver, referral=seen, purpose=Purpose.SERVICE_PROVISION
    )
    assert shown == {"first_name": PLANTED_FIRST}
    assert PLANTED_LAST not in shown.values()
    access = CaseAccess.objects.get(user=receiver)
    assert access.fields == ["first_name"]
    # The referral does not put the receiver on the team.
    from tryeza.cases.access import get_case_for_user

    with pytest.raises(Http404):
        get_case_for_user(receiver, planted_case.code)
    # A declined referral closes the door again.
    referral_respond(actor=receiver, referral=seen, accept=False, reason="No place left")
    with pytest.raises(Http404):
        get_referral_for_user(receiver, referral.pk)


def test_bad_referrals_change_nothing(network, planted_case, cpu_worker):
    with pytest.raises(CaseError, match="do not offer this service"):
        referral_send(
            actor=cpu_worker,
            case=planted_case,
            to=[network["shelter_el"], network["police_el"]],
            service=ServiceType.SAFE_ACCOMMODATION,
            consent_given_on=TODAY,
            consent_parts=["profile"],
        )
    with pytest.raises(CaseError, match="Unknown parts"):
        referral_send(
            actor=cpu_worker,
            case=planted_case,
            to=[network["shelter_el"]],
            service="",
            consent_given_on=TODAY,
            consent_parts=["diary"],
        )
    assert not planted_case.referrals.exists()


def test_a_decline_needs_a_reason_and_an_answer_is_final(
    network, planted_case, cpu_worker, ngo_worker
):
    referral = referral_send(
        actor=cpu_worker,
        case=planted_case,
        to=[network["shelter_el"]],
        service=ServiceType.SAFE_ACCOMMODATION,
        consent_given_on=TODAY,
        consent_parts=["profile"],
    )[0]
    with pytest.raises(CaseError, match="Say why"):
        referral_respond(actor=ngo_worker, referral=referral, accept=False)
    accepted = referral_respond(actor=ngo_worker, referral=referral, accept=True)
    assert accepted.response_time is not None
    with pytest.raises(CaseError, match="already been answered"):
        referral_respond(actor=ngo_worker, referral=referral, accept=False, reason="changed mind")


def test_follow_up_sets_the_next_due_date(planted_case, cpu_worker):
    followup_record(
        actor=cpu_worker,
        case=planted_case,
        on=TODAY,
        kind="school",
        school="enrolled",
        retrafficking_risk="medium",
        next_due=datetime.date(2026, 12, 1),
    )
    assert Case.objects.get(pk=planted_case.pk).next_follow_up == datetime.date(2026, 12, 1)
    with pytest.raises(CaseError):
        followup_record(
            actor=cpu_worker,
            case=planted_case,
            on=TODAY,
            kind="visit",
            retrafficking_risk="low",
            next_due=datetime.date(2026, 1, 1),
        )


@pytest.mark.parametrize(
    "written", ["Shpresa", "SHPRESA", "Shpresë", "shpresa zyberaj", "(Shpresa).", "Zyberaj,"]
)
def test_the_leak_guard_finds_a_name_in_any_spelling(network, planted_case, written):
    assert text_names_a_person(f"Discussed {written} at school", region_id=network["elbasan"].pk)


def test_the_leak_guard_leaves_ordinary_words_and_other_regions_alone(network, planted_case):
    elbasan, vlore = network["elbasan"].pk, network["vlore"].pk
    assert not text_names_a_person("Hope for the school year; shelter found", region_id=elbasan)
    assert not text_names_a_person("Shpresa", region_id=vlore)


def test_an_escalation_with_a_name_is_refused(network, planted_case, cpu_worker):
    with pytest.raises(CaseError, match="name of a person"):
        escalation_create(
            actor=cpu_worker,
            case=planted_case,
            structure=network["table_el"],
            reason="no_provider",
            note="Zyberaj family refuses the visit",
        )
    escalation = escalation_create(
        actor=cpu_worker,
        case=planted_case,
        structure=network["table_el"],
        reason="no_provider",
        note="No shelter place for a girl in Peqin",
    )
    assert escalation.structure == network["table_el"]
    with pytest.raises(CaseError, match="region"):
        escalation_create(
            actor=cpu_worker, case=planted_case, structure=network["committee_vl"], reason="other"
        )
