"""Read a delimited text file as exported by German software into a :class:`Grid`.

German exports vary: ``;`` or ``,`` (or tab) as separator, UTF-8 with or without BOM or
Windows-1252, an Excel ``sep=;`` line. Encoding and separator are detected, never asked for,
and the detection is reported as a note so the user can check it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from pathlib import Path

from sozialraum.errors import DataError
from sozialraum.importers.grid import Cell, Grid
from sozialraum.importers.report import CappedCollector, Note

SEPARATORS = (";", ",", "\t", "|")
# The note for each separator with a name (texts: note_separator_<name>).
SEPARATOR_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
_EXCEL_SEP_LINE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
_SNIFF_LINES = 200
# Typical control bytes of binary files (not tab, line feed, carriage return, form feed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def decode(data: bytes, problems: CappedCollector) -> tuple[str, str] | None:
    """Text and the name of its encoding: UTF-8 (strict, BOM allowed), else Windows-1252.

    A file mixing UTF-8 and Windows-1252 lines (e.g. edited in two programs) is an error
    with the first line in the minority encoding, since any choice garbles some names.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            problems.add("not_text")
            return None
    if data.startswith(b"PK\x03\x04"):
        problems.add("xlsx_as_csv")
        return None
    sample = data[:65536]
    if b"\x00" in sample or sum(sample.count(bytes([b])) for b in _CONTROL) > len(sample) // 100:
        problems.add("not_text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, ("UTF-8 (BOM)" if data.startswith(codecs.BOM_UTF8) else "UTF-8")
    mixed = _mixed_encoding_line(data)
    if mixed is not None:
        problems.add("mixed_encoding", row=mixed)
        return None
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def _mixed_encoding_line(data: bytes) -> int | None:
    """First line whose encoding (UTF-8 or not) differs from the first non-ASCII line's."""
    first_kind: bool | None = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            is_utf8 = True
        except UnicodeDecodeError:
            is_utf8 = False
        if first_kind is None:
            first_kind = is_utf8
        elif is_utf8 != first_kind:
            return number
    return None


def sniff_separator(lines: list[str]) -> str:
    """The separator giving the most rows of one common width (≥ 2 fields); ``;`` on ties."""
    best, best_score = SEPARATORS[0], 0
    for sep in SEPARATORS:
        try:
            widths = Counter(len(row) for row in csv.reader(lines, delimiter=sep) if len(row) >= 2)
        except csv.Error:
            continue
        score = max(widths.values(), default=0)
        if score > best_score:
            best, best_score = sep, score
    return best


def _parse(text: str, sep: str, first_line: int, problems: CappedCollector) -> tuple[list, list]:
    rows: list[list[Cell]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    start = first_line
    try:
        for row in reader:
            cells: list[Cell] = [c.strip() for c in row]
            if any(cells):
                rows.append(cells)
                lines.append(start)
            start = first_line + reader.line_num
    except csv.Error as exc:
        problems.add("csv_syntax", row=start, detail=str(exc))
    return rows, lines


def read_csv_grid(path: Path, file: str) -> Grid:
    """Decode, detect the separator and split ``path`` into rows; raise DataError if unusable."""
    problems = CappedCollector(file)
    decoded = decode(path.read_bytes(), problems)
    problems.raise_if_errors()
    assert decoded is not None
    text, encoding = decoded
    if not text.strip():
        problems.add("empty_file")
        problems.raise_if_errors()
    notes = [Note("note_encoding", {"encoding": encoding})]
    first_line = 1
    head, _, rest = text.partition("\n")
    explicit = _EXCEL_SEP_LINE.match(head)
    if explicit:
        sep = explicit.group(1)
        text, first_line = rest, 2
    else:
        sample = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
        sep = sniff_separator(sample)
    name = SEPARATOR_NAMES.get(sep)
    notes.append(
        Note(f"note_separator_{name}") if name else Note("note_separator", {"separator": repr(sep)})
    )
    rows, lines = _parse(text, sep, first_line, problems)
    if problems.has_errors:
        raise DataError(problems.finish())
    return Grid(
        file=file,
        rows=rows,
        lines=lines,
        default_convention="en" if sep == "," else "de",
        separator=sep,
        notes=notes,
    )
