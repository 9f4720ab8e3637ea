"""Import INKAR (BBSR) town-level time series into ``<data-dir>/town_series/inkar.csv``.

Three input layouts are understood:

* the long form used in the project's reference data,
  ``ags,level,table,kuerzel,year,value,edition`` (comma, decimal point);
* the INKAR bulk download (all indicators of all regions, as published by the BBSR):
  ``Bereich;ID;Indikator;Raumbezug;Kennziffer;Kennziffer_EU;Name;Zeitbezug;Wert``,
  ``;``-separated, decimal comma and thousands dot. ``Kennziffer`` has lost its leading
  zeros; they are restored per ``Raumbezug``: Gemeinden 8 digits (the AGS), Gemeindeverbände
  9, Kreise 5, Bundesländer 2. A Gemeindeverband stands for the town when its key is
  Kreis + ``0`` + the municipality's number (a municipality forming its own association,
  e.g. ``066320002`` → AGS ``06632002``); other associations, Bundesländer and every other
  Raumbezug are skipped. ``ID`` is the indicator code, ``Indikator`` its name (the label,
  and matched against the catalog where the code is not). ``Zeitbezug`` is text: a year, or
  a period such as ``2018-2020`` (assigned to its last year, as for the web export). The
  file is streamed in chunks, so the national file never sits in memory at once; ``ags``
  keeps only the named municipalities;
* an export of the INKAR web tool (www.inkar.de): ``;``-separated, decimal comma, the
  region columns ``Kennziffer;Raumeinheit;Aggregat`` followed by either one column per
  indicator and year (the years in a second header row, or in the column name as in
  ``Kinderarmut 2021``), or a ``Zeitbezug`` (year) column and one column per indicator.

Only municipality values are kept: level ``Gemeinde``; ``Gemeindeverband`` when the long
form marks it without a qualifier (a municipality that forms its own association, as
for the six project towns; a qualified level such as ``Gemeindeverband (VVG …)`` covers
more than the town and is skipped); ``Kreis`` only for district-free cities (AGS ending in
``000``). When several levels, or editions, give a value for the same municipality,
indicator and year, the most local level wins, then the newest edition.

INKAR codes whose definition matches a catalog indicator are stored under the catalog id
in the catalog's unit (``q_PBG_bev`` ÷ 10 → ``sgb2_rate`` in %, ``q_newfBGu15_bev`` →
``child_poverty``, …); all others under ``inkar_<kuerzel>``, with their label (from an
optional INKAR indicator dictionary) in ``town_series/labels/inkar.csv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sozialraum.atomic import write_files
from sozialraum.columns import (
    AGS,
    EDITION,
    INDICATOR_ID,
    KUERZEL,
    LABEL_DE,
    SERIES_COLUMNS,
    SERIES_LABEL_COLUMNS,
    SOURCE,
    VALUE,
    YEAR,
)
from sozialraum.errors import Problem, ProblemCollector
from sozialraum.slugs import slugify
from sozialraum.text_tables import (
    CODECS,
    Convention,
    decode_head,
    format_number,
    parse_cell,
    read_canonical_table,
    read_rows,
    sniff_separator,
)
from sozialraum.town_series import (
    labels_path,
    read_series_file,
    series_path,
)

LICENCE = "© BBSR Bonn, dl-de/by-2-0"
SERIES_NAME = "inkar"

# INKAR code (2024 edition) or indicator name (2021/22 edition), case-folded ->
# (catalog id, factor into the catalog's unit). Only where the definitions match.
CATALOG_MAP: dict[str, tuple[str, float]] = {
    "q_pbg_bev": ("sgb2_rate", 0.1),  # Personen in Bedarfsgemeinschaften je 1.000 EW
    "personen in bedarfsgemeinschaften": ("sgb2_rate", 0.1),
    "q_newfbgu15_bev": ("child_poverty", 1.0),  # je 100 EW unter 15
    "kinderarmut": ("child_poverty", 1.0),
    "a_gsa": ("elderly_basic_income", 1.0),  # Grundsicherung im Alter je 100 EW 65+
    "empfänger von grundsicherung im alter (altersarmut)": ("elderly_basic_income", 1.0),
    # Einwohnergewichtete Luftliniendistanz in m (BBSR Erreichbarkeitsmodell)
    "nahversorgung supermärkte durchschnittsdistanz": ("dist_supermarket", 1.0),
    "nahversorgung apotheken durchschnittsdistanz": ("dist_pharmacy", 1.0),
    "nahversorgung grundschulen durchschnittsdistanz": ("dist_primary_school", 1.0),
    "nahversorgung haltestellen des öv durchschnittsdistanz": ("dist_pt_stop", 1.0),
}
_LEVEL_RANK = {"Gemeinde": 0, "Gemeindeverband": 1, "Kreis": 2}
_REGION_COLUMNS = ("kennziffer", "raumeinheit", "aggregat")
BULK_COLUMNS = (
    "Bereich",
    "ID",
    "Indikator",
    "Raumbezug",
    "Kennziffer",
    "Kennziffer_EU",
    "Name",
    "Zeitbezug",
    "Wert",
)
# Raumbezug of the bulk file -> digits of its key (leading zeros are lost in the file).
KEY_DIGITS = {"gemeinden": 8, "gemeindeverbände": 9, "kreise": 5, "bundesländer": 2}
BULK_CHUNK_ROWS = 100_000
HEAD_BYTES = 65536
# The part after the last comma of a Kreis name that makes it a district-free city
# ("Pirmasens, Stadt", "Kiel, Landeshauptstadt"); Landkreise have none or "Landkreis".
_CITY_SUFFIX = re.compile(r",[^,]*stadt[^,]*$", re.IGNORECASE)
_YEAR_COLUMNS = ("zeitbezug", "jahr", "year")


# --------------------------------------------------------------------------- reading


def _read_rows(path: Path, problems: ProblemCollector) -> tuple[list[list[str]], list[int]]:
    """Rows of the file and their lines (encoding and separator detected, see text_tables)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.add("file_missing")
        problems.raise_if_errors()
        raise
    table = read_rows(data, problems)
    problems.raise_if_errors()
    assert table is not None
    return table.rows, table.lines


