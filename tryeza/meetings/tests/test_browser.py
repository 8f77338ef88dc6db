"""The loop in a real browser: plan, propose, publish, attend, decide, assign; the task
comes back at the next meeting; the minutes open as a PDF."""

import datetime
import re

import pytest
from django.utils import timezone

from conftest import PASSWORD
from tryeza.directory.models import InstitutionType, Sector
from tryeza.factories import InstitutionFactory, MembershipFactory
from tryeza.meetings.models import Meeting, Task

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


def plan_meeting(page, live_server, table, day):
    page.goto(f"{live_server.url}/meetings/structures/{table.pk}/plan/")
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("12:00")
    page.get_by_label("Place").fill("Prefektura Elbasan, salla 2")
    page.get_by_role("button", name="Plan the meeting").click()
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    return Meeting.objects.order_by("-pk").first()


def test_a_table_meeting_from_planning_to_follow_up(
    live_geography, live_server, page, network, secretariat_officer, cpu_worker
):
    table = network["table_el"]
    education = InstitutionFactory(
        name="Drejtoria Rajonale e Arsimit Elbasan",
        type=InstitutionType.EDUCATION,
        sector=Sector.GOVERNMENT,
        region=network["elbasan"],
    )
    MembershipFactory(structure=table, institution=education)
    day = timezone.localdate() + datetime.timedelta(days=7)

    sign_in(page, live_server, secretariat_officer.username)
    meeting = plan_meeting(page, live_server, table, day)
    assert meeting is not None and meeting.structure == table
    sign_out(page)

    sign_in(page, live_server, cpu_worker.username)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_label("Item:", exact=True).fill("Hidden school drop-outs in Peqin")
    page.get_by_role("button", name="Propose", exact=True).click()
    page.get_by_text("Your item was proposed.").wait_for()
    sign_out(page)

    sign_in(page, live_server, secretariat_officer.username)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_label("Hidden school drop-outs in Peqin").check()
    page.get_by_role("button", name="Publish the agenda").click()
    page.get_by_text("The agenda was published.").wait_for()

    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label(education.name, exact=True).select_option("present")
    page.get_by_label(network["police_el"].name, exact=True).select_option("excused")
    page.get_by_role("button", name="Record attendance").click()
    page.get_by_text("Attendance was recorded.").wait_for()

    page.get_by_label("Decision:", exact=True).fill("Schools report drop-outs every month")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The decision was recorded.").wait_for()

    page.get_by_role("link", name="Assign a task").click()
    page.get_by_label("Task:", exact=True).fill("Send the list of drop-outs by school")
    page.get_by_label("Assigned to:", exact=True).select_option(label=education.name)
    page.get_by_label("Due on:", exact=True).fill((day + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Assign the task").click()
    page.get_by_text("The task was assigned.").wait_for()
    task = Task.objects.get()
    assert task.institution == education

    following = plan_meeting(page, live_server, table, day + datetime.timedelta(days=61))
    assert following.pk != meeting.pk
    agenda = page.locator("#agenda")
    assert "Follow-up: Send the list of drop-outs by school" in agenda.inner_text()

    pdf = page.request.get(f"{live_server.url}/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
