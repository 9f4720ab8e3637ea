"""Write the fixture data directory ``tests/data/sozialindex`` (run once; output is committed).

"Indexstadt": eight square districts with the three default index inputs (SGB-II-Quote,
Arbeitslosenanteil, Kinderarmut) in 2021 and 2023, built so that every z-score of the
status × dynamics index can be checked by hand (tests/test_indices.py shows the arithmetic):

* A–F (≥ 300 inhabitants) enter the standardisation. Their status inputs are
  ``mean + sd · z`` for hand-picked standard vectors; the status index comes out as
  (−1, +1.5, −1.5, +0.5, +0.5, 0) — A exactly on −1, B exactly on +1.5 — and the dynamics
  index as (+1, −1.5, +1.5, −0.5, −0.5, 0) — A exactly on +1.
* G has 250 inhabitants: excluded, although its values are extreme.
* H's child poverty 2023 is suppressed ("."): both of its indices are suppressed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).parent / "sozialindex"
REPO_CATALOG = Path(__file__).parents[2] / "data" / "indicators" / "catalog.csv"
INDICATORS = ("population", "sgb2_rate", "unemployment_share", "child_poverty", "childcare_rate")

# id, name, population 2023; 0.02° squares in a 4 × 2 block.
DISTRICTS = (
    ("a", "Altstadt", 4200),
    ("b", "Bahnhofsviertel", 3100),
    ("c", "Christuskirche", 2500),
    ("d", "Dorfmitte", 1800),
    ("e", "Eichenhain", 1200),
    ("f", "Feldrain", 900),
    ("g", "Gutshof", 250),
    ("h", "Hafen", 2000),
)
# 2023 levels (sgb2, unemployment, child poverty) and 2021 levels; None = suppressed (".").
LEVELS_2023 = {
    "a": (7.5, 4.8, 12.0),
    "b": (13.75, 8.6, 17.5),
    "c": (6.25, 5.0, 8.5),
    "d": (11.25, 9.0, 10.5),
    "e": (11.25, 4.2, 22.5),
    "f": (10.0, 4.4, 19.0),
    "g": (40.0, 30.0, 60.0),
    "h": (12.0, 6.0, None),
}
LEVELS_2021 = {
    "a": (7.6, 4.7, 12.4),
    "b": (14.85, 9.45, 19.0),
    "c": (6.15, 4.95, 8.2),
    "d": (11.95, 9.95, 10.6),
    "e": (11.95, 3.95, 25.0),
    "f": (10.5, 4.2, 20.8),
    "g": (20.0, 10.0, 30.0),
    "h": (12.5, 6.5, 16.0),
}


def square(lon: float, lat: float, size: float = 0.02) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def main() -> None:
    HERE.joinpath("geo", "districts").mkdir(parents=True, exist_ok=True)
    HERE.joinpath("indicators", "values").mkdir(parents=True, exist_ok=True)
    town = {
        "id": "indexstadt",
        "name": "Indexstadt",
        "state": "Testland",
        "county": "Testkreis",
        "ags": "99001000",
        "data_kind": "demo",
        "geometry_quality": "schematic",
        "sources": ["Testdaten"],
        "attribution": ["Testdaten, CC0"],
    }
    HERE.joinpath("towns.json").write_text(json.dumps([town], indent=2, ensure_ascii=False) + "\n")
    features = [
        {
            "type": "Feature",
            "properties": {
                "district_id": d,
                "name": n,
                "kind": "core",
                "geometry_quality": "schematic",
            },
            "geometry": square(10.0 + 0.02 * (i % 4), 51.0 + 0.02 * (i // 4)),
        }
        for i, (d, n, _) in enumerate(DISTRICTS)
    ]
    HERE.joinpath("geo", "districts", "indexstadt.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}) + "\n"
    )
    outline = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"town_id": "indexstadt", "ags": "99001000", "name": "Indexstadt"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[10.0, 51.0], [10.08, 51.0], [10.08, 51.04], [10.0, 51.04], [10.0, 51.0]]
                    ],
                },
            }
        ],
    }
    HERE.joinpath("geo", "municipalities.geojson").write_text(json.dumps(outline) + "\n")

    with REPO_CATALOG.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["id"] in INDICATORS]
    with HERE.joinpath("indicators", "catalog.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    out = []
    ids = ("sgb2_rate", "unemployment_share", "child_poverty")
    for position, (district, _, population) in enumerate(DISTRICTS):
        for year, levels in ((2021, LEVELS_2021), (2023, LEVELS_2023)):
            out.append((district, "population", year, population, ""))
            for ind_id, value in zip(ids, levels[district], strict=True):
                out.append((district, ind_id, year, "" if value is None else value, ""))
        # A favourable indicator (polarity +1), used by the polarity test.
        out.append(
            (
                district,
                "childcare_rate",
                2023,
                50 + 5 * position,
                "",
            )
        )
    rows_out = [
        (d, i, y, v, "." if v == "" else s) for d, i, y, v, s in sorted(out, key=lambda r: r[:3])
    ]
    with HERE.joinpath("indicators", "values", "indexstadt.csv").open(
        "w", encoding="utf-8", newline=""
    ) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["district_id", "indicator_id", "year", "value", "status"])
        writer.writerows(rows_out)


if __name__ == "__main__":
    main()