def parse_number(text: str, convention: Convention) -> float | None:
    """'1.234,5' / '75,55' (web export) or '75.55' (long form) -> float; None if missing.

    Signs (``.``, ``-``, ``…``) and empty cells are missing values; so is text.
    """
    parsed = parse_cell(text, convention)
    return None if parsed is None else parsed.value


def parse_year(text: str) -> tuple[int | None, bool]:
    """'2021' -> (2021, False); a period ('2016/2017/2018', '2015 bis 2019') -> (last, True)."""
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text)
    if not years:
        return None, False
    return int(years[-1]), not re.fullmatch(r"\s*\d{4}\s*", text)


@dataclass(frozen=True)
class RawValue:
    """One published value before mapping: where, what, when, which edition and level."""

    ags: str
    level: str
    kuerzel: str
    year_text: str
    value: float
    edition: str
    line: int
    label: str = field(default="", compare=False)  # the indicator's name, if the file gives it


def _long_form(
    rows: list[list[str]], lines: list[int], problems: ProblemCollector
) -> list[RawValue]:
    header = [h.lower() for h in rows[0]]
    index = {name: header.index(name) for name in header}
    out = []
    for line, row in zip(lines[1:], rows[1:], strict=True):
        if len(row) != len(header):
            problems.add("wrong_field_count", row=line, found=len(row), expected=len(header))
            continue
        value = parse_number(row[index[VALUE]], "en")
        if value is None:
            continue
        out.append(
            RawValue(
                ags=row[index[AGS]].zfill(8),
                level=row[index["level"]] if "level" in index else "Gemeinde",
                kuerzel=row[index[KUERZEL]],
                year_text=row[index[YEAR]],
                value=value,
                edition=row[index[EDITION]] if EDITION in index else "INKAR",
                line=line,
            )
        )
    return out


