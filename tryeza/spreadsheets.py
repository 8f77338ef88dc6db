"""CSV and XLSX files built from querysets a selector or access module already scoped.

Every cell goes through ``spreadsheet_safe``: text that a spreadsheet would read as a
formula is written as plain text instead, so a planted name cannot run anything on the
computer of whoever opens the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a spreadsheet may take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The value as text a spreadsheet will show and never evaluate: a leading apostrophe
    before anything that could start a formula; empty for None."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    """A column: its heading and how to read its value from an object. A column with
    ``choices`` (a field's ``flatchoices``) shows the label of the value it reads, as
    ``get_<field>_display()`` would, and a value that is not among them as it is."""

    label: str | Promise
    value: Callable[[Any], object]
    choices: Sequence[tuple[Any, Any]] | None = None


def header(columns: Sequence[Column]) -> list[str]:
    return [spreadsheet_safe(column.label) for column in columns]


def rows(
    objects: Iterable[Any],
    columns: Sequence[Column],
    language: str,
    cell: Callable[[object], str] = spreadsheet_safe,
) -> Iterator[list[str]]:
    """One list of cells per object, in ``language`` (the request's, even when the rows
    are produced after the view has returned, as a streamed CSV's are)."""
    with translation.override(language):
        values = [_reader(column) for column in columns]
    for obj in objects:
        with translation.override(language):
            yield [cell(value(obj)) for value in values]


def _reader(column: Column) -> Callable[[Any], object]:
    if column.choices is None:
        return column.value
    # The labels are translated once per file: get_<field>_display() translates every
    # label of the field for each cell, which was most of the time of a long export.
    labels = {choice: str(label) for choice, label in column.choices}
    value = column.value

    def label(obj: Any) -> object:
        raw = value(obj)
        return labels.get(raw, raw)

    return label


def _xlsx_cell(value: object) -> str:
    # XML cannot carry most control characters (openpyxl would refuse the whole file);
    # they go before the formula check so that removing one cannot uncover an "=".
    text = "" if value is None else str(value)
    return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", text))


def filename(stem: str, extension: str) -> str:
    return f"tryeza-{stem}-{timezone.localdate().isoformat()}.{extension}"


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # A file is for the person who asked, not for shared caches.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"


class _Echo:
    """A file-like object that hands back what is written: csv.writer into a generator."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    stem: str, columns: Sequence[Column], objects: Iterable[Any]
) -> StreamingHttpResponse:
    """A streamed CSV (UTF-8 with a byte order mark, so spreadsheets read the accents)."""
    language = translation.get_language() or "en"
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header(columns))
        for row in rows(objects, columns, language):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    _attachment(response, filename(stem, "csv"))
    return response


def xlsx_response(
    stem: str, title: str | Promise, columns: Sequence[Column], objects: Iterable[Any]
) -> HttpResponse:
    """An XLSX workbook written row by row (openpyxl's write-only mode keeps memory flat)."""
    language = translation.get_language() or "en"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.append([_xlsx_cell(column.label) for column in columns])
    for row in rows(objects, columns, language, cell=_xlsx_cell):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    _attachment(response, filename(stem, "xlsx"))
    return response
