"""Import INKAR (BBSR) town-level time series into ``<data-dir>/town_series/inkar.csv``.

Two input layouts are understood:

* the long form used in the project's reference data,
  ``ags,level,table,kuerzel,year,value,edition`` (comma, decimal point);
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
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sozialraum._csv import read_text_table
from sozialraum.errors import Problem, ProblemCollector
from sozialraum.importers.zensus import format_number, write_atomic
from sozialraum.town_series import (
    LABEL_COLUMNS,
    SERIES_COLUMNS,
    labels_folder,
    read_series_file,
    series_folder,
)

LICENCE = "© BBSR Bonn, dl-de/by-2-0"
SERIES_FILE = "inkar.csv"

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
_YEAR_COLUMNS = ("zeitbezug", "jahr", "year")
_MISSING = frozenset({"", ".", "-", "–", "x", "X", "...", "…"})
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


# --------------------------------------------------------------------------- reading


def _read_text(path: Path, problems: ProblemCollector) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.add("file_missing")
        problems.raise_if_errors()
        raise
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # the web tool's Excel-style export
    if not text.strip():
        problems.add("empty_file")
        problems.raise_if_errors()
    return text


def _rows(text: str) -> list[list[str]]:
    first = text.splitlines()[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    return [[cell.strip() for cell in row] for row in reader]


def parse_number(text: str, decimal_comma: bool) -> float | None:
    """'1.234,5' / '75,55' (web export) or '75.55' (long form) -> float; None if missing."""
    text = text.strip()
    if text in _MISSING:
        return None
    if decimal_comma:
        if _THOUSANDS.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


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


def _long_form(rows: list[list[str]], problems: ProblemCollector) -> list[RawValue]:
    header = [h.lower() for h in rows[0]]
    index = {name: header.index(name) for name in header}
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) != len(header):
            problems.add("wrong_field_count", row=line, found=len(row), expected=len(header))
            continue
        value = parse_number(row[index["value"]], decimal_comma=False)
        if value is None:
            continue
        out.append(
            RawValue(
                ags=row[index["ags"]].zfill(8),
                level=row[index["level"]] if "level" in index else "Gemeinde",
                kuerzel=row[index["kuerzel"]],
                year_text=row[index["year"]],
                value=value,
                edition=row[index["edition"]] if "edition" in index else "INKAR",
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


def _web_export(rows: list[list[str]], problems: ProblemCollector, edition: str) -> list[RawValue]:
    header = rows[0]
    lowered = [h.lower() for h in header]
    cols = {name: lowered.index(name) for name in _REGION_COLUMNS if name in lowered}
    year_col = next((lowered.index(n) for n in _YEAR_COLUMNS if n in lowered), None)
    fixed = {*cols.values(), *([year_col] if year_col is not None else [])}
    indicator_cols = [i for i in range(len(header)) if i not in fixed and header[i]]
    body = rows[1:]
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
        body = rows[2:]
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
    first_line = 3 if two_row_header else 2
    for line, row in enumerate(body, start=first_line):
        if not any(row):
            continue
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
            value = parse_number(row[i], decimal_comma=True)
            if value is None:
                continue
            year_text = row[year_col] if year_col is not None else years[i]
            out.append(RawValue(region[0], region[1], names[i], year_text, value, edition, line))
    for label, count in skipped.items():
        problems.add("inkar_skipped_level", severity="warning", value=label, count=count)
    return out


def read_inkar(path: Path, edition: str = "INKAR") -> tuple[list[RawValue], list[Problem]]:
    """All values of an INKAR file (long form or web export), with warnings."""
    problems = ProblemCollector(str(path))
    rows = _rows(_read_text(path, problems))
    header = {h.lower() for h in rows[0]}
    if {"ags", "kuerzel", "year", "value"} <= header:
        values = _long_form(rows, problems)
    elif "kennziffer" in header:
        values = _web_export(rows, problems, edition)
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
    frame = read_text_table(path)
    problems = ProblemCollector(str(path))
    for column in ("edition", "kuerzel", "indicator"):
        if column not in frame.columns:
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    labels = dict(zip(frame["kuerzel"], frame["indicator"], strict=True))
    newest = frame.assign(rank=frame["edition"].map(_edition_year)).sort_values("rank")
    by_description: dict[tuple[str, str], str] = {}
    for rec in newest.to_dict("records"):
        by_description[(rec.get("table", ""), _fold(rec["indicator"]))] = rec["kuerzel"]
    codes = {}
    for rec in frame.to_dict("records"):
        code = by_description[(rec.get("table", ""), _fold(rec["indicator"]))]
        if code != rec["kuerzel"]:
            codes[_fold(rec["kuerzel"])] = code
    return Dictionary(labels, codes)


# --------------------------------------------------------------------------- mapping


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _edition_year(edition: str) -> int:
    match = re.search(r"(19|20)\d\d", edition)
    return int(match.group(0)) if match else 0


def slug(text: str) -> str:
    """ASCII snake_case for indicator ids: 'q_übern_bev' -> 'q_uebern_bev'."""
    text = text.casefold()
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, ascii_)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:54] or "x"


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
        note = f" (Zeitbezug {raw.year_text})" if is_period else ""
        scaled = _scale_note(factor)
        records.append(
            {
                "ags": raw.ags,
                "indicator_id": indicator_id,
                "year": year,
                "value": round(raw.value * factor, 6),
                "source": f"{raw.edition}, {raw.level}, {code}{scaled}{note}; {LICENCE}",
                "rank": (_LEVEL_RANK.get(raw.level, 9), -_edition_year(raw.edition)),
                "kuerzel": code,
                "label_de": dictionary.labels.get(code, dictionary.labels.get(raw.kuerzel, "")),
                "edition": raw.edition,
            }
        )
    for level, count in skipped.items():
        problems.add("inkar_skipped_level", severity="warning", value=level, count=count)
    if periods:
        problems.add("inkar_period_year", severity="warning", value=periods[0], count=len(periods))
    if not records:
        problems.add("inkar_no_rows")
        problems.raise_if_errors()
    frame = pd.DataFrame(records).sort_values(["ags", "indicator_id", "year", "rank"])
    frame = frame.drop_duplicates(["ags", "indicator_id", "year"], keep="first")
    labels = frame[frame["indicator_id"].str.startswith("inkar_")]
    named = labels["label_de"].where(labels["label_de"] != "", labels["kuerzel"])
    labels = labels.assign(label_de=named)
    labels = labels.drop_duplicates("indicator_id")[list(LABEL_COLUMNS)]
    series = frame[list(SERIES_COLUMNS)].reset_index(drop=True)
    return series, labels.reset_index(drop=True), problems.problems


# --------------------------------------------------------------------------- files


@dataclass
class InkarImport:
    written: list[Path]
    series: pd.DataFrame
    problems: list[Problem]


def series_path(data_dir: Path) -> Path:
    return series_folder(data_dir) / SERIES_FILE


def labels_path(data_dir: Path) -> Path:
    return labels_folder(data_dir) / SERIES_FILE


def _series_text(frame: pd.DataFrame) -> str:
    out = frame.sort_values(["ags", "indicator_id", "year"]).copy()
    out["value"] = out["value"].map(format_number)
    out["year"] = out["year"].astype(int)
    return out[list(SERIES_COLUMNS)].to_csv(index=False, lineterminator="\n")


def import_inkar(
    data_dir: Path,
    path: Path,
    *,
    dictionary: Path | None = None,
    edition: str = "INKAR",
    replace: bool = False,
) -> InkarImport:
    """Read an INKAR file and merge it into ``town_series/inkar.csv`` (new values win).

    With ``replace`` the previous file is dropped instead. Written atomically.
    """
    raw, problems = read_inkar(path, edition)
    series, labels, found = to_series(raw, load_dictionary(dictionary), str(path))
    problems = [*problems, *found]
    target = series_path(data_dir)
    if target.exists() and not replace:
        old = read_series_file(target)
        series = pd.concat([old, series], ignore_index=True)
        series = series.drop_duplicates(["ags", "indicator_id", "year"], keep="last")
    label_target = labels_path(data_dir)
    if label_target.exists() and not replace:
        old_labels = read_text_table(label_target)
        labels = pd.concat([old_labels, labels], ignore_index=True)
        labels = labels.drop_duplicates("indicator_id", keep="last")
    labels = labels.sort_values("indicator_id")[list(LABEL_COLUMNS)]
    write_atomic(
        {
            target: _series_text(series),
            label_target: labels.to_csv(index=False, lineterminator="\n"),
        }
    )
    return InkarImport([target, label_target], series.reset_index(drop=True), problems)
