"""Minutes as a PDF (WeasyPrint), in the reader's language. Cases appear by code only:
the PDF is printed, filed and forwarded beyond any case team."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from tryeza.meetings.models import ItemKind, ItemStatus, Meeting


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """What the minutes say, shared by the PDF and the e-mail."""
    memberships = meeting.structure.memberships.select_related("institution")
    recorded = {a.institution_id: a for a in meeting.attendance.select_related("representative")}
    attendance = [
        {"institution": m.institution, "record": recorded.get(m.institution_id)}
        for m in sorted(memberships, key=lambda m: m.institution.name)
    ]
    items = list(
        meeting.items.filter(status=ItemStatus.ACCEPTED).select_related("task", "task__institution")
    )
    return {
        "meeting": meeting,
        "structure": meeting.structure,
        "attendance": attendance,
        "items": items,
        "case_kind": ItemKind.ESCALATED_CASE,
        "decisions": list(
            meeting.decisions.select_related("item", "item__task", "item__task__institution")
        ),
        "tasks": list(meeting.tasks.select_related("institution", "person")),
    }


def minutes_pdf(meeting: Meeting, *, language: str) -> bytes:
    # Imported here: WeasyPrint loads its fonts and libraries on import, and only this
    # view needs it.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "meetings/minutes_pdf.html", {**minutes_context(meeting), "language": language}
        )
    return HTML(string=html).write_pdf() or b""
