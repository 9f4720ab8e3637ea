"""Find the header of a table and turn it into records, whatever its layout.

Supported layouts (detected, and reported as a note):

* ``long``: one row per district, indicator and year (columns district, indicator, year,
  value, optionally numerator, denominator, status, source);
* ``long_single``: district, year, value of one indicator (named by the user or the title);
* ``wide``: one column per indicator, the year in a year column or given by the user;
* ``wide_year_suffix``: one column per indicator and year (``Ausländeranteil 2021``);
* ``wide_two_row_header``: indicators in one header row (merged cells), years below;
* ``wide_by_year``: one indicator, one column per year.

Title lines above the header are skipped, as are rows with at most one filled cell
(sub-headings, footnotes). Every record keeps the row and column it came from, so later
checks can name the cell the user has to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sozialraum.errors import ProblemCollector
from sozialraum.importers._text import cell_text, find_column_by_name, normalize, tokens
from sozialraum.importers.grid import Grid
from sozialraum.importers.report import Note
from sozialraum.text_tables import (
    Cell,
    Convention,
    Parsed,
    classify,
    convention_of,
    normalize_sign,
    parse_column,
)

ROLES: dict[str, tuple[str, ...]] = {
    "indicator": (
        "indicator_id",
        "indicator",
        "indikator",
        "indikator_id",
        "merkmal",
        "kennzahl",
        "kennziffer",
        "variable",
    ),
    "year": ("year", "jahr", "berichtsjahr"),
    "value": ("value", "wert"),
    "numerator": ("numerator", "zaehler"),
    "denominator": ("denominator", "nenner", "bezugsgroesse"),
    "status": ("status", "zeichen"),
    "source": ("source", "quelle"),
}
DISTRICT_NAMES = (
    "district_id",
    "district",
    "district_name",
    "bezirk",
    "stadtbezirk",
    "stadtteil",
    "ortsteil",
    "sozialraum",
    "quartier",
    "gebiet",
    "planungsraum",
    "name",
    "bezeichnung",
    "id",
    "schluessel",
    "nr",
    "nummer",
)
# Words that mark a district column also inside longer names ("Stadtteil-Nr.").
DISTRICT_WORDS = ("district", "bezirk", "stadtbezirk", "stadtteil", "ortsteil", "sozialraum")
# Table layouts the importer understands; each has a note text note_layout_<kind>.
LAYOUT_KINDS = (
    "long",
    "long_single",
    "wide",
    "wide_year_suffix",
    "wide_two_row_header",
    "wide_by_year",
)
_YEAR = re.compile(r"^(19|20)\d{2}$")
_YEAR_SUFFIX = re.compile(r"^(?P<label>.*?\S)[\s_\-/(\[]*(?P<year>(?:19|20)\d{2})[)\]]?$")


@dataclass(frozen=True)
class LayoutOptions:
    district_column: str | None = None
    year: int | None = None  # for tables that name no year
    indicator: str | None = None  # for tables of a single indicator


@dataclass
class Record:
    """One value of the table with the cells it came from."""

    row: int
    districts: tuple[tuple[str, str], ...]  # (column, text) for each district column
    indicator: str  # as written in the file; "" = the table's single indicator
    indicator_column: str
    indicator_row: int
    year: str
    year_column: str
    year_row: int
    value: float | None
    sign: str
    value_column: str
    numerator: float | None = None
    denominator: float | None = None
    numerator_column: str = "numerator"
    denominator_column: str = "denominator"
    status_column: str = "status"
    source: str = ""


@dataclass
class Layout:
    kind: str
    records: list[Record]
    header_line: int
    district_columns: list[str]
    # Texts that may name the single indicator of a by-year table (title lines, sheet, file).
    indicator_hints: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class _Header:
    line: int
    columns: list[str]  # display name of each column
    labels: list[str]  # indicator part of each column name
    years: list[str | None]  # year from a second header row or a suffix
    body: list[tuple[int, list[Cell]]]
    titles: list[str]


def is_year(text: str) -> bool:
    return bool(_YEAR.match(text))


def _is_header_row(cells: list[str]) -> bool:
    """At least two names, none of them a number (but years are names here)."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(classify(c) == "text" or is_year(c) for c in filled)


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c)


def _is_title(grid: Grid, i: int) -> bool:
    """A text row followed by a wider text row is a title ("Stadt X;Stand 2021")."""
    if i + 1 >= len(grid.rows) or _second_row(grid, i + 1) is not None:
        return False
    below = grid.text(i + 1)
    return _is_header_row(below) and _filled(below) > _filled(grid.text(i))


