"""Reading the project's own canonical CSV files (UTF-8, comma, header row) as strings.

Everything is read as text so that each cell can be checked and reported with its row and
column, instead of pandas guessing types and failing somewhere deep.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from sozialraum.errors import ProblemCollector

# The index of a table read here is the 1-based line number of each record in its file.
LINE = "line"


def read_text_table(path: Path) -> pd.DataFrame:
    """Read ``path`` as a table of stripped strings; raise DataError when unreadable."""
    problems = ProblemCollector(str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.add("file_missing")
        problems.raise_if_errors()
        raise  # unreachable; keeps type checkers happy
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problems.add("not_utf8", row=line)
        problems.raise_if_errors()
        raise
    if not text.strip():
        problems.add("empty_file")
        problems.raise_if_errors()
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        problems.add("duplicate_column", row=1, column=dupes[0])
    body: list[list[str]] = []
    lines: list[int] = []
    line = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            if len(row) != len(header):
                problems.add("wrong_field_count", row=line, found=len(row), expected=len(header))
            else:
                body.append([cell.strip() for cell in row])
                lines.append(line)
        line = reader.line_num + 1
    problems.raise_if_errors()
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.index = pd.Index(lines, name=LINE)
    return frame
