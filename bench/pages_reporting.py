"""The reporting app's pages and report builds, as ``bench/pages.py`` describes."""

from __future__ import annotations

from typing import Any

from bench.kinds import Page, Report

# The reporting app. Inside the region the committee's page shows, per source (each
# institution's submitted return, and case work), the totals of every element and
# quarter, the differences and their explanations, who reported and the review trail.
_REPORT_SQL = """
SELECT rr.*, e.element, e.period, e.text, e.agreed, e.at
FROM reporting_regionreport rr
LEFT JOIN reporting_explanation e ON e.report_id = rr.id
WHERE rr.region_id = %(region_id)s AND rr.period = %(period)s
"""
# Institutions expected to report: active members of the region's committee and table
# (observers aside).
_EXPECTED_SQL = """
SELECT DISTINCT i.id, i.name FROM directory_institution i
JOIN directory_membership mb ON mb.institution_id = i.id
JOIN directory_structure s ON s.id = mb.structure_id
WHERE i.is_active AND i.region_id = %(region_id)s AND s.region_id = %(region_id)s
  AND s.kind IN ('committee', 'technical_table')
  AND NOT EXISTS (SELECT 1 FROM directory_membership o
                  WHERE o.institution_id = i.id AND o.role = 'observer')
ORDER BY i.name
"""
_RETURNS_SQL = """
SELECT r.id, r.status, r.version, r.submitted_at, i.id, i.name
FROM reporting_datareturn r JOIN directory_institution i ON i.id = r.institution_id
WHERE r.region_id = %(region_id)s AND r.period = %(period)s
"""
_SOURCES_SQL = """
SELECT r.institution_id, v.element, v.period, v.number
FROM reporting_value v JOIN reporting_datareturn r ON r.id = v.data_return_id
WHERE r.region_id = %(region_id)s AND r.period = %(period)s AND r.status = 'submitted'
  AND v.dimension = '' AND v.number IS NOT NULL
"""
_CASEWORK_REGION_SQL = """
SELECT c.stage = 'at_risk', extract(quarter FROM c.identified_on), count(*)
FROM cases_case c
WHERE c.region_id = %(region_id)s
  AND c.identified_on BETWEEN %(period_start)s AND %(period_end)s
GROUP BY 1, 2
"""
_BOUNDS_SQL = "SELECT element, tolerance_percent FROM reporting_elementbounds"
_EVENTS_SQL = """
SELECT e.at, e.action, e.comment, i.name, u.username, u.first_name, u.last_name, ui.name
FROM reporting_reviewevent e
LEFT JOIN directory_institution i ON i.id = e.institution_id
JOIN accounts_user u ON u.id = e.by_id
LEFT JOIN directory_institution ui ON ui.id = u.institution_id
WHERE e.region_id = %(region_id)s AND e.period = %(period)s
ORDER BY e.at, e.id
"""
# ONAC's national view: per region and quarter of the four half-years, victims and persons
# at risk from case work, split by municipality (for the cluster groups) and by where
# people were exploited; the committees' agreed figures where they recorded one; and the
# completeness of the last half-year.
_CASEWORK_NATIONAL_SQL = """
SELECT c.region_id, c.stage = 'at_risk', c.exploited_where, c.municipality_id,
       date_trunc('quarter', c.identified_on), count(*)
FROM cases_case c
WHERE c.identified_on BETWEEN %(span_start)s AND %(period_end)s
GROUP BY 1, 2, 3, 4, 5
"""
_AGREED_NATIONAL_SQL = """
SELECT rr.region_id, rr.period, e.element, e.period, e.agreed
FROM reporting_regionreport rr
LEFT JOIN reporting_explanation e ON e.report_id = rr.id AND e.agreed IS NOT NULL
  AND e.element IN ('victims_identified', 'at_risk_identified')
WHERE rr.period BETWEEN %(span_first)s AND %(period)s
  AND rr.status IN ('approved', 'accepted')
"""
_CLUSTERS_SQL = """
SELECT r.id, r.code, r.name, g.code, g.name, m.id, m.region_id
FROM geography_region r
LEFT JOIN geography_municipality m ON m.region_id = r.id
LEFT JOIN geography_clustergroup_municipalities cm ON cm.municipality_id = m.id
LEFT JOIN geography_clustergroup g ON g.id = cm.clustergroup_id
"""
_COMPLETENESS_SQL = (
    """
SELECT r.id, rr.status, rr.approved_at,
       (SELECT count(*) FROM reporting_datareturn d
        WHERE d.region_id = r.id AND d.period = %(period)s AND d.status = 'submitted')
FROM geography_region r
LEFT JOIN reporting_regionreport rr ON rr.region_id = r.id AND rr.period = %(period)s
""",
    """
SELECT i.region_id, count(DISTINCT i.id) FROM directory_institution i
JOIN directory_membership mb ON mb.institution_id = i.id
JOIN directory_structure s ON s.id = mb.structure_id AND s.region_id = i.region_id
WHERE i.is_active AND s.kind IN ('committee', 'technical_table')
  AND NOT EXISTS (SELECT 1 FROM directory_membership o
                  WHERE o.institution_id = i.id AND o.role = 'observer')
GROUP BY i.region_id
""",
)

