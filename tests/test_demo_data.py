"""Tests of the embedded demo data: catalog, reference figures and district values.

The values are synthetic but must be reproducible (byte-identical regeneration),
calibrated to the cited town figures in reference.csv, internally consistent and
complete. The reference figures themselves are rebuilt from the real open data in
../shared/data/open when it is available.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from sozialraum.catalog import CATALOG_COLUMNS
from sozialraum.columns import VALUE_FILE_COLUMNS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
VALUES = DATA / "indicators" / "values"
OPEN_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "open"
YEARS = list(range(2012, 2024))
TOPICS = {"housing", "infrastructure", "migration", "demography", "social"}
# rates whose numerator is not a subset of the denominator (ratios, not shares)
NOT_SUBSET = {"childcare_rate", "youth_dependency", "old_age_dependency", "living_space_per_capita"}
CALIBRATED = ["population", "foreigners_share", "vacancy_rate", "sgb2_rate", "child_poverty"]


def load_script(name: str):
    """Import scripts/<name>.py as a module (scripts/ is not a package)."""
    module_name = f"_sozialraum_script_{name}"
    spec = importlib.util.spec_from_file_location(module_name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def demo_town_ids() -> list[str]:
    towns = json.loads((DATA / "towns.json").read_text(encoding="utf-8"))
    return sorted(t["id"] for t in towns if t["data_kind"] == "demo")


TOWNS = demo_town_ids()


@pytest.fixture(scope="module")
def catalog() -> pd.DataFrame:
    return pd.read_csv(DATA / "indicators" / "catalog.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(DATA / "indicators" / "reference.csv", dtype={"ags": str})


def read_values(town_id: str) -> pd.DataFrame:
    return pd.read_csv(
        VALUES / f"{town_id}.csv",
        dtype={"district_id": str, "indicator_id": str, "status": str, "source": str},
        keep_default_na=False,
        na_values={"value": [""], "numerator": [""], "denominator": [""]},
    )


def district_ids(town_id: str) -> set[str]:
    geo = json.loads((DATA / "geo" / "districts" / f"{town_id}.geojson").read_text("utf-8"))
    return {f["properties"]["district_id"] for f in geo["features"]}


@pytest.fixture(scope="module")
def open_data() -> Path:
    if not OPEN_DATA.is_dir():
        reason = f"shared open data not found at {OPEN_DATA}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (required when CI=true)")
        pytest.skip(reason)
    return OPEN_DATA


# --------------------------------------------------------------------------- catalog


def test_catalog_structure(catalog):
    with (DATA / "indicators" / "catalog.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == list(CATALOG_COLUMNS)
    assert len(catalog) >= 24
    assert catalog["id"].is_unique
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in catalog["id"])
    assert set(catalog["topic"]) == TOPICS
    assert set(catalog["kind"]) <= {"count", "rate", "mean"}
    expected_aggregation = {"count": "sum", "rate": "ratio", "mean": "weighted_mean"}
    assert (catalog["aggregation"] == catalog["kind"].map(expected_aggregation)).all()
    assert set(catalog["polarity"].astype(int)) <= {-1, 0, 1}
    assert (catalog["value_min"].astype(float) < catalog["value_max"].astype(float)).all()
    assert 6 <= catalog["key"].astype(int).sum() <= 10
    for col in ["label_de", "label_en", "unit_de", "unit_en", "definition_de", "definition_en"]:
        assert (catalog[col].str.strip() != "").all(), col
    assert (catalog["source"].str.strip() != "").all()


def test_catalog_rates_describe_their_counts(catalog):
    rates = catalog[catalog["kind"] == "rate"]
    for col in ["numerator_de", "denominator_de", "numerator_en", "denominator_en"]:
        assert (rates[col].str.strip() != "").all(), col
    assert (catalog.loc[catalog["kind"] == "mean", "denominator_de"].str.strip() != "").all()
    assert set(rates["scale"].astype(int)) <= {1, 100, 1000}


def test_migration_indicators_are_neutral(catalog):
    migration = catalog[catalog["topic"] == "migration"]
    assert len(migration) >= 4
    assert (migration["polarity"].astype(int) == 0).all()


# --------------------------------------------------------------------------- values


def test_every_demo_town_has_values():
    assert len(TOWNS) == 6
    for town_id in TOWNS:
        assert (VALUES / f"{town_id}.csv").is_file(), town_id


@pytest.mark.parametrize("town_id", TOWNS)
def test_values_complete_and_sorted(town_id, catalog):
    with (VALUES / f"{town_id}.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == list(VALUE_FILE_COLUMNS)
    values = read_values(town_id)
    districts = district_ids(town_id)
    assert set(values["district_id"]) == districts
    assert set(values["indicator_id"]) == set(catalog["id"])
    assert set(values["year"]) == set(YEARS)
    assert len(values) == len(districts) * len(catalog) * len(YEARS)
    keys = values[["district_id", "indicator_id", "year"]]
    assert not keys.duplicated().any()
    expected = keys.sort_values(["district_id", "indicator_id", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(keys.reset_index(drop=True), expected)
    assert set(values["status"]) <= {"", ".", "-", "x", "..."}
    assert values.loc[values["status"] == "", "value"].notna().all()
    assert values.loc[values["status"] != "", "value"].isna().all()


@pytest.mark.parametrize("town_id", TOWNS)
def test_values_in_catalog_range_and_precision(town_id, catalog):
    values = read_values(town_id).merge(catalog, left_on="indicator_id", right_on="id")
    present = values[values["value"].notna()]
    low = present["value"] < present["value_min"].astype(float)
    high = present["value"] > present["value_max"].astype(float)
    bad = present[low | high]
    assert bad.empty, bad[["district_id", "indicator_id", "year", "value"]].head()
    raw = pd.read_csv(VALUES / f"{town_id}.csv", dtype=str, keep_default_na=False)
    raw = raw.merge(catalog[["id", "decimals"]], left_on="indicator_id", right_on="id")
    places = raw["value"].str.partition(".")[2].str.len()
    assert (places <= raw["decimals"].astype(int) + 2).all()


@pytest.mark.parametrize("town_id", TOWNS)
def test_rates_follow_from_their_counts(town_id, catalog):
    values = read_values(town_id).merge(catalog, left_on="indicator_id", right_on="id")
    rates = values[values["kind"] == "rate"]
    assert rates[["numerator", "denominator"]].notna().all().all()
    assert (rates["numerator"] >= 0).all()
    shares = rates[~rates["indicator_id"].isin(NOT_SUBSET)]
    over = shares[shares["numerator"] > shares["denominator"]]
    assert over.empty, over[["district_id", "indicator_id", "year"]].head()
    ok = rates[rates["denominator"] > 0]
    expected = ok["numerator"] / ok["denominator"] * ok["scale"].astype(float)
    tolerance = 10.0 ** -(ok["decimals"].astype(int) + 2)
    assert ((ok["value"] - expected).abs() <= tolerance).all()
    means = values[values["kind"] == "mean"]
    assert means["numerator"].isna().all()
    assert (means["denominator"] >= 0).all()
    counts = values[values["kind"] == "count"]
    assert counts[["numerator", "denominator"]].isna().all().all()


@pytest.mark.parametrize("town_id", TOWNS)
def test_counts_are_consistent_across_indicators(town_id):
    values = read_values(town_id)
    wide_num = values.pivot_table(
        index=["district_id", "year"], columns="indicator_id", values="numerator"
    )
    wide_den = values.pivot_table(
        index=["district_id", "year"], columns="indicator_id", values="denominator"
    )
    population = values[values["indicator_id"] == "population"].set_index(["district_id", "year"])[
        "value"
    ]
    for indicator in ["foreigners_share", "sgb2_rate", "over65_share", "dist_supermarket"]:
        assert (wide_den[indicator] == population).all(), indicator
    dwellings = values[values["indicator_id"] == "dwellings"].set_index(["district_id", "year"])
    assert (wide_den["vacancy_rate"] == dwellings["value"]).all()
    assert (wide_num["protection_seekers"] <= wide_num["foreigners_share"]).all()
    assert (wide_num["foreigners_share"] <= wide_num["migration_background_share"]).all()
    assert (wide_den["child_poverty"] <= wide_num["under18_share"]).all()
    assert (wide_num["old_age_dependency"] == wide_num["over65_share"]).all()
    assert (wide_num["over80_share"] <= wide_num["over65_share"]).all()
    assert (wide_num["under18_share"] + wide_num["over65_share"] <= population).all()


def test_small_villages_trigger_suppression(catalog):
    """The min_count rule must bite somewhere, or it is not demonstrated by the demo."""
    min_count = catalog.set_index("id")["min_count"].astype(int)
    for indicator in ["protection_seekers", "child_poverty"]:
        below = 0
        for town_id in TOWNS:
            values = read_values(town_id)
            base = values.loc[values["indicator_id"] == indicator, "denominator"]
            below += int((base < min_count[indicator]).sum())
        assert below > 0, indicator


# --------------------------------------------------------------------------- calibration


def town_figure(values: pd.DataFrame, catalog: pd.DataFrame, figure: str, year: int) -> float:
    """Town value recomputed from district rows with the catalog's aggregation."""
    ind = catalog.set_index("id").loc[figure]
    rows = values[(values["indicator_id"] == figure) & (values["year"] == year)]
    if ind["aggregation"] == "sum":
        return float(rows["value"].sum())
    if ind["aggregation"] == "ratio":
        return float(rows["numerator"].sum() / rows["denominator"].sum() * float(ind["scale"]))
    return float((rows["value"] * rows["denominator"]).sum() / rows["denominator"].sum())


