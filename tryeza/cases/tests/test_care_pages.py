"""The care pathway's pages, from the team's side and from every outsider's side."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tryeza.cases.choices import Cooperation
from tryeza.cases.models import (
    Escalation,
    FollowUp,
    NeedsAssessment,
    PlannedService,
    PoliceCooperation,
    RightsInformation,
    Screening,
)
from tryeza.cases.services import (
    case_register,
    escalation_create,
    followup_record,
    referral_send,
    screening_record,
    service_plan,
)
from tryeza.directory.models import ServiceType

from .conftest import PLANTED_VALUES, elbasan_draft, planted_identity

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
FUTURE = "2099-01-01"
CASE_PAGES = [
    "cases:screening",
    "cases:rights",
    "cases:needs",
    "cases:plan",
    "cases:follow-up",
    "cases:escalate",
    "cases:timeline",
    "cases:refer",
]
OUTSIDERS = [
    "committee_member",
    "national_coordinator",
    "other_region_officer",
    "unrelated_worker",
    "secretariat_officer",
    "observer",
    "outsider",
]


@pytest.fixture
def unrelated_worker(network):
    """A case worker of an Elbasan NGO that is not on the planted case's team."""
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


def url(name, case):
    return reverse(name, args=[case.code])


def plant_care(network, case, worker, services=1):
    """A screening, a follow-up and ``services`` services on the case."""
    screening_record(
        actor=worker, case=case, screened_on=LAST_WEEK, indicators=["blood_feud", "neglect"]
    )
    followup_record(actor=worker, case=case, on=TODAY, kind="school", retrafficking_risk="medium")
    for _ in range(services):
        service_plan(
            actor=worker,
            case=case,
            service=ServiceType.SAFE_ACCOMMODATION,
            provider=network["shelter_el"],
            planned_on=TODAY,
        )


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_the_same_404_on_every_care_page(
    client, request, network, planted_case, cpu_worker, persona
):
    plant_care(network, planted_case, cpu_worker)
    client.force_login(request.getfixturevalue(persona))
    for name in CASE_PAGES:
        real = client.get(url(name, planted_case))
        missing = client.get(reverse(name, args=["EL-1999-0999"]))
        assert real.status_code == missing.status_code == 404, name
        assert real.content == missing.content
        assert_no_identifier(real)
    posted = client.post(
        url("cases:screening", planted_case),
        {"action": "screening", "screened_on": TODAY.isoformat(), "indicators": ["neglect"]},
    )
    assert posted.status_code == 404
    assert Screening.objects.count() == 1


def test_every_care_page_opens_for_the_team_without_an_identifier(
    client, network, planted_case, cpu_worker, ngo_worker
):
    plant_care(network, planted_case, cpu_worker)
    client.force_login(ngo_worker)
    for name in CASE_PAGES:
        response = client.get(url(name, planted_case))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"]
        assert_no_identifier(response)
    detail = client.get(url("cases:detail", planted_case))
    assert url("cases:screening", planted_case) in detail.content.decode()
    assert_no_identifier(detail)


