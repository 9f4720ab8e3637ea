"""Turn table records into the contract's long value table, checked like the loader checks.

Districts and indicators are matched first (with suggestions for near misses). The value
checks themselves are not re-implemented: the records go through
:func:`sozialraum.loaders.parse_values`, the same code that later loads the stored file,
and each problem it reports is translated back to the row and column of the user's file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from sozialraum.catalog import Catalog
from sozialraum.columns import (
    DENOMINATOR,
    DISTRICT_ID,
    INDICATOR_ID,
    NUMERATOR,
    SOURCE,
    STATUS,
    VALUE,
    VALUE_FILE_COLUMNS,
    YEAR,
)
from sozialraum.errors import DataError, Problem
from sozialraum.importers.boundaries import Boundaries
from sozialraum.importers.indicators import IndicatorResolver
from sozialraum.importers.layout import Layout, Record
from sozialraum.importers.matching import DistrictMatcher, is_total
from sozialraum.importers.report import CappedCollector, Note
from sozialraum.loaders import parse_values, suppress
from sozialraum.text_tables import format_number


@dataclass
class Assembled:
    """The value table to store (all cells as text) and what was found on the way."""

    values: pd.DataFrame
    problems: list[Problem]
    notes: list[Note]


# --------------------------------------------------------------------------- matching


class _Matcher:
    """Resolves districts and indicators of records, reporting each unknown text once."""

    def __init__(
        self,
        layout: Layout,
        boundaries: Boundaries,
        resolver: IndicatorResolver,
        problems: CappedCollector,
    ) -> None:
        frame = boundaries.districts
        self.districts = DistrictMatcher(list(frame[DISTRICT_ID]), list(frame["name"]))
        self.resolver = resolver
        self.problems = problems
        self.layout = layout
        self.reported: set[tuple[str, str]] = set()
        self.totals = 0
        self._indicators: dict[str, str | None] = {}
        self._single: str | bool | None = False  # False = not yet resolved

    def district(self, rec: Record) -> str | None:
        for _column, text in rec.districts:
            found = self.districts.match(text)
            if found is not None:
                return found
        texts = [t for _c, t in rec.districts if t]
        if not texts:
            if (rec.districts[0][0], f"#{rec.row}") not in self.reported:
                self.reported.add((rec.districts[0][0], f"#{rec.row}"))
                self.problems.add("empty_cell", row=rec.row, column=rec.districts[0][0])
        elif any(is_total(t) for t in texts):
            self.totals += 1
        else:
            self._unknown_district(rec)
        return None

    def _unknown_district(self, rec: Record) -> None:
        candidates = [(c, t, self.districts.suggest(t)) for c, t in rec.districts if t]
        column, text, suggestion = next((x for x in candidates if x[2]), candidates[0])
        if (column, text) in self.reported:
            return
        self.reported.add((column, text))
        self.problems.add(
            "unknown_district_suggest" if suggestion else "unknown_district",
            row=rec.row,
            column=column,
            value=text,
            suggestion=suggestion or "",
        )

    def indicator(self, rec: Record) -> str | None:
        if rec.indicator == "":
            return self._single_indicator(rec)
        if rec.indicator not in self._indicators:
            found = self.resolver.resolve(rec.indicator)
            self._indicators[rec.indicator] = found
            if found is None:
                suggestion = self.resolver.suggest(rec.indicator)
                self.problems.add(
                    "unknown_indicator_suggest" if suggestion else "unknown_indicator",
                    row=rec.indicator_row,
                    column=rec.indicator_column or None,
                    value=rec.indicator,
                    suggestion=suggestion or "",
                )
        return self._indicators[rec.indicator]

    def _single_indicator(self, rec: Record) -> str | None:
        """The one indicator of a by-year table: named by the user, the title or the sheet."""
        if self._single is False:
            found = next(
                (r for h in self.layout.indicator_hints if (r := self.resolver.resolve(h))), None
            )
            self._single = found
            if found is None:
                self.problems.add(
                    "indicator_for_years_missing", row=self.layout.header_line, column=None
                )
        return self._single if isinstance(self._single, str) and self._single else None


# --------------------------------------------------------------------------- rows


def _wide_duplicates(
    records: list[Record], ids: list[str | None], problems: CappedCollector
) -> set[int]:
    """Rows naming a district already seen (wide layouts); their records are dropped."""
    first: dict[tuple[str, str], int] = {}
    dropped: set[int] = set()
    for rec, district_id in zip(records, ids, strict=True):
        if district_id is None:
            continue
        key = (district_id, rec.year if rec.year_column != rec.value_column else "")
        seen = first.setdefault(key, rec.row)
        if seen != rec.row and rec.row not in dropped:
            dropped.add(rec.row)
            problems.add(
                "duplicate_table_district",
                row=rec.row,
                column=rec.districts[0][0],
                value=rec.districts[0][1],
                first=seen,
            )
    return dropped


def _text_frame(records: list[Record], ids: list[str], indicators: list[str]) -> pd.DataFrame:
    rows = [
        {
            DISTRICT_ID: district_id,
            INDICATOR_ID: indicator_id,
            YEAR: rec.year,
            VALUE: format_number(rec.value),
            NUMERATOR: format_number(rec.numerator),
            DENOMINATOR: format_number(rec.denominator),
            STATUS: rec.sign,
            SOURCE: rec.source,
        }
        for rec, district_id, indicator_id in zip(records, ids, indicators, strict=True)
    ]
    frame = pd.DataFrame(rows, columns=list(VALUE_FILE_COLUMNS), dtype=object)
    frame.index = pd.RangeIndex(1, len(rows) + 1)  # row k ↔ records[k - 1]
    return frame


def _translate(problem: Problem, records: list[Record], file: str) -> Problem:
    """A problem about the internal value table, moved to the user's row and column."""
    if problem.row is None:
        return dataclasses.replace(problem, file=file)
    rec = records[problem.row - 1]
    places = {
        DISTRICT_ID: (rec.row, rec.districts[0][0]),
        INDICATOR_ID: (rec.indicator_row, rec.indicator_column or None),
        YEAR: (rec.year_row, rec.year_column or None),
        VALUE: (rec.row, rec.value_column),
        NUMERATOR: (rec.row, rec.numerator_column or None),
        DENOMINATOR: (rec.row, rec.denominator_column or None),
        STATUS: (rec.row, rec.status_column),
    }
    row, column = places.get(problem.column or "", (rec.row, problem.column))
    return dataclasses.replace(problem, file=file, row=row, column=column)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Drop repeats (in wide tables many records share one header cell, e.g. a bad year)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in problems:
        key = (p.code, p.file, p.row, p.column, p.severity, repr(sorted(p.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _negative_counts(
    records: list[Record], indicators: list[str], catalog: Catalog, problems: CappedCollector
) -> set[int]:
    bad = set()
    for i, (rec, indicator_id) in enumerate(zip(records, indicators, strict=True)):
        if catalog[indicator_id].kind == "count" and rec.value is not None and rec.value < 0:
            problems.add("negative", row=rec.row, column=rec.value_column)
            bad.add(i)
    return bad


def _validate(
    records: list[Record],
    ids: list[str],
    indicators: list[str],
    catalog: Catalog,
    district_ids: pd.Index,
    file: str,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    frame = _text_frame(records, ids, indicators)
    try:
        typed = parse_values(frame, file, catalog, district_ids)
    except DataError as exc:
        translated = [_translate(p, records, file) for p in exc.problems]
        return None, _unique(translated)
    return typed, []


# --------------------------------------------------------------------------- public


def assemble(
    layout: Layout,
    file: str,
    boundaries: Boundaries,
    catalog: Catalog,
    resolver: IndicatorResolver,
) -> Assembled:
    """Match, check and convert the records of ``layout`` (read from ``file``)."""
    problems = CappedCollector(file)
    notes: list[Note] = []
    matcher = _Matcher(layout, boundaries, resolver, problems)
    ids = [matcher.district(rec) for rec in layout.records]
    indicators = [matcher.indicator(rec) for rec in layout.records]
    if matcher.totals:
        notes.append(Note("note_total_rows", {"count": matcher.totals}))
    dropped = _wide_duplicates(layout.records, ids, problems) if layout.kind != "long" else set()
    keep = [
        i
        for i, rec in enumerate(layout.records)
        if ids[i] is not None and indicators[i] is not None and rec.row not in dropped
    ]
    records = [layout.records[i] for i in keep]
    kept_ids = [str(ids[i]) for i in keep]
    kept_indicators = [str(indicators[i]) for i in keep]
    negative = _negative_counts(records, kept_indicators, catalog, problems)
    if problems.has_errors or negative:
        return Assembled(_empty(), problems.finish(), notes)
    district_ids = pd.Index(boundaries.districts[DISTRICT_ID])
    typed, value_problems = _validate(
        records, kept_ids, kept_indicators, catalog, district_ids, file
    )
    if typed is None:
        return Assembled(_empty(), [*problems.finish(), *value_problems], notes)
    if not records:
        problems.add("no_data_rows", row=layout.header_line)
        return Assembled(_empty(), problems.finish(), notes)
    _district_warnings(boundaries, set(kept_ids), problems)
    masked = int(((suppress(typed, catalog)[STATUS] == ".") & (typed[STATUS] == "")).sum())
    if masked:
        notes.append(Note("note_suppressed", {"count": masked}))
    values = _text_frame(records, kept_ids, kept_indicators)
    values[YEAR] = typed[YEAR].astype(str).to_numpy()
    values = values.sort_values([DISTRICT_ID, INDICATOR_ID, YEAR], ignore_index=True)
    return Assembled(values, problems.finish(), notes)


def _district_warnings(
    boundaries: Boundaries, with_values: set[str], problems: CappedCollector
) -> None:
    """A district without any value is allowed (the map shows "keine Daten"), but worth saying."""
    column = boundaries.id_column or boundaries.name_column
    frame = boundaries.districts
    for district_id, name, feature in zip(
        frame[DISTRICT_ID], frame["name"], frame["feature"], strict=True
    ):
        if district_id not in with_values:
            problems.add(
                "district_without_values",
                file=boundaries.file,
                row=int(feature),
                column=column,
                severity="warning",
                value=name,
            )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=list(VALUE_FILE_COLUMNS), dtype=object)
