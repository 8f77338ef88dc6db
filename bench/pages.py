"""What the benchmark measures: the pages, their API equivalents, the bare SQL that
returns the same data, and the report builds: the pages of case work and the directory
here, the reporting app's pages and report builds in ``bench/pages_reporting.py``, the
meeting page in ``bench/pages_meetings.py``.

- A ``Page`` in ``PAGES``: the URL and its API equivalent, and hand-written SQL that
  returns the same figures (``bench/run.py`` times it).
- A ``Report`` in ``REPORTS``: a function that builds the report through the reporting
  app's own code, and the hand-written SQL aggregate for the same figures.
  ``bench/django_side.py reports`` times both (median of N, each build rolled back)
  against the targets of issue 6.

URLs and SQL are ``str.format`` / psycopg templates over a persona's ``Facts``
(``bench/personas.py``): ``{region_code}``, ``{case_code}``, ``{meeting_id}``,
``{period}`` in URLs, ``%(institution_id)s``, ``%(region_id)s``, ``%(case_id)s``,
``%(meeting_id)s``, ``%(user_id)s``, and the half-year's ``%(period)s``,
``%(period_start)s``, ``%(period_end)s``, ``%(span_first)s``, ``%(span_start)s`` in SQL.
"""

from __future__ import annotations

from bench.kinds import Page, Report
from bench.pages_meetings import MEETING_PAGES
from bench.pages_reporting import REPORTING_PAGES, REPORTS

# Persona key -> demo username. The case worker is the Elbasan child protection unit,
# on about 7,000 case teams at ``--scale large`` (the busiest shelter is on about 9,000).
PERSONAS: dict[str, str] = {
    "case_worker": "elbasan.cpu",
    "secretariat": "elbasan.secretariat",
    "national": "onac.coordinator",
}


# The columns the case list and the API list show, with the joins they need: the
# institution's cases under ``where``, newest first, one page.
_CASE_PAGE_SQL = """
SELECT c.code, c.stage, c.status, c.sex, c.age_band, c.risk_level, c.next_follow_up,
       m.name AS municipality, r.code AS region, i.name AS lead_institution
FROM cases_case c
JOIN cases_teammember t ON t.case_id = c.id AND t.institution_id = %(institution_id)s
JOIN geography_region r ON r.id = c.region_id
LEFT JOIN geography_municipality m ON m.id = c.municipality_id
JOIN directory_institution i ON i.id = c.lead_institution_id
WHERE {where}
ORDER BY c.year DESC, c.number DESC
LIMIT 25 OFFSET {offset}
"""
_CASE_COUNT_SQL = """
SELECT count(*) FROM cases_case c
JOIN cases_teammember t ON t.case_id = c.id AND t.institution_id = %(institution_id)s
WHERE {where}
"""
# Counted from the team's list of cases, the shape that counts them soonest under a
# filter no index serves (``cases.access.cases_visible_to``).
_CASE_COUNT_FROM_TEAM_LIST_SQL = """
SELECT count(*) FROM cases_case c
WHERE c.id = ANY(ARRAY(SELECT case_id FROM cases_teammember
                       WHERE institution_id = %(institution_id)s))
  AND {where}
"""
_PENDING = "c.status = 'pending'"
# Men and boys: about a quarter of the cases, a filter no index serves.
_MALE = "c.sex = 'male'"
# A code searched by any part of it (here the newest pending case's whole code, as copied
# from a referral or an agenda): found by the trigram index on the code.
_SEARCHED = "upper(c.code) LIKE '%%' || upper(%(case_code)s) || '%%'"
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
# The structures a regional user sees in the region with their member counts and leads,
# the structures beyond it, and the services offered there counted by kind.
_REGION_STRUCTURES_SQL = """
SELECT s.id, s.kind, s.name, count(DISTINCT mb.institution_id),
       string_agg(CASE WHEN mb.role IN ('chair', 'secretariat') THEN i.name END, ', ')
FROM directory_structure s
LEFT JOIN directory_membership mb ON mb.structure_id = s.id
LEFT JOIN directory_institution i ON i.id = mb.institution_id
WHERE s.is_active AND s.region_id = %(region_id)s
GROUP BY s.id ORDER BY s.kind, s.name
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
SELECT o.service, count(DISTINCT o.institution_id)
FROM directory_serviceoffering o
JOIN directory_institution i ON i.id = o.institution_id AND i.is_active
LEFT JOIN geography_municipality m ON m.id = o.municipality_id
WHERE o.region_id = %(region_id)s OR m.region_id = %(region_id)s
GROUP BY o.service ORDER BY o.service
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
        sql=(
            _CASE_COUNT_SQL.format(where=_PENDING),
            _CASE_PAGE_SQL.format(where=_PENDING, offset=25),
        ),
    ),
    Page(
        "case_filtered",
        persona="case_worker",
        url="/cases/?sex=male",
        api="/api/v1/cases/?sex=male&page_size=25",
        sql=(
            _CASE_COUNT_FROM_TEAM_LIST_SQL.format(where=_MALE),
            _CASE_PAGE_SQL.format(where=_MALE, offset=0),
        ),
    ),
    Page(
        "case_search",
        persona="case_worker",
        url="/cases/?q={case_code}",
        api="/api/v1/cases/?q={case_code}&page_size=25",
        sql=(
            _CASE_COUNT_SQL.format(where=_SEARCHED),
            _CASE_PAGE_SQL.format(where=_SEARCHED, offset=0),
        ),
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
    *REPORTING_PAGES,
    *MEETING_PAGES,
]

__all__ = ["PAGES", "PERSONAS", "REPORTS", "Page", "Report"]
