"""Calendar files: RFC 5545 by hand, and a feed that says when and where, never what."""

import datetime

from django.urls import reverse

from tryeza.meetings import ics
from tryeza.meetings.services import item_propose

from .support import PLANTED_VALUES, escalated_case, plan, vlore_committee_member, vlore_meeting


def unfold(content: bytes) -> list[str]:
    return content.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_text_is_escaped():
    assert ics.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_letter():
    line = "LOCATION:" + "Prefektura e Qarkut Korçë, salla ë " * 6
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_a_meeting_invitation_is_a_valid_event(client, network, secretariat_officer):
    meeting = plan(
        network, secretariat_officer, days_from_today=5, place="Salla 2; kati 1, Elbasan"
    )
    client.force_login(secretariat_officer)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    content = response.content
    assert content.startswith(b"BEGIN:VCALENDAR\r\n") and content.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    lines = unfold(content)
    assert f"UID:tryeza-meeting-{meeting.pk}@testserver" in lines
    start = meeting.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in lines
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)
    assert "SUMMARY:Tryeza Teknike Elbasan" in lines
    assert "LOCATION:Salla 2\\; kati 1\\, Elbasan" in lines


def test_the_feed_needs_no_session_and_shows_no_agenda(
    client, network, secretariat_officer, cpu_worker, committee_member, other_region_officer
):
    case = escalated_case(network, cpu_worker)
    meeting = plan(network, secretariat_officer, days_from_today=5)
    item_propose(actor=cpu_worker, meeting=meeting, title="Vocational course places")
    elsewhere = vlore_meeting(network, other_region_officer)
    client.force_login(committee_member)
    feed_url = client.get(reverse("meetings:calendar")).context["feed_url"]
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"tryeza-meeting-{meeting.pk}@" in text
    assert f"tryeza-meeting-{elsewhere.pk}@" not in text
    for secret in (case.code, "Vocational course", "School refuses", *PLANTED_VALUES):
        assert secret not in text


def test_a_forged_or_foreign_feed_is_a_plain_404(client, network, secretariat_officer):
    plan(network, secretariat_officer)
    token = ics.feed_token(secretariat_officer.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "nonsense", ics.feed_token(10**6)):
        assert client.get(reverse("meetings:feed", args=[bad])).status_code == 404
    secretariat_officer.is_active = False
    secretariat_officer.save()
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404


def test_the_feed_of_a_vlore_member_lists_no_elbasan_meeting(client, network, secretariat_officer):
    meeting = plan(network, secretariat_officer, days_from_today=5)
    member = vlore_committee_member(network)
    response = client.get(reverse("meetings:feed", args=[ics.feed_token(member.pk)]))
    assert response.status_code == 200
    assert f"tryeza-meeting-{meeting.pk}@" not in response.content.decode()
    assert "BEGIN:VEVENT" not in response.content.decode()
