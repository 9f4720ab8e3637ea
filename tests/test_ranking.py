"""The HTML ranking: order, numbers, town line, long lists, escaping."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd

from sozialraum import load_town
from sozialraum.catalog import load_catalog
from sozialraum.loaders import indicator_frame
from sozialraum.ranking import ranking_html

CATALOG = Path(__file__).parent / "data" / "mini" / "indicators" / "catalog.csv"


def _names(html: str) -> list[str]:
    return [_text(n) for n in re.findall(r'<span class="name">(.*?)</span>', html)]


def _text(markup: str) -> str:
    """What the browser shows: character references decoded, word joiners invisible."""
    return unescape(markup).replace("\u2060", "")


def test_districts_are_listed_highest_first_with_town_line(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    indicator = data.catalog["population"]
    frame = indicator_frame(data, indicator, 2020)
    html = ranking_html(
        frame,
        indicator,
        ["#111111"] * 4,
        town_value=7840.0,
        town_name="Musterstadt",
        selected="nord-ost",
    )
    assert _names(html) == ["Nordwest", "Nordost", "Südwest", "Südost"]
    assert re.findall(r'<span class="rank">(\d+)\.</span>', html) == ["1", "2", "3", "4"]
    assert "4\u202f000 Personen" in _text(html)
    assert "Musterstadt: 7\u202f840 Personen" in _text(html)
    # the town value (7840) is beyond the largest district (4000): its line is at 100 %
    assert html.count('class="town" style="left:100.0%"') == 4
    assert 'style="width:51.02%;background:#111111"' in html  # Nordwest: 4000 of 7840
    assert '<li class="selected">' in html
    assert html.count("<li") == 4


def test_suppressed_and_missing_values_are_left_out(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    indicator = data.catalog["sgb2_rate"]
    frame = indicator_frame(data, indicator, 2021)
    html = ranking_html(frame, indicator, ["#000000"] * 4, town_value=None, town_name="M")
    assert "Südost" not in _names(html)  # below the minimum count: "geheim"
    assert "sr-ranking-town" not in html


def test_long_lists_show_top_and_bottom_with_true_ranks() -> None:
    indicator = load_catalog(CATALOG)["population"]
    frame = pd.DataFrame(
        {"name": [f"U{i}" for i in range(500)], "value": np.arange(500.0)},
        index=[f"u{i}" for i in range(500)],
    )
    html = ranking_html(frame, indicator, ["#000000"] * 500, town_value=None, town_name="X")
    names = _names(html)
    assert len(names) == 40
    assert names[0] == "U499"
    assert names[-1] == "U0"
    assert "⋯ 460 weitere ⋯" in html
    ranks = re.findall(r'<span class="rank">(\d+)\.</span>', html)
    assert ranks[19] == "20"
    assert ranks[20] == "481"
    assert ranks[-1] == "500"


def test_names_and_colours_are_escaped() -> None:
    indicator = load_catalog(CATALOG)["population"]
    frame = pd.DataFrame({"name": ["<img src=x onerror=alert(1)>"], "value": [5.0]}, index=["a"])
    out = ranking_html(frame, indicator, ['red"><script>'], town_value=None, town_name="<b>")
    assert "<img" not in out
    assert "<script>" not in out
    assert "<img src=x onerror=alert(1)>" in unescape(out)
