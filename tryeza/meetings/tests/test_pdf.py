"""Minutes as a PDF: a real PDF, in the reader's language, with case codes and no names."""

import os
import shutil
import subprocess

import pytest
from django.urls import reverse

from tryeza.meetings.models import Presence
from tryeza.meetings.services import (
    agenda_publish,
    attendance_record,
    decision_record,
    item_propose,
    minutes_record,
    task_assign,
)

from .support import PLANTED_VALUES, escalated_case, plan, vlore_committee_member


def pdf_text(content: bytes, tmp_path) -> str:
    """The text of a PDF through poppler's pdftotext. Missing on a developer's machine it
    skips; in CI (``CI`` set) it fails, so the check is never silently lost."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is missing: install poppler-utils")
        pytest.skip("pdftotext is missing (apt-get install poppler-utils)")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 - a fixed program on a file we wrote
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def held_meeting(network, secretariat_officer, cpu_worker):
    case = escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=-1)
    item = item_propose(actor=cpu_worker, meeting=meeting, title="Second Chance classes")
    agenda_publish(
        actor=secretariat_officer, meeting=meeting, expected_version=1, accepted=[item.pk]
    )
    attendance_record(
        actor=secretariat_officer,
        meeting=meeting,
        rows=[
            (network["cpu_el"], Presence.PRESENT, None),
            (network["police_el"], Presence.EXCUSED, None),
        ],
    )
    minutes_record(
        actor=secretariat_officer,
        meeting=meeting,
        expected_version=2,
        summary="The table reviewed enrolment.",
        discussions={item.pk: "Two classes open in Librazhd."},
    )
    decision_record(actor=secretariat_officer, meeting=meeting, text="Open a third class")
    task_assign(
        actor=secretariat_officer,
        meeting=meeting,
        description="Enrol the children",
        institution=network["cpu_el"],
        due_on=meeting.starts_at.date(),
    )
    return meeting, case


def test_the_minutes_pdf_has_the_meeting_and_the_code_but_no_name(
    client, held_meeting, committee_member, tmp_path
):
    held_meeting, case = held_meeting
    client.force_login(committee_member)
    response = client.get(reverse("meetings:pdf", args=[held_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    for expected in (
        "Tryeza Teknike Elbasan",
        "Prefektura Elbasan, salla 2",
        "Second Chance classes",
        "Two classes open in Librazhd.",
        "Open a third class",
        "Enrol the children",
        "Excused",
        case.code,
    ):
        assert expected in text, expected
    for value in PLANTED_VALUES:
        assert value not in text


def test_the_minutes_pdf_is_in_the_readers_language(client, held_meeting, tmp_path):
    held_meeting, _case = held_meeting
    from django.utils import timezone, translation
    from django.utils.dates import MONTHS

    month = timezone.localtime(held_meeting.starts_at).month
    with translation.override("sq"):
        albanian = str(MONTHS[month])
    english = str(MONTHS[month])
    client.force_login(held_meeting.created_by)
    response = client.get(
        reverse("meetings:pdf", args=[held_meeting.pk]), HTTP_ACCEPT_LANGUAGE="sq"
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert albanian in text and english not in text
    assert "Tryeza Teknike Elbasan" in text


def test_another_region_gets_no_pdf(client, network, held_meeting):
    held_meeting, _case = held_meeting
    client.force_login(vlore_committee_member(network))
    assert client.get(reverse("meetings:pdf", args=[held_meeting.pk])).status_code == 404
