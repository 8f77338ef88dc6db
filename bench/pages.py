"""What the benchmark measures: the pages, their API equivalents, the bare SQL that
returns the same data, and the report builds. The one place to add to.

- A ``Page`` in ``PAGES``: the URL and its API equivalent, and hand-written SQL that
  returns the same figures (``bench/run.py`` times it).
- A ``Report`` in ``REPORTS``: a function that builds the report through the reporting
  app's own code, and the hand-written SQL aggregate for the same figures.
  ``bench/django_side.py reports`` times both (median of N, each build rolled back)
  against the targets of issue 6.

URLs and SQL are ``str.format`` / psycopg templates over a persona's ``Facts``
(``bench/personas.py``): ``{region_code}``, ``{case_code}``, ``{period}`` in URLs,
``%(institution_id)s``, ``%(region_id)s``, ``%(case_id)s``, ``%(user_id)s``, and the
half-year's ``%(period)s``, ``%(period_start)s``, ``%(period_end)s``, ``%(span_first)s``,
``%(span_start)s`` in SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Persona key -> demo username. The case worker is the Elbasan child protection unit,
# on about 7,000 case teams at ``--scale large`` (the busiest shelter is on about 9,000).
PERSONAS: dict[str, str] = {
    "case_worker": "elbasan.cpu",
    "secretariat": "elbasan.secretariat",
    "national": "onac.coordinator",
}


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: str
    # The API route that returns the same data, or None (then ``api_note`` says why).
    api: str | None
    # Statements run one after the other; their total is the page's bare SQL time.
    sql: tuple[str, ...]
    api_note: str = ""


# The columns the case list and the API list show, with the joins they need.
_CASE_LIST_SQL = """
SELECT c.code, c.stage, c.status, c.sex, c.age_band, c.risk_level, c.next_follow_up,
       m.name AS municipality, r.code AS region, i.name AS lead_institution
FROM cases_case c
JOIN cases_teammember t ON t.case_id = c.id AND t.institution_id = %(institution_id)s
JOIN geography_region r ON r.id = c.region_id
LEFT JOIN geography_municipality m ON m.id = c.municipality_id
JOIN directory_institution i ON i.id = c.lead_institution_id
WHERE c.status = 'pending'
ORDER BY c.year DESC, c.number DESC
LIMIT 25 OFFSET 25
"""
_CASE_LIST_COUNT_SQL = """
SELECT count(*) FROM cases_case c
JOIN cases_teammember t ON t.case_id = c.id AND t.institution_id = %(institution_id)s
WHERE c.status = 'pending'
"""
_CASE_SQL = """
SELECT c.*, r.code, r.name, m.name, i.name
FROM cases_case c
JOIN cases_teammember t ON t.case_id = c.id AND t.institution_id = %(institution_id)s
JOIN geography_region r ON r.id = c.region_id
LEFT JOIN geography_municipality m ON m.id = c.municipality_id
JOIN directory_institution i ON i.id = c.lead_institution_id
WHERE c.code = %(case_code)s
"""
_TEAM_SQL = """
SELECT t.is_lead, i.id, i.name FROM cases_teammember t
JOIN directory_institution i ON i.id = t.institution_id
WHERE t.case_id = %(case_id)s ORDER BY t.is_lead DESC, i.name
"""
_HISTORY_SQL = """
SELECT s.at, s.stage, s.status, s.closure_reason, s.note, u.username, u.first_name,
       u.last_name
FROM cases_statuschange s JOIN accounts_user u ON u.id = s.by_id
WHERE s.case_id = %(case_id)s ORDER BY s.at, s.id
"""
_REFERRALS_SQL = """
SELECT f.service, f.status, f.response_reason, f.sent_at, f.responded_at, i.name
FROM cases_referral f JOIN directory_institution i ON i.id = f.to_institution_id
WHERE f.case_id = %(case_id)s ORDER BY f.sent_at DESC, f.id DESC
"""
_COUNTS_SQL = """
SELECT c.region_id, c.status, count(*) FROM cases_case c GROUP BY c.region_id, c.status
"""
# The structures a regional user sees in the region, their members, the structures beyond
# it, and the services offered there.
_REGION_STRUCTURES_SQL = """
SELECT s.id, s.kind, s.name, mb.role, i.name
FROM directory_structure s
LEFT JOIN directory_membership mb ON mb.structure_id = s.id
LEFT JOIN directory_institution i ON i.id = mb.institution_id
WHERE s.is_active AND s.region_id = %(region_id)s
ORDER BY s.kind, s.name, mb.role, i.name
"""
_BEYOND_SQL = """
SELECT DISTINCT s.id, s.kind, s.name FROM directory_structure s
LEFT JOIN directory_membership mb ON mb.structure_id = s.id
LEFT JOIN geography_clustergroup_municipalities cm ON cm.clustergroup_id = s.cluster_id
LEFT JOIN geography_municipality gm ON gm.id = cm.municipality_id
WHERE s.is_active AND s.region_id IS DISTINCT FROM %(region_id)s
  AND (gm.region_id = %(region_id)s OR mb.institution_id = %(institution_id)s)
