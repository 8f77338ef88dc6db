"""The loop through the pages: cadence, tasks carried over three meetings, what an
institution owes, terms of reference, coalitions and figures."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tryeza.directory.models import MembershipRole
from tryeza.factories import InstitutionFactory, MembershipFactory, UserFactory
from tryeza.meetings.models import (
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
    Task,
    TaskStatus,
    WorkPlan,
)
from tryeza.meetings.selectors import add_months
from tryeza.meetings.services import attendance_record, meeting_plan, minutes_record

from .support import at, plan


def body(response):
    return response.content.decode()


def plan_on_page(client, structure, day):
    response = client.post(
        reverse("meetings:plan", args=[structure.pk]),
        {"day": day.isoformat(), "starts": "09:30", "ends": "12:00", "place": "Prefektura"},
    )
    assert response.status_code == 302, body(response)
    return Meeting.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def status_on_page(client, task, status, version):
    return client.post(
        reverse("meetings:task-status", args=[task.pk]),
        {"version": version, "status": status},
        follow=True,
    )


def test_cadence_and_carry_over_across_three_meetings(
    client, network, secretariat_officer, cpu_worker
):
    table = network["table_el"]
    client.force_login(secretariat_officer)
    structure_page = reverse("meetings:structure", args=[table.pk])
    first_day = timezone.localdate() - datetime.timedelta(days=70)
    first = plan_on_page(client, table, first_day)
    suggested = client.get(structure_page).context["suggestions"]
    assert suggested[0] == add_months(first_day, 2)  # a table meets every two months
    client.post(
        reverse("meetings:task-assign", args=[first.pk]),
        {
            "description": "Map hidden school drop-outs in Peqin",
            "institution": network["cpu_el"].pk,
            "due_on": (first_day + datetime.timedelta(days=30)).isoformat(),
        },
    )
    task = Task.objects.get()

    prefilled = client.get(reverse("meetings:plan", args=[table.pk]), {"day": suggested[0]})
    assert prefilled.context["form"]["day"].value() == suggested[0].isoformat()
    second = plan_on_page(client, table, suggested[0])
    page = body(client.get(reverse("meetings:detail", args=[second.pk])))
    assert "Follow-up: Map hidden school drop-outs in Peqin" in page

    client.force_login(cpu_worker)
    owed = client.get(reverse("meetings:my-tasks"))
    assert "Map hidden school drop-outs" in body(owed) and "overdue" in body(owed)
    status_on_page(client, task, TaskStatus.IN_PROGRESS, version=1)

    client.force_login(secretariat_officer)
    third_day = client.get(structure_page).context["suggestions"][0]
    assert third_day == add_months(suggested[0], 2)
    third = plan_on_page(client, table, third_day)
    [follow_up] = third.items.filter(kind=ItemKind.TASK_FOLLOW_UP)
    assert follow_up.task == task
    assert "In progress" in body(client.get(reverse("meetings:detail", args=[third.pk])))

    client.force_login(cpu_worker)
    status_on_page(client, task, TaskStatus.DONE, version=2)
    client.force_login(secretariat_officer)
    fourth = plan_on_page(client, table, add_months(third_day, 2))
    assert not fourth.items.filter(task=task).exists()
    assert "Map hidden" not in body(client.get(reverse("meetings:my-tasks")))


def test_a_structure_that_never_met_is_asked_to_meet_now(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    page = client.get(reverse("meetings:structure", args=[network["committee_el"].pk]))
    assert page.context["suggestions"][0] == timezone.localdate()
    assert page.context["suggestions"][1] == add_months(timezone.localdate(), 3)


def test_the_tasks_page_shows_what_is_overdue_and_refuses_stale_changes(
    client, network, secretariat_officer, cpu_worker, ngo_worker, other_region_officer
):
    meeting = plan(network, secretariat_officer, days_from_today=-20)
    client.force_login(secretariat_officer)
    for description, days in (("Late report", -5), ("Next report", 20)):
        client.post(
            reverse("meetings:task-assign", args=[meeting.pk]),
            {
                "description": description,
                "institution": network["cpu_el"].pk,
                "due_on": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
            },
        )
    late = Task.objects.get(description="Late report")
    client.force_login(cpu_worker)
    page = client.get(reverse("meetings:my-tasks"))
    assert page.context["overdue"] == 1
    assert body(page).count('class="overdue"') == 1
    assert "1 task is overdue" in body(page)
    status_on_page(client, late, TaskStatus.IN_PROGRESS, version=1)
    stale = status_on_page(client, late, TaskStatus.DONE, version=1)
    assert "Someone else changed this task" in body(stale)
    future = client.post(
        reverse("meetings:task-status", args=[late.pk]),
        {"version": 2, "status": "done", "done_on": "2999-01-01"},
        follow=True,
    )
    assert "cannot be done in the future" in body(future)
    late.refresh_from_db()
    assert (late.status, late.version) == (TaskStatus.IN_PROGRESS, 2)
    # The shelter sits on the table but owes nothing here; Vlorë does not see the task.
    client.force_login(ngo_worker)
    assert status_on_page(client, late, "done", 2).status_code == 403
    client.force_login(other_region_officer)
    assert status_on_page(client, late, "done", 2).status_code == 404


def test_terms_are_drafted_and_approved_at_a_held_meeting(
    client, network, secretariat_officer, cpu_worker
):
    table = network["table_el"]
    client.force_login(cpu_worker)
    terms_url = reverse("meetings:terms", args=[table.pk])
    assert client.get(terms_url).status_code == 200
    assert client.post(terms_url, {"text": "x"}).status_code == 403
    client.force_login(secretariat_officer)
    client.post(terms_url, {"text": "The table meets every two months."})
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    terms = table.terms_of_reference.get()
    approve = reverse("meetings:terms-approve", args=[meeting.pk, terms.pk])
    refused = client.post(approve, follow=True)
    assert "approved at a meeting that has been held" in body(refused)
    minutes_record(
        actor=secretariat_officer,
        meeting=meeting,
        expected_version=1,
        summary="Manual read.",
        discussions={},
    )
    page = body(client.get(reverse("meetings:detail", args=[meeting.pk])))
    assert "Approve at this meeting" in page
    client.post(approve)
    terms.refresh_from_db()
    assert terms.approved_at == meeting
    assert "Approved at the meeting of" in body(client.get(terms_url))


def test_a_coalition_rotates_its_presidency_adopts_a_plan_and_records_positions(
    client, network, ngo_worker
):
    coalition = network["coalition"]
    coalition.memberships.update(role=MembershipRole.CHAIR)  # Another Vision chairs
    vatra = InstitutionFactory.create(name="Vatra")
    MembershipFactory(structure=coalition, institution=vatra)
    MembershipFactory(structure=coalition, institution=InstitutionFactory(name="Different & Equal"))
    meeting = meeting_plan(
        actor=ngo_worker,
        structure=coalition,
        starts_at=at(timezone.localdate() - datetime.timedelta(days=1)),
        ends_at=at(timezone.localdate() - datetime.timedelta(days=1), 12),
        place="Tirana",
    )
    minutes_record(
        actor=ngo_worker, meeting=meeting, expected_version=1, summary="", discussions={}
    )
    client.force_login(ngo_worker)
    url = reverse("meetings:coalition", args=[coalition.pk])
    terms = client.get(url).context["terms"]
    assert [t.institution.name for t in terms[:3]] == [
        "Another Vision",
        "Different & Equal",
        "Vatra",
    ]
    current = terms[0].starts_on
    client.post(url, {"action": "presidency", "starts_on": current, "institution": vatra.pk})
    terms = client.get(url).context["terms"]
    assert (terms[0].institution, terms[0].overridden) == (vatra, True)
    plan_data = {
        "action": "workplan",
        "starts_on": current.isoformat(),
        "meeting": meeting.pk,
        "activities-TOTAL_FORMS": 2,
        "activities-INITIAL_FORMS": 0,
        "activities-MIN_NUM_FORMS": 0,
        "activities-MAX_NUM_FORMS": 30,
        "activities-0-activity": "Shared standards for safe accommodation",
        "activities-0-responsible": vatra.pk,
        "activities-0-due_on": (current + datetime.timedelta(days=90)).isoformat(),
    }
    assert client.post(url, plan_data).status_code == 302
    plan_ = WorkPlan.objects.get()
    assert (plan_.adopted_at, plan_.activities.get().responsible) == (meeting, vatra)
    again = client.post(url, plan_data)
    assert "already been adopted" in body(again)
    client.post(
        reverse("meetings:decision", args=[meeting.pk]),
        {"text": "Common referral form", "consensus": "no"},
    )
    page = body(client.get(url))
    assert "Common referral form" in page and "no consensus" in page
    # A member who does not chair cannot change any of it.
    other = UserFactory.create(institution=vatra)
    client.force_login(other)
    assert client.post(url, plan_data).status_code == 403
    assert (
        client.get(reverse("meetings:coalition", args=[network["table_el"].pk])).status_code == 404
    )


def test_figures_single_out_institutions_that_never_come(client, network, secretariat_officer):
    for day in (datetime.date(2026, 2, 10), datetime.date(2026, 4, 14)):
        meeting = meeting_plan(
            actor=secretariat_officer,
            structure=network["table_el"],
            starts_at=at(day),
            ends_at=at(day, 12),
            place="Prefektura",
        )
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        attendance_record(
            actor=secretariat_officer,
            meeting=meeting,
            rows=[
                (network["cpu_el"], Presence.PRESENT, None),
                (network["police_el"], Presence.ABSENT, None),
            ],
        )
    client.force_login(secretariat_officer)
    page = client.get(
        reverse("meetings:figures", args=[network["table_el"].pk]), {"year": 2026, "half": 1}
    )
    rows = {row["institution"]: row for row in page.context["attendance"]}
    assert rows[network["police_el"]]["never"] and rows[network["cpu_el"]]["rate"] == 1.0
    assert rows[network["shelter_el"]]["rate"] is None
    cadence = page.context["cadence"]
    assert (cadence.held, cadence.expected, cadence.met) == (2, 3, False)
    assert "Fewer meetings than the cadence asks for" in body(page)
    assert body(page).count("never came") == 1


def test_the_leak_guard_also_covers_terms(client, network, secretariat_officer, cpu_worker):
    from .support import escalated_case

    escalated_case(network, cpu_worker)
    client.force_login(secretariat_officer)
    response = client.post(
        reverse("meetings:terms", args=[network["table_el"].pk]),
        {"text": "Zyberaj family is followed by the table."},
    )
    assert "seems to contain the name of a person" in body(response)
    assert not network["table_el"].terms_of_reference.exists()
