"""The shipped official town series (``data/town_series/inkar.csv``) against the INKAR
extract it is derived from (``../shared/data/open``), recounted here without the importer."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest

from sozialraum.town_series import load_town_series

from .conftest import REPO

SHIPPED = REPO / "data" / "town_series" / "inkar.csv"
LABELS = REPO / "data" / "town_series" / "labels" / "inkar.csv"
PIRMASENS = "07317000"
MUEHLACKER = "08236040"


def _shipped() -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _raw(open_data: Path) -> list[dict[str, str]]:
    with (open_data / "inkar_six_towns_values.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_series_is_small_attributed_and_covers_the_six_towns(repo_data_dir) -> None:
    assert SHIPPED.stat().st_size + LABELS.stat().st_size < 1_000_000
    rows = _shipped()
    assert {r["ags"] for r in rows} == {
        "06632002",
        "07317000",
        "08236040",
        "10042113",
        "15084550",
        "16073077",
    }
    assert all("© BBSR Bonn, dl-de/by-2-0" in r["source"] for r in rows)
    assert all(r["source"].startswith("INKAR ") for r in rows)
    series = load_town_series(repo_data_dir)
    assert series["year"].dtype.kind == "i"
    # every town has the official SGB II rate and child poverty series
    for indicator_id in ("sgb2_rate", "child_poverty"):
        assert series[series["indicator_id"] == indicator_id]["ags"].nunique() == 6


@pytest.mark.realdata
def test_shipped_gemeinde_values_match_a_recount_of_the_inkar_extract(open_data: Path) -> None:
    shipped = {}
    for row in _shipped():
        # source: "<edition>, <level>, <code>[ ÷ 10][ (Zeitbezug …)]; © BBSR …"
        edition, level, rest = row["source"].split(", ", 2)
        code = rest.split(";")[0].split(" ")[0]
        shipped[(row["ags"], edition, level, code, int(row["year"]))] = float(row["value"])
    checked = 0
    for raw in _raw(open_data):
        if raw["level"] != "Gemeinde" or raw["edition"] != "INKAR 2024":
            continue
        if not re.fullmatch(r"\d{4}", raw["year"]) or raw["value"] == "":
            continue
        # INKAR gives SGB II persons per 1,000 residents; the catalog's rate is per 100
        factor = 0.1 if raw["kuerzel"] == "q_PBG_bev" else 1.0
        key = (raw["ags"], raw["edition"], raw["level"], raw["kuerzel"], int(raw["year"]))
        assert shipped[key] == pytest.approx(float(raw["value"]) * factor), key
        checked += 1
    assert checked > 500
    # Pirmasens is district-free: its Kreis values count for the town; for other towns
    # Kreis values describe the county and are not shipped.
    kreis = {k for k in shipped if k[2] == "Kreis"}
    assert kreis
    assert {k[0] for k in kreis} == {PIRMASENS}
    # Mühlacker's Gemeindeverband is "VVG Mühlacker+Ötisheim", more than the town
    assert not any(k[0] == MUEHLACKER and k[2].startswith("Gemeindeverband") for k in shipped)


@pytest.mark.realdata
def test_shipped_files_are_what_the_build_script_writes(open_data: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_town_series", REPO / "scripts" / "build_town_series.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    written = script.build(open_data, tmp_path)
    assert [p.read_bytes() for p in written] == [SHIPPED.read_bytes(), LABELS.read_bytes()]