def _region(row: list[str], cols: dict[str, int]) -> tuple[str, str] | None:
    """(AGS, level) of a web-export row, or None for regions that are not a municipality."""
    code = re.sub(r"\D", "", row[cols["kennziffer"]])
    aggregat = row[cols["aggregat"]].lower() if "aggregat" in cols else ""
    name = row[cols["raumeinheit"]].lower() if "raumeinheit" in cols else ""
    if not code or len(code) > 8 or "verband" in aggregat or "verbände" in aggregat:
        return None
    if "gemeinde" in aggregat or len(code) > 5:
        return code.zfill(8), "Gemeinde"
    # A Kreis row describes a town only for a district-free city (AGS = Kreis + "000").
    city = "kreisfrei" in aggregat or ("stadt" in name and "landkreis" not in name)
    return (code.zfill(5) + "000", "Kreis") if city else None


def _level_label(row: list[str], cols: dict[str, int]) -> str:
    return row[cols["aggregat"]] if "aggregat" in cols else "?"


def _web_export(
    rows: list[list[str]], lines: list[int], problems: ProblemCollector, edition: str
) -> list[RawValue]:
    header = rows[0]
    lowered = [h.lower() for h in header]
    cols = {name: lowered.index(name) for name in _REGION_COLUMNS if name in lowered}
    year_col = next((lowered.index(n) for n in _YEAR_COLUMNS if n in lowered), None)
    fixed = {*cols.values(), *([year_col] if year_col is not None else [])}
    indicator_cols = [i for i in range(len(header)) if i not in fixed and header[i]]
    body, body_lines = rows[1:], lines[1:]
    years: dict[int, str] = {}
    names: dict[int, str] = {}
    second = rows[1] if len(rows) > 1 else []
    two_row_header = bool(
        year_col is None
        and second
        and not second[cols["kennziffer"]]
        and any(parse_year(second[i])[0] for i in indicator_cols if i < len(second))
    )
    if two_row_header:
        body, body_lines = rows[2:], lines[2:]
        for i in indicator_cols:
            names[i], years[i] = header[i], second[i] if i < len(second) else ""
    elif year_col is None:
        for i in indicator_cols:
            match = re.fullmatch(r"(.*?)[\s_]*\(?((?:19|20)\d\d)\)?", header[i])
            names[i], years[i] = (match.group(1), match.group(2)) if match else (header[i], "")
    else:
        names = {i: header[i] for i in indicator_cols}
    skipped: dict[str, int] = {}
    out = []
    for line, row in zip(body_lines, body, strict=True):
        if len(row) != len(header):
            if not re.search(r"\d", row[0]):
                continue  # a note below the table ("Quelle: …"), not data
            problems.add("wrong_field_count", row=line, found=len(row), expected=len(header))
            continue
        region = _region(row, cols)
        if region is None:
            label = _level_label(row, cols)
            skipped[label] = skipped.get(label, 0) + 1
            continue
        for i in indicator_cols:
            value = parse_number(row[i], "de")
            if value is None:
                continue
            year_text = row[year_col] if year_col is not None else years[i]
            out.append(RawValue(region[0], region[1], names[i], year_text, value, edition, line))
    for label, count in skipped.items():
        problems.add("inkar_skipped_level", severity="warning", value=label, count=count)
    return out


