"""The anonymous case list as CSV or XLSX, for the case team: codes and standard
categories, never an identifier."""

from django.utils.translation import gettext_lazy as _

from tryeza.spreadsheets import Column

CASE_COLUMNS: tuple[Column, ...] = (
    Column(_("Case code"), lambda c: c.code),
    Column(_("Region"), lambda c: c.region.display_name),
    Column(_("Municipality"), lambda c: c.municipality.display_name if c.municipality else ""),
    Column(_("Stage"), lambda c: c.get_stage_display()),
    Column(_("Status"), lambda c: c.get_status_display()),
    Column(_("Reason for closing"), lambda c: c.get_closure_reason_display()),
    Column(_("Identified on"), lambda c: c.identified_on.isoformat()),
    Column(_("Identification"), lambda c: c.get_identification_kind_display()),
    Column(_("Identified by"), lambda c: c.get_identified_by_display()),
    Column(_("Sex"), lambda c: c.get_sex_display()),
    Column(_("Age band"), lambda c: c.get_age_band_display()),
    Column(_("Citizenship"), lambda c: c.citizenship),
    Column(_("Type of exploitation"), lambda c: c.get_exploitation_display()),
    Column(_("Kind of labour"), lambda c: c.get_labour_kind_display()),
    Column(_("Recruiter"), lambda c: c.get_recruiter_relation_display()),
    Column(_("Where"), lambda c: c.get_exploited_where_display()),
    Column(_("Duration"), lambda c: c.get_duration_display()),
    Column(_("Risk level"), lambda c: c.get_risk_level_display()),
    Column(
        _("Next follow-up due"), lambda c: c.next_follow_up.isoformat() if c.next_follow_up else ""
    ),
    Column(_("Lead institution"), lambda c: c.lead_institution.display_name),
)
