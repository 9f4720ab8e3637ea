"""Plotly figure builders: content, escaping, German number format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sozialraum import load_town
from sozialraum.charts import (
    comparison_chart,
    profile_chart,
    profile_table,
    small_multiples,
    trend_chart,
)
from sozialraum.loaders import indicator_frame


def test_names_are_escaped_in_charts(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    data.districts.loc["nord-west", "name"] = "<img src=x onerror=alert(1)>"
    indicator = data.catalog["foreigners_share"]
    frame = indicator_frame(data, indicator, 2021)
    assert len(frame) == 4
    text = trend_chart(data, indicator, highlight="nord-west").to_json()
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_trend_chart_has_every_district_the_town_and_the_highlight(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    indicator = data.catalog["sgb2_rate"]
    fig = trend_chart(data, indicator, highlight="nord-ost")
    names = [trace.name for trace in fig.data]
    assert names[-1] == "Nordost"
    assert "Musterstadt (gesamt, Demo)" in names
    assert len(fig.data) == 3 + 2  # three other districts, the town, the highlight
    town = next(t for t in fig.data if t.name == "Musterstadt (gesamt, Demo)")
    assert list(town.x) == [2020, 2021, 2022]
    assert town.y[0] == pytest.approx(100 * (480 + 240 + 40 + 2) / 7840)


def test_small_multiples_one_panel_per_district(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    fig = small_multiples(data, data.catalog["population"], columns=2)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Nordwest", "Nordost", "Südwest", "Südost"]


def test_profile_compares_district_with_town(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    table = profile_table(data, "nord-west", 2020).set_index("indicator_id")
    assert table.at["foreigners_share", "district"] == pytest.approx(10.0)
    assert table.at["foreigners_share", "town"] == pytest.approx(100 * 566 / 7840)
    assert np.isnan(table.at["population", "z"])  # a count is not compared with the total
    assert table.at["sgb2_rate", "z"] > 0  # 12 % is above the town's 9.7 %
    fig = profile_chart(data, "nord-west", 2020)
    bars = fig.data[0]
    sgb2 = list(bars.y).index("SGB-II-Quote")
    assert bars.marker.color[sgb2] == "#b2182b"  # higher SGB-II rate is unfavourable: red


def test_comparison_chart_labels_official_figures_with_their_year(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    table = pd.DataFrame(
        {
            "town": ["A", "B"],
            "kind": ["demo", "imported"],
            "value": [5.0, 6.0],
            "reference": [4.5, np.nan],
            "reference_year": [2011, None],
        }
    )
    fig = comparison_chart(table, data.catalog["foreigners_share"])
    assert fig.data[0].name == "aus Bezirksdaten (Demo: synthetisch)"
    assert fig.data[1].name == "amtlicher Wert (2011)"


def test_two_district_profile_shows_each_district_as_its_own_profile(mini_dir: Path) -> None:
    from sozialraum.charts import profile_chart, profile_pair_chart

    data = load_town(mini_dir, "musterstadt")
    pair = profile_pair_chart(data, "nord-west", "nord-ost", 2021)
    assert [trace.name for trace in pair.data] == ["Nordwest", "Nordost"]
    for trace, district in zip(pair.data, ("nord-west", "nord-ost"), strict=True):
        single = profile_chart(data, district, 2021).data[0]
        by_label = dict(zip(single.y, single.x, strict=True))
        compared = [
            (z, by_label[lbl]) for lbl, z in zip(trace.y, trace.x, strict=True) if lbl in by_label
        ]
        assert len(compared) >= 4  # every indicator of the fixture
        for z, expected in compared:
            assert z == pytest.approx(expected)
    trend = trend_chart(data, data.catalog["sgb2_rate"], highlight="nord-west", compare="nord-ost")
    names = [trace.name for trace in trend.data]
    assert names[-2:] == ["Nordwest", "Nordost"]
    assert len(trend.data) == 2 + 1 + 2  # two other districts, the town, the pair
