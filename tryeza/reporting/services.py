"""Writes of the reporting workflow: draft → submitted by each institution → approved by
the committee's secretariat → accepted by ONAC, with a return and a comment possible at
every step. Each function checks ``rules``, is atomic and audited; texts pass the leak
guard so a person's name cannot reach a report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tryeza.audit.services import audit_record
from tryeza.cases.services.leaks import text_names_a_person
from tryeza.reporting import rules, selectors
from tryeza.reporting.catalogue import BY_CODE, TEXT
from tryeza.reporting.models import (
    DataReturn,
    ElementBounds,
    Explanation,
    RegionReport,
    ReportStatus,
    ReturnStatus,
    ReviewAction,
    ReviewEvent,
    Value,
)
from tryeza.reporting.validation import Cell, Problem, validate

if TYPE_CHECKING:
    from tryeza.accounts.models import User


class ReportingError(Exception):
    """A rule refused the change; the message is for the person who asked."""


class NotAllowed(ReportingError):
    pass


class VersionConflict(ReportingError):
    pass


class Invalid(ReportingError):
    """The figures break a validation rule; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_("The figures were not saved: correct the problems listed."))
        self.problems = problems


def _guard(region_id: int, *texts: str) -> None:
    for text in texts:
        if text and text_names_a_person(text, region_id=region_id):
            raise ReportingError(
                _(
                    "This text seems to contain the name of a person in a case. Reports "
                    "speak of people in numbers only: remove the name and save again."
                )
            )


def _bump(model: type[DataReturn] | type[RegionReport], pk: int, version: int) -> None:
    updated = model.objects.filter(pk=pk, version=version).update(version=F("version") + 1)
    if not updated:
        raise VersionConflict(
            _(
                "Someone else saved this while you were editing it. Your changes were not "
                "saved: reload the page, then make them again."
            )
        )


def _audit(user: User, action: str, ref: str, detail: str = "") -> None:
    audit_record(actor=user, action=action, object_type="report", object_ref=ref, detail=detail)


def _event(user: User, region_id: int, period: str, action: str, **kwargs: object) -> None:
    ReviewEvent.objects.create(region_id=region_id, period=period, action=action, by=user, **kwargs)


def _editable(data_return: DataReturn) -> None:
    if data_return.status == ReturnStatus.SUBMITTED:
        raise ReportingError(_("These figures were submitted; ask the secretariat to return them."))
    if selectors.report_locked(data_return.region_id, data_return.period):
        raise ReportingError(
            _("The committee has approved this period's report: its figures are locked.")
        )


def return_save(
    *,
    user: User,
    data_return: DataReturn,
    numbers: Mapping[Cell, int | None],
    texts: Mapping[tuple[str, str], str],
    version: int,
) -> DataReturn:
    """Replace the return's figures and texts with these, or save nothing."""
    if not rules.may_enter(user, data_return.institution, data_return.region_id):
        raise NotAllowed(_("You may not enter figures for this institution."))
    _editable(data_return)
    problems = validate(
        numbers,
        half=data_return.period,
        municipalities=selectors.municipalities_of(data_return.region_id),
        ranges=selectors.ranges(),
    )
    if problems:
        raise Invalid(problems)
    _guard(data_return.region_id, *texts.values())
    with transaction.atomic():
        _bump(DataReturn, data_return.pk, version)
        data_return.values.all().delete()
        Value.objects.bulk_create(
            [
                Value(
                    data_return=data_return, element=e, period=p, dimension=d, category=c, number=n
                )
                for (e, p, d, c), n in numbers.items()
                if n is not None
            ]
            + [
                Value(data_return=data_return, element=e, period=p, text=t.strip())
                for (e, p), t in texts.items()
                if t.strip() and BY_CODE[e].kind == TEXT
            ]
        )
        DataReturn.objects.filter(pk=data_return.pk).update(
            updated_by=user, updated_at=timezone.now()
        )
        _audit(user, "reporting.return_saved", f"return:{data_return.pk}")
    data_return.refresh_from_db()
    return data_return


def return_submit(*, user: User, data_return: DataReturn) -> DataReturn:
    if not rules.may_enter(user, data_return.institution, data_return.region_id):
        raise NotAllowed(_("You may not submit figures for this institution."))
    _editable(data_return)
    if not data_return.values.exists():
        raise ReportingError(_("There are no figures to submit yet."))
    with transaction.atomic():
        _bump(DataReturn, data_return.pk, data_return.version)
        DataReturn.objects.filter(pk=data_return.pk).update(
            status=ReturnStatus.SUBMITTED, submitted_at=timezone.now(), comment=""
        )
        _event(
            user,
            data_return.region_id,
            data_return.period,
            ReviewAction.SUBMITTED,
            institution=data_return.institution,
        )
        _audit(user, "reporting.return_submitted", f"return:{data_return.pk}")
    data_return.refresh_from_db()
    return data_return


def return_send_back(*, user: User, data_return: DataReturn, comment: str) -> DataReturn:
    """The secretariat returns submitted figures to the institution, saying why."""
    if not rules.may_review(user, data_return.region_id):
        raise NotAllowed(_("Only the committee's secretariat may return figures."))
    if data_return.status != ReturnStatus.SUBMITTED:
        raise ReportingError(_("Only submitted figures can be returned."))
    if selectors.report_locked(data_return.region_id, data_return.period):
        raise ReportingError(_("The report is approved: ask ONAC to return it first."))
    if not comment.strip():
        raise ReportingError(_("Say what should be corrected."))
    _guard(data_return.region_id, comment)
    with transaction.atomic():
        _bump(DataReturn, data_return.pk, data_return.version)
        DataReturn.objects.filter(pk=data_return.pk).update(
            status=ReturnStatus.RETURNED, comment=comment.strip()
        )
        _event(
            user,
            data_return.region_id,
            data_return.period,
            ReviewAction.RETURNED,
            institution=data_return.institution,
            comment=comment.strip(),
        )
        _audit(user, "reporting.return_sent_back", f"return:{data_return.pk}")
    data_return.refresh_from_db()
    return data_return


