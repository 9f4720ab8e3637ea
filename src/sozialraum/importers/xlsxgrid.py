"""Read one worksheet of an XLSX workbook into a :class:`Grid` (openpyxl, read-only).

An XLSX file is a zip archive, so it is checked like any uploaded zip (size, ratio, member
count) before openpyxl decompresses it. Cells keep their type: numbers stay floats. A
number formatted as percent is stored by Excel as a fraction (12,5 % → 0.125); it is scaled
to what the user sees, and a note says so.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

from sozialraum.errors import DataError
from sozialraum.importers._text import normalize_label
from sozialraum.importers.grid import Grid
from sozialraum.importers.report import CappedCollector, Note
from sozialraum.importers.safezip import ZipLimits, scan_zip
from sozialraum.limits import ContentLimits
from sozialraum.text_tables import Cell

_PEEK_ROWS = 50


def _cell(cell: Any) -> tuple[Cell, bool]:
    """The cell's value as text or float, and whether a percent format was undone."""
    value = getattr(cell, "value", None)
    if value is None:
        return "", False
    if isinstance(value, bool):
        return str(value), False
    if isinstance(value, int | float):
        number_format = str(getattr(cell, "number_format", "") or "")
        if "%" in number_format:
            return float(value) * 100.0, True
        return float(value), False
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10], False
    return str(value).strip(), False


def _open_workbook(path: Path, problems: CappedCollector) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, BadZipFile …
        problems.add("unreadable_table", detail=(str(exc) or type(exc).__name__)[:200])
        return None


def _has_values(sheet: Any) -> bool:
    for row in sheet.iter_rows(max_row=_PEEK_ROWS, values_only=True):
        if any(v not in (None, "") for v in row):
            return True
    return False


def _choose_sheet(
    workbook: Any, requested: str | None, problems: CappedCollector, notes: list[Note]
) -> Any:
    names: list[str] = list(workbook.sheetnames)
    if requested is not None:
        for name in names:
            if normalize_label(name) == normalize_label(requested):
                return workbook[name]
        problems.add("unknown_sheet", value=requested, sheets=", ".join(names))
        return None
    if len(names) == 1:
        return workbook[names[0]]
    filled = [n for n in names if _has_values(workbook[n])]
    if len(filled) == 1:
        notes.append(Note("note_sheet", {"sheet": filled[0]}))
        return workbook[filled[0]]
    problems.add("several_sheets", sheets=", ".join(names))
    return None


def _check_declared_size(sheet: Any, limits: ContentLimits, problems: CappedCollector) -> None:
    """Refuse at once a sheet whose declared size (``<dimension>``) exceeds the limits."""
    rows, columns = sheet.max_row, sheet.max_column
    if isinstance(rows, int) and rows > limits.max_rows:
        problems.add("too_many_rows", limit=limits.max_rows)
    elif isinstance(columns, int) and columns > limits.max_columns:
        problems.add("too_many_columns", count=columns, limit=limits.max_columns)
    problems.raise_if_errors()


# A row element of the sheet XML, with or without a namespace prefix (<row r="1"> or <x:row>).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="[A-Z]*\d+:?[A-Z]*(\d*)"')
_SHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_CHUNK = 1 << 20


def _sheet_rows_beyond(xml: Any, limit: int) -> bool:
    """Whether one worksheet's XML has more than ``limit`` rows, read without parsing it.

    The declared ``<dimension>`` near the start answers at once; without one (files not
    written by Excel), row tags are counted in 1 MB chunks (zlib and a byte regex, no XML
    objects): a sheet of millions of rows is refused in about a second.
    """
    rows, tail, first = 0, b"", True
    while True:
        chunk = xml.read(_CHUNK)
        if first:
            first = False
            declared = _DIMENSION.search(chunk[:65536])
            if declared and declared.group(1) and int(declared.group(1)) > limit:
                return True
        data = tail + chunk
        # Keep the last tag start for the next round: no tag is split between two rounds.
        cut = data.rfind(b"<", max(0, len(data) - 64)) if chunk else len(data)
        cut = len(data) if cut < 0 else cut
        rows += len(_ROW_TAG.findall(data, 0, cut))
        tail = data[cut:]
        if rows > limit:
            return True
        if not chunk:
            return False