def _find_header(grid: Grid, problems: ProblemCollector, notes: list[Note]) -> int | None:
    for i in range(len(grid.rows)):
        if _is_header_row(grid.text(i)) and not _is_title(grid, i):
            if i:
                notes.append(Note("note_title_rows", {"count": i, "line": grid.lines[i]}))
            return i
    problems.add("no_header")
    return None


def _second_row(grid: Grid, i: int) -> str | None:
    """``"years"`` or ``"units"`` if row ``i`` continues the header (first cell empty)."""
    if i >= len(grid.rows):
        return None
    cells = grid.text(i)
    filled = [c for c in cells[1:] if c]
    if cells[0] or not filled:
        return None
    if all(is_year(c) for c in filled):
        return "years"
    if all(classify(c) == "text" for c in filled):
        return "units"
    return None


def _read_header(grid: Grid, problems: ProblemCollector, notes: list[Note]) -> _Header | None:
    start = _find_header(grid, problems, notes)
    if start is None:
        return None
    labels = grid.text(start)
    years: list[str | None] = [None] * len(labels)
    nxt = start + 1
    second = _second_row(grid, nxt)
    if second == "years":
        below = grid.text(nxt)
        width = max(len(labels), len(below))
        labels += [""] * (width - len(labels))
        years = [(below[k] if k < len(below) and below[k] else None) for k in range(width)]
        for k in range(1, width):  # merged cells: a label spans the years below it
            if not labels[k] and years[k]:
                labels[k] = labels[k - 1]
        nxt += 1
    elif second == "units":
        notes.append(Note("note_unit_row", {"line": grid.lines[nxt]}))
        nxt += 1
    if grid.separator is None:
        # A spreadsheet drops trailing empty cells, so a value beyond the last header cell
        # must widen the table (and be reported as a column without a name).
        width = max([len(labels), *(len(grid.rows[i]) for i in range(nxt, len(grid.rows)))])
        labels += [""] * (width - len(labels))
        years += [None] * (width - len(years))
    columns = [
        (f"{label} {year}" if year else label) or f"#{k + 1}"
        for k, (label, year) in enumerate(zip(labels, years, strict=True))
    ]
    titles = [" ".join(grid.text(i)).strip() for i in range(start)]
    body = [(grid.lines[i], grid.rows[i]) for i in range(nxt, len(grid.rows))]
    return _Header(grid.lines[start], columns, labels, years, body, titles)


# --------------------------------------------------------------------------- body


def _decimal_comma_split(cells: list[str], header: _Header) -> int | None:
    """Where a decimal comma in a comma-separated file split one number into two fields.

    Candidates are an integer followed by digits; the district column and year columns are
    skipped, because ``2021,12`` there is far less likely than ``12,5`` in a value column.
    """
    year_cols = {k for k, c in enumerate(header.columns) if normalize(c) in ROLES["year"]}
    for k in range(1, min(len(cells) - 1, len(header.columns))):
        if k in year_cols:
            continue
        if re.fullmatch(r"[+-]?\d+", cells[k]) and re.fullmatch(r"\d+", cells[k + 1]):
            return k
    return None


def _check_body(
    grid: Grid, header: _Header, problems: ProblemCollector, notes: list[Note]
) -> list[tuple[int, list[Cell]]]:
    """Rows padded to the header's width; overlong rows and near-empty rows handled."""
    width = len(header.columns)
    body: list[tuple[int, list[Cell]]] = []
    skipped = 0
    for line, cells in header.body:
        texts = [cell_text(c) for c in cells]
        if sum(1 for t in texts if t) <= 1:
            skipped += 1
            continue
        if any(texts[width:]):
            split = _decimal_comma_split(texts, header) if grid.separator == "," else None
            if split is not None:
                problems.add(
                    "decimal_comma_separator",
                    row=line,
                    column=header.columns[split],
                    value=f"{texts[split]},{texts[split + 1]}",
                )
            else:
                problems.add("wrong_field_count", row=line, found=len(texts), expected=width)
            continue
        body.append((line, [*cells[:width], *[""] * (width - len(cells))]))
    if skipped:
        notes.append(Note("note_skipped_rows", {"count": skipped}))
    if not body and not problems.has_errors:
        problems.add("no_data_rows", row=header.line)
    return body


