"""E-mail of a published agenda and of the minutes to the representatives of the member
institutions. Called by pages and the API after the service has saved the change.

Mail leaves the network's servers, so it carries case codes and nothing else of a case:
no escalation note, no reason; items and discussions have passed the leak guard."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tryeza.directory.models import Contact
from tryeza.meetings.models import ItemKind, ItemStatus, Meeting
from tryeza.meetings.pdf import minutes_context, minutes_pdf


def recipients(meeting: Meeting) -> list[str]:
    """The representatives' addresses; an institution without one gets its own address."""
    addresses: list[str] = []
    memberships = meeting.structure.memberships.select_related("institution")
    representatives = Contact.objects.filter(memberships__structure=meeting.structure)
    by_institution: dict[int, list[str]] = {}
    for contact in representatives.exclude(email=""):
        by_institution.setdefault(contact.institution_id, []).append(contact.email)
    for membership in memberships:
        found = by_institution.get(membership.institution_id) or (
            [membership.institution.email] if membership.institution.email else []
        )
        addresses.extend(a for a in found if a not in addresses)
    return addresses


def _language() -> str:
    # Representatives are contacts, not accounts: they get the installation's language.
    return str(settings.LANGUAGE_CODE)


def _send(messages: list[EmailMessage]) -> int:
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def _agenda_lines(meeting: Meeting) -> list[str]:
    items = meeting.items.filter(status=ItemStatus.ACCEPTED).select_related(
        "task", "task__institution"
    )
    return [
        _("Escalated case %(code)s") % {"code": item.case_code}
        if item.kind == ItemKind.ESCALATED_CASE
        else item.display_title
        for item in items
    ]


def agenda_send(meeting: Meeting) -> int:
    """One message per address, so that members do not see each other's addresses."""
    with translation.override(_language()):
        subject = _("Agenda: %(structure)s, %(day)s") % {
            "structure": meeting.structure,
            "day": timezone.localdate(meeting.starts_at).isoformat(),
        }
        body = render_to_string(
            "meetings/mail/agenda.txt", {"meeting": meeting, "lines": _agenda_lines(meeting)}
        )
    return _send(
        [
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            for address in recipients(meeting)
        ]
    )


def minutes_send(meeting: Meeting) -> int:
    """The minutes in the body and as the PDF."""
    language = _language()
    with translation.override(language):
        subject = _("Minutes: %(structure)s, %(day)s") % {
            "structure": meeting.structure,
            "day": timezone.localdate(meeting.starts_at).isoformat(),
        }
        body = render_to_string("meetings/mail/minutes.txt", minutes_context(meeting))
    addresses = recipients(meeting)
    if not addresses:
        return 0
    pdf = minutes_pdf(meeting, language=language)
    name = f"minutes-{meeting.pk}-{timezone.localdate(meeting.starts_at).isoformat()}.pdf"
    messages = []
    for address in addresses:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach(name, pdf, "application/pdf")
        messages.append(message)
    return _send(messages)