def test_a_screening_explains_its_level_and_shows_what_changed(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    page = url("cases:screening", planted_case)
    first = client.post(
        page,
        {
            "action": "screening",
            "screened_on": LAST_WEEK.isoformat(),
            "indicators": ["school_abandonment", "family_crisis", "blood_feud"],
        },
    )
    assert first.status_code == 302
    client.post(
        page,
        {"action": "screening", "screened_on": TODAY.isoformat(), "indicators": ["family_crisis"]},
    )
    body = client.get(page).content.decode()
    assert "Medium risk, score 7" in body
    assert "Low risk, score 2" in body
    assert "Kept at home by a blood feud" in body  # the explanation, with its weight
    assert "no longer present" in body
    assert "Child" in body  # the checklist is grouped
    planted_case.refresh_from_db()
    assert planted_case.risk_level == "low"


def test_rights_and_cooperation_are_recorded_apart(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    page = url("cases:rights", planted_case)
    client.post(page, {"action": "rights", "informed_on": TODAY.isoformat(), "language": "shqip"})
    client.post(
        page, {"action": "cooperation", "recorded_on": TODAY.isoformat(), "status": "declined"}
    )
    assert RightsInformation.objects.get().language == "shqip"
    assert PoliceCooperation.objects.get().status == Cooperation.DECLINED
    body = client.get(page).content.decode()
    assert "Assistance never depends on cooperating with police." in body


def test_a_needs_assessment_lists_what_the_plan_still_lacks(
    client, network, planted_case, cpu_worker
):
    client.force_login(cpu_worker)
    client.post(
        url("cases:needs", planted_case),
        {
            "action": "assessment",
            "assessed_on": TODAY.isoformat(),
            "assessor_position": "Licensed social worker",
            "needs": ["safe_accommodation", "legal"],
        },
    )
    assert NeedsAssessment.objects.get().needs == ["legal", "safe_accommodation"]
    plan = client.get(url("cases:plan", planted_case)).content.decode()
    assert "not yet in the plan" in plan
    assert "Legal assistance" in plan


def test_the_provider_list_holds_only_institutions_that_offer_a_service(
    client, network, planted_case, cpu_worker
):
    client.force_login(cpu_worker)
    form = client.get(url("cases:plan", planted_case)).context["add_form"]
    offered = {pk for pk in form.providers}
    assert offered == {network["shelter_el"].pk, network["cpu_el"].pk}
    response = client.post(
        url("cases:plan", planted_case),
        {
            "action": "add",
            "service": "safe_accommodation",
            "provider": network["shelter_el"].pk,
            "planned_on": TODAY.isoformat(),
            "chosen_by_person": "on",
        },
    )
    assert response.status_code == 302
    assert PlannedService.objects.get().provider == network["shelter_el"]


def test_a_stale_service_update_says_so_and_keeps_the_other_edit(
    client, network, planted_case, cpu_worker, ngo_worker
):
    planned = service_plan(
        actor=cpu_worker,
        case=planted_case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=TODAY,
    )
    page = url("cases:plan", planted_case)
    prefix = f"service-{planned.pk}"

    def update(status):
        return {
            "action": "update",
            "service": planned.pk,
            f"{prefix}-version": 1,
            f"{prefix}-status": status,
            f"{prefix}-started_on": TODAY.isoformat(),
        }

    client.force_login(ngo_worker)
    assert client.post(page, update("started")).status_code == 302
    client.force_login(cpu_worker)
    response = client.post(page, update("declined"))
    assert response.status_code == 200
    assert "Someone else changed this service meanwhile" in response.content.decode()
    planned.refresh_from_db()
    assert (planned.status, planned.version) == ("started", 2)


def test_a_service_of_another_case_cannot_be_updated_through_this_one(
    client, network, planted_case, cpu_worker
):
    other = case_register(
        actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity()
    )
    planned = service_plan(
        actor=cpu_worker,
        case=other,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=TODAY,
    )
    client.force_login(cpu_worker)
    response = client.post(
        url("cases:plan", planted_case),
        {"action": "update", "service": planned.pk, f"service-{planned.pk}-version": 1},
    )
    assert response.status_code == 404


# (page, the data given the network, the message, the model that must stay empty)
BAD_POSTS = {
    "screening in the future": (
        "cases:screening",
        lambda n: {"action": "screening", "screened_on": FUTURE, "indicators": ["neglect"]},
        "cannot be in the future",
        Screening,
    ),
    "rights in the future": (
        "cases:rights",
        lambda n: {"action": "rights", "informed_on": FUTURE},
        "cannot be in the future",
        RightsInformation,
    ),
    "cooperation in the future": (
        "cases:rights",
        lambda n: {"action": "cooperation", "recorded_on": FUTURE, "status": "declined"},
        "cannot be in the future",
        PoliceCooperation,
    ),
    "assessment in the future": (
        "cases:needs",
        lambda n: {
            "action": "assessment",
            "assessed_on": FUTURE,
            "assessor_position": "Social worker",
        },
        "cannot be in the future",
        NeedsAssessment,
    ),
    "impossible date": (
        "cases:needs",
        lambda n: {"action": "assessment", "assessed_on": "2026-02-30", "assessor_position": "x"},
        "Enter a valid date",
        NeedsAssessment,
    ),
    "provider without the service": (
        "cases:plan",
        lambda n: {
            "action": "add",
            "service": "legal",
            "provider": n["shelter_el"].pk,
            "planned_on": TODAY.isoformat(),
        },
        "does not offer this service",
        PlannedService,
    ),
    "provider without any service": (
        "cases:plan",
        lambda n: {
            "action": "add",
            "service": "safe_accommodation",
            "provider": n["police_el"].pk,
            "planned_on": TODAY.isoformat(),
        },
        "Select a valid choice",
        PlannedService,
    ),
    "follow-up in the future": (
        "cases:follow-up",
        lambda n: {
            "action": "follow_up",
            "on": FUTURE,
            "kind": "visit",
            "retrafficking_risk": "low",
        },
        "cannot be in the future",
        FollowUp,
    ),
    "next follow-up in the past": (
        "cases:follow-up",
        lambda n: {
            "action": "follow_up",
            "on": TODAY.isoformat(),
            "kind": "visit",
            "retrafficking_risk": "low",
            "next_due": LAST_WEEK.isoformat(),
        },
        "cannot be due before this one",
        FollowUp,
    ),
    "a name in the escalation note": (
        "cases:escalate",
        lambda n: {
            "action": "escalate",
            "structure": n["table_el"].pk,
            "reason": "no_provider",
            "note": "Shpresa has no shelter place",
        },
        "name of a person",
        Escalation,
    ),
    "escalation to another region": (
        "cases:escalate",
        lambda n: {"action": "escalate", "structure": n["committee_vl"].pk, "reason": "other"},
        "Select a valid choice",
        Escalation,
    ),
}


@pytest.mark.parametrize("case_of", BAD_POSTS)
def test_bad_input_is_explained_and_changes_nothing(
    client, network, planted_case, cpu_worker, case_of
):
    name, data, message, model = BAD_POSTS[case_of]
    client.force_login(cpu_worker)
    posted = data(network)
    response = client.post(url(name, planted_case), posted)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert not model._default_manager.exists()
    # The form gives back what the worker typed; nothing else of the person shows.
    for value in PLANTED_VALUES:
        assert value not in body or value in str(posted)


def test_a_service_cannot_end_before_it_starts(client, network, planted_case, cpu_worker):
    planned = service_plan(
        actor=cpu_worker,
        case=planted_case,
        service=ServiceType.SAFE_ACCOMMODATION,
        provider=network["shelter_el"],
        planned_on=TODAY,
    )
    prefix = f"service-{planned.pk}"
    client.force_login(cpu_worker)
    response = client.post(
        url("cases:plan", planted_case),
        {
            "action": "update",
            "service": planned.pk,
            f"{prefix}-version": 1,
            f"{prefix}-status": "stopped",
            f"{prefix}-started_on": TODAY.isoformat(),
            f"{prefix}-ended_on": LAST_WEEK.isoformat(),
        },
    )
    assert "cannot end before it starts" in response.content.decode()
    planned.refresh_from_db()
    assert (planned.status, planned.version) == ("planned", 1)


def test_an_escalation_reaches_the_region_table(client, network, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    choices = client.get(url("cases:escalate", planted_case)).context["form"].fields["structure"]
    assert set(choices.queryset) == {network["table_el"], network["committee_el"]}
    response = client.post(
        url("cases:escalate", planted_case),
        {
            "action": "escalate",
            "structure": network["table_el"].pk,
            "reason": "no_provider",
            "note": "No shelter place for a girl in Peqin",
        },
    )
    assert response.status_code == 302
    assert Escalation.objects.get().structure == network["table_el"]


def test_a_follow_up_sets_the_next_due_date(client, planted_case, cpu_worker):
    client.force_login(cpu_worker)
    due = TODAY + datetime.timedelta(days=30)
    client.post(
        url("cases:follow-up", planted_case),
        {
            "action": "follow_up",
            "on": TODAY.isoformat(),
            "kind": "school",
            "school": "second_chance",
            "working": "false",
            "retrafficking_risk": "medium",
            "note": "Attends the Second Chance class every day",
            "next_due": due.isoformat(),
        },
    )
    follow_up = FollowUp.objects.get()
    assert (follow_up.working, follow_up.school) == (False, "second_chance")
    planted_case.refresh_from_db()
    assert planted_case.next_follow_up == due


def test_refusing_police_cooperation_changes_no_available_action(
    client, network, planted_case, cpu_worker
):
    """Every form of the case is offered the same, and works, after a refusal."""
    client.force_login(cpu_worker)

    def offered():
        """Every form on every page of the case: its fields and their choices."""
        snapshot = {}
        for name in CASE_PAGES:
            context = client.get(url(name, planted_case)).context
            # A page with includes has a ContextList, which iterates over contexts: ask keys.
            names = [key for key in context.keys() if key.endswith("form")]  # noqa: SIM118
            snapshot[name] = {
                key: [
                    (f, list(getattr(field, "choices", [])))
                    for f, field in context[key].fields.items()
                ]
                for key in names
            }
        return snapshot

    before = offered()
    assert before["cases:plan"]["add_form"] and before["cases:refer"]["form"]
    client.post(
        url("cases:rights", planted_case),
        {"action": "cooperation", "recorded_on": TODAY.isoformat(), "status": "declined"},
    )
    assert PoliceCooperation.objects.get().status == "declined"
    assert offered() == before
    plan = client.post(
        url("cases:plan", planted_case),
        {
            "action": "add",
            "service": "safe_accommodation",
            "provider": network["shelter_el"].pk,
            "planned_on": TODAY.isoformat(),
        },
    )
    refer = client.post(
        url("cases:refer", planted_case),
        {
            "to": [network["shelter_el"].pk],
            "service": "safe_accommodation",
            "consent_given_on": TODAY.isoformat(),
            "consent_parts": ["profile"],
        },
    )
    assert plan.status_code == refer.status_code == 302
    assert planted_case.services.count() == planted_case.referrals.count() == 1


def test_the_timeline_merges_events_by_date(client, network, planted_case, cpu_worker):
    plant_care(network, planted_case, cpu_worker)
    referral_send(
        actor=cpu_worker,
        case=planted_case,
        to=[network["police_el"]],
        service="",
        consent_given_on=TODAY,
        consent_parts=[],
    )
    escalation_create(
        actor=cpu_worker, case=planted_case, structure=network["table_el"], reason="safety"
    )
    client.force_login(cpu_worker)
    events = client.get(url("cases:timeline", planted_case)).context["events"]
    whats = [str(event.what) for event in events]
    assert whats[0] == "Identified"
    for what in ("Screening", "Service planned", "Referral sent", "Follow-up", "Escalated"):
        assert what in whats
    days = [event.day for event in events]
    assert days == sorted(days)


@pytest.mark.parametrize(
    "name", ["cases:detail", "cases:plan", "cases:timeline", "cases:screening", "cases:refer"]
)
def test_case_pages_run_a_constant_number_of_queries(
    client, network, planted_case, cpu_worker, django_assert_num_queries, name
):
    plant_care(network, planted_case, cpu_worker, services=1)
    client.force_login(cpu_worker)
    client.get(url(name, planted_case))  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(url(name, planted_case))
    plant_care(network, planted_case, cpu_worker, services=9)
    for _ in range(9):
        referral_send(
            actor=cpu_worker,
            case=planted_case,
            to=[network["shelter_el"]],
            service=ServiceType.SAFE_ACCOMMODATION,
            consent_given_on=TODAY,
            consent_parts=["profile"],
        )
    assert planted_case.services.count() == 10
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url(name, planted_case))
