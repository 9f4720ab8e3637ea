"""Reading text tables: bytes to text, separators, German and English numbers, official signs.

One place for everything that turns a delimited text file into cells, used by the loaders
(the project's own canonical CSV files), the indicator-table importer, the INKAR importer
and the Zensus grid reader:

* **Encoding.** UTF-8 (strict, BOM allowed), UTF-16 with BOM, else Windows-1252. A byte
  sequence that is invalid in the chosen encoding is an error with its line, never replaced:
  a silently garbled district name is worse than a clear message. A file mixing UTF-8 and
  Windows-1252 lines (edited in two programs) is an error naming the first line in the
  minority encoding, since any single choice garbles some names.
* **Separator.** ``;``, ``,``, tab or ``|``: an Excel ``sep=;`` first line, else the one
  giving most rows of one common width.
* **Numbers.** ``1.234`` is one thousand two hundred thirty-four in a German file and one
  point two three four in an English one. A column is read one way only: cells that can
  only be German (``12,5``, ``1.234,5``) or only English (``12.5``, ``1,234.5``) decide it;
  when a column has both, that is an error naming the first cell that disagrees.
* **Signs.** The official signs of German statistics (Zeichenerklärung, DIN 55301) and
  their typographic variants (``–`` for ``-``, ``…`` for ``...``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import pandas as pd

from sozialraum.errors import ProblemCollector
from sozialraum.limits import ContentLimits

# --------------------------------------------------------------------------- signs

# The official signs: canonical spelling -> (German, English) meaning.
SIGN_LABELS: Final[dict[str, tuple[str, str]]] = {
    ".": ("geheim", "suppressed"),
    "-": ("nichts vorhanden", "nil"),  # Destatis: "–" = nil (magnitude zero)
    "x": ("nicht sinnvoll", "not applicable"),
    "...": ("fällt später an", "not yet available"),
}
SUPPRESSED: Final = "."
NOTHING: Final = "-"
# Every accepted spelling -> the canonical sign.
SIGNS: Final[dict[str, str]] = {
    ".": ".",
    "-": "-",
    "–": "-",  # en dash, as in the Zensus 2022 files
    "—": "-",  # em dash
    "x": "x",
    "X": "x",
    "...": "...",
    "…": "...",
}


def normalize_sign(text: str) -> str | None:
    """The canonical spelling of an official sign, or None if ``text`` is not one."""
    return SIGNS.get(text.strip())


# --------------------------------------------------------------------------- encoding

UTF8: Final = "UTF-8"
UTF8_BOM: Final = "UTF-8 (BOM)"
UTF16: Final = "UTF-16"
CP1252: Final = "Windows-1252"
LATIN1: Final = "ISO-8859-1"
# Display name -> Python codec (for readers that stream the rest of the file themselves).
CODECS: Final[dict[str, str]] = {
    UTF8: "utf-8",
    UTF8_BOM: "utf-8-sig",
    UTF16: "utf-16",
    CP1252: "cp1252",
    LATIN1: "latin-1",
}
# Typical control bytes of binary files (not tab, line feed, carriage return, form feed).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_SNIFF_BYTES = 65536


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # display name, one of CODECS


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _looks_binary(sample: bytes) -> bool:
    controls = sum(sample.count(bytes([b])) for b in _CONTROL)
    return b"\x00" in sample or controls > len(sample) // 100


def mixed_encoding_line(data: bytes) -> int | None:
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


def _decode(data: bytes, problems: ProblemCollector, *, final: bool) -> DecodedText | None:
    """Shared by :func:`decode_bytes` and :func:`decode_head` (``final=False``: a prefix)."""

    def decode(codec: str) -> str:
        return codecs.getincrementaldecoder(codec)().decode(data, final=final)

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return DecodedText(decode("utf-16"), UTF16)
        except UnicodeDecodeError:
            problems.add("not_text")
            return None
    if data.startswith(b"PK\x03\x04"):
        problems.add("xlsx_as_csv")
        return None
    if _looks_binary(data[:_SNIFF_BYTES]):
        problems.add("not_text")
        return None
    try:
        text = decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return DecodedText(text, UTF8_BOM if data.startswith(codecs.BOM_UTF8) else UTF8)
    mixed = mixed_encoding_line(data)
    if mixed is not None:
        problems.add("mixed_encoding", row=mixed)
        return None
    try:
        return DecodedText(decode("cp1252"), CP1252)
    except UnicodeDecodeError:
        # Five bytes are undefined in Windows-1252; Latin-1 maps every byte.
        return DecodedText(decode("latin-1"), LATIN1)


def decode_bytes(data: bytes, problems: ProblemCollector) -> DecodedText | None:
    """The text of a table file and its encoding; None (with a problem added) if unusable.

    Problems: ``xlsx_as_csv`` (a zip/XLSX file), ``not_text`` (binary or broken UTF-16),
    ``mixed_encoding`` (row = first line in the minority encoding).
    """
    return _decode(data, problems, final=True)


def decode_head(head: bytes, problems: ProblemCollector) -> DecodedText | None:
    """The first bytes of a file that is read in a stream, decoded as :func:`decode_bytes`.

    A multi-byte character cut at the end of ``head`` is left out. ``encoding`` names the
    codec the streaming reader must use for the whole file (``CODECS[encoding]``); a later
    line that does not fit it is the streaming reader's error to report.
    """
    return _decode(head, problems, final=False)


def utf8_text(data: bytes, problems: ProblemCollector) -> str | None:
    """Strict UTF-8 (BOM allowed) for the project's own files; ``not_utf8`` names the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add("not_utf8", row=_line_of(data, exc.start))
        return None


