"""A table as read from a file, before any interpretation: rows of cells with their line numbers.

CSV and XLSX readers both produce a :class:`Grid`, so header detection, layout detection and
number parsing work the same for both. Cells are text, except numbers typed as numbers in a
spreadsheet, which stay floats: they need no decimal-separator guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sozialraum.importers._text import cell_text
from sozialraum.importers.report import Note
from sozialraum.text_tables import Cell, Convention


@dataclass
class Grid:
    """Non-empty rows of a table and the 1-based line (CSV) or row number (XLSX) of each."""

    file: str
    rows: list[list[Cell]]
    lines: list[int]
    # How to read "1.234" when a column gives no other hint: German files use ";" or Excel.
    default_convention: Convention = "de"
    separator: str | None = None
    sheet: str | None = None
    notes: list[Note] = field(default_factory=list)

    def text(self, i: int) -> list[str]:
        return [cell_text(c) for c in self.rows[i]]
