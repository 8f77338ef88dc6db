"""What happened in a case, as one list of dated events (page and API)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.cases.models import Case
from tryeza.directory.models import ServiceType


def service_labels(codes: list[str]) -> list[str]:
    return [str(ServiceType(code).label) for code in codes if code in ServiceType.values]


@dataclass(frozen=True)
class Event:
    day: datetime.date
    what: str
    detail: str


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def case_timeline(case: Case) -> list[Event]:
    """What happened in the case, oldest first, with one query per kind of event. Police
    cooperation is left out on purpose: it stays apart from the care pathway."""
    events = [
        Event(
            case.identified_on,
            _("Identified"),
            f"{case.get_identification_kind_display()}, {case.get_identified_by_display()}",
        )
    ]
    for change in case.status_history.all():
        status = f"{change.get_stage_display()}, {change.get_status_display()}"
        events.append(Event(_day(change.at), _("Stage and status"), status))
    for screened in case.screenings.all():
        level = _("%(level)s risk, score %(score)s") % {
            "level": screened.get_level_display(),
            "score": screened.score,
        }
        events.append(Event(screened.screened_on, _("Screening"), level))
    for informed in case.rights_informed.all():
        events.append(
            Event(informed.informed_on, _("Rights"), _("Informed of rights and services"))
        )
    for assessed in case.assessments.all():
        needed = ", ".join(service_labels(assessed.needs))
        events.append(Event(assessed.assessed_on, _("Needs assessment"), needed or "—"))
    for planned in case.services.select_related("provider"):
        service = f"{planned.get_service_display()}, {planned.provider}"
        events.append(Event(planned.planned_on, _("Service planned"), service))
        if planned.started_on:
            events.append(Event(planned.started_on, _("Service started"), service))
        if planned.ended_on:
            ended = f"{service} ({planned.get_status_display()})"
            events.append(Event(planned.ended_on, _("Service ended"), ended))
    for referral in case.referrals.select_related("to_institution"):
        asked = referral.get_service_display() or _("notification")
        sent = f"{referral.to_institution}: {asked}"
        events.append(Event(_day(referral.sent_at), _("Referral sent"), sent))
        if referral.responded_at:
            answer = f"{referral.to_institution}: {referral.get_status_display()}"
            events.append(Event(_day(referral.responded_at), _("Referral answered"), answer))
    for followed in case.follow_ups.all():
        seen = _("%(kind)s; risk of re-trafficking: %(risk)s") % {
            "kind": followed.get_kind_display(),
            "risk": followed.get_retrafficking_risk_display(),
        }
        events.append(Event(followed.on, _("Follow-up"), seen))
    for escalation in case.escalations.select_related("structure"):
        taken = f"{escalation.structure}: {escalation.get_reason_display()}"
        events.append(Event(_day(escalation.at), _("Escalated"), taken))
        if escalation.resolved_at:
            events.append(Event(_day(escalation.resolved_at), _("Escalation resolved"), taken))
    # A stable sort keeps the order above for events of the same day.
    return sorted(events, key=lambda event: event.day)
