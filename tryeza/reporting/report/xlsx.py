"""The report as an XLSX workbook, one sheet per part, in the active language. Cells hold
the protected text; a plain figure is written as a number so it can be summed."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from tryeza.reporting.report.content import RegionContent
from tryeza.reporting.report.national import NationalContent
from tryeza.reporting.report.tables import Grid
from tryeza.spreadsheets import spreadsheet_safe

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def _cell(value: object) -> object:
    if isinstance(value, int):
        return value
    text = "" if value is None else str(value)
    if text.isdigit():
        return int(text)
    # Formula-safe, and without the control characters XML cannot carry.
    return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", text))


def _title(text: str) -> str:
    return _SHEET_FORBIDDEN.sub(" ", text)[:31]


def _sheet(workbook: Workbook, title: str) -> Worksheet:
    sheet = workbook.create_sheet(_title(title))
    sheet.column_dimensions["A"].width = 48
    return sheet


def _append(sheet: Worksheet, values: Iterable[object], bold: bool = False) -> None:
    sheet.append([_cell(v) for v in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD


def _grid(sheet: Worksheet, grid: Grid) -> None:
    _append(sheet, [grid.title], bold=True)
    _append(sheet, grid.header, bold=True)
    for row in grid.rows:
        _append(sheet, row)
    if grid.note:
        _append(sheet, [grid.note])
    sheet.append([])


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cover(sheet: Worksheet, title: str, lines: list[tuple[str, str]]) -> None:
    _append(sheet, [title], bold=True)
    for label, value in lines:
        _append(sheet, [label, value])
    _append(sheet, [_("Counts from 1 to 4 are shown as “<5”; “x” marks a hidden figure.")])


def region_xlsx(c: RegionContent) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None  # a new workbook always has its first sheet
    cover.title = _title(_("Report"))
    cover.column_dimensions["A"].width = 48
    report = c.report
    _cover(
        cover,
        _("Bi-annual report"),
        [
            (_("Committee"), c.committee),
            (_("Region"), c.region.display_name),
            (_("Period"), f"{c.period.label()} ({c.period.code})"),
            (_("Status"), report.get_status_display() if report else _("Not started")),
            (_("Generated"), timezone.localdate().isoformat()),
        ],
    )
    cover.append([])
    for label, text in c.narrative:
        _append(cover, [label], bold=True)
        _append(cover, [text or "—"])
    figures = _sheet(workbook, _("Figures"))
    if c.figures is not None:
        _grid(figures, c.figures)
    _grid(figures, c.sources)
    for grid in c.breakdowns:
        _grid(figures, grid)
    work = _sheet(workbook, _("Meetings and tasks"))
    _append(
        work,
        [
            _("Structure"),
            _("Meetings held"),
            _("Expected"),
            _("Tasks due"),
            _("Done on time"),
            _("Done late"),
            _("Still outstanding"),
        ],
        bold=True,
    )
    for w in c.work:
        t = w.tasks
        held, expected = w.cadence.held, w.cadence.expected
        _append(work, [w.name, held, expected, t.due, t.done_on_time, t.done_late, t.outstanding])
    scorecard = _sheet(workbook, _("Output indicators"))
    _append(scorecard, [_("Indicator"), _("Status"), _("Figures"), _("Source")], bold=True)
    for i in c.scorecard:
        _append(scorecard, [i.name, i.status_label, i.figures, i.source])
    return _save(workbook)


def national_xlsx(c: NationalContent) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None  # a new workbook always has its first sheet
    cover.title = _title(_("Regions"))
    cover.column_dimensions["A"].width = 48
    _cover(
        cover,
        _("National consolidation"),
        [
            (_("Period"), f"{c.period.label()} ({c.period.code})"),
            (_("Generated"), timezone.localdate().isoformat()),
        ],
    )
    cover.append([])
    _grid(cover, c.regions)
    _grid(_sheet(workbook, _("Completeness")), c.completeness)
    _grid(_sheet(workbook, _("Output indicators")), c.scorecards)
    return _save(workbook)
