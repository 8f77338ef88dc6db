"""An institution's return as an XLSX template: download, fill the value column, upload.
The parser reads the code columns, never the labels (a template in Albanian uploads as
well as one in English), reports every wrong row and saves nothing: the figures then go
whole through ``services.return_save`` (validation rules, leak guard, locks)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tryeza.reporting.catalogue import BY_CODE, ELEMENTS, TEXT, categories, value_periods
from tryeza.reporting.validation import Cell, Problem, known_cells
from tryeza.spreadsheets import FORMULA_STARTS, spreadsheet_safe

# Sheet names are codes like the code columns: the parser looks for them by name.
FIGURES, TEXTS = "Figures", "Texts"
MAX_BYTES = 2 * 1024 * 1024
# A small zip can unpack to gigabytes; a real template unpacks to well under a megabyte.
MAX_UNPACKED = 50 * 1024 * 1024
MAX_ROWS = 5000
LARGEST = 2_147_483_647  # what the database's integer column holds
_INTEGER = re.compile(r"^[-+]?\d+$")


class FileRefused(Exception):
    """The file is not a workbook this page can read; the message says why."""


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        values = {"sheet": self.sheet, "row": self.row, "message": self.message}
        if self.row is None:
            return _("Sheet %(sheet)s: %(message)s") % values
        return _("Sheet %(sheet)s, row %(row)s: %(message)s") % values


@dataclass
class Upload:
    numbers: dict[Cell, int] = field(default_factory=dict)
    # None when the file has no Texts sheet: the return keeps the answers it has.
    texts: dict[tuple[str, str], str] | None = None
    # (element, period) -> the row of its total, else its first row.
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    def locate(self, problems: list[Problem]) -> list[RowProblem]:
        """The validation rules' problems, placed on the row of the element's total."""
        return [
            RowProblem(FIGURES, self.rows.get((p.element, p.period)), p.message) for p in problems
        ]


def _safe(value: object) -> str:
    # XML cannot carry most control characters; they go before the formula check so that
    # removing one cannot uncover an "=".
    return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))


def _unescape(text: str) -> str:
    """Undo ``spreadsheet_safe``'s apostrophe, so a text survives a round trip unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def figure_rows(
    half: str, municipalities: list[tuple[str, str]]
) -> Iterator[tuple[Cell, tuple[str, str, str]]]:
    """(cell, element label, dimension label, category label) in the catalogue's order."""
    for element in (e for e in ELEMENTS if e.is_count):
        for period in value_periods(element, half):
            yield (element.code, period, "", ""), (str(element.label), _("total"), "")
            for dimension in element.dimensions:
                for code, label in categories(dimension, municipalities):
                    cell = (element.code, period, dimension.code, code)
                    yield cell, (str(element.label), str(dimension.label), label)


def _sheet(
    sheet: Worksheet, title: str, columns: list[tuple[str, int]], rows: Iterable[list[Any]]
) -> None:
    """Header row styled and frozen; the last column, the one to fill, alone unlocked.
    No password: protection guards against slips, not people."""
    sheet.title = title
    sheet.append([_safe(heading) for heading, _width in columns])
    for number, (_heading, width) in enumerate(columns, start=1):
        sheet.cell(row=1, column=number).font = Font(bold=True)
        sheet.cell(row=1, column=number).fill = PatternFill("solid", fgColor="DDDDDD")
        sheet.column_dimensions[get_column_letter(number)].width = width
    for row in rows:
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=len(columns)).protection = Protection(locked=False)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.autoFilter = False
    sheet.auto_filter.ref = sheet.dimensions


def template(
    *,
    half: str,
    municipalities: list[tuple[str, str]],
    numbers: Mapping[Cell, int | None],
    texts: Mapping[tuple[str, str], str],
    instructions: list[str],
) -> bytes:
    """The workbook of one return, pre-filled with what the institution entered."""
    workbook = Workbook()
    figures = workbook.active
    assert isinstance(figures, Worksheet)
    codes = [(_("element code"), 26), (_("period"), 9)]
    names = [(_("element"), 50), (_("dimension"), 22), (_("category"), 36)]
    _sheet(
        figures,
        FIGURES,
        [*codes, (_("dimension code"), 14), (_("category code"), 16), *names, (_("value"), 10)],
        (
            [*cell, *map(_safe, labels), numbers.get(cell)]
            for cell, labels in figure_rows(half, municipalities)
        ),
    )
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    whole.error, whole.showErrorMessage = _("Enter a whole number, 0 or more."), True
    figures.add_data_validation(whole)
    whole.add(f"H2:H{figures.max_row}")
    answers = workbook.create_sheet()
    _sheet(
        answers,
        TEXTS,
        [*codes, (_("question"), 60), (_("answer"), 80)],
        (
            [e.code, period, _safe(e.label), _safe(texts.get((e.code, period), ""))]
            for e in ELEMENTS
            if e.kind == TEXT
            for period in value_periods(e, half)
        ),
    )
    for row in answers.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide = workbook.create_sheet(_("Instructions")[:31])
    guide.column_dimensions["A"].width = 110
    for line in instructions:
        guide.append([_safe(line)])
    guide["A1"].font = Font(bold=True, size=14)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _open(content: bytes) -> tuple[Any, Any]:
    """The workbook twice: figures as computed, answers as typed."""
    too_big = _("The file is larger than 2 MB. Start again from the template.")
    if len(content) > MAX_BYTES:
        raise FileRefused(too_big)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileRefused(_("This is not an XLSX file. Start again from the template.")) from exc
    if unpacked > MAX_UNPACKED:
        raise FileRefused(too_big)
    try:
        values = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        raw = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises a dozen kinds of errors on a damaged file
        raise FileRefused(
            _("This file could not be read as an XLSX workbook. Start again from the template.")
        ) from exc
    return values, raw


