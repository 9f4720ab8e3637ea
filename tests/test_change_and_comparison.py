"""Change map and town comparison, computed in the core (the pages only render them).

Expected numbers are worked out by hand from tests/data/mini/indicators/values/musterstadt.csv
(sgb2_rate: min_count 100, so sued-ost with 40 residents is suppressed; vacancy_rate of
sued-west in 2022 is "-", nothing there).
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections import Counter

import pandas as pd
import pytest

from sozialraum.change import change_unit, district_change
from sozialraum.columns import SERIES_COLUMNS
from sozialraum.comparison import (
    comparable_ids,
    default_selection,
    official_figure,
    reference_rows,
    summary_table,
    town_table,
)
from sozialraum.loaders import TownData, load_town, value_sources

from .conftest import MINI


@pytest.fixture(scope="module")
def town() -> TownData:
    return load_town(MINI, "musterstadt")


def test_change_in_percentage_points(town: TownData) -> None:
    sgb2 = town.catalog["sgb2_rate"]
    change = district_change(town, sgb2, 2020, 2022, "points", label="Δ", lang="de")
    frame = change.frame
    assert frame.loc["nord-ost", "value"] == pytest.approx(7.8431 - 8.0)
    assert frame.loc["nord-west", "value"] == pytest.approx(11.7647 - 12.0)
    assert frame.loc["sued-west", "value"] == pytest.approx(4.902 - 5.0)
    assert math.isnan(frame.loc["sued-ost", "value"])
    assert frame["status"].to_dict() == {
        "nord-ost": "",
        "nord-west": "",
        "sued-ost": ".",  # suppressed in both years: the change is secret too
        "sued-west": "",
    }
    assert frame.loc[["sued-west", "nord-ost", "nord-west"], "rank"].tolist() == [1, 2, 3]
    assert (change.unit, change.indicator.unit_de, change.indicator.label_de) == ("Pp.", "Pp.", "Δ")
    assert change.indicator.decimals >= 1


def test_relative_change(town: TownData) -> None:
    sgb2 = town.catalog["sgb2_rate"]
    change = district_change(town, sgb2, 2020, 2022, "percent", label="Δ", lang="en")
    assert change.frame.loc["nord-ost", "value"] == pytest.approx((7.8431 / 8.0 - 1) * 100)
    assert change.unit == "%"


def test_nothing_there_is_no_data_not_a_secret(town: TownData) -> None:
    vacancy = town.catalog["vacancy_rate"]
    frame = district_change(town, vacancy, 2021, 2022, "points", label="Δ", lang="de").frame
    assert math.isnan(frame.loc["sued-west", "value"])
    assert frame.loc["sued-west", "status"] == ""
    assert frame.loc["sued-ost", "status"] == "."  # 20 dwellings < min_count 30


def test_change_units(town: TownData) -> None:
    assert change_unit(town.catalog["sgb2_rate"], "points", "en") == "pp"
    assert change_unit(town.catalog["population"], "points", "de") == "Personen"
    assert change_unit(town.catalog["population"], "percent", "de") == "%"


def test_selection_of_compared_indicators(town: TownData) -> None:
    catalog_order = list(town.catalog)
    assert comparable_ids(town.catalog, "sgb2_rate") == catalog_order  # all are key here
    assert default_selection(catalog_order, "sgb2_rate") == [
        "sgb2_rate",
        *[i for i in catalog_order if i != "sgb2_rate"][:3],
    ]
    not_key = dataclasses.replace(town.catalog["population"], key=False)
    catalog = town.catalog.merged(type(town.catalog)([not_key]))
    assert comparable_ids(catalog, "population")[0] == "population"
    assert "population" not in comparable_ids(catalog, "sgb2_rate")


REFERENCE = pd.DataFrame(
    {
        "town_id": ["musterstadt", "musterstadt", "anderswo"],
        "ags": ["", "", ""],
        "figure": ["sgb2_rate", "area_ha", "sgb2_rate"],
        "value": [9.5, 1234.0, 1.0],
        "year": [2019, 2020, 2019],
        "source": ["Zitat", "GV100", "other"],
    }
)
NO_SERIES = pd.DataFrame(columns=list(SERIES_COLUMNS))


def test_town_value_is_computed_from_district_counts(town: TownData) -> None:
    table = town_table([town], "sgb2_rate", 2020, NO_SERIES, REFERENCE)
    row = table.iloc[0]
    # ratio of the summed counts: (240 + 480 + 2 + 40) / (3000 + 4000 + 40 + 800)
    assert row["value"] == pytest.approx(762 / 7840 * 100)
    assert (row["town"], row["kind"]) == ("Musterstadt", "demo")
    assert (row["reference"], row["reference_year"], row["reference_source"]) == (
        9.5,
        2019,
        "Zitat",
    )
    assert summary_table([town], ["sgb2_rate"], 2020, town.catalog)["sgb2_rate"].tolist() == [
        round(762 / 7840 * 100, 1)
    ]


def test_the_town_series_of_the_same_year_wins_over_the_cited_figure(town: TownData) -> None:
    with_ags = dataclasses.replace(town, town=dataclasses.replace(town.town, ags="07111000"))
    series = pd.DataFrame(
        {
            "ags": ["07111000", "07111000", "99999999"],
            "indicator_id": ["sgb2_rate", "sgb2_rate", "sgb2_rate"],
            "year": [2020, 2021, 2020],
            "value": [9.9, 9.8, 1.0],
            "source": ["INKAR 2020", "INKAR 2021", "elsewhere"],
        }
    )
    figure = official_figure(with_ags, "sgb2_rate", 2020, series, REFERENCE)
    assert (figure.value, figure.year, figure.source) == (9.9, 2020, "INKAR 2020")
    figure = official_figure(with_ags, "sgb2_rate", 2022, series, REFERENCE)
    assert (figure.value, figure.year, figure.source) == (9.5, 2019, "Zitat")
    figure = official_figure(with_ags, "population", 2022, series, REFERENCE)
    assert math.isnan(figure.value)
    assert (figure.year, figure.source) == (None, "")


def test_reference_rows_of_the_compared_towns_are_labelled(town: TownData) -> None:
    rows = reference_rows(REFERENCE, [town], town.catalog, "en")
    assert rows["town"].tolist() == ["Musterstadt", "Musterstadt"]  # not "anderswo"
    assert rows["figure"].tolist() == [town.catalog["sgb2_rate"].label_en, "Area (ha)"]


def test_formula_in_words(town: TownData) -> None:
    sgb2 = town.catalog["sgb2_rate"]
    assert sgb2.formula("en") == f"{sgb2.numerator_en} ÷ {sgb2.denominator_en} × 100"
    assert town.catalog["population"].formula("de") == "Anzahl"
    distance = town.catalog["dist_supermarket"]
    assert distance.formula("en") == f"{distance.definition_en} ({distance.denominator_en})"


def test_value_sources_count_the_rows_of_each_source(town: TownData) -> None:
    sources = value_sources(town, "en")
    # Recount from the files: the values file has no source column, so every row takes the
    # source of its indicator in the catalog.
    with (MINI / "indicators" / "catalog.csv").open(encoding="utf-8", newline="") as handle:
        source_of = {row["id"]: row["source"] for row in csv.DictReader(handle)}
    values_file = MINI / "indicators" / "values" / "musterstadt.csv"
    with values_file.open(encoding="utf-8", newline="") as handle:
        expected = Counter(source_of[row["indicator_id"]] for row in csv.DictReader(handle))
    assert dict(zip(sources["source"], sources["rows"], strict=True)) == expected
    assert set(sources["first"]) == {2020}
    assert set(sources["last"]) == {2022}
    labels = ", ".join(sources["indicators"])
    assert town.catalog["sgb2_rate"].label_en in labels