REPORTING_PAGES: list[Page] = [
    Page(
        # The committee's page for the last half-year that ended, as its Technical
        # Secretariat officer sees it (exact figures); the API answer adds the figures the
        # region stands by once approved.
        "committee_page",
        persona="secretariat",
        url="/reports/{region_code}/{period}/",
        api="/api/v1/reporting/reports/{region_code}/{period}/",
        sql=(
            _REPORT_SQL,
            _EXPECTED_SQL,
            _RETURNS_SQL,
            _SOURCES_SQL,
            _CASEWORK_REGION_SQL,
            _BOUNDS_SQL,
            _EVENTS_SQL,
        ),
    ),
    Page(
        # ONAC's regions compared: four half-years, by region, cluster group and where
        # people were exploited, and the last half-year's completeness.
        "national_view",
        persona="national",
        url="/reports/national/?period={period}",
        api="/api/v1/reporting/national/?period={period}",
        sql=(
            _CASEWORK_NATIONAL_SQL,
            _AGREED_NATIONAL_SQL,
            _CLUSTERS_SQL,
            *_COMPLETENESS_SQL,
        ),
    ),
]


def _build(user: Any, region_id: int | None, period: str) -> bytes:
    """A report as the task worker builds it: a queued ``ReportJob`` (PDF, English, the
    format the request form offers first) and the task's own function run in this process
    (``build_report.call``): gather, protect, draw, render, store the file on the job."""
    from tryeza.reporting.models import JobStatus, ReportJob
    from tryeza.reporting.tasks import build_report

    job = ReportJob.objects.create(
        region_id=region_id, period=period, language="en", format="pdf", requested_by=user
    )
    build_report.call(job.pk)
    job.refresh_from_db()
    if job.status != JobStatus.DONE:
        raise RuntimeError(f"the report job ended {job.status}")  # the worker logged why
    return bytes(job.file or b"")


def _region_report(user: Any, facts: Any) -> bytes:
    return _build(user, facts.region_id, facts.period)


def _national_report(user: Any, facts: Any) -> bytes:
    return _build(user, None, facts.period)


def _region_figures(user: Any, facts: Any) -> object:
    from django.utils import translation

    from tryeza.geography.models import Region
    from tryeza.reporting.periods import Period
    from tryeza.reporting.report.content import region_content

    with translation.override("en"):
        return region_content(Region.objects.get(pk=facts.region_id), Period.parse(facts.period))


def _national_figures(user: Any, facts: Any) -> object:
    from django.utils import translation

    from tryeza.reporting.periods import Period
    from tryeza.reporting.report.national import national_content

    with translation.override("en"):
        return national_content(Period.parse(facts.period))


