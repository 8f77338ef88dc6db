"""Referral pages: sending with consent, the receiver's inbox and answer, and the receiver's
view of the case — the consented parts, and nothing else."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tryeza.cases.choices import ReferralStatus
from tryeza.cases.models import CaseAccess, Referral
from tryeza.cases.services import (
    assessment_record,
    followup_record,
    referral_send,
    screening_record,
    service_plan,
)
from tryeza.directory.models import ServiceType

from .conftest import PLANTED_FIRST, PLANTED_LAST, PLANTED_VALUES

TODAY = timezone.localdate()
SCREENED = "Kept at home by a blood feud"
FOLLOWED = "Attends the vocational course every week"
ASSESSED = "Licensed social worker"


@pytest.fixture
def tirana_shelter(network):
    """Another shelter of the coalition, in Tirana, not on the planted case's team."""
    from tryeza.factories import InstitutionFactory, ServiceOfferingFactory, region

    shelter = InstitutionFactory.create(name="Different & Equal", region=region("AL-11"))
    ServiceOfferingFactory(institution=shelter, service=ServiceType.SAFE_ACCOMMODATION)
    return shelter


@pytest.fixture
def receiver(tirana_shelter):
    """A case worker of the Tirana shelter: receives referrals, is on no team."""
    from tryeza.accounts.models import Role
    from tryeza.factories import UserFactory

    return UserFactory.create(
        username="vera", institution=tirana_shelter, role=Role.objects.get(code="case_worker")
    )


@pytest.fixture
def unrelated_worker(network):
    from tryeza.accounts.models import Role
    from tryeza.factories import InstitutionFactory, UserFactory

    return UserFactory.create(
        username="mira",
        institution=InstitutionFactory.create(name="Qendra Komunitare Peqin"),
        role=Role.objects.get(code="case_worker"),
    )


def assert_no_identifier(response):
    body = response.content.decode()
    for value in PLANTED_VALUES:
        assert value not in body


def plant_care(case, worker, provider):
    screening_record(actor=worker, case=case, screened_on=TODAY, indicators=["blood_feud"])
    followup_record(
        actor=worker, case=case, on=TODAY, kind="work", retrafficking_risk="low", note=FOLLOWED
    )
    assessment_record(
        actor=worker, case=case, assessed_on=TODAY, assessor_position=ASSESSED, needs=["legal"]
    )
    service_plan(
        actor=worker,
        case=case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=provider,
        planned_on=TODAY,
    )


def refer(case, worker, to, parts=(), fields=()):
    return referral_send(
        actor=worker,
        case=case,
        to=[to],
        service=ServiceType.SAFE_ACCOMMODATION,
        consent_given_on=TODAY,
        consent_parts=list(parts),
        consent_identity_fields=list(fields),
    )[0]


def test_one_referral_notifies_several_institutions_at_once(
    client, network, planted_case, cpu_worker
):
    client.force_login(cpu_worker)
    page = reverse("cases:refer", args=[planted_case.code])
    response = client.post(
        page,
        {
            "to": [network["police_el"].pk, network["prefecture_el"].pk, network["shelter_el"].pk],
            "service": "",
            "consent_given_on": TODAY.isoformat(),
            "consent_parts": ["profile"],
            "consent_identity_fields": ["first_name"],
        },
    )
    assert response.status_code == 302
    sent = Referral.objects.all()
    assert sent.count() == 3
    assert len({referral.batch for referral in sent}) == 1
    assert {referral.consent_identity_fields[0] for referral in sent} == {"first_name"}
    body = client.get(page).content.decode()
    assert "Notification" in body
    assert "waiting for" in body
    assert "Only what you tick here goes to the receiving institutions." in body