# --------------------------------------------------------------------------- separators

SEPARATORS: Final = (";", ",", "\t", "|")
# Each named separator has a note text note_separator_<name> (sozialraum/texts/importer.py).
SEPARATOR_NAMES: Final[dict[str, str]] = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
_EXCEL_SEP_LINE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
_SNIFF_LINES = 200


def sniff_separator(lines: Sequence[str]) -> str:
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


def sniff_text_separator(text: str) -> str:
    """:func:`sniff_separator` on the first non-blank lines of ``text``."""
    sample = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
    return sniff_separator(sample)


@dataclass
class TextRows:
    """Non-empty rows of stripped cells and the 1-based file line each starts on."""

    rows: list[list[str]]
    lines: list[int]
    encoding: str
    separator: str


def _beyond_limits(
    row: list[str], count: int, line: int, limits: ContentLimits, problems: ProblemCollector
) -> bool:
    """Report the first limit ``row`` (the ``count``-th, on ``line``) exceeds; True if any."""
    if count > limits.max_rows:
        problems.add("too_many_rows", limit=limits.max_rows)
    elif len(row) > limits.max_columns:
        problems.add("too_many_columns", row=line, count=len(row), limit=limits.max_columns)
    else:
        for number, cell in enumerate(row, start=1):
            if len(cell) > limits.max_cell_chars:
                problems.add(
                    "value_too_long",
                    row=line,
                    column=f"#{number}",
                    length=len(cell),
                    limit=limits.max_cell_chars,
                )
                return True
        return False
    return True


def split_rows(
    text: str,
    separator: str,
    problems: ProblemCollector,
    first_line: int = 1,
    limits: ContentLimits | None = None,
) -> tuple[list[list[str]], list[int]]:
    """Rows of ``text`` (blank rows dropped); a CSV syntax error is a ``csv_syntax`` problem.

    With ``limits``, reading stops at the first row beyond them (reported as a problem).
    """
    rows: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    start = first_line
    try:
        for count, row in enumerate(reader, start=1):
            if limits is not None and _beyond_limits(row, count, start, limits, problems):
                break
            cells = [c.strip() for c in row]
            if any(cells):
                rows.append(cells)
                lines.append(start)
            start = first_line + reader.line_num
    except csv.Error as exc:
        problems.add("csv_syntax", row=start, detail=str(exc))
    return rows, lines


def read_rows(
    data: bytes, problems: ProblemCollector, limits: ContentLimits | None = None
) -> TextRows | None:
    """Decode, find the separator and split a delimited text file exported by any program.

    Returns None when the file cannot be used (the problems say why); rows may be empty.
    ``limits`` (rows, columns, cell length) stop the split at the first excess.
    """
    decoded = decode_bytes(data, problems)
    if decoded is None:
        return None
    text = decoded.text
    if not text.strip():
        problems.add("empty_file")
        return None
    first_line = 1
    head, _, rest = text.partition("\n")
    explicit = _EXCEL_SEP_LINE.match(head)
    if explicit:
        separator = explicit.group(1)
        text, first_line = rest, 2
    else:
        separator = sniff_text_separator(text)
    rows, lines = split_rows(text, separator, problems, first_line, limits)
    return TextRows(rows, lines, decoded.encoding, separator)


# --------------------------------------------------------------------------- canonical files

# The index of a table read by :func:`read_canonical_table` is each record's 1-based line.
LINE: Final = "line"


def read_canonical_table(path: Path) -> pd.DataFrame:
    """One of the project's own CSV files (UTF-8, comma, header row) as stripped strings.

    Everything is read as text so that each cell can be checked and reported with its row
    and column, instead of pandas guessing types and failing somewhere deep. Raises
    DataError when the file is missing, not UTF-8, empty or ragged.
    """
    problems = ProblemCollector(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.add("file_missing")
        problems.raise_if_errors()
        raise  # unreachable; keeps type checkers happy
    text = utf8_text(data, problems)
    problems.raise_if_errors()
    assert text is not None
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


# --------------------------------------------------------------------------- numbers

# A cell as read: text, or a float typed as a number in a spreadsheet.
Cell = str | float
Convention = Literal["de", "en"]
Kind = Literal["empty", "sign", "int", "de", "en", "ambiguous", "text", "number"]

_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3}\b)")
_INT = re.compile(r"^[+-]?\d+$")
_DE_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")
_DE_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_EN_GROUPS = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$")
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
_EN_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_DE_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")