def _check_columns(
    header: _Header, body: list[tuple[int, list[Cell]]], problems: ProblemCollector
) -> None:
    seen: set[str] = set()
    for k, name in enumerate(header.columns):
        if not header.labels[k] and k > 0 and any(cell_text(cells[k]) for _l, cells in body):
            problems.add("empty_header", row=header.line, column=name)
        key = normalize(name)
        if key and key in seen:
            problems.add("duplicate_column", row=header.line, column=name)
        seen.add(key)


# --------------------------------------------------------------------------- roles


def _roles(columns: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for role, names in ROLES.items():
        for k, column in enumerate(columns):
            if normalize(column) in names and k not in found.values():
                found[role] = k
                break
    return found


def _names_district(header: _Header, body: list[tuple[int, list[Cell]]], k: int) -> bool:
    """Whether column ``k`` holds districts: a district name, or a district word in one of
    the first columns if that column holds text ("Stadtteil-Nr." yes, "Einwohner je
    Bezirk 2021" with numbers no)."""
    name = header.columns[k]
    if header.years[k]:
        return False
    if normalize(name) in DISTRICT_NAMES:
        return True
    if k >= 3 or not set(tokens(name)) & set(DISTRICT_WORDS) or _YEAR_SUFFIX.match(name):
        return False
    kinds = {classify(cells[k]) for _line, cells in body} - {"empty"}
    return "text" in kinds or kinds <= {"int"}


def _district_columns(
    header: _Header,
    body: list[tuple[int, list[Cell]]],
    roles: dict[str, int],
    options: LayoutOptions,
    problems: ProblemCollector,
    notes: list[Note],
) -> list[int]:
    columns = header.columns
    if options.district_column is not None:
        found = find_column_by_name(columns, options.district_column)
        if found is None:
            problems.add(
                "column_not_found", value=options.district_column, columns=", ".join(columns)
            )
            return []
        return [columns.index(found)]
    taken = set(roles.values())
    matches = [
        k for k in range(len(columns)) if k not in taken and _names_district(header, body, k)
    ]
    if matches:
        return matches
    if 0 in taken:
        problems.add("no_district_column", columns=", ".join(columns))
        return []
    notes.append(Note("note_district_column_guessed", {"column": columns[0]}))
    return [0]


def _parse(
    body: list[tuple[int, list[Cell]]],
    k: int,
    column: str,
    problems: ProblemCollector,
    convention: Convention,
) -> list[Parsed]:
    return parse_column(
        [cells[k] for _l, cells in body], [line for line, _c in body], column, problems, convention
    )


def _districts(
    cells: list[Cell], header: _Header, columns: list[int]
) -> tuple[tuple[str, str], ...]:
    return tuple((header.columns[k], cell_text(cells[k])) for k in columns)


# --------------------------------------------------------------------------- long


def _long(
    header: _Header,
    body: list[tuple[int, list[Cell]]],
    roles: dict[str, int],
    dcols: list[int],
    options: LayoutOptions,
    problems: ProblemCollector,
    convention: Convention,
) -> list[Record]:
    """One record per row; the indicator comes from its column or is the single one."""
    cols = header.columns
    if "value" not in roles:
        problems.add("missing_column", column="Wert/value")
    if "year" not in roles and options.year is None:
        problems.add("missing_column", column="Jahr/year")
    if problems.has_errors:
        return []
    v = roles["value"]
    values = _parse(body, v, cols[v], problems, convention)
    counts = {
        role: _parse(body, roles[role], cols[roles[role]], problems, convention)
        if role in roles
        else [Parsed(None)] * len(body)
        for role in ("numerator", "denominator")
    }
    records = []
    for i, (line, cells) in enumerate(body):
        status = cell_text(cells[roles["status"]]) if "status" in roles else ""
        sign = (normalize_sign(status) or status) if status else values[i].sign
        y = roles.get("year")
        records.append(
            Record(
                row=line,
                districts=_districts(cells, header, dcols),
                indicator=cell_text(cells[roles["indicator"]]) if "indicator" in roles else "",
                indicator_column=cols[roles["indicator"]] if "indicator" in roles else "",
                indicator_row=line if "indicator" in roles else header.line,
                year=cell_text(cells[y]) if y is not None else str(options.year),
                year_column=cols[y] if y is not None else "",
                year_row=line,
                value=values[i].value,
                sign=sign,
                value_column=cols[v],
                numerator=counts["numerator"][i].value,
                denominator=counts["denominator"][i].value,
                numerator_column=cols[roles["numerator"]] if "numerator" in roles else "",
                denominator_column=cols[roles["denominator"]] if "denominator" in roles else "",
                status_column=cols[roles["status"]] if "status" in roles else cols[v],
                source=cell_text(cells[roles["source"]]) if "source" in roles else "",
            )
        )
    return records


# --------------------------------------------------------------------------- wide


def _split_year(header: _Header, k: int) -> tuple[str, str | None]:
    """(indicator label, year) of a column: "" as label for a bare year column."""
    label, year = header.labels[k], header.years[k]
    if year:
        return label, year
    if is_year(label):
        return "", label
    match = _YEAR_SUFFIX.match(label)
    if match:
        return match.group("label"), match.group("year")
    return label, None


def _wide_kind(header: _Header, splits: list[tuple[str, str | None]], columns: list[int]) -> str:
    if any(header.years[k] for k in columns):
        return "wide_two_row_header"
    if any(label == "" for label, _y in splits):
        return "wide_by_year"
    if any(year for _l, year in splits):
        return "wide_year_suffix"
    return "wide"


def _wide(
    header: _Header,
    body: list[tuple[int, list[Cell]]],
    roles: dict[str, int],
    dcols: list[int],
    options: LayoutOptions,
    problems: ProblemCollector,
    convention: Convention,
) -> tuple[str, list[Record]]:
    """One record per filled cell of each indicator column."""
    cols = header.columns
    y = roles.get("year")
    source = roles.get("source")
    value_cols = [
        k for k in range(len(cols)) if k not in dcols and k not in (y, source) and header.labels[k]
    ]
    splits = [_split_year(header, k) for k in value_cols]
    for k, (_label, year) in zip(value_cols, splits, strict=True):
        if year is None and y is None and options.year is None:
            problems.add("year_missing", row=header.line, column=cols[k])
    if not value_cols:
        problems.add("no_value_columns", row=header.line)
    if problems.has_errors:
        return "wide", []
    records = []
    for k, (label, year) in zip(value_cols, splits, strict=True):
        parsed = _parse(body, k, cols[k], problems, convention)
        for (line, cells), cell in zip(body, parsed, strict=True):
            if cell.value is None and not cell.sign:
                continue  # an empty cell: no value for this district
            records.append(
                Record(
                    row=line,
                    districts=_districts(cells, header, dcols),
                    indicator=label,
                    indicator_column=cols[k],
                    indicator_row=header.line,
                    year=year or (cell_text(cells[y]) if y is not None else str(options.year)),
                    year_column=cols[k] if year else (cols[y] if y is not None else ""),
                    year_row=header.line if year else line,
                    value=cell.value,
                    sign=cell.sign,
                    value_column=cols[k],
                    status_column=cols[k],
                    source=cell_text(cells[source]) if source is not None else "",
                )
            )
    return _wide_kind(header, splits, value_cols), records


# --------------------------------------------------------------------------- public


def build_layout(grid: Grid, options: LayoutOptions, problems: ProblemCollector) -> Layout | None:
    """Detect header and layout of ``grid`` and read its values into records."""
    notes: list[Note] = []
    header = _read_header(grid, problems, notes)
    if header is None:
        return None
    body = _check_body(grid, header, problems, notes)
    _check_columns(header, body, problems)
    if problems.has_errors:
        return None
    roles = _roles(header.columns)
    dcols = _district_columns(header, body, roles, options, problems, notes)
    if problems.has_errors:
        return None
    numeric = [k for k in range(len(header.columns)) if k not in dcols]
    evidence = convention_of(cells[k] for _l, cells in body for k in numeric)
    convention = evidence or grid.default_convention
    if evidence:
        notes.append(Note(f"note_numbers_{evidence}"))
    if "indicator" in roles or "value" in roles:
        kind = "long" if "indicator" in roles else "long_single"
        records = _long(header, body, roles, dcols, options, problems, convention)
    else:
        kind, records = _wide(header, body, roles, dcols, options, problems, convention)
    notes.append(Note(f"note_layout_{kind}"))
    hints = [options.indicator] if options.indicator else [*header.titles]
    if grid.sheet:
        hints.append(grid.sheet)
    return Layout(
        kind=kind,
        records=records,
        header_line=header.line,
        district_columns=[header.columns[k] for k in dcols],
        indicator_hints=hints,
        notes=notes,
    )
