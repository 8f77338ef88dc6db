"""Calendar files (RFC 5545), written by hand: a meeting as an event, and a user's feed.

An event says when, where and which structure meets, and links to the meeting page.
It never carries agenda text or case codes: calendar apps copy events to phones and
servers outside the network.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.core import signing

from tryeza.meetings.models import MeetingStatus

if TYPE_CHECKING:
    from tryeza.meetings.models import Meeting

FEED_SALT = "meetings-ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"
LINE_OCTETS = 75


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash first, then ; , and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8
    character; each continuation starts with one space (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            # The leading space of a continuation counts towards its 75 octets.
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event(meeting: Meeting, *, url: str, domain: str, stamp: datetime.datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:tryeza-meeting-{meeting.pk}@{domain}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        # The meeting's version grows with each published change (agenda, minutes).
        f"SEQUENCE:{meeting.version - 1}",
        f"SUMMARY:{escape(meeting.structure.name)}",
        f"LOCATION:{escape(meeting.place)}",
        f"URL:{url}",
        f"DESCRIPTION:{escape(url)}",
        "STATUS:CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "STATUS:CONFIRMED",
        "END:VEVENT",
    ]


def calendar(
    meetings: Iterable[Meeting],
    *,
    url_for: Callable[[Meeting], str],
    domain: str,
    name: str = "",
    stamp: datetime.datetime | None = None,
) -> bytes:
    """A VCALENDAR with one event per meeting, CRLF line endings, folded lines."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tryeza//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for meeting in meetings:
        lines.extend(event(meeting, url=url_for(meeting), domain=domain, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def feed_token(user_id: int) -> str:
    """The secret part of a user's feed address: their id, signed."""
    return signing.dumps(user_id, salt=FEED_SALT)


def feed_user_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
