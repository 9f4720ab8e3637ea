"""Write a town's districts with all indicator values to CSV, XLSX, GeoJSON or GeoPackage.

Two shapes: one year, wide (a column per indicator, with geometry for the GIS formats), or
all years, long (a row per district, indicator and year; CSV and XLSX). CSV comes in two
dialects: ``plain`` (comma, decimal point, UTF-8: for scripts) and ``excel-de`` (semicolon,
decimal comma, UTF-8 with byte order mark: what German Excel opens as columns, umlauts intact).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from sozialraum.atomic import write_bytes
from sozialraum.columns import (
    TOWN_ID,
    YEAR,
)
from sozialraum.loaders import TownData, wide_table

Format = Literal["csv", "xlsx", "geojson", "gpkg"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "geojson", "gpkg")
Dialect = Literal["plain", "excel-de"]
DIALECTS: tuple[Dialect, ...] = ("plain", "excel-de")
# The formats that can hold all years (long format); the GIS formats hold one year's map.
LONG_FORMATS: tuple[Format, ...] = ("csv", "xlsx")
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}


def export_table(data: TownData, year: int) -> gpd.GeoDataFrame:
    """The exported table: district id and name, demo flag, one column per indicator."""
    table = wide_table(data, year).reset_index()
    table.insert(3, YEAR, year)
    table.insert(0, TOWN_ID, data.town.id)
    return table


def _indicator_sheet(data: TownData) -> pd.DataFrame:
    rows = [
        {
            "id": ind.id,
            "Indikator": ind.label_de,
            "Einheit": ind.unit_de,
            "Definition": ind.definition_de,
            "Quelle": ind.source,
        }
        for ind in data.catalog.values()
    ]
    return pd.DataFrame(rows)


def export_long(data: TownData, years: Sequence[int] | None = None) -> pd.DataFrame:
    """All values of the town in long format, ``years`` (default: all) in ascending order."""
    values = data.values
    if years is not None:
        values = values[values["year"].isin(list(years))]
    names = data.districts["name"]
    labels = {ind.id: ind.label_de for ind in data.catalog.values()}
    units = {ind.id: ind.unit_de for ind in data.catalog.values()}
    table = pd.DataFrame(
        {
            "town_id": data.town.id,
            "district_id": values["district_id"],
            "name": values["district_id"].map(names),
            "indicator_id": values["indicator_id"],
            "indicator": values["indicator_id"].map(labels),
            "unit": values["indicator_id"].map(units),
            "year": values["year"].astype(int),
            "value": values["value"],
            "numerator": values["numerator"],
            "denominator": values["denominator"],
            "status": values["status"],
            "demo_data": data.town.is_demo,
        }
    )
    order = {ind_id: n for n, ind_id in enumerate(data.catalog)}
    table = table.sort_values(
        ["district_id", "indicator_id", "year"],
        key=lambda col: col.map(order) if col.name == "indicator_id" else col,
    )
    return table.reset_index(drop=True)


def csv_bytes(table: pd.DataFrame, dialect: Dialect = "plain") -> bytes:
    """A table as CSV in ``dialect`` (see the module docstring)."""
    if dialect == "excel-de":
        text = table.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
        return text.encode("utf-8-sig")
    if dialect == "plain":
        return table.to_csv(index=False).encode("utf-8")
    raise ValueError(f"unknown CSV dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")


def export_long_bytes(
    data: TownData, fmt: Format, dialect: Dialect = "plain", years: Sequence[int] | None = None
) -> bytes:
    """All years in long format as CSV or XLSX (with the indicator and sources sheets)."""
    table = export_long(data, years)
    if fmt == "csv":
        return csv_bytes(table, dialect)
    if fmt == "xlsx":
        return _xlsx(data, table)
    raise ValueError(f"all years export as {', '.join(LONG_FORMATS)}, not {fmt!r}")


def _xlsx(data: TownData, table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="Werte", index=False)
        _indicator_sheet(data).to_excel(writer, sheet_name="Indikatoren", index=False)
        note = pd.DataFrame({"Hinweis": _notes(data)})
        note.to_excel(writer, sheet_name="Quellen", index=False)
    return buffer.getvalue()


def export_bytes(data: TownData, year: int, fmt: Format, dialect: Dialect = "plain") -> bytes:
    """The export as bytes (for downloads); see :func:`export_town` for files."""
    table = export_table(data, year)
    if fmt == "csv":
        return csv_bytes(pd.DataFrame(table.drop(columns="geometry")), dialect)
    if fmt == "xlsx":
        return _xlsx(data, pd.DataFrame(table.drop(columns="geometry")))
    if fmt == "geojson":
        return table.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")
    if fmt == "gpkg":
        buffer = io.BytesIO()
        table.to_file(buffer, driver="GPKG", layer=data.town.id)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _notes(data: TownData) -> list[str]:
    notes = list(data.town.sources) + list(data.town.attribution)
    if data.town.is_demo:
        notes.insert(0, "DEMO-DATEN: Die Bezirkswerte sind synthetisch und nur zur Vorführung.")
    return notes


def export_town(
    data: TownData,
    year: int | None,
    fmt: Format,
    out: Path,
    dialect: Dialect = "plain",
) -> Path:
    """Write the export to ``out`` and return the path; ``year=None``: all years, long."""
    payload = (
        export_long_bytes(data, fmt, dialect)
        if year is None
        else export_bytes(data, year, fmt, dialect)
    )
    return write_bytes(out, payload)
