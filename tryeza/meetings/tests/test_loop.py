"""The meeting loop: tasks given at one meeting are followed up at the next until done."""

import datetime

import pytest
from django.utils import timezone

from tryeza.meetings.models import ItemKind, ItemStatus, MeetingStatus, Presence, TaskStatus
from tryeza.meetings.services import (
    MeetingError,
    agenda_publish,
    attendance_record,
    decision_record,
    item_propose,
    meeting_plan,
    minutes_record,
    task_assign,
    task_update,
    terms_approve,
    terms_draft,
)

from .conftest import at


def next_meeting(network, officer, days_ago):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return meeting_plan(
        actor=officer,
        structure=network["table_el"],
        starts_at=at(day),
        ends_at=at(day, 12),
        place="Prefektura Elbasan",
    )


def test_a_task_carries_over_until_it_is_done(network, secretariat_officer, table_meeting):
    first = table_meeting
    task = task_assign(
        actor=secretariat_officer,
        meeting=first,
        description="Map hidden school drop-outs in Peqin",
        institution=network["cpu_el"],
        due_on=first.starts_at.date() + datetime.timedelta(days=30),
    )
    second = next_meeting(network, secretariat_officer, days_ago=30)
    [follow_up] = second.items.filter(kind=ItemKind.TASK_FOLLOW_UP)
    assert follow_up.task == task
    assert "Map hidden school drop-outs" in follow_up.display_title
    task_update(actor=secretariat_officer, task=task, expected_version=1, status="in_progress")
    third = next_meeting(network, secretariat_officer, days_ago=1)
    assert third.items.filter(task=task).exists()  # still outstanding
    task_update(actor=secretariat_officer, task=task, expected_version=2, status="done")
    fourth = next_meeting(network, secretariat_officer, days_ago=0)
    assert not fourth.items.filter(task=task).exists()


def test_members_propose_and_the_secretariat_publishes_the_agenda(
    network, secretariat_officer, cpu_worker, table_meeting
):
    kept = item_propose(actor=cpu_worker, meeting=table_meeting, title="School enrolment drive")
    dropped = item_propose(actor=cpu_worker, meeting=table_meeting, title="Duplicate item")
    agenda_publish(
        actor=secretariat_officer,
        meeting=table_meeting,
        expected_version=table_meeting.version,
        accepted=[kept.pk],
    )
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == (ItemStatus.ACCEPTED, ItemStatus.DECLINED)
    table_meeting.refresh_from_db()
    assert table_meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert kept.proposed_by_institution == network["cpu_el"]


def test_a_stale_publish_changes_nothing(secretariat_officer, cpu_worker, table_meeting):
    item = item_propose(actor=cpu_worker, meeting=table_meeting, title="Item")
    agenda_publish(
        actor=secretariat_officer, meeting=table_meeting, expected_version=1, accepted=[]
    )
    with pytest.raises(MeetingError, match="Someone else changed"):
        agenda_publish(
            actor=secretariat_officer, meeting=table_meeting, expected_version=1, accepted=[item.pk]
        )
    item.refresh_from_db()
    assert item.status == ItemStatus.DECLINED


@pytest.mark.parametrize("spelling", ["Shpresa", "SHPRESA", "Shpresë"])
def test_the_leak_guard_blocks_a_planted_name_in_minutes_items_and_decisions(
    network, secretariat_officer, cpu_worker, table_meeting, spelling
):
    from tryeza.cases.services import case_register
    from tryeza.cases.tests.conftest import elbasan_draft, planted_identity

    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    with pytest.raises(MeetingError, match="name of a person"):
        item_propose(actor=cpu_worker, meeting=table_meeting, title=f"Situation of {spelling}")
    with pytest.raises(MeetingError, match="name of a person"):
        decision_record(
            actor=secretariat_officer, meeting=table_meeting, text=f"{spelling} goes to school"
        )
    with pytest.raises(MeetingError, match="name of a person"):
        minutes_record(
            actor=secretariat_officer,
            meeting=table_meeting,
            expected_version=1,
            summary=f"We discussed {spelling}.",
            discussions={},
        )
    assert not table_meeting.items.exists()
    assert not table_meeting.decisions.exists()
    table_meeting.refresh_from_db()
    assert table_meeting.minutes_summary == ""


def test_ordinary_words_pass_the_leak_guard(
    network, secretariat_officer, cpu_worker, table_meeting
):
    from tryeza.cases.services import case_register
    from tryeza.cases.tests.conftest import elbasan_draft, planted_identity

    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    item = item_propose(
        actor=cpu_worker, meeting=table_meeting, title="Hope for the school year in Gramsh."
    )
    assert item.pk


