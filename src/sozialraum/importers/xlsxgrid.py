"""Read one worksheet of an XLSX workbook into a :class:`Grid` (openpyxl, read-only).

An XLSX file is a zip archive, so it is checked like any uploaded zip (size, ratio, member
count) before openpyxl decompresses it. Cells keep their type: numbers stay floats. A
number formatted as percent is stored by Excel as a fraction (12,5 % → 0.125); it is scaled
to what the user sees, and a note says so.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

from sozialraum.errors import DataError
from sozialraum.importers._text import normalize_label
from sozialraum.importers.grid import Grid
from sozialraum.importers.report import CappedCollector, Note
from sozialraum.importers.safezip import ZipLimits, scan_zip
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


def _read_rows(sheet: Any) -> tuple[list[list[Cell]], list[int], int]:
    rows: list[list[Cell]] = []
    lines: list[int] = []
    scaled = 0
    # Files not written by Excel often declare wrong dimensions; read what is really there.
    sheet.reset_dimensions()
    for number, raw in enumerate(sheet.iter_rows(min_row=1), start=1):
        cells: list[Cell] = []
        for cell in raw:
            value, was_percent = _cell(cell)
            cells.append(value)
            scaled += was_percent
        while cells and cells[-1] == "":
            cells.pop()
        if cells and any(c != "" for c in cells):
            rows.append(cells)
            lines.append(number)
    return rows, lines, scaled


def read_xlsx_grid(
    path: Path, file: str, sheet: str | None = None, zip_limits: ZipLimits | None = None
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
    workbook = _open_workbook(path, problems)
    problems.raise_if_errors()
    try:
        chosen = _choose_sheet(workbook, sheet, problems, notes)
        problems.raise_if_errors()
        rows, lines, scaled = _read_rows(chosen)
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