@pytest.mark.parametrize("town_id", TOWNS)
def test_calibrated_to_reference(town_id, catalog, reference):
    values = read_values(town_id)
    ref = reference[reference["town_id"] == town_id].set_index("figure")
    for figure in CALIBRATED:
        target, ref_year = float(ref.loc[figure, "value"]), int(ref.loc[figure, "year"])
        year = min(max(ref_year, YEARS[0]), YEARS[-1])  # Zensus 2011 -> first data year
        achieved = town_figure(values, catalog, figure, year)
        assert achieved == pytest.approx(target, rel=0.10), (figure, target, achieved)


def test_reference_figures(reference):
    assert list(reference.columns) == ["town_id", "ags", "figure", "value", "year", "source"]
    assert set(reference["town_id"]) == set(TOWNS)
    assert len(reference) <= 40
    assert (reference["source"].str.len() > 10).all()
    towns = {t["id"]: t["ags"] for t in json.loads((DATA / "towns.json").read_text("utf-8"))}
    assert (reference["ags"] == reference["town_id"].map(towns)).all()
    for figure in CALIBRATED:
        assert (reference["figure"] == figure).sum() == len(TOWNS), figure


# --------------------------------------------------------------------------- regeneration


def test_regeneration_is_byte_identical(tmp_path):
    generate_demo = load_script("generate_demo")
    assert generate_demo.main(["--data-dir", str(DATA), "--out-dir", str(tmp_path)]) == 0
    produced = sorted(p.name for p in tmp_path.iterdir())
    assert produced == sorted(f"{t}.csv" for t in TOWNS)
    for name in produced:
        assert (tmp_path / name).read_bytes() == (VALUES / name).read_bytes(), name


@pytest.mark.realdata
def test_build_reference_reproduces_reference_csv(tmp_path, open_data):
    build_reference = load_script("build_reference")
    out = tmp_path / "reference.csv"
    args = ["--open-data", str(open_data), "--data-dir", str(DATA), "--out", str(out)]
    assert build_reference.main(args) == 0
    assert out.read_bytes() == (DATA / "indicators" / "reference.csv").read_bytes()