def _rows(sheet: Any, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, row in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2
    ):
        if number > MAX_ROWS:
            raise FileRefused(_("The file has too many rows. Start again from the template."))
        yield number, tuple(row) + (None,) * (width - len(row))


def _code(value: object) -> str:
    return "" if value is None else _unescape(str(value).strip())


def _number(value: object, raw: object) -> int | None:
    """The figure in a value cell (None when empty); ValueError saying why it is not one."""
    if value is None or value == "":
        if isinstance(raw, str) and raw.startswith("="):
            raise ValueError(
                _("the formula has no result saved: save the file again in a spreadsheet.")
            )
        return None
    shown = {"value": str(value).strip()[:40]}
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif not isinstance(value, bool) and _INTEGER.match(shown["value"]):
        number = int(shown["value"])
    else:
        raise ValueError(_("“%(value)s” is not a whole number.") % shown)
    if number < 0:
        raise ValueError(_("“%(value)s” is below zero.") % shown)
    if number > LARGEST:
        raise ValueError(_("“%(value)s” is too large.") % shown)
    return number


def _unknown(cell: Cell, half: str, municipalities: list[tuple[str, str]]) -> str:
    """Why a row's codes name no cell of the return."""
    code, period, dimension, category = cell
    element = BY_CODE.get(code)
    if element is None or not element.is_count:
        return _("“%(code)s” is not the code of a figure.") % {"code": code}
    periods = value_periods(element, half)
    if period not in periods:
        shown = {"period": period, "periods": ", ".join(periods)}
        return _("“%(period)s” is not a period of this return (%(periods)s).") % shown
    dimensions = {d.code: d for d in element.dimensions}
    if not dimension:
        return _("a total has no category code: leave it empty.")
    if dimension not in dimensions:
        return _("“%(code)s” is not a breakdown of this figure.") % {"code": dimension}
    shown = {"code": category, "dimension": str(dimensions[dimension].label)}
    return _("“%(code)s” is not a category of %(dimension)s.") % shown


def read(content: bytes, *, half: str, municipalities: list[tuple[str, str]]) -> Upload:
    """The figures and answers of an uploaded template, or the problems of every row."""
    values, raw = _open(content)
    try:
        if FIGURES not in values.sheetnames:
            raise FileRefused(_("The file has no sheet “Figures”. Start again from the template."))
        upload = Upload()
        _read_figures(upload, values[FIGURES], raw[FIGURES], half, municipalities)
        if TEXTS in raw.sheetnames:
            # Answers are read as typed: "=..." is text here, never a formula's result.
            _read_texts(upload, raw[TEXTS], half)
        return upload
    finally:
        values.close()
        raw.close()


def _read_figures(
    upload: Upload, values: Any, raw: Any, half: str, municipalities: list[tuple[str, str]]
) -> None:
    known = known_cells(half, municipalities)
    seen: dict[Cell, int] = {}
    for (number, row), (_n, typed) in zip(_rows(values, 8), _rows(raw, 8), strict=True):
        cell = (_code(row[0]), _code(row[1]), _code(row[2]), _code(row[3]))
        if not any(cell) and row[7] in (None, ""):
            continue
        if cell not in known:
            message = _unknown(cell, half, municipalities)
        elif cell in seen:
            message = _("this row repeats row %(row)s.") % {"row": seen[cell]}
        else:
            seen[cell] = number
            key = (cell[0], cell[1])
            upload.rows[key] = number if not cell[2] else upload.rows.get(key, number)
            try:
                figure = _number(row[7], typed[7])
            except ValueError as exc:
                message = str(exc)
            else:
                if figure is not None:
                    upload.numbers[cell] = figure
                continue
        upload.problems.append(RowProblem(FIGURES, number, message))


def _read_texts(upload: Upload, sheet: Any, half: str) -> None:
    upload.texts = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in _rows(sheet, 4):
        key = (_code(row[0]), _code(row[1]))
        answer = _unescape(str(getattr(row[3], "text", row[3]) or "").strip())
        element = BY_CODE.get(key[0])
        if not any(key) and not answer:
            continue
        if element is None or element.kind != TEXT:
            message = _("“%(code)s” is not the code of a question.") % {"code": key[0]}
        elif key[1] not in value_periods(element, half):
            message = _("“%(period)s” is not a period of this return.") % {"period": key[1]}
        elif key in seen:
            message = _("this row repeats row %(row)s.") % {"row": seen[key]}
        else:
            seen[key] = number
            if answer:
                upload.texts[key] = answer
            continue
        upload.problems.append(RowProblem(TEXTS, number, message))
