"""Read a delimited text file as exported by German software into a :class:`Grid`.

German exports vary: ``;`` or ``,`` (or tab) as separator, UTF-8 with or without BOM or
Windows-1252, an Excel ``sep=;`` line. Encoding and separator are detected by
:func:`sozialraum.text_tables.read_rows`, never asked for, and the detection is reported as
a note so the user can check it.
"""

from __future__ import annotations

from pathlib import Path

from sozialraum.errors import DataError
from sozialraum.importers.grid import Grid
from sozialraum.importers.report import CappedCollector, Note
from sozialraum.limits import ContentLimits
from sozialraum.text_tables import SEPARATOR_NAMES, Cell, read_rows


def read_csv_grid(path: Path, file: str, limits: ContentLimits | None = None) -> Grid:
    """Decode, detect the separator and split ``path`` into rows; raise DataError if unusable
    or beyond ``limits`` (rows, columns, cell length; the first excess stops reading)."""
    problems = CappedCollector(file)
    table = read_rows(path.read_bytes(), problems, limits or ContentLimits())
    if table is None or problems.has_errors:
        raise DataError(problems.finish())
    name = SEPARATOR_NAMES.get(table.separator)
    notes = [
        Note("note_encoding", {"encoding": table.encoding}),
        Note(f"note_separator_{name}")
        if name
        else Note("note_separator", {"separator": repr(table.separator)}),
    ]
    rows: list[list[Cell]] = [list(row) for row in table.rows]
    return Grid(
        file=file,
        rows=rows,
        lines=table.lines,
        default_convention="en" if table.separator == "," else "de",
        separator=table.separator,
        notes=notes,
    )