def _bulk_header(path: Path, problems: ProblemCollector) -> tuple[str, str] | None:
    """(codec, separator) if ``path`` is an INKAR bulk file, else None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        problems.add("file_missing")
        problems.raise_if_errors()
        raise
    scratch = ProblemCollector(problems.file)
    decoded = decode_head(head, scratch)
    if decoded is None:
        return None
    lines = decoded.text.splitlines()
    if not lines:
        return None
    sep = sniff_separator(lines[:-1] if len(head) == HEAD_BYTES and len(lines) > 1 else lines)
    header = [c.strip().lower() for c in next(csv.reader(lines[:1], delimiter=sep))]
    if not {c.lower() for c in BULK_COLUMNS} <= set(header):
        return None
    return CODECS[decoded.encoding], sep


def bulk_region(raumbezug: str, kennziffer: str, name: str) -> tuple[str, str] | None:
    """(AGS, level) of a bulk-file row, or None when the region is not one municipality.

    Keys are zero-padded per Raumbezug (see the module doc); a Kreis counts only as a
    district-free city, a Gemeindeverband only as a municipality of its own.
    """
    digits = KEY_DIGITS.get(raumbezug.strip().lower())
    code = re.sub(r"\D", "", kennziffer)
    if digits is None or not code or len(code) > digits:
        return None
    key = code.zfill(digits)
    level = raumbezug.strip().lower()
    if level == "gemeinden":
        return key, "Gemeinde"
    if level == "gemeindeverbände":
        return (key[:5] + key[6:], "Gemeindeverband") if key[5] == "0" else None
    if level == "kreise":
        return (key + "000", "Kreis") if _CITY_SUFFIX.search(name.strip()) else None
    return None  # a Bundesland is no town


def _bulk_chunks(path: Path, codec: str, sep: str, chunksize: int) -> Iterator[pd.DataFrame]:
    reader = pd.read_csv(
        path,
        sep=sep,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        chunksize=chunksize,
        encoding=codec,
        engine="c",
    )
    with reader:
        yield from reader


def _bulk(
    path: Path,
    codec: str,
    sep: str,
    problems: ProblemCollector,
    edition: str,
    only_ags: Collection[str] | None,
    chunksize: int,
) -> list[RawValue]:
    """Stream the bulk file; keep municipality rows (of ``only_ags``, if given)."""
    out: list[RawValue] = []
    skipped: dict[str, int] = {}
    wanted = {a.zfill(8) for a in only_ags} if only_ags else None
    try:
        for chunk in _bulk_chunks(path, codec, sep, chunksize):
            chunk.columns = [str(c).strip() for c in chunk.columns]
            by_lower = {c.lower(): c for c in chunk.columns}
            col = {name: by_lower[name.lower()] for name in BULK_COLUMNS}
            records = zip(
                chunk.index,
                chunk[col["ID"]],
                chunk[col["Indikator"]],
                chunk[col["Raumbezug"]],
                chunk[col["Kennziffer"]],
                chunk[col["Name"]],
                chunk[col["Zeitbezug"]],
                chunk[col["Wert"]],
                strict=True,
            )
            for index, code, name, raumbezug, kennziffer, region_name, period, text in records:
                region = bulk_region(raumbezug, kennziffer, region_name)
                if region is None:
                    label = raumbezug.strip() or "?"
                    skipped[label] = skipped.get(label, 0) + 1
                    continue
                if wanted is not None and region[0] not in wanted:
                    continue
                line = int(index) + 2  # header: line 1
                parsed = parse_cell(text, "de")
                if parsed is None:
                    problems.add("not_a_number", row=line, column=col["Wert"], value=text[:40])
                    continue
                if parsed.value is None:
                    continue  # an official sign or empty: no value published
                kuerzel = code.strip() or name.strip()
                out.append(
                    RawValue(
                        ags=region[0],
                        level=region[1],
                        kuerzel=kuerzel,
                        year_text=period.strip(),
                        value=parsed.value,
                        edition=edition,
                        line=line,
                        label=name.strip(),
                    )
                )
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        problems.add("inkar_unreadable", detail=str(exc).splitlines()[0][:200])
    for label, count in skipped.items():
        problems.add("inkar_skipped_level", severity="warning", value=label, count=count)
    return out


def read_inkar(
    path: Path,
    edition: str = "INKAR",
    *,
    only_ags: Collection[str] | None = None,
    chunksize: int = BULK_CHUNK_ROWS,
) -> tuple[list[RawValue], list[Problem]]:
    """All values of an INKAR file (long form, bulk download or web export), with warnings.

    ``only_ags`` (8-digit keys) limits a bulk file to these municipalities.
    """
    problems = ProblemCollector(str(path))
    bulk_format = _bulk_header(Path(path), problems)
    if bulk_format is not None:
        values = _bulk(Path(path), *bulk_format, problems, edition, only_ags, chunksize)
        problems.raise_if_errors()
        return values, problems.problems
    rows, lines = _read_rows(path, problems)
    if not rows:
        problems.add("empty_file")
        problems.raise_if_errors()
    header = {h.lower() for h in rows[0]}
    if {AGS, KUERZEL, YEAR, VALUE} <= header:
        values = _long_form(rows, lines, problems)
    elif "kennziffer" in header:
        values = _web_export(rows, lines, problems, edition)
    else:
        problems.add("inkar_unknown_layout", row=1)
        values = []
    problems.raise_if_errors()
    return values, problems.problems


# --------------------------------------------------------------------------- dictionary


@dataclass(frozen=True)
class Dictionary:
    """INKAR indicator dictionary: labels, and 2021/22 names -> 2024 codes."""

    labels: dict[str, str]  # kuerzel (any edition) -> description
    codes: dict[str, str]  # 2021/22 name (case-folded) -> code of a newer edition

    @classmethod
    def empty(cls) -> Dictionary:
        return cls({}, {})


def load_dictionary(path: Path | None) -> Dictionary:
    """Read ``edition,table,kuerzel,indicator``; names and codes with equal descriptions
    are the same indicator, so an old name is stored under its newer code."""
    if path is None:
        return Dictionary.empty()
    frame = read_canonical_table(path)
    problems = ProblemCollector(str(path))
    for column in (EDITION, KUERZEL, "indicator"):
        if column not in frame.columns:
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    labels = dict(zip(frame[KUERZEL], frame["indicator"], strict=True))
    newest = frame.assign(rank=frame[EDITION].map(_edition_year)).sort_values("rank")
    by_description: dict[tuple[str, str], str] = {}
    for rec in newest.to_dict("records"):
        by_description[(rec.get("table", ""), _fold(rec["indicator"]))] = rec[KUERZEL]
    codes = {}
    for rec in frame.to_dict("records"):
        code = by_description[(rec.get("table", ""), _fold(rec["indicator"]))]
        if code != rec[KUERZEL]:
            codes[_fold(rec[KUERZEL])] = code
    return Dictionary(labels, codes)


# --------------------------------------------------------------------------- mapping


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _edition_year(edition: str) -> int:
    match = re.search(r"(19|20)\d\d", edition)
    return int(match.group(0)) if match else 0


def slug(text: str) -> str:
    """ASCII snake_case for indicator ids: 'q_übern_bev' -> 'q_uebern_bev'."""
    return slugify(text, "_", max_length=54) or "x"


def indicator_for(kuerzel: str, dictionary: Dictionary) -> tuple[str, float, str]:
    """(indicator id, factor, code) of an INKAR code or name."""
    code = dictionary.codes.get(_fold(kuerzel), kuerzel)
    for key in (_fold(code), _fold(kuerzel)):
        if key in CATALOG_MAP:
            target, factor = CATALOG_MAP[key]
            return target, factor, code
    return f"inkar_{slug(code)}", 1.0, code


def _scale_note(factor: float) -> str:
    """' ÷ 10' for 0.1 (as INKAR users write it), ' × f' otherwise, '' for 1."""
    if factor == 1.0:
        return ""
    if factor < 1.0 and float(round(1 / factor)) == 1 / factor:
        return f" ÷ {round(1 / factor)}"
    return f" × {factor:g}"


def _keep(raw: RawValue) -> bool:
    if raw.level == "Gemeinde" or raw.level == "Gemeindeverband":
        return True
    return raw.level == "Kreis" and raw.ags.endswith("000")


def to_series(
    values: list[RawValue], dictionary: Dictionary, file: str
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Mapped, de-duplicated town series rows plus labels of the ``inkar_*`` indicators."""
    problems = ProblemCollector(file)
    records = []
    skipped: dict[str, int] = {}
    periods: list[str] = []
    for raw in values:
        if not _keep(raw):
            skipped[raw.level] = skipped.get(raw.level, 0) + 1
            continue
        year, is_period = parse_year(raw.year_text)
        if year is None:
            problems.add("inkar_bad_year", row=raw.line, severity="warning", value=raw.year_text)
            continue
        if is_period:
            periods.append(raw.year_text)
        indicator_id, factor, code = indicator_for(raw.kuerzel, dictionary)
        if indicator_id.startswith("inkar_") and raw.label:
            by_name = indicator_for(raw.label, dictionary)
            if not by_name[0].startswith("inkar_"):
                indicator_id, factor, _ = by_name
        note = f" (Zeitbezug {raw.year_text})" if is_period else ""
        scaled = _scale_note(factor)
        records.append(
            {
                AGS: raw.ags,
                INDICATOR_ID: indicator_id,
                YEAR: year,
                VALUE: round(raw.value * factor, 6),
                SOURCE: f"{raw.edition}, {raw.level}, {code}{scaled}{note}; {LICENCE}",
                "rank": (_LEVEL_RANK.get(raw.level, 9), -_edition_year(raw.edition)),
                KUERZEL: code,
                LABEL_DE: dictionary.labels.get(
                    code, dictionary.labels.get(raw.kuerzel, raw.label)
                ),
                EDITION: raw.edition,
            }
        )
    for level, count in skipped.items():
        problems.add("inkar_skipped_level", severity="warning", value=level, count=count)
    if periods:
        problems.add("inkar_period_year", severity="warning", value=periods[0], count=len(periods))
    if not records:
        problems.add("inkar_no_rows")
        problems.raise_if_errors()
    frame = pd.DataFrame(records).sort_values([AGS, INDICATOR_ID, YEAR, "rank"])
    frame = frame.drop_duplicates([AGS, INDICATOR_ID, YEAR], keep="first")
    labels = frame[frame[INDICATOR_ID].str.startswith("inkar_")]
    named = labels[LABEL_DE].where(labels[LABEL_DE] != "", labels[KUERZEL])
    labels = labels.assign(label_de=named)
    labels = labels.drop_duplicates(INDICATOR_ID)[list(SERIES_LABEL_COLUMNS)]
    series = frame[list(SERIES_COLUMNS)].reset_index(drop=True)
    return series, labels.reset_index(drop=True), problems.problems


