"""Cited official town-level figures (``indicators/reference.csv``) for the town comparison.

The comparison page and ``sozialraum validate`` both read the file through
:func:`load_reference`, so a broken file gives the same located report in both places.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sozialraum._csv import read_text_table
from sozialraum.errors import Problem, ProblemCollector

REFERENCE_COLUMNS = ("town_id", "ags", "figure", "value", "year", "source")
# Figures that are no catalog indicator but are cited anyway: id -> (German, English) label.
EXTRA_FIGURES: dict[str, tuple[str, str]] = {"area_ha": ("Fläche (ha)", "Area (ha)")}
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
    frame = read_text_table(path)
    problems = ProblemCollector(str(path))
    for column in REFERENCE_COLUMNS:
        if column not in frame.columns and column != "source":
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    if "source" not in frame.columns:
        frame["source"] = ""
    for column in ("town_id", "figure"):
        _report(problems, frame.index[frame[column] == ""], "empty_cell", column)
    bad_ags = (frame["ags"] != "") & ~frame["ags"].str.fullmatch(r"\d{8}")
    for line in frame.index[bad_ags][:MAX_PROBLEMS_PER_KIND]:
        problems.add("bad_ags", row=int(line), column="ags", value=frame.at[line, "ags"])
    value = pd.to_numeric(frame["value"], errors="coerce")
    bad_value = value.isna()
    comma = bad_value & frame["value"].str.contains(",", regex=False)
    _report(problems, frame.index[comma], "decimal_comma", "value")
    for line in frame.index[bad_value & ~comma][:MAX_PROBLEMS_PER_KIND]:
        problems.add("not_a_number", row=int(line), column="value", value=frame.at[line, "value"])
    year = pd.to_numeric(frame["year"], errors="coerce")
    bad_year = year.isna() | (year % 1 != 0) | ~year.between(*YEAR_RANGE)
    _report(problems, frame.index[bad_year], "bad_year", "year")
    duplicated = frame.duplicated(["town_id", "figure", "year"], keep="first")
    _report(problems, frame.index[duplicated], "duplicate_reference_row", "figure")
    problems.raise_if_errors()
    return pd.DataFrame(
        {
            "town_id": frame["town_id"],
            "ags": frame["ags"],
            "figure": frame["figure"],
            "value": value.astype(float),
            "year": year.astype(int),
            "source": frame["source"],
        },
        index=frame.index,
    )


def load_reference(data_dir: Path) -> pd.DataFrame:
    """The reference figures of ``data_dir``; empty (same columns) when there is no file."""
    path = reference_path(data_dir)
    if not path.exists():
        return pd.DataFrame(
            {
                "town_id": pd.Series(dtype=object),
                "ags": pd.Series(dtype=object),
                "figure": pd.Series(dtype=object),
                "value": pd.Series(dtype=float),
                "year": pd.Series(dtype=int),
                "source": pd.Series(dtype=object),
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
    for line in reference.index[~reference["town_id"].isin(known_towns)][:MAX_PROBLEMS_PER_KIND]:
        problems.add(
            "reference_unknown_town",
            row=int(line),
            column="town_id",
            severity="warning",
            value=reference.at[line, "town_id"],
        )
    unknown_figure = ~reference["figure"].isin(known_figures)
    for line in reference.index[unknown_figure][:MAX_PROBLEMS_PER_KIND]:
        problems.add(
            "reference_unknown_figure",
            row=int(line),
            column="figure",
            severity="warning",
            value=reference.at[line, "figure"],
        )
    return problems.problems
