"""Cited official town-level figures (``indicators/reference.csv``) for the town comparison.

The comparison page and ``sozialraum validate`` both read the file through
:func:`load_reference`, so a broken file gives the same located report in both places.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sozialraum.columns import AGS, FIGURE, REFERENCE_COLUMNS, SOURCE, TOWN_ID, VALUE, YEAR
from sozialraum.errors import Problem, ProblemCollector
from sozialraum.text_tables import read_canonical_columns

# Figures that are no catalog indicator but are cited anyway (label: text figure_<id>).
EXTRA_FIGURES = ("area_ha",)
YEAR_RANGE = (1900, 2100)
MAX_PROBLEMS_PER_KIND = 20


def reference_path(data_dir: Path) -> Path:
    return data_dir / "indicators" / "reference.csv"


def _report(problems: ProblemCollector, lines: Iterable[int], code: str, column: str) -> None:
    lines = list(lines)
    for line in lines[:MAX_PROBLEMS_PER_KIND]:
        problems.add(code, row=int(line), column=column)
    if len(lines) > MAX_PROBLEMS_PER_KIND:
        problems.add("more_rows", column=column, count=len(lines) - MAX_PROBLEMS_PER_KIND)


def read_reference(path: Path) -> pd.DataFrame:
    """The checked table: ``town_id, ags, figure, value (float), year (int), source``.

    The index is the line number of each row in the file. Raises DataError listing every
    missing column and every bad cell.
    """
    frame = read_canonical_columns(path, REFERENCE_COLUMNS, optional=(SOURCE,))
    problems = ProblemCollector(str(path))
    for column in (TOWN_ID, FIGURE):
        _report(problems, frame.index[frame[column] == ""], "empty_cell", column)
    bad_ags = (frame[AGS] != "") & ~frame[AGS].str.fullmatch(r"\d{8}")
    for line in frame.index[bad_ags][:MAX_PROBLEMS_PER_KIND]:
        problems.add("bad_ags", row=int(line), column=AGS, value=frame.at[line, AGS])
    value = pd.to_numeric(frame[VALUE], errors="coerce")
    bad_value = value.isna()
    comma = bad_value & frame[VALUE].str.contains(",", regex=False)
    _report(problems, frame.index[comma], "decimal_comma", VALUE)
    for line in frame.index[bad_value & ~comma][:MAX_PROBLEMS_PER_KIND]:
        problems.add("not_a_number", row=int(line), column=VALUE, value=frame.at[line, VALUE])
    year = pd.to_numeric(frame[YEAR], errors="coerce")
    bad_year = year.isna() | (year % 1 != 0) | ~year.between(*YEAR_RANGE)
    _report(problems, frame.index[bad_year], "bad_year", YEAR)
    duplicated = frame.duplicated([TOWN_ID, FIGURE, YEAR], keep="first")
    _report(problems, frame.index[duplicated], "duplicate_reference_row", FIGURE)
    problems.raise_if_errors()
    return pd.DataFrame(
        {
            TOWN_ID: frame[TOWN_ID],
            AGS: frame[AGS],
            FIGURE: frame[FIGURE],
            VALUE: value.astype(float),
            YEAR: year.astype(int),
            SOURCE: frame[SOURCE],
        },
        index=frame.index,
    )


def load_reference(data_dir: Path) -> pd.DataFrame:
    """The reference figures of ``data_dir``; empty (same columns) when there is no file."""
    path = reference_path(data_dir)
    if not path.exists():
        return pd.DataFrame(
            {
                TOWN_ID: pd.Series(dtype=object),
                AGS: pd.Series(dtype=object),
                FIGURE: pd.Series(dtype=object),
                VALUE: pd.Series(dtype=float),
                YEAR: pd.Series(dtype=int),
                SOURCE: pd.Series(dtype=object),
            }
        )
    return read_reference(path)


def check_reference_links(
    reference: pd.DataFrame, file: str, town_ids: Iterable[str], indicator_ids: Iterable[str]
) -> list[Problem]:
    """Warnings for rows the comparison cannot use: unknown town or unknown figure."""
    problems = ProblemCollector(file)
    known_towns = set(town_ids)
    known_figures = set(indicator_ids) | set(EXTRA_FIGURES)
    for code, column, known in (
        ("reference_unknown_town", TOWN_ID, known_towns),
        ("reference_unknown_figure", FIGURE, known_figures),
    ):
        for line in reference.index[~reference[column].isin(known)][:MAX_PROBLEMS_PER_KIND]:
            value = reference.at[line, column]
            problems.add(code, row=int(line), column=column, severity="warning", value=value)
    return problems.problems
