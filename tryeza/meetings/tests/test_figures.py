"""Figures for reports: cadence, attendance, tasks on time; and the coalition's rotation."""

import datetime

from tryeza.directory.models import Structure
from tryeza.meetings.figures import attendance_rates, meeting_cadence, months_between, task_figures
from tryeza.meetings.models import Meeting, MeetingStatus, Presence
from tryeza.meetings.presidency import presidency_schedule, presidency_set
from tryeza.meetings.services import attendance_record, meeting_plan, task_assign, task_update

from .conftest import at

H1 = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def held(network, officer, day):
    meeting = meeting_plan(
        actor=officer,
        structure=network["committee_el"],
        starts_at=at(day),
        ends_at=at(day, 12),
        place="Prefektura",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    return meeting


def test_a_committee_is_expected_to_meet_every_quarter(network, secretariat_officer):
    committee: Structure = network["committee_el"]
    assert committee.cadence_months == 3
    assert months_between(*H1) == 6
    held(network, secretariat_officer, datetime.date(2026, 2, 10))
    assert meeting_cadence(committee, *H1).expected == 2
    assert not meeting_cadence(committee, *H1).met
    held(network, secretariat_officer, datetime.date(2026, 5, 12))
    assert meeting_cadence(committee, *H1).met
    committee.meeting_interval_months = 1
    assert meeting_cadence(committee, *H1).expected == 6


def test_attendance_rate_shows_who_never_comes(network, secretariat_officer):
    for day in (datetime.date(2026, 2, 10), datetime.date(2026, 5, 12)):
        meeting = held(network, secretariat_officer, day)
        attendance_record(
            actor=secretariat_officer,
            meeting=meeting,
            rows=[
                (network["prefecture_el"], Presence.PRESENT, None),
                (network["police_el"], Presence.ABSENT, None),
            ],
        )
    rates = attendance_rates(network["committee_el"], *H1)
    assert rates == {network["prefecture_el"].pk: 1.0, network["police_el"].pk: 0.0}


def test_tasks_done_on_time_are_counted(network, secretariat_officer):
    meeting = held(network, secretariat_officer, datetime.date(2026, 2, 10))
    on_time = task_assign(
        actor=secretariat_officer,
        meeting=meeting,
        description="a",
        institution=network["police_el"],
        due_on=datetime.date(2026, 3, 1),
    )
    task_update(
        actor=secretariat_officer,
        task=on_time,
        expected_version=1,
        status="done",
        done_on=datetime.date(2026, 2, 20),
    )
    late = task_assign(
        actor=secretariat_officer,
        meeting=meeting,
        description="b",
        institution=network["police_el"],
        due_on=datetime.date(2026, 3, 1),
    )
    task_update(
        actor=secretariat_officer,
        task=late,
        expected_version=1,
        status="done",
        done_on=datetime.date(2026, 4, 2),
    )
    task_assign(
        actor=secretariat_officer,
        meeting=meeting,
        description="c",
        institution=network["police_el"],
        due_on=datetime.date(2026, 6, 1),
    )
    figures = task_figures(network["committee_el"], *H1)
    assert (figures.due, figures.done_on_time, figures.done_late, figures.outstanding) == (
        3,
        1,
        1,
        1,
    )


def test_the_presidency_rotates_every_six_months_unless_the_members_decide(
    network, secretariat_officer
):
    from tryeza.factories import InstitutionFactory, MembershipFactory

    coalition = network["coalition"]  # Another Vision is already a member
    for name in ("Different & Equal", "Life and Hope", "Vatra"):
        MembershipFactory(structure=coalition, institution=InstitutionFactory(name=name))
    start = datetime.date(2026, 1, 1)
    computed = presidency_schedule(coalition, start, terms=4)
    assert [t.institution.name for t in computed] == [
        "Another Vision",
        "Different & Equal",
        "Life and Hope",
        "Vatra",
    ]
    assert computed[1].starts_on == datetime.date(2026, 7, 1)
    assert computed[0].ends_on == datetime.date(2026, 6, 30)
    vatra = coalition.memberships.get(institution__name="Vatra").institution
    presidency_set(
        actor=secretariat_officer, structure=coalition, institution=vatra, starts_on=start
    )
    changed = presidency_schedule(coalition, start, terms=3)
    assert [t.institution.name for t in changed] == ["Vatra", "Another Vision", "Different & Equal"]
    assert changed[0].overridden and not changed[1].overridden