REPORT_TEXTS = ("summary", "context", "response", "action_plan")


def report_save(
    *, user: User, report: RegionReport, texts: Mapping[str, str], is_baseline: bool, version: int
) -> RegionReport:
    """The committee's situational analysis: its narrative over the figures."""
    if not rules.may_review(user, report.region_id):
        raise NotAllowed(_("Only the committee's secretariat may write the analysis."))
    if report.is_locked:
        raise ReportingError(_("The report is approved and can no longer be changed."))
    _guard(report.region_id, *texts.values())
    with transaction.atomic():
        _bump(RegionReport, report.pk, version)
        fields = {name: texts.get(name, "").strip() for name in REPORT_TEXTS}
        RegionReport.objects.filter(pk=report.pk).update(is_baseline=is_baseline, **fields)
        _audit(user, "reporting.analysis_saved", f"report:{report.pk}")
    report.refresh_from_db()
    return report


def explanation_record(
    *, user: User, report: RegionReport, element: str, period: str, text: str, agreed: int | None
) -> Explanation:
    if not rules.may_review(user, report.region_id):
        raise NotAllowed(_("Only the committee's secretariat may explain differences."))
    if report.is_locked:
        raise ReportingError(_("The report is approved and can no longer be changed."))
    if not text.strip():
        raise ReportingError(_("Say why the figures differ."))
    _guard(report.region_id, text)
    with transaction.atomic():
        explanation, _created = Explanation.objects.update_or_create(
            report=report,
            element=element,
            period=period,
            defaults={"text": text.strip(), "agreed": agreed, "by": user},
        )
        _audit(user, "reporting.difference_explained", f"report:{report.pk}", element)
    return explanation


def report_approve(*, user: User, report: RegionReport) -> RegionReport:
    """Approve the region's figures; every difference must be explained first."""
    if not rules.may_review(user, report.region_id):
        raise NotAllowed(_("Only the committee's secretariat may approve the report."))
    if report.status != ReportStatus.OPEN:
        raise ReportingError(_("This report is already approved."))
    if not selectors.submitted_returns(report.region_id, report.period).exists():
        raise ReportingError(_("No institution has submitted figures for this period yet."))
    unexplained = selectors.unexplained_discrepancies(report)
    if unexplained:
        raise ReportingError(
            _("Explain why the figures differ before approving: %(elements)s.")
            % {"elements": ", ".join(f"{d.label} ({d.period})" for d in unexplained)}
        )
    with transaction.atomic():
        _bump(RegionReport, report.pk, report.version)
        RegionReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.APPROVED, approved_at=timezone.now(), approved_by=user, comment=""
        )
        _event(user, report.region_id, report.period, ReviewAction.APPROVED)
        _audit(user, "reporting.report_approved", f"report:{report.pk}")
    report.refresh_from_db()
    return report


def report_send_back(*, user: User, report: RegionReport, comment: str) -> RegionReport:
    """ONAC returns an approved report to the committee; its figures unlock."""
    if not rules.may_accept(user):
        raise NotAllowed(_("Only the national coordinator may return a report."))
    if report.status != ReportStatus.APPROVED:
        raise ReportingError(_("Only an approved report can be returned."))
    if not comment.strip():
        raise ReportingError(_("Say what should be corrected."))
    with transaction.atomic():
        _bump(RegionReport, report.pk, report.version)
        RegionReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.OPEN, comment=comment.strip(), approved_at=None, approved_by=None
        )
        _event(
            user, report.region_id, report.period, ReviewAction.REOPENED, comment=comment.strip()
        )
        _audit(user, "reporting.report_sent_back", f"report:{report.pk}")
    report.refresh_from_db()
    return report


def report_accept(*, user: User, report: RegionReport) -> RegionReport:
    if not rules.may_accept(user):
        raise NotAllowed(_("Only the national coordinator may accept a report."))
    if report.status != ReportStatus.APPROVED:
        raise ReportingError(_("Only an approved report can be accepted."))
    with transaction.atomic():
        _bump(RegionReport, report.pk, report.version)
        RegionReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.ACCEPTED, accepted_at=timezone.now(), accepted_by=user
        )
        _event(user, report.region_id, report.period, ReviewAction.ACCEPTED)
        _audit(user, "reporting.report_accepted", f"report:{report.pk}")
    report.refresh_from_db()
    return report


def bounds_set(
    *, user: User, element: str, minimum: int, maximum: int | None, tolerance_percent: int
) -> ElementBounds:
    """ONAC sets the expected range of an element and the tolerance between sources."""
    if not rules.may_accept(user):
        raise NotAllowed(_("Only the national coordinator may set expected ranges."))
    if element not in BY_CODE or (maximum is not None and maximum < minimum):
        raise ReportingError(_("The range is not valid."))
    with transaction.atomic():
        bounds, _created = ElementBounds.objects.update_or_create(
            element=element,
            defaults={
                "minimum": minimum,
                "maximum": maximum,
                "tolerance_percent": tolerance_percent,
            },
        )
        _audit(user, "reporting.bounds_set", element, f"{minimum}-{maximum} {tolerance_percent}%")
    return bounds
