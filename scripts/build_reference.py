"""Build ``data/indicators/reference.csv``: cited official town-level figures.

The demo district data is synthetic, but it is calibrated to a handful of real,
official figures per town. This script computes those figures from the open data
kept beside the project (``../shared/data/open``, never copied into the repo) and
writes them, each with its source, to ``reference.csv``
(``town_id,ags,figure,value,year,source``).

Figures per town (six towns x six figures = 36 numbers):

* ``population`` 31.12.2020 and ``area_ha`` from the Destatis Gemeindeverzeichnis
  GV100AD (Gebietsstand 30.11.2021).
* ``foreigners_share`` and ``vacancy_rate`` from Zensus 2011 (9 May 2011), taken from
  the **1 km grid** ("spitze Werte", the unrounded published cell values), not from the
  100 m grid, because

  - the 100 m extract has no population totals, so a foreigners *share* cannot be
    formed from it at all;
  - at 100 m every class with fewer than 3 cases is suppressed at source. Vacant
    dwellings and the 17 floor-area classes that add up to "all dwellings" are
    suppressed independently, so the town ratio vacant / dwellings is biased in a
    direction that depends on the town (low-vacancy towns lose vacant flats,
    high-vacancy towns lose more of the denominator). The 1 km cells carry an exact
    ``Leerstandsquote`` computed over all dwellings of the cell.

  Cells are clipped to the town by ``share_in_town`` (fraction of the cell's area in
  the town, from ``zensus2011_1km_six_towns.geojson``). The foreigners share is the
  mean of ``Auslaender_A`` weighted by residents in the town part of the cell
  (``Einwohner`` x ``share_in_town``). The vacancy rate is a true vacant/dwellings
  ratio: the grid publishes no dwelling counts, so the dwellings of a cell are
  estimated as households / (1 - vacancy), households = residents / ``HHGroesse_D``,
  and the cell rates are weighted by those dwellings. Cells with ``-1`` (no value) or
  ``-9`` (suppressed) are left out of the respective figure.
* ``sgb2_rate`` (persons in SGB II Bedarfsgemeinschaften per 100 residents =
  INKAR ``q_PBG_bev`` / 10) and ``child_poverty`` (INKAR ``q_newfBGu15_bev``), both
  2021 at level ``Gemeinde``.

Usage: ``python scripts/build_reference.py [--open-data DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sozialraum.atomic import write_text

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OPEN_DATA = REPO.parent / "shared" / "data" / "open"

GV100_FILE = "gv100ad_2021_six_towns.csv"
GRID_CSV = "Zensus_spitze_Werte_1km-Gitter_six_towns.csv"
GRID_GEOJSON = "zensus2011_1km_six_towns.geojson"
INKAR_FILE = "inkar_six_towns_values.csv"

SRC_GV100_POP = "Destatis GV100AD (Gebietsstand 30.11.2021), Bevölkerung am 31.12.2020"
SRC_GV100_AREA = "Destatis GV100AD (Gebietsstand 30.11.2021), Fläche in ha"
SRC_ZENSUS_FOREIGN = (
    "Zensus 2011 (9.5.2011), 1-km-Gitter spitze Werte: Auslaender_A, gewichtet mit "
    "Einwohner × Flächenanteil der Zelle in der Gemeinde; Statistische Ämter des Bundes "
    "und der Länder, dl-de/by-2-0"
)
SRC_ZENSUS_VACANCY = (
    "Zensus 2011 (9.5.2011), 1-km-Gitter spitze Werte: Leerstandsquote, gewichtet mit "
    "geschätzten Wohnungen je Zelle (Einwohner × Flächenanteil / HHGroesse_D / "
    "(1 − Leerstandsquote)); Statistische Ämter des Bundes und der Länder, dl-de/by-2-0"
)
SRC_INKAR_SGB2 = (
    "INKAR 2024 (BBSR Bonn), q_PBG_bev (Personen in Bedarfsgemeinschaften je 1.000 EW) "
    "÷ 10, Gemeinde 2021; dl-de/by-2-0"
)
SRC_INKAR_CHILD = (
    "INKAR 2024 (BBSR Bonn), q_newfBGu15_bev (nicht erwerbsfähige SGB-II-"
    "Leistungsberechtigte unter 15 je 100 EW unter 15), Gemeinde 2021; dl-de/by-2-0"
)

COLUMNS = ["town_id", "ags", "figure", "value", "year", "source"]


@dataclass(frozen=True)
class Figure:
    """One cited town-level figure (one row of reference.csv)."""

    town_id: str
    ags: str
    figure: str
    value: float
    year: int
    source: str
    decimals: int

    def row(self) -> list[str]:
        """CSV row with the value rounded to a fixed number of decimals."""
        return [
            self.town_id,
            self.ags,
            self.figure,
            format_value(self.value, self.decimals),
            str(self.year),
            self.source,
        ]


def format_value(value: float, decimals: int) -> str:
    """Fixed, locale-free formatting so that re-runs are byte-identical."""
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}"


def load_towns(repo_data: Path) -> list[dict]:
    """The project towns (id and AGS) from towns.json, in file order."""
    towns = json.loads((repo_data / "towns.json").read_text(encoding="utf-8"))
    return [t for t in towns if t.get("ags")]


def gv100_figures(open_data: Path, towns: list[dict]) -> list[Figure]:
    """Population 31.12.2020 and area from the Gemeindeverzeichnis."""
    gv = pd.read_csv(open_data / GV100_FILE, dtype={"ags": str})
    gv = gv.set_index("ags")
    out: list[Figure] = []
    for town in towns:
        rec = gv.loc[town["ags"]]
        out.append(
            Figure(
                town["id"],
                town["ags"],
                "population",
                int(rec["population_2020_12_31"]),
                2020,
                SRC_GV100_POP,
                0,
            )
        )
        out.append(
            Figure(town["id"], town["ags"], "area_ha", int(rec["area_ha"]), 2021, SRC_GV100_AREA, 0)
        )
    return out


def load_grid(open_data: Path) -> pd.DataFrame:
    """Zensus 2011 1 km cells (official CSV values) with AGS and share_in_town."""
    grid = pd.read_csv(open_data / GRID_CSV, sep=";", decimal=",")
    geo = json.loads((open_data / GRID_GEOJSON).read_text(encoding="utf-8"))
    shares = pd.DataFrame(
        [
            {
                "Gitter_ID_1km": f["properties"]["cell_id"],
                "AGS": str(f["properties"]["AGS"]),
                "share_in_town": float(f["properties"]["share_in_town"]),
            }
            for f in geo["features"]
        ]
    )
    cells = grid.merge(shares, on="Gitter_ID_1km", how="inner", validate="one_to_many")
    cells = cells[cells["Einwohner"] > 0].copy()
    cells["residents"] = cells["Einwohner"] * cells["share_in_town"]
    return cells


def foreigners_share(cells: pd.DataFrame) -> float:
    """Resident-weighted mean of the cells' foreigners share (%)."""
    ok = cells[cells["Auslaender_A"] >= 0]
    return float((ok["Auslaender_A"] * ok["residents"]).sum() / ok["residents"].sum())


