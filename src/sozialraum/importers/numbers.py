"""Numbers and the official signs in German and English spelling, decided per column.

``1.234`` is one thousand two hundred thirty-four in a German file and one point two three
four in an English one. A column is read one way only: cells that can only be German
(``12,5``, ``1.234,5``) or only English (``12.5``, ``1,234.5``) decide it; when a column has
both, that is an error naming the first cell that disagrees. Columns with only ambiguous
cells follow the rest of the file, and finally the file type (``;``/Excel → German).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sozialraum.errors import ProblemCollector
from sozialraum.importers.grid import Cell, Convention

# Official signs (DIN 55301 / Zeichenerklärung) and common typographic variants.
SIGNS: dict[str, str] = {
    ".": ".",
    "-": "-",
    "–": "-",
    "—": "-",
    "x": "x",
    "X": "x",
    "...": "...",
    "…": "...",
}
_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'](?=\d{3}\b)")
_INT = re.compile(r"^[+-]?\d+$")
_DE_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")
_DE_GROUPS = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_EN_GROUPS = re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}$")
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
_EN_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_DE_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")

Kind = Literal["empty", "sign", "int", "de", "en", "ambiguous", "text", "number"]


@dataclass(frozen=True)
class Parsed:
    """A cell read as a number, or as one of the official signs (``value`` is then None)."""

    value: float | None
    sign: str = ""


def normalize_sign(text: str) -> str | None:
    """The contract's spelling of an official sign, or None if ``text`` is not one."""
    return SIGNS.get(text.strip())


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
    text = _clean(text)
    if convention == "de":
        return float(text.replace(".", "").replace(",", "."))
    return float(text.replace(",", ""))


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