# --------------------------------------------------------------------------- files


@dataclass
class InkarImport:
    written: list[Path]
    series: pd.DataFrame
    problems: list[Problem]


def _series_text(frame: pd.DataFrame) -> str:
    out = frame.sort_values([AGS, INDICATOR_ID, YEAR]).copy()
    out[VALUE] = out[VALUE].map(format_number)
    out[YEAR] = out[YEAR].astype(int)
    return out[list(SERIES_COLUMNS)].to_csv(index=False, lineterminator="\n")


def import_inkar(
    data_dir: Path,
    path: Path,
    *,
    dictionary: Path | None = None,
    edition: str = "INKAR",
    replace: bool = False,
    only_ags: Collection[str] | None = None,
) -> InkarImport:
    """Read an INKAR file and merge it into ``town_series/inkar.csv`` (new values win).

    With ``replace`` the previous file is dropped instead. Written atomically.
    ``only_ags`` keeps only these municipalities (for the national bulk file).
    """
    raw, problems = read_inkar(path, edition, only_ags=only_ags)
    series, labels, found = to_series(raw, load_dictionary(dictionary), str(path))
    problems = [*problems, *found]
    target = series_path(data_dir, SERIES_NAME)
    if target.exists() and not replace:
        old = read_series_file(target)
        series = pd.concat([old, series], ignore_index=True)
        series = series.drop_duplicates([AGS, INDICATOR_ID, YEAR], keep="last")
    label_target = labels_path(data_dir, SERIES_NAME)
    if label_target.exists() and not replace:
        old_labels = read_canonical_table(label_target)
        labels = pd.concat([old_labels, labels], ignore_index=True)
        labels = labels.drop_duplicates(INDICATOR_ID, keep="last")
    labels = labels.sort_values(INDICATOR_ID)[list(SERIES_LABEL_COLUMNS)]
    write_files(
        {
            target: _series_text(series),
            label_target: labels.to_csv(index=False, lineterminator="\n"),
        }
    )
    return InkarImport([target, label_target], series.reset_index(drop=True), problems)
