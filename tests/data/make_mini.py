"""Write the tiny fixture data directory ``tests/data/mini`` (run once; output is committed).

A fictional town "Musterstadt" with four square districts and five indicators over three
years: small enough to check by hand, with one value below the suppression threshold and one
district with a missing value sign ("-"), so suppression and no-data paths are exercised.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).parent / "mini"
REPO_CATALOG = Path(__file__).parents[2] / "data" / "indicators" / "catalog.csv"
INDICATORS = ("population", "foreigners_share", "sgb2_rate", "dist_supermarket", "vacancy_rate")

# (id, name, kind, lon0, lat0): 0.02° squares in a 2 × 2 block.
DISTRICTS = (
    ("nord-west", "Nordwest", "core", 10.00, 51.02),
    ("nord-ost", "Nordost", "core", 10.02, 51.02),
    ("sued-west", "Südwest", "village", 10.00, 51.00),
    ("sued-ost", "Südost", "village", 10.02, 51.00),
)
# population, foreigners, persons in SGB II, supermarket distance (m), dwellings, vacant
BASE = {
    "nord-west": (4000, 400, 480, 350.0, 2100, 105),
    "nord-ost": (3000, 150, 240, 500.0, 1500, 60),
    "sued-west": (800, 16, 40, 1800.0, 380, 38),
    "sued-ost": (40, 0, 2, 2600.0, 20, 2),  # tiny: below min_count for rates
}
YEARS = (2020, 2021, 2022)


def square(lon: float, lat: float, size: float = 0.02) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def main() -> None:
    HERE.joinpath("geo", "districts").mkdir(parents=True, exist_ok=True)
    HERE.joinpath("indicators", "values").mkdir(parents=True, exist_ok=True)
    town = {
        "id": "musterstadt",
        "name": "Musterstadt",
        "state": "Testland",
        "county": "Testkreis",
        "ags": "",
        "data_kind": "demo",
        "geometry_quality": "schematic",
        "sources": ["Testdaten"],
        "attribution": ["Testdaten, CC0"],
    }
    HERE.joinpath("towns.json").write_text(json.dumps([town], indent=2, ensure_ascii=False) + "\n")
    features = [
        {
            "type": "Feature",
            "properties": {"district_id": d, "name": n, "kind": k, "geometry_quality": "schematic"},
            "geometry": square(lon, lat),
        }
        for d, n, k, lon, lat in DISTRICTS
    ]
    collection = {"type": "FeatureCollection", "features": features}
    HERE.joinpath("geo", "districts", "musterstadt.geojson").write_text(
        json.dumps(collection) + "\n"
    )
    outline = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"town_id": "musterstadt", "ags": "", "name": "Musterstadt"},
                "geometry": square(10.0, 51.0, 0.04),
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
    for year_index, year in enumerate(YEARS):
        grow = 1 + 0.05 * year_index
        for district, (pop, foreign, sgb2, dist, dwell, vacant) in BASE.items():
            p = round(pop * (1 + 0.01 * year_index))
            f = round(foreign * grow)
            out.append((district, "population", year, p, "", "", ""))
            out.append((district, "foreigners_share", year, round(100 * f / p, 4), f, p, ""))
            out.append((district, "sgb2_rate", year, round(100 * sgb2 / p, 4), sgb2, p, ""))
            out.append((district, "dist_supermarket", year, dist, "", p, ""))
            if district == "sued-west" and year == 2022:
                out.append((district, "vacancy_rate", year, "", "", "", "-"))
            else:
                out.append(
                    (
                        district,
                        "vacancy_rate",
                        year,
                        round(100 * vacant / dwell, 4),
                        vacant,
                        dwell,
                        "",
                    )
                )
    out.sort(key=lambda r: (r[0], r[1], r[2]))
    with HERE.joinpath("indicators", "values", "musterstadt.csv").open(
        "w", encoding="utf-8", newline=""
    ) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            ["district_id", "indicator_id", "year", "value", "numerator", "denominator", "status"]
        )
        writer.writerows(out)


if __name__ == "__main__":
    main()
