"""The meetings app's page, as ``bench/pages.py`` describes."""

from __future__ import annotations

from bench.kinds import Page

# The technical table's next meeting as its secretariat runs it: the meeting, its agenda
# (with the tasks items became and who proposed them), decisions, attendance, tasks and
# the table's terms of reference. The attendance and task forms, which list the sixty
# members' 450 contacts, open on request (``meetings/views/minutes.py``).
_MEETING_SQL = """
SELECT m.id, m.starts_at, m.ends_at, m.place, m.status, m.proposals_until,
       m.minutes_summary, m.version, s.id, s.kind, s.name
FROM meetings_meeting m JOIN directory_structure s ON s.id = m.structure_id
WHERE m.id = %(meeting_id)s
"""
_ITEMS_SQL = """
SELECT a.id, a."order", a.kind, a.title, a.description, a.status, a.case_code,
       a.discussion, t.id, t.status, ti.name, pi.name
FROM meetings_agendaitem a
LEFT JOIN meetings_task t ON t.id = a.task_id
LEFT JOIN directory_institution ti ON ti.id = t.institution_id
LEFT JOIN directory_institution pi ON pi.id = a.proposed_by_institution_id
WHERE a.meeting_id = %(meeting_id)s ORDER BY a."order", a.id
"""
_DECISIONS_SQL = """
SELECT d.id, d.text, d.consensus, a.title FROM meetings_decision d
LEFT JOIN meetings_agendaitem a ON a.id = d.item_id
WHERE d.meeting_id = %(meeting_id)s ORDER BY d.id
"""
_ATTENDANCE_SQL = """
SELECT i.name, a.presence, c.first_name, c.last_name FROM meetings_attendance a
JOIN directory_institution i ON i.id = a.institution_id
LEFT JOIN directory_contact c ON c.id = a.representative_id
WHERE a.meeting_id = %(meeting_id)s
"""
_TASKS_SQL = """
SELECT t.id, t.description, t.due_on, t.status, i.name, c.first_name, c.last_name
FROM meetings_task t JOIN directory_institution i ON i.id = t.institution_id
LEFT JOIN directory_contact c ON c.id = t.person_id
WHERE t.meeting_id = %(meeting_id)s
"""
_TERMS_SQL = """
SELECT tr.version, tr.text, m.id, m.starts_at FROM meetings_termsofreference tr
LEFT JOIN meetings_meeting m ON m.id = tr.approved_at_id
WHERE tr.structure_id = (SELECT structure_id FROM meetings_meeting WHERE id = %(meeting_id)s)
ORDER BY tr.version DESC
"""

MEETING_PAGES: list[Page] = [
    Page(
        "meeting_page",
        persona="secretariat",
        url="/meetings/{meeting_id}/",
        api="/api/v1/meetings/{meeting_id}/",
        sql=(
            _MEETING_SQL,
            _ITEMS_SQL,
            _DECISIONS_SQL,
            _ATTENDANCE_SQL,
            _TASKS_SQL,
            _TERMS_SQL,
        ),
    ),
]
