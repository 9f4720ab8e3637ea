"""Import notes collected on paper cards from a table (CSV or XLSX) into a workshop.

German conventions are detected as in the indicator importer (``;`` or ``,``, UTF-8 or
Windows-1252, decimal comma). Columns are found by name, German or English:

========================  ==================================================================
Text (required)           Text, Beitrag, Notiz, Karte, Inhalt / text, note
Art                       Beobachtung, Frage, Idee, Bedenken (or observation, question, …)
Autor                     Autor, Autorin, Von, Name / author
Bezirk                    district id or name (Bezirk, Stadtteil, Quartier / district)
Indikator                 ids or names, several separated by ``,`` or ``;``
Jahr                      years, several separated by ``,`` or ``;``
Handlungsfeld             title of an existing field of action
Länge/Breite or WKT       a point (degrees, EPSG:4326), or a point/polygon as WKT
========================  ==================================================================

Every problem is reported with file, line and column, and nothing is written unless every
row is valid: the rows go into the store in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sozialraum.catalog import Catalog
from sozialraum.errors import DataError
from sozialraum.importers._text import normalize, normalize_label
from sozialraum.importers.matching import DistrictMatcher
from sozialraum.importers.report import CappedCollector
from sozialraum.importers.tables import TableOptions, read_grid
from sozialraum.loaders import TownData
from sozialraum.workshop.model import Contribution, ContributionKind
from sozialraum.workshop.store import WorkshopStore

COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "beitrag", "notiz", "karte", "inhalt", "note", "anmerkung"),
    "kind": ("art", "typ", "kategorie", "kind", "type"),
    "author_label": ("autor", "autorin", "von", "name", "author"),
    "district": ("bezirk", "stadtteil", "quartier", "ortsteil", "district"),
    "indicators": ("indikator", "indikatoren", "indicator", "indicators"),
    "years": ("jahr", "jahre", "year", "years"),
    "field": ("handlungsfeld", "field", "field_of_action"),
    "lon": ("laenge", "laengengrad", "lon", "lng", "longitude"),
    "lat": ("breite", "breitengrad", "lat", "latitude"),
    "wkt": ("wkt", "geometrie", "geometry", "geometry_wkt"),
}
_LIST_SEPARATORS = re.compile(r"\s*[;,]\s*")


@dataclass(frozen=True)
class NotesImport:
    rows: list[dict[str, Any]]  # values for WorkshopStore.create_contributions
    file: str


def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for kind in ContributionKind:
        for name in (kind.value, kind.label("de"), kind.label("en")):
            lookup[normalize_label(name)] = kind.value
    return lookup


def _indicator_lookup(catalog: Catalog) -> dict[str, str]:
    lookup = {}
    for ind in catalog.values():
        for name in (ind.id, ind.label_de, ind.label_en):
            lookup[normalize_label(name)] = ind.id
    return lookup


def _coordinate(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def read_notes(
    path: Path,
    data: TownData,
    field_titles: dict[str, int],
    *,
    display_name: str | None = None,
) -> NotesImport:
    """Check every row of ``path``; raise DataError with every problem, else the rows."""
    file = display_name or path.name
    grid = read_grid(path, file, TableOptions())
    problems = CappedCollector(file)
    header = grid.text(0) if grid.rows else []
    columns: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for index, name in enumerate(header):
            if normalize(name) in names and key not in columns:
                columns[key] = index
    if "text" not in columns:
        problems.add(
            "ni_no_text_column", row=grid.lines[0] if grid.lines else 1, columns=", ".join(header)
        )
        raise DataError(problems.finish())
    if len(grid.rows) < 2:
        problems.add("ni_no_rows")
        raise DataError(problems.finish())

    kinds = _kind_lookup()
    indicators = _indicator_lookup(data.catalog)
    fields = {normalize_label(title): fid for title, fid in field_titles.items()}
    matcher = DistrictMatcher(
        [str(i) for i in data.districts.index], [str(n) for n in data.districts["name"]]
    )
    rows: list[dict[str, Any]] = []
    for i in range(1, len(grid.rows)):
        cells = grid.text(i)
        line = grid.lines[i]

        def cell(key: str, cells: Sequence[str] = cells) -> str:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        def col(key: str) -> str:
            return header[columns[key]]

        before = len(problems.problems)
        values: dict[str, Any] = {"text": cell("text")}
        if cell("kind"):
            kind = kinds.get(normalize_label(cell("kind")))
            if kind is None:
                allowed = ", ".join(k.label("de") for k in ContributionKind)
                problems.add(
                    "bad_enum", row=line, column=col("kind"), value=cell("kind"), allowed=allowed
                )
            values["kind"] = kind or ContributionKind.OBSERVATION
        if cell("author_label"):
            values["author_label"] = cell("author_label")
        if cell("district"):
            district = matcher.match(cell("district"))
            if district is None:
                near = matcher.suggest(cell("district"))
                hint = f" – {near}?" if near else ""
                problems.add(
                    "ni_unknown_district",
                    row=line,
                    column=col("district"),
                    value=cell("district"),
                    suggestion=hint,
                )
            values["district_id"] = district
        if cell("indicators"):
            ids = []
            for name in _LIST_SEPARATORS.split(cell("indicators")):
                found = indicators.get(normalize_label(name))
                if found is None:
                    problems.add(
                        "ni_unknown_indicator", row=line, column=col("indicators"), value=name
                    )
                else:
                    ids.append(found)
            values["indicator_ids"] = ids
        if cell("years"):
            values["years"] = [y for y in _LIST_SEPARATORS.split(cell("years")) if y]
        if cell("field"):
            field_id = fields.get(normalize_label(cell("field")))
            if field_id is None:
                problems.add(
                    "ni_unknown_field",
                    row=line,
                    column=col("field"),
                    value=cell("field"),
                    allowed=", ".join(field_titles) or "–",
                )
            values["field_id"] = field_id
        lon, lat = cell("lon"), cell("lat")
        if lon or lat:
            if not (lon and lat):
                problems.add("ni_half_coordinate", row=line, column=col("lon" if lat else "lat"))
            else:
                x, y = _coordinate(lon), _coordinate(lat)
                for value, key in ((x, "lon"), (y, "lat")):
                    if value is None:
                        problems.add(
                            "ni_bad_coordinate", row=line, column=col(key), value=cell(key)
                        )
                if x is not None and y is not None:
                    values["geometry_wkt"] = f"POINT ({x} {y})"
        elif cell("wkt"):
            values["geometry_wkt"] = cell("wkt")
        # The store's own checks (text length, years, geometry …), placed at this row.
        column_of = {
            "text": "text", "kind": "kind", "author_label": "author_label",
            "district_id": "district", "indicator_ids": "indicators", "years": "years",
            "field_id": "field", "geometry_wkt": "wkt" if "wkt" in columns else "lon",
        }  # fmt: skip
        for problem in WorkshopStore.check_contribution(values):
            key = column_of.get(problem.column or "", "text")
            column = header[columns[key]] if key in columns else problem.column
            problems.add(problem.code, row=line, column=column, **problem.params)  # type: ignore[arg-type]
        if len(problems.problems) == before:
            rows.append(values)
    if problems.has_errors:
        raise DataError(problems.finish())
    return NotesImport(rows, file)


def import_notes(
    store: WorkshopStore,
    workshop_id: int,
    path: Path,
    data: TownData,
    who: str,
    *,
    dry_run: bool = False,
    display_name: str | None = None,
) -> list[Contribution] | NotesImport:
    """Check ``path`` and, unless ``dry_run``, add all its notes in one transaction."""
    fields = {f.title: f.id for f in store.list_fields(workshop_id)}
    checked = read_notes(path, data, fields, display_name=display_name)
    if dry_run:
        return checked
    return store.create_contributions(who, workshop_id, checked.rows)