def vacancy_rate(cells: pd.DataFrame) -> float:
    """Vacant / all dwellings (%), with dwellings per cell estimated from households."""
    ok = cells[(cells["Leerstandsquote"] >= 0) & (cells["HHGroesse_D"] > 0)]
    rate = ok["Leerstandsquote"] / 100.0
    dwellings = ok["residents"] / ok["HHGroesse_D"] / (1.0 - rate)
    return float(100.0 * (rate * dwellings).sum() / dwellings.sum())


def zensus_figures(open_data: Path, towns: list[dict]) -> list[Figure]:
    """Foreigners share and vacancy rate 2011 per town from the 1 km grid."""
    cells = load_grid(open_data)
    out: list[Figure] = []
    for town in towns:
        town_cells = cells[cells["AGS"] == town["ags"]]
        if town_cells.empty:
            raise ValueError(f"no Zensus cells for {town['id']} ({town['ags']})")
        out.append(
            Figure(
                town["id"],
                town["ags"],
                "foreigners_share",
                foreigners_share(town_cells),
                2011,
                SRC_ZENSUS_FOREIGN,
                2,
            )
        )
        out.append(
            Figure(
                town["id"],
                town["ags"],
                "vacancy_rate",
                vacancy_rate(town_cells),
                2011,
                SRC_ZENSUS_VACANCY,
                2,
            )
        )
    return out


