"""What the benchmark measures: the pages, their API equivalents, the bare SQL that
returns the same data, and (later) the report builds. The one place to add to.

HOOKS FOR THE REPORTING APP — when the regional and national dashboards land:

1. Add a ``Page`` to ``PAGES`` for each dashboard (the commented "region_dashboard" and
   "national_dashboard" entries below show the shape): the URL and its API equivalent,
   and hand-written SQL that returns the same figures.
2. Add a ``Report`` to ``REPORTS`` for "one region's bi-annual report" and "the national
   consolidation": a function that builds it through the reporting services, and the
   hand-written SQL aggregate for the same figures. ``bench/reports.py`` times both
   (median of N, each build rolled back) against the targets of issue 6.

URLs and SQL are ``str.format`` / psycopg templates over a persona's ``Facts``
(``bench/personas.py``): ``{region_code}``, ``{case_code}`` in URLs, ``%(institution_id)s``,
``%(region_id)s``, ``%(case_id)s``, ``%(user_id)s`` in SQL.
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
    # HOOK: the reporting app's dashboards, once they exist, e.g.
    # Page(
    #     "region_dashboard",
    #     persona="secretariat",
    #     url="/reports/{region_code}/",
    #     api="/api/v1/reports/{region_code}/",
    #     sql=("SELECT ... the same figures ... WHERE region_id = %(region_id)s",),
    # ),
    # Page(
    #     "national_dashboard",
    #     persona="national",
    #     url="/reports/national/",
    #     api="/api/v1/reports/",
    #     sql=("SELECT ... per region ...",),
    # ),
]


@dataclass(frozen=True)
class Report:
    """A report build, timed in a Django process: ``build(user, facts)`` runs through the
    real services (inside a transaction the bench rolls back); ``sql`` is the hand-written
    aggregate that gives the same figures."""

    name: str
    persona: str
    build: Callable[[Any, Any], object]
    sql: tuple[str, ...]


# HOOK: one region's bi-annual report and the national consolidation, e.g.
#
# def _region_report(user, facts):
#     from tryeza.reporting.services import report_build
#     return report_build(actor=user, region_id=facts.region_id, period="2026-H1")
#
# REPORTS.append(Report("region_report", "secretariat", _region_report, ("SELECT ...",)))
REPORTS: list[Report] = []