ORDER BY s.kind, s.name
"""
_REGION_SERVICES_SQL = """
SELECT o.service, o.target_groups, i.name, m.name, r.name
FROM directory_serviceoffering o
JOIN directory_institution i ON i.id = o.institution_id AND i.is_active
LEFT JOIN geography_municipality m ON m.id = o.municipality_id
LEFT JOIN geography_region r ON r.id = o.region_id
WHERE o.region_id = %(region_id)s OR m.region_id = %(region_id)s
ORDER BY o.service, i.name
"""
_NATIONAL_SQL = """
SELECT r.code,
  (SELECT count(*) FROM directory_structure s WHERE s.is_active AND s.region_id = r.id),
  (SELECT count(DISTINCT mb.institution_id) FROM directory_membership mb
     JOIN directory_structure s ON s.id = mb.structure_id
     WHERE s.is_active AND s.region_id = r.id),
  (SELECT count(*) FROM directory_serviceoffering o
     JOIN directory_institution i ON i.id = o.institution_id AND i.is_active
     LEFT JOIN geography_municipality m ON m.id = o.municipality_id
     WHERE o.region_id = r.id OR m.region_id = r.id)
FROM geography_region r ORDER BY r.code
"""
_NATIONAL_STRUCTURES_SQL = """
SELECT s.kind, s.name, count(mb.id) FROM directory_structure s
LEFT JOIN directory_membership mb ON mb.structure_id = s.id
WHERE s.is_active AND s.region_id IS NULL GROUP BY s.id ORDER BY s.kind, s.name
"""

# What every signed-in request reads before the page's own data: the user, role and
# institution (the session row is left out: the API's token replaces it).
_FLOOR_SQL = """
SELECT u.*, r.*, i.* FROM accounts_user u
JOIN accounts_role r ON r.id = u.role_id
JOIN directory_institution i ON i.id = u.institution_id
WHERE u.id = %(user_id)s
"""


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

PAGES: list[Page] = [
    Page(
        # Calibration, not a target: the smallest signed-in page (the password form in the
        # base layout) and the smallest API answer (who am I). What the stack costs
        # before any page reads its data.
        "floor",
        persona="case_worker",
        url="/accounts/password/",
        api="/api/v1/me/",
        sql=(_FLOOR_SQL,),
    ),
    Page(
        "case_list",
        persona="case_worker",
        url="/cases/?status=pending&page=2",
        api="/api/v1/cases/?status=pending&page=2&page_size=25",
        sql=(_CASE_LIST_COUNT_SQL, _CASE_LIST_SQL),
    ),
    Page(
        "case_detail",
        persona="case_worker",
        url="/cases/{case_code}/",
        api="/api/v1/cases/{case_code}/",
        sql=(_CASE_SQL, _TEAM_SQL, _HISTORY_SQL, _REFERRALS_SQL),
    ),
    Page(
        # What the case list is for everyone who does not work cases: counts by region.
        "case_counts",
        persona="national",
        url="/cases/",
        api="/api/v1/cases/counts/",
        sql=(_COUNTS_SQL,),
    ),
    Page(
        "home_region",
        persona="secretariat",
        url="/",
        api="/api/v1/structures/?region={region_code}",
        sql=(_REGION_STRUCTURES_SQL, _BEYOND_SQL, _REGION_SERVICES_SQL),
        api_note="closest API: the region's structures only (no members, no services)",
    ),
    Page(
        "home_national",
        persona="national",
        url="/",
        api=None,
        sql=(_NATIONAL_SQL, _NATIONAL_STRUCTURES_SQL),
        api_note="no API returns the per-region counts of the national home",
    ),
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


@dataclass(frozen=True)
class Report:
    """A report build, timed in a Django process: ``build(user, facts)`` runs through the
    real services (inside a transaction the bench rolls back); ``sql`` is the hand-written
    aggregate that gives the same figures; ``figures(user, facts)``, if given, gathers
    the report's content alone (no layout), to tell the figures' cost from the file's."""

    name: str
    persona: str
    build: Callable[[Any, Any], object]
    sql: tuple[str, ...]
    figures: Callable[[Any, Any], object] | None = None


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