def test_attendance_is_for_members_with_their_own_representatives(
    network, secretariat_officer, table_meeting
):
    from tryeza.factories import ContactFactory

    attendance_record(
        actor=secretariat_officer,
        meeting=table_meeting,
        rows=[
            (
                network["cpu_el"],
                Presence.PRESENT,
                ContactFactory.create(institution=network["cpu_el"]),
            ),
            (network["police_el"], Presence.ABSENT, None),
        ],
    )
    assert table_meeting.attendance.count() == 2
    with pytest.raises(MeetingError, match="not a member"):
        attendance_record(
            actor=secretariat_officer,
            meeting=table_meeting,
            rows=[(network["prefecture_vl"], Presence.PRESENT, None)],
        )
    with pytest.raises(MeetingError, match="must belong"):
        attendance_record(
            actor=secretariat_officer,
            meeting=table_meeting,
            rows=[
                (
                    network["cpu_el"],
                    Presence.PRESENT,
                    ContactFactory.create(institution=network["police_el"]),
                )
            ],
        )


def test_tasks_go_to_members_with_sensible_dates(network, secretariat_officer, table_meeting):
    with pytest.raises(MeetingError, match="not a member"):
        task_assign(
            actor=secretariat_officer,
            meeting=table_meeting,
            description="x",
            institution=network["prefecture_vl"],
            due_on=timezone.localdate(),
        )
    with pytest.raises(MeetingError, match="before the meeting"):
        task_assign(
            actor=secretariat_officer,
            meeting=table_meeting,
            description="x",
            institution=network["cpu_el"],
            due_on=table_meeting.starts_at.date() - datetime.timedelta(days=1),
        )
    assert not table_meeting.tasks.exists()


def test_terms_of_reference_are_approved_at_a_held_meeting(
    network, secretariat_officer, table_meeting
):
    draft = terms_draft(
        actor=secretariat_officer, structure=network["table_el"], text="The table meets..."
    )
    with pytest.raises(MeetingError, match="has been held"):
        terms_approve(actor=secretariat_officer, terms=draft, meeting=table_meeting)
    minutes_record(
        actor=secretariat_officer,
        meeting=table_meeting,
        expected_version=1,
        summary="Manual discussed.",
        discussions={},
    )
    table_meeting.refresh_from_db()
    approved = terms_approve(actor=secretariat_officer, terms=draft, meeting=table_meeting)
    assert approved.approved_at == table_meeting
    second = terms_draft(actor=secretariat_officer, structure=network["table_el"], text="v2")
    assert second.version == 2


def test_escalated_cases_join_the_agenda_by_code(network, secretariat_officer, cpu_worker):
    from tryeza.cases.services import case_register, escalation_create
    from tryeza.cases.tests.conftest import elbasan_draft, planted_identity

    case = case_register(
        actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity()
    )
    escalation_create(
        actor=cpu_worker, case=case, structure=network["table_el"], reason="no_provider"
    )
    meeting = next_meeting(network, secretariat_officer, days_ago=0)
    [item] = meeting.items.filter(kind=ItemKind.ESCALATED_CASE)
    assert item.case_code == case.code
    assert case.code in item.display_title
    assert "Shpresa" not in item.display_title


def test_task_status_done_records_the_day(network, secretariat_officer, table_meeting):
    task = task_assign(
        actor=secretariat_officer,
        meeting=table_meeting,
        description="Report school data",
        institution=network["cpu_el"],
        due_on=timezone.localdate(),
    )
    task = task_update(actor=secretariat_officer, task=task, expected_version=1, status="done")
    assert task.status == TaskStatus.DONE
    assert task.done_on == timezone.localdate()
    assert task.done_on_time


def test_a_meeting_that_is_over_keeps_its_agenda_and_terms_once_approved(
    network, secretariat_officer, table_meeting
):
    minutes_record(
        actor=secretariat_officer,
        meeting=table_meeting,
        expected_version=1,
        summary="Held.",
        discussions={},
    )
    table_meeting.refresh_from_db()
    with pytest.raises(MeetingError, match="over cannot change"):
        agenda_publish(
            actor=secretariat_officer,
            meeting=table_meeting,
            expected_version=table_meeting.version,
            accepted=[],
        )
    terms = terms_draft(actor=secretariat_officer, structure=network["table_el"], text="Rules")
    terms_approve(actor=secretariat_officer, terms=terms, meeting=table_meeting)
    with pytest.raises(MeetingError, match="already approved"):
        terms_approve(actor=secretariat_officer, terms=terms, meeting=table_meeting)


def test_a_meeting_place_cannot_carry_a_name(network, secretariat_officer, cpu_worker):
    from tryeza.cases.services import case_register
    from tryeza.cases.tests.conftest import elbasan_draft, planted_identity

    case_register(actor=cpu_worker, draft=elbasan_draft(network), identity=planted_identity())
    day = timezone.localdate()
    with pytest.raises(MeetingError, match="name of a person"):
        meeting_plan(
            actor=secretariat_officer,
            structure=network["table_el"],
            starts_at=at(day),
            ends_at=at(day, 12),
            place="At Zyberaj's home",
        )
