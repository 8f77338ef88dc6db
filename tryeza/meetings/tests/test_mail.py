"""E-mail of the agenda and the minutes to the member institutions' representatives."""

from django.core import mail
from django.urls import reverse

from tryeza.meetings import notify
from tryeza.meetings.services import agenda_publish, item_propose, minutes_record

from .support import PLANTED_VALUES, escalated_case, plan, representatives


def test_the_agenda_goes_to_each_representative_with_case_codes_only(
    network, secretariat_officer, cpu_worker
):
    reps = representatives(network)
    case = escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=5)
    item = item_propose(actor=cpu_worker, meeting=meeting, title="Vocational course places")
    agenda_publish(
        actor=secretariat_officer, meeting=meeting, expected_version=1, accepted=[item.pk]
    )
    assert notify.agenda_send(meeting) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in reps.values())
    message = mail.outbox[0]
    assert len(message.to) == 1 and not message.cc and not message.bcc
    assert message.subject.startswith("Agenda: Tryeza Teknike Elbasan")
    assert "Vocational course places" in message.body
    assert f"Escalated case {case.code}" in message.body
    # The escalation's note and reason stay in Tryeza; a name never leaves.
    assert "School refuses" not in message.body and "No provider" not in message.body
    for value in PLANTED_VALUES:
        assert value not in message.body


def test_an_institution_without_a_representative_gets_its_own_address(network, secretariat_officer):
    network["police_el"].email = "police@example.org"
    network["police_el"].save()
    meeting = plan(network, secretariat_officer)
    assert notify.recipients(meeting) == ["police@example.org"]


def test_the_minutes_go_out_with_the_pdf_when_the_secretariat_asks(
    client, network, secretariat_officer, cpu_worker
):
    representatives(network)
    case = escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    client.force_login(secretariat_officer)
    url = reverse("meetings:minutes", args=[meeting.pk])
    client.post(url, {"version": 1, "summary": "Quiet meeting."})
    assert not mail.outbox  # only when asked
    client.post(url, {"version": 2, "summary": "Quiet meeting, all came.", "notify": "on"})
    assert len(mail.outbox) == 4
    message = mail.outbox[0]
    assert message.subject.startswith("Minutes: Tryeza Teknike Elbasan")
    assert "Quiet meeting, all came." in message.body
    assert case.code in message.body
    [(_name, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    for value in PLANTED_VALUES:
        assert value not in message.body


def test_a_meeting_without_addresses_sends_nothing(network, secretariat_officer):
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    minutes_record(
        actor=secretariat_officer, meeting=meeting, expected_version=1, summary="", discussions={}
    )
    assert notify.minutes_send(meeting) == 0
    assert notify.agenda_send(meeting) == 0
    assert not mail.outbox
