"""The meetings API under the same rules as the pages: scope, who runs a meeting, the
leak guard, case codes only, 409 on a stale version; and a schema drf-spectacular accepts."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tryeza.meetings.models import ItemStatus, Meeting, MeetingStatus, Task
from tryeza.meetings.services import task_assign

from .support import (
    PLANTED_VALUES,
    escalated_case,
    plan,
    representatives,
    vlore_committee_member,
    vlore_meeting,
)


def post(client, name, data, *args):
    return client.post(reverse(name, args=args), data, content_type="application/json")


def test_meetings_are_listed_within_reach_and_others_are_a_plain_404(
    client, network, secretariat_officer, other_region_officer
):
    mine = plan(network, secretariat_officer)
    vlore_meeting(network, other_region_officer)
    client.force_login(vlore_committee_member(network))
    listed = client.get(reverse("api-meetings")).json()
    assert [m["structure_name"] for m in listed["results"]] == ["Komiteti Rajonal Vlorë"]
    real = client.get(reverse("api-meeting", args=[mine.pk]))
    missing = client.get(reverse("api-meeting", args=[mine.pk + 100]))
    assert real.status_code == missing.status_code == 404
    assert real.json() == missing.json()
    figures = client.get(
        reverse("api-meeting-figures", args=[network["table_el"].pk]), {"year": 2026, "half": 1}
    )
    assert figures.status_code == 404
    assert post(client, "api-meeting-items", {"title": "x"}, mine.pk).status_code == 404


def test_the_secretariat_plans_through_the_api_and_members_cannot(
    client, network, secretariat_officer, cpu_worker, other_region_officer
):
    start = timezone.now() + datetime.timedelta(days=7)
    data = {
        "structure": network["table_el"].pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "place": "Prefektura Elbasan",
    }
    client.force_login(cpu_worker)
    assert post(client, "api-meetings", data).status_code == 403
    client.force_login(other_region_officer)
    assert post(client, "api-meetings", data).status_code == 404
    client.force_login(secretariat_officer)
    wrong = post(client, "api-meetings", {**data, "ends_at": start.isoformat()})
    assert wrong.status_code == 400 and "end after it starts" in str(wrong.json())
    created = post(client, "api-meetings", data)
    assert created.status_code == 201
    assert created.json()["status"] == MeetingStatus.PLANNED
    assert Meeting.objects.count() == 1


def test_a_named_place_is_refused(client, network, secretariat_officer, cpu_worker):
    escalated_case(network, cpu_worker)
    start = timezone.now() + datetime.timedelta(days=7)
    client.force_login(secretariat_officer)
    response = post(
        client,
        "api-meetings",
        {
            "structure": network["table_el"].pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
            "place": "At the Zyberaj house",
        },
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_the_whole_loop_through_the_api(client, network, secretariat_officer, cpu_worker):
    representatives(network)
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    client.force_login(cpu_worker)
    item = post(client, "api-meeting-items", {"title": "Second Chance classes"}, meeting.pk)
    assert item.status_code == 201
    item_id = item.json()["id"]
    assert (
        post(client, "api-meeting-agenda", {"version": 1, "accepted": []}, meeting.pk).status_code
        == 403
    )
    client.force_login(secretariat_officer)
    published = post(
        client,
        "api-meeting-agenda",
        {"version": 1, "accepted": [item_id], "notify": True},
        meeting.pk,
    )
    assert published.status_code == 200
    assert published.json()["items"][0]["status"] == ItemStatus.ACCEPTED
    assert len(mail.outbox) == 4
    stale = post(client, "api-meeting-agenda", {"version": 1, "accepted": []}, meeting.pk)
    assert stale.status_code == 409
    attendance = post(
        client,
        "api-meeting-attendance",
        {"rows": [{"institution": network["cpu_el"].pk, "presence": "present"}]},
        meeting.pk,
    )
    assert attendance.json() == [
        {"institution": network["cpu_el"].pk, "presence": "present", "representative": None}
    ]
    outsider_row = post(
        client,
        "api-meeting-attendance",
        {"rows": [{"institution": network["prefecture_vl"].pk, "presence": "present"}]},
        meeting.pk,
    )
    assert outsider_row.status_code == 400
    minutes = post(
        client,
        "api-meeting-minutes",
        {"version": 2, "summary": "Held.", "discussions": [{"item": item_id, "text": "Agreed."}]},
        meeting.pk,
    )
    assert minutes.status_code == 200 and minutes.json()["status"] == MeetingStatus.HELD
    assert (
        post(client, "api-meeting-minutes", {"version": 2, "summary": "x"}, meeting.pk).status_code
        == 409
    )
    decision = post(
        client, "api-meeting-decisions", {"text": "Open a class", "item": item_id}, meeting.pk
    )
    assert decision.status_code == 201
    task = post(
        client,
        "api-meeting-task-assign",
        {
            "description": "Enrol the children",
            "institution": network["cpu_el"].pk,
            "due_on": timezone.localdate().isoformat(),
            "decision": decision.json()["id"],
        },
        meeting.pk,
    )
    assert task.status_code == 201
    detail = client.get(reverse("api-meeting", args=[meeting.pk])).json()
    assert detail["minutes_summary"] == "Held."
    assert [t["description"] for t in detail["tasks"]] == ["Enrol the children"]


def test_tasks_are_listed_and_updated_with_a_version(
    client, network, secretariat_officer, cpu_worker, ngo_worker
):
    meeting = plan(network, secretariat_officer, days_from_today=-10)
    task = task_assign(
        actor=secretariat_officer,
        meeting=meeting,
        description="Report school data",
        institution=network["cpu_el"],
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(cpu_worker)
    mine = client.get(reverse("api-meeting-tasks"), {"mine": 1}).json()["results"]
    assert [(t["id"], t["is_overdue"]) for t in mine] == [(task.pk, True)]
    url = "api-meeting-task-status"
    done = post(client, url, {"version": 1, "status": "done"}, task.pk)
    assert done.status_code == 200 and done.json()["version"] == 2
    stale = post(client, url, {"version": 1, "status": "open"}, task.pk)
    assert stale.status_code == 409
    assert Task.objects.get().status == "done"
    client.force_login(ngo_worker)
    assert post(client, url, {"version": 2, "status": "open"}, task.pk).status_code == 403
    client.force_login(vlore_committee_member(network))
    assert post(client, url, {"version": 2, "status": "open"}, task.pk).status_code == 404
    assert client.get(reverse("api-meeting-tasks")).json()["results"] == []


def test_a_committee_member_gets_the_code_and_nothing_of_the_person(
    client, network, secretariat_officer, cpu_worker, committee_member
):
    case = escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=2)
    client.force_login(committee_member)
    response = client.get(reverse("api-meeting", args=[meeting.pk]))
    text = response.content.decode()
    assert [i["case_code"] for i in response.json()["items"]] == [case.code]
    for value in PLANTED_VALUES:
        assert value not in text


def test_terms_presidency_work_plans_and_figures(client, network, secretariat_officer, ngo_worker):
    from tryeza.directory.models import MembershipRole
    from tryeza.factories import InstitutionFactory, MembershipFactory
    from tryeza.meetings.services import minutes_record

    client.force_login(secretariat_officer)
    table = network["table_el"]
    drafted = post(client, "api-meeting-terms", {"text": "Meets every two months."}, table.pk)
    assert drafted.status_code == 201 and drafted.json()["version"] == 1
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    refused = post(
        client, "api-meeting-terms-approve", {"meeting": meeting.pk}, drafted.json()["id"]
    )
    assert refused.status_code == 400
    minutes_record(
        actor=secretariat_officer, meeting=meeting, expected_version=1, summary="", discussions={}
    )
    approved = post(
        client, "api-meeting-terms-approve", {"meeting": meeting.pk}, drafted.json()["id"]
    )
    assert approved.json()["approved_at"] == meeting.pk
    figures = client.get(reverse("api-meeting-figures", args=[table.pk]), {"year": 2026, "half": 2})
    assert figures.status_code == 200 and figures.json()["cadence"]["expected"] == 3
    assert client.get(reverse("api-meeting-figures", args=[table.pk])).status_code == 400

    coalition = network["coalition"]
    coalition.memberships.update(role=MembershipRole.CHAIR)
    vatra = InstitutionFactory.create(name="Vatra")
    MembershipFactory(structure=coalition, institution=vatra)
    client.force_login(ngo_worker)
    schedule = client.get(reverse("api-meeting-presidency", args=[coalition.pk])).json()
    assert [t["institution_name"] for t in schedule[:2]] == ["Another Vision", "Vatra"]
    changed = post(
        client,
        "api-meeting-presidency",
        {"institution": vatra.pk, "starts_on": schedule[0]["starts_on"]},
        coalition.pk,
    )
    assert changed.json()[0]["institution_name"] == "Vatra" and changed.json()[0]["overridden"]
    held = plan(network, ngo_worker, days_from_today=-1, structure="coalition", place="Tirana")
    minutes_record(actor=ngo_worker, meeting=held, expected_version=1, summary="", discussions={})
    start = datetime.date.fromisoformat(schedule[0]["starts_on"])
    adopted = post(
        client,
        "api-meeting-workplans",
        {
            "starts_on": start.isoformat(),
            "meeting": held.pk,
            "activities": [
                {
                    "activity": "Shared standards",
                    "responsible": vatra.pk,
                    "due_on": start.isoformat(),
                }
            ],
        },
        coalition.pk,
    )
    assert adopted.status_code == 201 and adopted.json()["activities"][0]["responsible"] == vatra.pk
    assert client.get(reverse("api-meeting-workplans", args=[coalition.pk])).json()[0]["id"]
    assert client.get(reverse("api-meeting-presidency", args=[table.pk])).status_code == 404


def test_the_schema_is_valid_and_documents_every_meeting_route(client, observer):
    from drf_spectacular.validation import validate_schema

    from tryeza.meetings.api_urls import urlpatterns as routes

    client.force_login(observer)
    schema = client.get(reverse("api-schema")).json()
    validate_schema(schema)
    documented = set(schema["paths"])
    for pattern in routes:
        route = str(pattern.pattern).replace("<int:pk>", "{id}")
        assert f"/api/v1/{route}" in documented, route
    operations = [
        operation["operationId"]
        for route, item in schema["paths"].items()
        if route.startswith("/api/v1/meetings/")
        for operation in item.values()
    ]
    assert len(operations) == len(set(operations))
    publish = schema["paths"]["/api/v1/meetings/{id}/agenda/"]["post"]
    assert publish["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PublishIn"
    }


def test_the_schema_builds_without_warnings(observer):
    """The enum names in settings.SPECTACULAR_SETTINGS cover the shared field names."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular warned while describing the API"
    assert "MeetingStatusEnum" in schema["components"]["schemas"]
