"""Writes of the care pathway: screening, rights, cooperation, needs, plan, follow-up,
escalation. Police cooperation is written here and read nowhere in case work."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.cases.choices import ServiceStatus
from tryeza.cases.indicators import risk_level
from tryeza.cases.models import (
    Case,
    Escalation,
    FollowUp,
    NeedsAssessment,
    PlannedService,
    PoliceCooperation,
    RightsInformation,
    Screening,
)
from tryeza.cases.services.case import CaseError, VersionConflict
from tryeza.cases.services.leaks import text_names_a_person
from tryeza.directory.models import Institution, ServiceOffering, Structure, StructureKind

if TYPE_CHECKING:
    from tryeza.accounts.models import User


def _audit(actor: User, action: str, case: Case, fields: list[str], detail: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type="case",
        object_ref=case.code,
        fields=fields,
        detail=detail,
    )


def _not_future(day: datetime.date | None, what: str) -> None:
    if day and day > timezone.localdate():
        raise CaseError(_("%(what)s cannot be in the future.") % {"what": what})


@transaction.atomic
def screening_record(
    *, actor: User, case: Case, screened_on: datetime.date, indicators: list[str], note: str = ""
) -> Screening:
    _not_future(screened_on, _("The screening date"))
    score, level = risk_level(indicators)
    screening = Screening.objects.create(
        case=case,
        screened_on=screened_on,
        by=actor,
        indicators=sorted(set(indicators)),
        score=score,
        level=level,
        note=note,
    )
    latest = case.screenings.order_by("-screened_on", "-id").first()
    Case.objects.filter(pk=case.pk).update(risk_level=latest.level if latest else level)
    _audit(actor, "case.screening", case, ["indicators"], detail=level)
    return screening


@transaction.atomic
def rights_record(
    *,
    actor: User,
    case: Case,
    informed_on: datetime.date,
    language: str = "",
    interpreter: bool = False,
) -> RightsInformation:
    _not_future(informed_on, _("The date"))
    record = RightsInformation.objects.create(
        case=case, informed_on=informed_on, by=actor, language=language, interpreter=interpreter
    )
    _audit(actor, "case.rights_informed", case, ["informed_on"])
    return record


@transaction.atomic
def cooperation_record(
    *, actor: User, case: Case, recorded_on: datetime.date, status: str
) -> PoliceCooperation:
    """Record the person's choice about police cooperation. It changes nothing else."""
    _not_future(recorded_on, _("The date"))
    record = PoliceCooperation.objects.create(
        case=case, recorded_on=recorded_on, by=actor, status=status
    )
    _audit(actor, "case.cooperation", case, ["cooperation"])
    return record


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    case: Case,
    assessed_on: datetime.date,
    assessor_position: str,
    needs: list[str],
    summary: str = "",
) -> NeedsAssessment:
    _not_future(assessed_on, _("The assessment date"))
    assessment = NeedsAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        by=actor,
        assessor_position=assessor_position,
        needs=sorted(set(needs)),
        summary=summary,
    )
    _audit(actor, "case.assessment", case, ["needs", "summary"])
    return assessment


def provider_offers(provider: Institution, service: str) -> bool:
    return ServiceOffering.objects.filter(institution=provider, service=service).exists()


@transaction.atomic
def service_plan(
    *,
    actor: User,
    case: Case,
    service: str,
    provider: Institution,
    planned_on: datetime.date,
    chosen_by_person: bool = True,
    note: str = "",
) -> PlannedService:
    """Add a service to the plan, from a provider that offers it in the directory."""
    if not provider_offers(provider, service):
        raise CaseError(
            _("%(provider)s does not offer this service. Choose a provider from the directory.")
            % {"provider": provider}
        )
    planned = PlannedService.objects.create(
        case=case,
        service=service,
        provider=provider,
        planned_on=planned_on,
        chosen_by_person=chosen_by_person,
        note=note,
    )
    _audit(actor, "case.service.plan", case, ["service"], detail=service)
    return planned


@transaction.atomic
def service_update(
    *,
    actor: User,
    planned: PlannedService,
    expected_version: int,
    status: str,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> PlannedService:
    _not_future(started_on, _("The start date"))
    _not_future(ended_on, _("The end date"))
    if started_on and ended_on and ended_on < started_on:
        raise CaseError(_("A service cannot end before it starts."))
    if status == ServiceStatus.STARTED and not started_on:
        started_on = timezone.localdate()
    updated = PlannedService.objects.filter(pk=planned.pk, version=expected_version).update(
        version=expected_version + 1,
        status=status,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
    )
    if not updated:
        raise VersionConflict(
            _("Someone else changed this service meanwhile. Reload it and make your change again.")
        )
    planned.refresh_from_db()
    _audit(actor, "case.service.update", planned.case, ["status"], detail=status)
    return planned


@transaction.atomic
def followup_record(
    *,
    actor: User,
    case: Case,
    on: datetime.date,
    kind: str,
    retrafficking_risk: str,
    school: str = "n/a",
    working: bool | None = None,
    note: str = "",
    next_due: datetime.date | None = None,
) -> FollowUp:
    _not_future(on, _("The follow-up date"))
    if next_due and next_due < on:
        raise CaseError(_("The next follow-up cannot be due before this one."))
    followup = FollowUp.objects.create(
        case=case,
        on=on,
        by=actor,
        kind=kind,
        school=school,
        working=working,
        retrafficking_risk=retrafficking_risk,
        note=note,
        next_due=next_due,
    )
    latest = case.follow_ups.order_by("-on", "-id").first()
    Case.objects.filter(pk=case.pk).update(next_follow_up=latest.next_due if latest else None)
    _audit(actor, "case.follow_up", case, ["follow_up"], detail=kind)
    return followup


ESCALATION_TARGETS = (
    StructureKind.TECHNICAL_TABLE,
    StructureKind.MINI_TABLE,
    StructureKind.COMMITTEE,
)


@transaction.atomic
def escalation_create(
    *, actor: User, case: Case, structure: Structure, reason: str, note: str = ""
) -> Escalation:
    """Take the case to its region's table or committee, where it is seen by code only.
    The note travels to people outside the team, so a name in it is refused."""
    if structure.kind not in ESCALATION_TARGETS or structure.region_id != case.region_id:
        raise CaseError(_("Escalate to the table or committee of the case's region."))
    if text_names_a_person(note, region_id=case.region_id):
        raise CaseError(
            _(
                "The note seems to contain the name of a person in a case. Committees know "
                "cases by code only: remove the name and try again."
            )
        )
    escalation = Escalation.objects.create(
        case=case, structure=structure, reason=reason, note=note, by=actor
    )
    _audit(actor, "case.escalate", case, ["escalation"], detail=str(structure.pk))
    return escalation
