"""Town-level time series (``<data dir>/town_series/*.csv``, e.g. written by the INKAR import).

Read by the app's trend, profile and comparison views and checked by ``sozialraum validate``;
both go through :func:`load_town_series`, so the app shows the same report as the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sozialraum._csv import read_text_table
from sozialraum.catalog import load_catalog_for
from sozialraum.errors import DataError, Problem, ProblemCollector

SERIES_COLUMNS = ("ags", "indicator_id", "year", "value", "source")
LABEL_COLUMNS = ("indicator_id", "kuerzel", "label_de", "edition")
# Columns a labels file must have (the others are informative).
REQUIRED_LABEL_COLUMNS = ("indicator_id", "label_de")
YEAR_RANGE = (1900, 2100)
MAX_PROBLEMS_PER_FILE = 20


def series_folder(data_dir: Path) -> Path:
    return data_dir / "town_series"


def labels_folder(data_dir: Path) -> Path:
    return series_folder(data_dir) / "labels"


def read_series_file(path: Path) -> pd.DataFrame:
    """One ``town_series/*.csv`` file, checked: ags 8 digits, integer year, numeric value."""
    frame = read_text_table(path)
    problems = ProblemCollector(str(path))
    for column in SERIES_COLUMNS:
        if column not in frame.columns and column != "source":
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    if "source" not in frame.columns:
        frame["source"] = ""
    for line in frame.index[~frame["ags"].str.fullmatch(r"\d{8}")]:
        problems.add("bad_ags", row=int(line), column="ags", value=frame.at[line, "ags"])
    for line in frame.index[frame["indicator_id"] == ""]:
        problems.add("empty_cell", row=int(line), column="indicator_id")
    year = pd.to_numeric(frame["year"], errors="coerce")
    for line in frame.index[year.isna() | (year % 1 != 0) | ~year.between(*YEAR_RANGE)]:
        problems.add("bad_year", row=int(line), column="year")
    value = pd.to_numeric(frame["value"], errors="coerce")
    for line in frame.index[value.isna()]:
        problems.add("not_a_number", row=int(line), column="value", value=frame.at[line, "value"])
    duplicated = frame.duplicated(["ags", "indicator_id", "year"], keep="first")
    for line in frame.index[duplicated]:
        problems.add("duplicate_series_row", row=int(line), column="year")
    del problems.problems[MAX_PROBLEMS_PER_FILE:]
    problems.raise_if_errors()
    return pd.DataFrame(
        {
            "ags": frame["ags"].to_numpy(),
            "indicator_id": frame["indicator_id"].to_numpy(),
            "year": year.astype(int).to_numpy(),
            "value": value.astype(float).to_numpy(),
            "source": frame["source"].to_numpy(),
        }
    )


def read_labels_file(path: Path) -> dict[str, str]:
    """``town_series/labels/*.csv``: indicator id -> German label, checked."""
    table = read_text_table(path)
    problems = ProblemCollector(str(path))
    for column in REQUIRED_LABEL_COLUMNS:
        if column not in table.columns:
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    for line in table.index[table["indicator_id"] == ""]:
        problems.add("empty_cell", row=int(line), column="indicator_id")
    problems.raise_if_errors()
    return dict(zip(table["indicator_id"], table["label_de"], strict=True))


def load_town_series(data_dir: Path) -> pd.DataFrame:
    """Every town-level series of ``data_dir`` (``town_series/*.csv``), with labels.

    Columns ``ags, indicator_id, year, value, source, label_de``; ``label_de`` is the
    catalog label for catalog indicators, else the label an importer stored. Empty (with
    these columns) when the folder does not exist. Raises DataError listing the problems of
    every broken series or labels file.
    """
    folder = series_folder(data_dir)
    columns = [*SERIES_COLUMNS, "label_de"]
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    parts = []
    problems: list[Problem] = []
    for path in files:
        try:
            parts.append(read_series_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    labels: dict[str, str] = {}
    for path in sorted(labels_folder(data_dir).glob("*.csv")):
        try:
            labels.update(read_labels_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    try:
        catalog = load_catalog_for(data_dir)
    except DataError:
        catalog = None  # a broken catalog is reported where the catalog is read
    if catalog is not None:
        labels.update({ind_id: ind.label_de for ind_id, ind in catalog.items()})
    frame = pd.concat(parts, ignore_index=True)
    frame["label_de"] = frame["indicator_id"].map(labels).fillna("")
    return frame.sort_values(["ags", "indicator_id", "year"], ignore_index=True)[columns]