def inkar_value(inkar: pd.DataFrame, ags: str, kuerzel: str, year: int) -> float:
    """One Gemeinde-level INKAR value; fails loudly when it is missing or ambiguous."""
    sel = inkar[
        (inkar["ags"] == ags)
        & (inkar["level"] == "Gemeinde")
        & (inkar["kuerzel"] == kuerzel)
        & (inkar["year"] == str(year))
    ]
    if len(sel) != 1:
        raise ValueError(f"expected one INKAR value {kuerzel} {year} for {ags}, got {len(sel)}")
    return float(sel["value"].iloc[0])


def inkar_figures(open_data: Path, towns: list[dict]) -> list[Figure]:
    """SGB II rate and child poverty 2021 from INKAR (Gemeinde level)."""
    inkar = pd.read_csv(open_data / INKAR_FILE, dtype={"ags": str, "year": str})
    out: list[Figure] = []
    for town in towns:
        ags = town["ags"]
        pbg = inkar_value(inkar, ags, "q_PBG_bev", 2021)
        child = inkar_value(inkar, ags, "q_newfBGu15_bev", 2021)
        out.append(Figure(town["id"], ags, "sgb2_rate", pbg / 10.0, 2021, SRC_INKAR_SGB2, 3))
        out.append(Figure(town["id"], ags, "child_poverty", child, 2021, SRC_INKAR_CHILD, 2))
    return out


FIGURE_ORDER = [
    "population",
    "area_ha",
    "foreigners_share",
    "vacancy_rate",
    "sgb2_rate",
    "child_poverty",
]


def build(open_data: Path, repo_data: Path) -> list[Figure]:
    """All figures, sorted by town (towns.json order) and a fixed figure order."""
    towns = load_towns(repo_data)
    figures = (
        gv100_figures(open_data, towns)
        + zensus_figures(open_data, towns)
        + inkar_figures(open_data, towns)
    )
    town_rank = {t["id"]: i for i, t in enumerate(towns)}
    return sorted(figures, key=lambda f: (town_rank[f.town_id], FIGURE_ORDER.index(f.figure)))


def write(figures: list[Figure], out: Path) -> None:
    """Write reference.csv (UTF-8, \\n line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for fig in figures:
        writer.writerow(fig.row())
    write_text(out, buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open-data", type=Path, default=DEFAULT_OPEN_DATA)
    parser.add_argument("--data-dir", type=Path, default=REPO / "data", help="reads towns.json")
    parser.add_argument("--out", type=Path, default=None, help="default: <data-dir>/indicators/")
    args = parser.parse_args(argv)
    if not args.open_data.is_dir():
        print(f"open data directory not found: {args.open_data}", file=sys.stderr)
        return 2
    out = args.out or args.data_dir / "indicators" / "reference.csv"
    figures = build(args.open_data, args.data_dir)
    write(figures, out)
    for fig in figures:
        print(f"{fig.town_id:14} {fig.figure:18} {format_value(fig.value, fig.decimals):>10}")
    print(f"wrote {len(figures)} figures to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
