"""The anonymous case list as CSV or XLSX, for the case team: codes and standard
categories, never an identifier."""

from operator import attrgetter
from typing import Any, cast

from django.db.models import Field
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tryeza.cases.models import Case
from tryeza.spreadsheets import Column


def _chosen(label: str | Promise, name: str) -> Column:
    """A choice field of the case, shown as ``get_<name>_display()`` shows it."""
    field = cast("Field[Any, Any]", Case._meta.get_field(name))
    return Column(label, attrgetter(name), choices=field.flatchoices)


CASE_COLUMNS: tuple[Column, ...] = (
    Column(_("Case code"), lambda c: c.code),
    Column(_("Region"), lambda c: c.region.display_name),
    Column(_("Municipality"), lambda c: c.municipality.display_name if c.municipality else ""),
    _chosen(_("Stage"), "stage"),
    _chosen(_("Status"), "status"),
    _chosen(_("Reason for closing"), "closure_reason"),
    Column(_("Identified on"), lambda c: c.identified_on.isoformat()),
    _chosen(_("Identification"), "identification_kind"),
    _chosen(_("Identified by"), "identified_by"),
    _chosen(_("Sex"), "sex"),
    _chosen(_("Age band"), "age_band"),
    Column(_("Citizenship"), lambda c: c.citizenship),
    _chosen(_("Type of exploitation"), "exploitation"),
    _chosen(_("Kind of labour"), "labour_kind"),
    _chosen(_("Recruiter"), "recruiter_relation"),
    _chosen(_("Where"), "exploited_where"),
    _chosen(_("Duration"), "duration"),
    _chosen(_("Risk level"), "risk_level"),
    Column(
        _("Next follow-up due"), lambda c: c.next_follow_up.isoformat() if c.next_follow_up else ""
    ),
    Column(_("Lead institution"), lambda c: c.lead_institution.display_name),
)