# What a region's report holds: the figures it stands by (institutions' largest totals of
# the approved report, case work per quarter, the committee's agreed figures), each
# source's totals, victims from case work by sex, age, exploitation and destination, the
# committee's and table's meetings and tasks, and the scorecard's facts.
_REPORT_TOTALS_SQL = """
SELECT v.element, v.period, max(v.number)
FROM reporting_value v
JOIN reporting_datareturn r ON r.id = v.data_return_id
JOIN reporting_regionreport rr ON rr.region_id = r.region_id AND rr.period = r.period
WHERE r.region_id = %(region_id)s AND r.period = %(period)s AND r.status = 'submitted'
  AND rr.status IN ('approved', 'accepted') AND v.dimension = '' AND v.number IS NOT NULL
GROUP BY 1, 2
"""
_REPORT_CASEWORK_SQL = """
SELECT c.stage = 'at_risk', extract(quarter FROM c.identified_on), c.sex, c.age_band,
       c.exploitation, c.exploited_where, count(*)
FROM cases_case c
WHERE c.region_id = %(region_id)s
  AND c.identified_on BETWEEN %(period_start)s AND %(period_end)s
GROUP BY 1, 2, 3, 4, 5, 6
"""
_REPORT_WORK_SQL = """
SELECT s.id, s.kind, s.name, s.meeting_interval_months,
  (SELECT count(*) FROM meetings_meeting m WHERE m.structure_id = s.id
     AND m.status = 'held'
     AND m.starts_at::date BETWEEN %(period_start)s AND %(period_end)s),
  (SELECT array_agg(t.status || ':' || (t.done_on <= t.due_on)::text) FROM meetings_task t
     WHERE t.structure_id = s.id AND t.due_on BETWEEN %(period_start)s AND %(period_end)s),
  (SELECT count(*) FROM meetings_termsofreference tr
     JOIN meetings_meeting am ON am.id = tr.approved_at_id
     WHERE tr.structure_id = s.id AND am.starts_at::date <= %(period_end)s),
  (SELECT array_agg(mb.since) FROM directory_membership mb
     WHERE mb.structure_id = s.id AND mb.role <> 'observer')
FROM directory_structure s
WHERE s.region_id = %(region_id)s AND s.is_active
  AND s.kind IN ('committee', 'technical_table')
"""
_REPORT_HISTORY_SQL = """
SELECT rr.period, rr.status, rr.is_baseline, rr.approved_at, rr.summary, rr.context,
       rr.response, rr.action_plan
FROM reporting_regionreport rr
WHERE rr.region_id = %(region_id)s AND rr.period <= %(period)s
"""
# The national consolidation: every region's figures (as above, for all regions), the
# completeness of the half-year and every region's scorecard.
_NATIONAL_TOTALS_SQL = """
SELECT r.region_id, v.element, v.period, max(v.number)
FROM reporting_value v
JOIN reporting_datareturn r ON r.id = v.data_return_id
JOIN reporting_regionreport rr ON rr.region_id = r.region_id AND rr.period = r.period
WHERE r.period = %(period)s AND r.status = 'submitted'
  AND rr.status IN ('approved', 'accepted') AND v.dimension = '' AND v.number IS NOT NULL
GROUP BY 1, 2, 3
"""
_NATIONAL_CASEWORK_SQL = """
SELECT c.region_id, c.stage = 'at_risk', extract(quarter FROM c.identified_on), count(*)
FROM cases_case c
WHERE c.identified_on BETWEEN %(period_start)s AND %(period_end)s
GROUP BY 1, 2, 3
"""
_NATIONAL_AGREED_SQL = """
SELECT rr.region_id, e.element, e.period, e.agreed
FROM reporting_regionreport rr JOIN reporting_explanation e ON e.report_id = rr.id
WHERE rr.period = %(period)s AND rr.status IN ('approved', 'accepted')
  AND e.agreed IS NOT NULL
"""
_NATIONAL_WORK_SQL = _REPORT_WORK_SQL.replace("s.region_id = %(region_id)s AND ", "").replace(
    "SELECT s.id,", "SELECT s.region_id, s.id,"
)
_NATIONAL_HISTORY_SQL = """
SELECT rr.region_id, rr.period, rr.status, rr.is_baseline, rr.approved_at
FROM reporting_regionreport rr WHERE rr.period <= %(period)s
"""

REPORTS: list[Report] = [
    Report(
        "region_report",
        "secretariat",
        _region_report,
        (
            _REPORT_SQL,
            _REPORT_TOTALS_SQL,
            _SOURCES_SQL,
            _REPORT_CASEWORK_SQL,
            _REPORT_WORK_SQL,
            _REPORT_HISTORY_SQL,
        ),
        figures=_region_figures,
    ),
    Report(
        "national_report",
        "national",
        _national_report,
        (
            _NATIONAL_TOTALS_SQL,
            _NATIONAL_CASEWORK_SQL,
            _NATIONAL_AGREED_SQL,
            *_COMPLETENESS_SQL,
            _NATIONAL_WORK_SQL,
            _NATIONAL_HISTORY_SQL,
        ),
        figures=_national_figures,
    ),
]
