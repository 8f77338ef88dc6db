"""The demo accounts the benchmark signs in as, and the facts its URLs and SQL need
(institution, region, the case the detail page shows), read with plain SQL."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

import psycopg

# Every demo account has this password (tryeza/demo/context.py: PASSWORD).
DEMO_PASSWORD = "tryeza-demo"  # noqa: S105 — public on purpose, development data only


@dataclass(frozen=True)
class Facts:
    username: str
    user_id: int
    institution_id: int
    region_id: int
    region_code: str
    # The newest pending case on the institution's teams (the first row of its list);
    # empty for accounts that do not work cases.
    case_code: str = ""
    case_id: int = 0
    # The newest meeting of the region's technical table (the next one, planned, in the
    # demo): the meeting page the bench shows to the secretariat.
    meeting_id: int = 0
    # The reporting pages' half-year: the last one that has ended (what ONAC's national
    # view shows by default), its first and last day, and the first half-year of the four
    # the national view puts side by side (``2024S2`` for ``2026S1``).
    period: str = ""
    period_start: str = ""
    period_end: str = ""
    span_first: str = ""
    span_start: str = ""

    def params(self) -> dict[str, Any]:
        return asdict(self)


_USER = """
SELECT u.id, u.institution_id, i.region_id, r.code
FROM accounts_user u
JOIN directory_institution i ON i.id = u.institution_id
LEFT JOIN geography_region r ON r.id = i.region_id
WHERE u.username = %s
"""
_CASE = """
SELECT c.code, c.id FROM cases_case c
JOIN cases_teammember t ON t.case_id = c.id AND t.institution_id = %s
WHERE c.status = 'pending' ORDER BY c.year DESC, c.number DESC LIMIT 1
"""
_MEETING = """
SELECT m.id FROM meetings_meeting m
JOIN directory_structure s ON s.id = m.structure_id
WHERE s.region_id = %s AND s.kind = 'technical_table' ORDER BY m.starts_at DESC LIMIT 1
"""


def _half(year: int, index: int) -> tuple[str, str, str]:
    """A half-year's code, first day and last day, as ISO strings."""
    start = datetime.date(year, 1 if index == 1 else 7, 1)
    end = datetime.date(year, 6, 30) if index == 1 else datetime.date(year, 12, 31)
    return f"{year}S{index}", start.isoformat(), end.isoformat()


def reporting_period(today: datetime.date | None = None) -> dict[str, str]:
    """The half-year that ended last (``reporting.periods.current_half``) and the span of
    four half-years ending with it."""
    today = today or datetime.date.today()
    year, index = (today.year - 1, 2) if today.month <= 6 else (today.year, 1)
    code, start, end = _half(year, index)
    # Three half-years back: 2024S2 for 2026S1, 2025S1 for 2026S2.
    first, first_start, _end = _half(year - 2, 2) if index == 1 else _half(year - 1, 1)
    return {
        "period": code,
        "period_start": start,
        "period_end": end,
        "span_first": first,
        "span_start": first_start,
    }


def facts_for(conn: psycopg.Connection[Any], username: str) -> Facts:
    row = conn.execute(_USER, (username,)).fetchone()
    if row is None:
        raise SystemExit(f"No account {username!r} in this database: is the demo loaded?")
    user_id, institution_id, region_id, region_code = row
    case = conn.execute(_CASE, (institution_id,)).fetchone()
    code, case_id = case if case else ("", 0)
    meeting = conn.execute(_MEETING, (region_id,)).fetchone()
    return Facts(
        username,
        user_id,
        institution_id,
        region_id or 0,
        region_code or "",
        code,
        case_id,
        meeting[0] if meeting else 0,
        **reporting_period(),
    )


def case_count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) FROM cases_case").fetchone()
    return int(row[0]) if row else 0
