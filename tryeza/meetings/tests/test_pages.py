"""Meeting pages from the secretariat's side, a member's side and every outsider's side."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tryeza.factories import ContactFactory
from tryeza.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Task,
)

from .support import PLANTED_VALUES, escalated_case, plan, representatives, vlore_committee_member


def body(response):
    return response.content.decode()


def test_the_secretariat_plans_a_meeting(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    url = reverse("meetings:plan", args=[network["table_el"].pk])
    assert client.get(url).status_code == 200
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.post(
        url, {"day": day, "starts": "10:00", "ends": "12:00", "place": "Prefektura, salla 2"}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.convened_by == network["prefecture_el"]
    assert timezone.localtime(meeting.starts_at).hour == 10


def test_a_meeting_that_ends_before_it_starts_is_refused(client, network, secretariat_officer):
    client.force_login(secretariat_officer)
    response = client.post(
        reverse("meetings:plan", args=[network["table_el"].pk]),
        {"day": "2026-05-04", "starts": "12:00", "ends": "10:00", "place": "Prefektura"},
    )
    assert response.status_code == 200
    assert "must end after it starts" in body(response)
    assert not Meeting.objects.exists()


def test_only_the_chair_and_secretariat_plan(
    client, network, cpu_worker, committee_member, other_region_officer
):
    url = reverse("meetings:plan", args=[network["table_el"].pk])
    for member in (cpu_worker, committee_member):
        client.force_login(member)
        assert client.get(url).status_code == 403
        assert client.post(url, {"day": "2026-05-04"}).status_code == 403
    client.force_login(other_region_officer)
    assert client.get(url).status_code == 404
    assert not Meeting.objects.exists()


def test_a_member_proposes_an_item(client, network, secretariat_officer, cpu_worker):
    meeting = plan(network, secretariat_officer, days_from_today=7)
    client.force_login(cpu_worker)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert "Propose an item" in body(page)
    assert "Order and publish" not in body(page)
    response = client.post(
        reverse("meetings:propose", args=[meeting.pk]), {"title": "School enrolment drive"}
    )
    assert response.status_code == 302
    item = meeting.items.get()
    assert (item.title, item.proposed_by_institution) == (
        "School enrolment drive",
        network["cpu_el"],
    )


@pytest.mark.parametrize("spelling", ["Shpresa", "SHPRESA", "Shpresë"])
def test_the_leak_guard_message_appears_when_a_name_is_typed(
    client, network, secretariat_officer, cpu_worker, spelling
):
    escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    client.force_login(cpu_worker)
    response = client.post(
        reverse("meetings:propose", args=[meeting.pk]), {"title": f"Situation of {spelling}"}
    )
    assert response.status_code == 200
    assert "seems to contain the name of a person" in body(response)
    assert not meeting.items.filter(kind=ItemKind.REGULAR).exists()
    client.force_login(secretariat_officer)
    for name, data in [
        ("meetings:decision", {"text": f"{spelling} goes to school"}),
        ("meetings:minutes", {"version": meeting.version, "summary": f"About {spelling}."}),
        (
            "meetings:task-assign",
            {
                "description": f"Visit {spelling}",
                "institution": network["cpu_el"].pk,
                "due_on": timezone.localdate().isoformat(),
            },
        ),
    ]:
        response = client.post(reverse(name, args=[meeting.pk]), data)
        assert response.status_code == 200, name
        assert "seems to contain the name of a person" in body(response), name
    meeting.refresh_from_db()
    assert meeting.minutes_summary == ""
    assert not Decision.objects.exists() and not Task.objects.exists()


def test_the_secretariat_orders_publishes_and_mails_the_agenda(
    client, network, secretariat_officer, cpu_worker
):
    addresses = representatives(network)
    meeting = plan(network, secretariat_officer, days_from_today=7)
    client.force_login(cpu_worker)
    first = reverse("meetings:propose", args=[meeting.pk])
    client.post(first, {"title": "Hidden drop-outs in Peqin"})
    client.post(first, {"title": "Vocational course places"})
    client.post(first, {"title": "Duplicate item"})
    drop_outs, course, duplicate = meeting.items.order_by("id")
    client.force_login(secretariat_officer)
    response = client.post(
        reverse("meetings:publish", args=[meeting.pk]),
        {
            "version": meeting.version,
            f"accept_{drop_outs.pk}": "on",
            f"order_{drop_outs.pk}": 2,
            f"accept_{course.pk}": "on",
            f"order_{course.pk}": 1,
            f"order_{duplicate.pk}": 3,
            "notify": "on",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    accepted = list(meeting.items.filter(status=ItemStatus.ACCEPTED).order_by("order"))
    assert accepted == [course, drop_outs]
    assert AgendaItem.objects.get(pk=duplicate.pk).status == ItemStatus.DECLINED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in addresses.values())
    assert "Vocational course places" in mail.outbox[0].body
    # A second publish from the same (now stale) form changes nothing.
    stale = client.post(
        reverse("meetings:publish", args=[meeting.pk]),
        {"version": 1, f"accept_{duplicate.pk}": "on", f"order_{duplicate.pk}": 1},
    )
    assert "Someone else changed this meeting" in body(stale)
    assert AgendaItem.objects.get(pk=duplicate.pk).status == ItemStatus.DECLINED


@pytest.mark.parametrize("persona", ["cpu_worker", "committee_member", "observer"])
def test_members_cannot_run_the_meeting(client, request, network, secretariat_officer, persona):
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    client.force_login(request.getfixturevalue(persona))
    status = 404 if persona == "observer" else 403  # IOM is not on the table: it sees nothing
    for name, data in [
        ("meetings:publish", {"version": 1}),
        ("meetings:attendance", {f"presence_{network['cpu_el'].pk}": "present"}),
        ("meetings:minutes", {"version": 1, "summary": "x"}),
        ("meetings:decision", {"text": "x"}),
        ("meetings:task-assign", {"description": "x"}),
    ]:
        assert client.post(reverse(name, args=[meeting.pk]), data).status_code == status, name
    for name in ("meetings:attendance", "meetings:task-assign"):  # their forms: every contact
        assert client.get(reverse(name, args=[meeting.pk])).status_code == status, name
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_summary, meeting.version) == ("planned", "", 1)
    assert not Attendance.objects.exists() and not Decision.objects.exists()


def test_attendance_offers_each_institution_its_own_contacts(client, network, secretariat_officer):
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    mine = ContactFactory.create(institution=network["cpu_el"], first_name="Mira")
    theirs = ContactFactory.create(institution=network["police_el"], first_name="Ardit")
    client.force_login(secretariat_officer)
    url = reverse("meetings:attendance", args=[meeting.pk])
    form = client.get(url).context["attendance_form"]
    cpu_choices = dict(form.fields[f"representative_{network['cpu_el'].pk}"].choices)
    assert str(mine.pk) in cpu_choices and str(theirs.pk) not in cpu_choices
    wrong = client.post(
        url,
        {
            f"presence_{network['cpu_el'].pk}": "present",
            f"representative_{network['cpu_el'].pk}": theirs.pk,
        },
    )
    assert wrong.status_code == 200 and not Attendance.objects.exists()
    client.post(
        url,
        {
            f"presence_{network['cpu_el'].pk}": "present",
            f"representative_{network['cpu_el'].pk}": mine.pk,
            f"presence_{network['police_el'].pk}": "absent",
        },
    )
    recorded = {
        a.institution_id: (a.presence, a.representative_id) for a in meeting.attendance.all()
    }
    assert recorded == {
        network["cpu_el"].pk: ("present", mine.pk),
        network["police_el"].pk: ("absent", None),
    }
    # Opened again ("Change the attendance"), the form starts from what was recorded.
    page = body(client.get(reverse("meetings:detail", args=[meeting.pk])))
    assert "Change the attendance" in page
    again = client.get(url, headers={"HX-Request": "true"}).context["attendance_form"]
    assert again[f"presence_{network['cpu_el'].pk}"].value() == "present"
    assert again[f"representative_{network['cpu_el'].pk}"].value() == str(mine.pk)


@pytest.mark.parametrize("name", ["meetings:attendance", "meetings:task-assign"])
def test_the_forms_listing_contacts_open_in_place_with_htmx_and_alone_without(
    client, network, secretariat_officer, name
):
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    ContactFactory.create(institution=network["cpu_el"], first_name="Mira", last_name="Kola")
    client.force_login(secretariat_officer)
    url = reverse(name, args=[meeting.pk])
    # The meeting page offers the form but does not carry it, nor anyone's name.
    page = body(client.get(reverse("meetings:detail", args=[meeting.pk])))
    assert f'hx-get="{url}"' in page and "Kola" not in page
    inline = client.get(url, headers={"HX-Request": "true"})
    assert "HX-Request" in inline["Vary"]
    assert "Kola" in body(inline) and "<html" not in body(inline)
    alone = client.get(url)
    assert "Kola" in body(alone) and "<html" in body(alone)
    assert reverse("meetings:detail", args=[meeting.pk]) in body(alone)


def test_a_refused_attendance_comes_back_on_the_meeting_page_with_its_errors(
    client, network, secretariat_officer
):
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    mine = ContactFactory.create(institution=network["cpu_el"])
    client.force_login(secretariat_officer)
    refused = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {f"representative_{network['cpu_el'].pk}": mine.pk},  # who came, but not whether
    )
    assert refused.status_code == 200
    assert "Say whether the institution came." in body(refused)
    assert 'id="agenda"' in body(refused)  # the whole meeting page, the form in its place
    assert not Attendance.objects.exists()


def test_minutes_decisions_and_tasks_are_recorded_on_the_page(client, network, secretariat_officer):
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    client.force_login(secretariat_officer)
    client.post(reverse("meetings:propose", args=[meeting.pk]), {"title": "Second Chance classes"})
    item = meeting.items.get()
    client.post(
        reverse("meetings:publish", args=[meeting.pk]),
        {"version": 1, f"accept_{item.pk}": "on", f"order_{item.pk}": 1},
    )
    client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"version": 2, "summary": "Good attendance.", f"discussion_{item.pk}": "Two classes."},
    )
    client.post(
        reverse("meetings:decision", args=[meeting.pk]),
        {"text": "Open a class in Librazhd", "item": item.pk},
    )
    decision = Decision.objects.get()
    response = client.post(
        reverse("meetings:task-assign", args=[meeting.pk]),
        {
            "description": "Enrol the children",
            "institution": network["cpu_el"].pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "decision": decision.pk,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.items.get().discussion == "Two classes."
    assert decision.item == item
    assert Task.objects.get().decision == decision
    page = body(client.get(reverse("meetings:detail", args=[meeting.pk])))
    for text in (
        "Good attendance.",
        "Two classes.",
        "Open a class in Librazhd",
        "Enrol the children",
    ):
        assert text in page


def test_the_meeting_page_of_another_region_is_the_same_404_as_a_missing_one(
    client, network, secretariat_officer
):
    meeting = plan(network, secretariat_officer)
    client.force_login(vlore_committee_member(network))
    missing = meeting.pk + 100
    for name in ("meetings:detail", "meetings:pdf", "meetings:ics"):
        real = client.get(reverse(name, args=[meeting.pk]))
        gone = client.get(reverse(name, args=[missing]))
        assert real.status_code == gone.status_code == 404, name
        assert real.content == gone.content
    for name in ("meetings:structure", "meetings:figures", "meetings:terms", "meetings:plan"):
        assert client.get(reverse(name, args=[network["table_el"].pk])).status_code == 404
    index = body(client.get(reverse("meetings:index")))
    assert "Tryeza Teknike Elbasan" not in index


def test_a_committee_member_sees_the_case_code_but_not_the_case(
    client, network, secretariat_officer, cpu_worker, committee_member, ngo_worker
):
    case = escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=3)
    url = reverse("meetings:detail", args=[meeting.pk])
    case_url = reverse("cases:detail", args=[case.code])
    client.force_login(committee_member)
    page = body(client.get(url))
    assert case.code in page
    assert case_url not in page
    for value in PLANTED_VALUES:
        assert value not in page
    assert client.get(case_url).status_code == 404
    # The shelter is on the case team: for its worker the code leads to the case.
    client.force_login(ngo_worker)
    assert case_url in body(client.get(url))


def test_the_meeting_page_asks_a_fixed_number_of_queries(
    client, network, secretariat_officer, cpu_worker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = plan(network, secretariat_officer, days_from_today=-1)
    client.force_login(secretariat_officer)
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    empty = len(few.captured_queries)  # read now: every request empties the query log
    for n in range(10):
        escalated_case(network, cpu_worker)
        client.post(reverse("meetings:propose", args=[meeting.pk]), {"title": f"Item {n}"})
    from tryeza.meetings.services import agenda_add_follow_ups

    agenda_add_follow_ups(meeting=meeting)
    with django_assert_max_num_queries(empty):
        client.get(url)