def test_a_shelter_referral_goes_to_the_place_the_person_chose(
    client, network, planted_case, cpu_worker, tirana_shelter
):
    tirana = tirana_shelter.region.municipalities.get(name="Tiranë")
    client.force_login(cpu_worker)
    client.post(
        reverse("cases:refer", args=[planted_case.code]),
        {
            "to": [tirana_shelter.pk],
            "service": "safe_accommodation",
            "destination": tirana.pk,
            "consent_given_on": TODAY.isoformat(),
        },
    )
    assert Referral.objects.get().destination == tirana


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"service": "safe_accommodation"}, "do not offer this service"),
        ({"consent_given_on": "2099-01-01"}, "cannot be in the future"),
        ({"consent_given_on": "2026-02-30"}, "Enter a valid date"),
        ({"to": []}, "This field is required"),
        ({"consent_parts": ["diary"]}, "Select a valid choice"),
        ({"consent_identity_fields": ["photo"]}, "Select a valid choice"),
    ],
)
def test_bad_referrals_are_explained_and_change_nothing(
    client, network, planted_case, cpu_worker, changes, message
):
    data = {
        "to": [network["shelter_el"].pk, network["police_el"].pk],
        "service": "",
        "consent_given_on": TODAY.isoformat(),
        "consent_parts": ["profile"],
        **changes,
    }
    client.force_login(cpu_worker)
    response = client.post(reverse("cases:refer", args=[planted_case.code]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_the_receiver_accepts_from_the_inbox_and_the_sender_sees_the_response_time(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, parts=["profile"])
    client.force_login(receiver)
    inbox = client.get(reverse("cases:referrals-received"))
    assert planted_case.code in inbox.content.decode()
    assert_no_identifier(inbox)
    answered = client.post(reverse("cases:referral", args=[referral.pk]), {"action": "accept"})
    assert answered.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.responded_by == receiver
    assert "Accepted" in client.get(reverse("cases:referrals-received")).content.decode()
    client.force_login(cpu_worker)
    sent = client.get(reverse("cases:refer", args=[planted_case.code])).content.decode()
    assert "Accepted" in sent
    assert "waiting for" not in sent


def test_a_decline_needs_a_reason_and_then_closes_the_door(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, parts=["profile"])
    page = reverse("cases:referral", args=[referral.pk])
    client.force_login(receiver)
    refused = client.post(page, {"action": "decline", "reason": "  "})
    assert refused.status_code == 200
    assert "Say why the referral is declined." in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    declined = client.post(page, {"action": "decline", "reason": "No place left"})
    assert declined.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.response_reason) == ("declined", "No place left")
    assert client.get(page).status_code == 404
    client.force_login(cpu_worker)
    sent = client.get(reverse("cases:refer", args=[planted_case.code])).content.decode()
    assert "No place left" in sent


def test_the_receiver_sees_only_the_parts_consented(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter
):
    plant_care(planted_case, cpu_worker, network["shelter_el"])
    profile_only = refer(planted_case, cpu_worker, tirana_shelter, parts=["profile"])
    client.force_login(receiver)
    body = client.get(reverse("cases:referral", args=[profile_only.pk])).content.decode()
    assert planted_case.code in body
    assert "9–17" in body  # the profile
    for withheld in (SCREENED, FOLLOWED, ASSESSED, "Another Vision"):
        assert withheld not in body
    assert "did not agree to share any identifier" in body
    for value in PLANTED_VALUES:
        assert value not in body

    more = refer(planted_case, cpu_worker, tirana_shelter, parts=["screening", "follow_up"])
    body = client.get(reverse("cases:referral", args=[more.pk])).content.decode()
    assert SCREENED in body
    assert FOLLOWED in body
    assert ASSESSED not in body
    assert "9–17" not in body
    for value in PLANTED_VALUES:
        assert value not in body

    needs = refer(planted_case, cpu_worker, tirana_shelter, parts=["needs"])
    body = client.get(reverse("cases:referral", args=[needs.pk])).content.decode()
    assert ASSESSED in body
    assert "Legal assistance" in body
    assert SCREENED not in body
    assert FOLLOWED not in body


def test_the_receiver_reveals_only_the_consented_identifiers(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, fields=["first_name"])
    page = reverse("cases:referral", args=[referral.pk])
    client.force_login(receiver)
    offered = client.get(page).context["reveal_form"].fields["show"].choices
    assert [name for name, _label in offered] == ["first_name"]
    asked_more = client.post(
        page, {"action": "reveal", "purpose": "service_provision", "show": ["last_name"]}
    )
    assert asked_more.status_code == 200
    assert_no_identifier(asked_more)
    assert not CaseAccess.objects.exclude(purpose="").exists()
    shown = client.post(page, {"action": "reveal", "purpose": "service_provision"})
    body = shown.content.decode()
    assert PLANTED_FIRST in body
    assert PLANTED_LAST not in body
    access = CaseAccess.objects.exclude(purpose="").get()
    assert (access.user, access.fields) == (receiver, ["first_name"])
    assert_no_identifier(client.get(page))  # the reveal lasted one page view


def test_a_referral_does_not_put_the_receiver_on_the_team(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter
):
    refer(planted_case, cpu_worker, tirana_shelter, parts=["profile", "screening"])
    client.force_login(receiver)
    for name in ("cases:detail", "cases:screening", "cases:plan", "cases:refer"):
        assert client.get(reverse(name, args=[planted_case.code])).status_code == 404


NOT_WORKING_CASES = [
    "committee_member",
    "national_coordinator",
    "other_region_officer",
    "secretariat_officer",
    "observer",
    "outsider",
]


@pytest.mark.parametrize("persona", [*NOT_WORKING_CASES, "unrelated_worker", "ngo_worker"])
def test_others_get_the_same_404_for_a_real_and_a_missing_referral(
    client, request, network, planted_case, cpu_worker, tirana_shelter, persona
):
    referral = refer(planted_case, cpu_worker, tirana_shelter, parts=["profile", "screening"])
    client.force_login(request.getfixturevalue(persona))
    real = client.get(reverse("cases:referral", args=[referral.pk]))
    missing = client.get(reverse("cases:referral", args=[referral.pk + 1000]))
    assert real.status_code == missing.status_code == 404
    assert real.content == missing.content
    answered = client.post(reverse("cases:referral", args=[referral.pk]), {"action": "accept"})
    assert answered.status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


@pytest.mark.parametrize("persona", NOT_WORKING_CASES)
def test_the_inbox_is_for_case_workers(client, request, network, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:referrals-received")).status_code == 404


def test_an_unrelated_worker_inbox_shows_nothing_of_others(
    client, network, planted_case, cpu_worker, tirana_shelter, unrelated_worker
):
    refer(planted_case, cpu_worker, tirana_shelter, parts=["profile"])
    client.force_login(unrelated_worker)
    inbox = client.get(reverse("cases:referrals-received"))
    assert inbox.status_code == 200
    assert planted_case.code not in inbox.content.decode()


def test_the_inbox_and_the_receiver_page_run_a_constant_number_of_queries(
    client, network, planted_case, cpu_worker, receiver, tirana_shelter, django_assert_num_queries
):
    plant_care(planted_case, cpu_worker, network["shelter_el"])
    first = refer(planted_case, cpu_worker, tirana_shelter, parts=list(("screening", "needs")))
    pages = [reverse("cases:referrals-received"), reverse("cases:referral", args=[first.pk])]
    client.force_login(receiver)
    client.get(pages[0])  # warm the session
    counts = []
    for page in pages:
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        counts.append(len(captured.captured_queries))
    for _ in range(9):
        plant_care(planted_case, cpu_worker, network["shelter_el"])
        refer(planted_case, cpu_worker, tirana_shelter, parts=["profile"])
    for page, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(page)


def test_the_response_time_is_shown_to_both_sides(
    client, planted_case, cpu_worker, receiver, tirana_shelter
):
    referral = refer(planted_case, cpu_worker, tirana_shelter)
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - datetime.timedelta(hours=5)
    )
    client.force_login(receiver)
    assert "waiting for 5" in client.get(reverse("cases:referrals-received")).content.decode()
    client.post(reverse("cases:referral", args=[referral.pk]), {"action": "accept"})
    assert "5\xa0hours" in client.get(reverse("cases:referrals-received")).content.decode()
    client.force_login(cpu_worker)
    sent = client.get(reverse("cases:refer", args=[planted_case.code])).content.decode()
    assert "5\xa0hours" in sent