def _check_sheet_sizes(path: Path, limits: ContentLimits, problems: CappedCollector) -> None:
    """Refuse a workbook with a sheet of more rows than allowed, before openpyxl opens it.

    openpyxl parses a whole sheet just to look for its size when ``<dimension>`` is missing,
    so this must come first; it checks every sheet (which one is used is decided later).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if _SHEET_MEMBER.fullmatch(info.filename):
                    with archive.open(info) as xml:
                        beyond = _sheet_rows_beyond(xml, limits.max_rows)
                    if beyond:
                        problems.add("too_many_rows", limit=limits.max_rows)
                        break
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        problems.add("unreadable_table", detail=(str(exc) or type(exc).__name__)[:200])
    problems.raise_if_errors()


def _read_rows(
    sheet: Any, limits: ContentLimits, problems: CappedCollector
) -> tuple[list[list[Cell]], list[int], int]:
    """The sheet's non-empty rows, streaming; stops at the first limit exceeded."""
    _check_declared_size(sheet, limits, problems)
    rows: list[list[Cell]] = []
    lines: list[int] = []
    scaled = 0
    # Files not written by Excel often declare wrong dimensions; read what is really there
    # (and count it: the declared size may also be too small).
    sheet.reset_dimensions()
    for number, raw in enumerate(sheet.iter_rows(min_row=1), start=1):
        if number > limits.max_rows:
            problems.add("too_many_rows", limit=limits.max_rows)
            problems.raise_if_errors()
        if len(raw) > limits.max_columns:
            problems.add("too_many_columns", row=number, count=len(raw), limit=limits.max_columns)
            problems.raise_if_errors()
        cells: list[Cell] = []
        for cell in raw:
            value, was_percent = _cell(cell)
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                problems.add(
                    "value_too_long",
                    row=number,
                    column=str(getattr(cell, "column_letter", "")) or None,
                    length=len(value),
                    limit=limits.max_cell_chars,
                )
                problems.raise_if_errors()
            cells.append(value)
            scaled += was_percent
        while cells and cells[-1] == "":
            cells.pop()
        if cells and any(c != "" for c in cells):
            rows.append(cells)
            lines.append(number)
    return rows, lines, scaled


def read_xlsx_grid(
    path: Path,
    file: str,
    sheet: str | None = None,
    zip_limits: ZipLimits | None = None,
    limits: ContentLimits | None = None,
) -> Grid:
    """Read ``sheet`` (or the only non-empty sheet); raise DataError if unusable."""
    problems = CappedCollector(file)
    try:
        scan_zip(path, zip_limits, display_name=file)
    except DataError as exc:
        for p in exc.problems:  # a broken zip is, for the user, a broken Excel file
            if p.code == "bad_zip":
                problems.add("unreadable_table", detail=p.params.get("detail", ""))
            else:
                problems.extend([p])
        problems.raise_if_errors()
    notes: list[Note] = []
    limits = limits or ContentLimits()
    _check_sheet_sizes(path, limits, problems)
    workbook = _open_workbook(path, problems)
    problems.raise_if_errors()
    try:
        chosen = _choose_sheet(workbook, sheet, problems, notes)
        problems.raise_if_errors()
        rows, lines, scaled = _read_rows(chosen, limits, problems)
        title = str(chosen.title)
    except DataError:
        raise
    except Exception as exc:  # a damaged sheet XML surfaces only while iterating
        problems.add("unreadable_table", detail=(str(exc) or type(exc).__name__)[:200])
        raise DataError(problems.problems) from exc
    finally:
        workbook.close()
    if scaled:
        notes.append(Note("note_percent_cells", {"count": scaled}))
    return Grid(file=file, rows=rows, lines=lines, sheet=title, notes=notes)