@dataclass(frozen=True)
class Parsed:
    """A cell read as a number, or as one of the official signs (``value`` is then None)."""

    value: float | None
    sign: str = ""


def read_canonical_columns(
    path: Path, columns: Sequence[str], optional: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`read_canonical_table` with ``columns`` present: a missing column of
    ``optional`` is added empty, any other missing one is an error (all named at once)."""
    frame = read_canonical_table(path)
    problems = ProblemCollector(str(path))
    for column in columns:
        if column not in frame.columns and column not in optional:
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def _clean(text: str) -> str:
    text = text.strip()
    if text.endswith("%"):
        text = text[:-1].rstrip()
    return _SPACES.sub("", text)


def classify(cell: Cell) -> Kind:
    """What a cell can be: which conventions it fits."""
    if isinstance(cell, float):
        return "number"
    text = cell.strip()
    if not text:
        return "empty"
    if normalize_sign(text) is not None:
        return "sign"
    text = _clean(text)
    if _INT.match(text):
        return "int"
    if _AMBIGUOUS.match(text):
        return "ambiguous"
    if _DE_FULL.match(text) or _DE_GROUPS.match(text) or _DE_DECIMAL.match(text):
        return "de"
    if _EN_FULL.match(text) or _EN_GROUPS.match(text) or _EN_DECIMAL.match(text):
        return "en"
    return "text"


def convention_of(cells: Iterable[Cell]) -> Convention | None:
    """The convention the unambiguous cells agree on (majority), or None without evidence."""
    kinds = [classify(c) for c in cells]
    de, en = kinds.count("de"), kinds.count("en")
    if de == en == 0:
        return None
    return "de" if de >= en else "en"


def to_float(text: str, convention: Convention) -> float:
    """A number cell (not a sign) in the given convention; ValueError if it is none."""
    text = _clean(text)
    if convention == "de":
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))


def machine_numbers(text: pd.Series) -> pd.Series:
    """Cells of a machine export (no thousands marks, either decimal mark) as floats.

    For big files read column by column, such as the Zensus grid files: ``2,5`` and
    ``2.5`` are both 2.5. Anything else (text, signs, empty) becomes NaN for the caller to
    classify.
    """
    cleaned = text.str.strip().str.replace(",", ".", regex=False)
    return pd.to_numeric(cleaned, errors="coerce")


def parse_cell(cell: Cell, default: Convention) -> Parsed | None:
    """One cell on its own: a number, a sign or empty (``Parsed(None)``); None for text.

    A cell that fits one convention only is read that way; ``default`` decides ``1.234``.
    Prefer :func:`parse_column` where a whole column is at hand: it also reports columns
    that mix conventions.
    """
    kind = classify(cell)
    if kind == "empty":
        return Parsed(None)
    if kind == "sign":
        return Parsed(None, normalize_sign(str(cell)) or "")
    if kind == "number":
        return Parsed(float(cell))
    if kind == "text":
        return None
    convention: Convention = kind if kind in ("de", "en") else default  # int, ambiguous
    return Parsed(to_float(str(cell), convention))


def parse_column(
    cells: Sequence[Cell],
    lines: Sequence[int],
    column: str,
    problems: ProblemCollector,
    default: Convention,
) -> list[Parsed]:
    """Read one column; report text that is no number/sign and mixed conventions."""
    kinds = [classify(c) for c in cells]
    convention = convention_of(cells) or default
    _report_mixed(cells, kinds, lines, column, problems)
    out: list[Parsed] = []
    for cell, kind, line in zip(cells, kinds, lines, strict=True):
        if kind == "empty":
            out.append(Parsed(None))
        elif kind == "sign":
            out.append(Parsed(None, normalize_sign(str(cell)) or ""))
        elif kind == "number":
            out.append(Parsed(float(cell)))
        elif kind == "text":
            problems.add("not_a_number_or_sign", row=line, column=column, value=str(cell)[:40])
            out.append(Parsed(None))
        else:
            out.append(Parsed(to_float(str(cell), convention)))
    return out


def _report_mixed(
    cells: Sequence[Cell],
    kinds: Sequence[Kind],
    lines: Sequence[int],
    column: str,
    problems: ProblemCollector,
) -> None:
    de = [i for i, k in enumerate(kinds) if k == "de"]
    en = [i for i, k in enumerate(kinds) if k == "en"]
    if not de or not en:
        return
    # The majority sets the rule; on a tie, the format seen first does.
    majority, minority = (de, en) if (len(de), -de[0]) > (len(en), -en[0]) else (en, de)
    odd = minority[0]
    problems.add(
        "mixed_number_format",
        row=lines[odd],
        column=column,
        value=str(cells[odd]),
        example=str(cells[majority[0]]),
    )


def format_number(value: float | None) -> str:
    """At most 6 decimals, no trailing zeros, '' for NaN/None: written files are byte-stable."""
    if value is None or pd.isna(value):
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
