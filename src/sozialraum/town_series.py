"""Town-level time series (``<data-dir>/town_series/<name>.csv``), e.g. INKAR figures.

Written by importers (:mod:`sozialraum.importers.inkar`), read by the app's comparison and
trend views. Columns ``ags,indicator_id,year,value,source``; labels of series that are not
in the catalog live in ``town_series/labels/<name>.csv``
(``indicator_id,kuerzel,label_de,edition``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pandas as pd

from sozialraum.columns import (
    AGS,
    INDICATOR_ID,
    LABEL_DE,
    SERIES_COLUMNS,
    SOURCE,
    VALUE,
    YEAR,
)
from sozialraum.errors import DataError, Problem, ProblemCollector
from sozialraum.text_tables import read_canonical_columns

FOLDER: Final = "town_series"
YEAR_RANGE: Final = (1900, 2100)
MAX_PROBLEMS_PER_FILE: Final = 20


def series_path(data_dir: Path, name: str) -> Path:
    return data_dir / FOLDER / f"{name}.csv"


def labels_path(data_dir: Path, name: str) -> Path:
    return data_dir / FOLDER / "labels" / f"{name}.csv"


def read_series_file(path: Path) -> pd.DataFrame:
    """One ``town_series/*.csv`` file, checked: ags 8 digits, an indicator id, a year between
    1900 and 2100, a numeric value, and each (ags, indicator, year) once."""
    frame = read_canonical_columns(path, SERIES_COLUMNS, optional=(SOURCE,))
    problems = ProblemCollector(str(path))
    for line, ags in zip(frame.index.tolist(), frame[AGS].tolist(), strict=True):
        if not re.fullmatch(r"\d{8}", ags):
            problems.add("bad_ags", row=int(line), column=AGS, value=ags)
    for line in frame.index[frame[INDICATOR_ID] == ""]:
        problems.add("empty_cell", row=int(line), column=INDICATOR_ID)
    year = pd.to_numeric(frame[YEAR], errors="coerce")
    for line in frame.index[year.isna() | (year % 1 != 0) | ~year.between(*YEAR_RANGE)]:
        problems.add("bad_year", row=int(line), column=YEAR)
    value = pd.to_numeric(frame[VALUE], errors="coerce")
    for line in frame.index[value.isna()]:
        problems.add("not_a_number", row=int(line), column=VALUE, value=frame.at[line, VALUE])
    for line in frame.index[frame.duplicated([AGS, INDICATOR_ID, YEAR], keep="first")]:
        problems.add("duplicate_series_row", row=int(line), column=YEAR)
    del problems.problems[MAX_PROBLEMS_PER_FILE:]
    problems.raise_if_errors()
    return pd.DataFrame(
        {
            AGS: frame[AGS].to_numpy(),
            INDICATOR_ID: frame[INDICATOR_ID].to_numpy(),
            YEAR: year.astype(int).to_numpy(),
            VALUE: value.astype(float).to_numpy(),
            SOURCE: frame[SOURCE].to_numpy(),
        }
    )


def read_labels_file(path: Path) -> dict[str, str]:
    """``town_series/labels/*.csv``: indicator id -> German label, checked."""
    table = read_canonical_columns(path, (INDICATOR_ID, LABEL_DE))
    problems = ProblemCollector(str(path))
    for line in table.index[table[INDICATOR_ID] == ""]:
        problems.add("empty_cell", row=int(line), column=INDICATOR_ID)
    problems.raise_if_errors()
    return dict(zip(table[INDICATOR_ID], table[LABEL_DE], strict=True))


def load_town_series(data_dir: Path) -> pd.DataFrame:
    """Every town-level series of ``data_dir`` (``town_series/*.csv``), with labels.

    Columns ``ags, indicator_id, year, value, source, label_de``; ``label_de`` is the
    catalog label for catalog indicators, else the label an importer stored. Empty (with
    these columns) when the folder does not exist. Raises DataError listing the problems of
    every broken series or labels file (``sozialraum validate`` reads them the same way).
    """
    folder = data_dir / FOLDER
    columns = [*SERIES_COLUMNS, LABEL_DE]
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
    for path in sorted((data_dir / FOLDER / "labels").glob("*.csv")):
        try:
            labels.update(read_labels_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    labels.update(_catalog_labels(data_dir))
    frame = pd.concat(parts, ignore_index=True)
    frame[LABEL_DE] = frame[INDICATOR_ID].map(labels).fillna("")
    return frame.sort_values([AGS, INDICATOR_ID, YEAR], ignore_index=True)[columns]


def _catalog_labels(data_dir: Path) -> dict[str, str]:
    from sozialraum.catalog import load_catalog_for

    try:
        catalog = load_catalog_for(data_dir)
    except DataError:
        return {}  # a broken catalog is reported where the catalog is read
    return {ind_id: ind.label_de for ind_id, ind in catalog.items()}


def official_series(series: pd.DataFrame, ags: str, indicator_id: str) -> pd.DataFrame:
    """One town's series for one indicator from :func:`load_town_series`: year, value, source."""
    rows = series[(series[AGS] == ags) & (series[INDICATOR_ID] == indicator_id)]
    return rows[[YEAR, VALUE, SOURCE]].astype({YEAR: int, VALUE: float})
