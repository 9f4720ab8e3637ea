"""Read an indicator table (CSV or XLSX) into records with their file positions.

This module only dispatches: :mod:`csvgrid`/:mod:`xlsxgrid` read cells, :mod:`layout`
finds the header and layout and parses numbers. Matching districts and indicators happens
later (:mod:`assemble`), because it needs the boundaries and the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sozialraum.errors import DataError
from sozialraum.importers.csvgrid import read_csv_grid
from sozialraum.importers.grid import Grid
from sozialraum.importers.layout import Layout, LayoutOptions, build_layout
from sozialraum.importers.report import CappedCollector, Note
from sozialraum.importers.safezip import ZipLimits
from sozialraum.importers.xlsxgrid import read_xlsx_grid
from sozialraum.limits import ContentLimits, check_line_count

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SUPPORTED = ".csv, .txt, .tsv, .xlsx"


@dataclass(frozen=True)
class TableOptions:
    sheet: str | None = None
    district_column: str | None = None
    year: int | None = None
    indicator: str | None = None
    zip_limits: ZipLimits = field(default_factory=ZipLimits)
    content_limits: ContentLimits = field(default_factory=ContentLimits)


@dataclass
class Table:
    file: str
    layout: Layout
    notes: list[Note]


def read_grid(path: Path, file: str, options: TableOptions) -> Grid:
    """Cells of the table; raises DataError for unsupported, unreadable or unsafe files."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        check_line_count(path, file, options.content_limits)
        return read_csv_grid(path, file, options.content_limits)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx_grid(path, file, options.sheet, options.zip_limits, options.content_limits)
    problems = CappedCollector(file)
    if suffix in (".xls", ".ods"):
        problems.add("old_spreadsheet_format", suffix=suffix)
    else:
        problems.add("unsupported_format", suffix=suffix or "—", supported=SUPPORTED)
    raise DataError(problems.problems)


def read_table(
    path: Path, options: TableOptions | None = None, *, display_name: str | None = None
) -> Table:
    """Read ``path`` and detect its layout; raise DataError listing every problem."""
    options = options or TableOptions()
    file = display_name or path.name
    grid = read_grid(path, file, options)
    problems = CappedCollector(file)
    layout_options = LayoutOptions(options.district_column, options.year, options.indicator)
    layout = build_layout(grid, layout_options, problems)
    if layout is None or problems.has_errors:
        raise DataError(problems.finish())
    layout.indicator_hints.append(Path(file).stem)
    return Table(file=file, layout=layout, notes=[*grid.notes, *layout.notes])
