"""Write a town's districts with all indicator values to CSV, XLSX, GeoJSON or GeoPackage."""

from __future__ import annotations

import io
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


def export_bytes(data: TownData, year: int, fmt: Format) -> bytes:
    """The export as bytes (for downloads); see :func:`export_town` for files."""
    table = export_table(data, year)
    if fmt == "csv":
        return pd.DataFrame(table.drop(columns="geometry")).to_csv(index=False).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            pd.DataFrame(table.drop(columns="geometry")).to_excel(
                writer, sheet_name="Werte", index=False
            )
            _indicator_sheet(data).to_excel(writer, sheet_name="Indikatoren", index=False)
            note = pd.DataFrame({"Hinweis": _notes(data)})
            note.to_excel(writer, sheet_name="Quellen", index=False)
        return buffer.getvalue()
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


def export_town(data: TownData, year: int, fmt: Format, out: Path) -> Path:
    """Write the export to ``out`` and return the path."""
    return write_bytes(out, export_bytes(data, year, fmt))
