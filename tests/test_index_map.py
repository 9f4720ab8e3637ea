"""The bivariate map of the status × dynamics index: colours, legend grid, style state."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert

from sozialraum import load_town
from sozialraum.classify import NO_DATA, SUPPRESSED
from sozialraum.colors import BIVARIATE, EXCLUDED_COLOR, NO_DATA_COLOR, SUPPRESSED_COLOR
from sozialraum.index_map import (
    EXCLUDED_INDEX,
    PALETTE,
    group_index,
    index_state,
    index_table,
    legend_grid_html,
)
from sozialraum.indices import IndexSpec, compute_index
from sozialraum.maps import GeometryPayload

FIXTURE = Path(__file__).parent / "data" / "sozialindex"


def _rgb(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def _min_distance(colors, cvd: str | None) -> float:
    rgb = np.array([_rgb(c) for c in colors])
    if cvd is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    ucs = cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    return min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(ucs, 2))


@pytest.mark.parametrize("cvd", [None, "deuteranomaly", "protanomaly", "tritanomaly"])
def test_twelve_group_colours_stay_apart_for_colour_blind_viewers(cvd) -> None:
    groups = [c for row in BIVARIATE for c in row]
    assert len(set(groups)) == 12
    # ~10 CAM02-UCS units: clearly distinguishable side by side on a map.
    assert _min_distance(groups, cvd) >= 10
    # The "no group" colours stay distinguishable from the groups and each other too.
    assert _min_distance([*groups, EXCLUDED_COLOR, SUPPRESSED_COLOR, NO_DATA_COLOR], cvd) >= 5


def test_darker_means_more_disadvantage_on_both_axes() -> None:
    lightness = np.array(
        [[cspace_convert(_rgb(c), "sRGB1", "CAM02-UCS")[0] for c in row] for row in BIVARIATE]
    )
    assert (np.diff(lightness, axis=0) < 0).all()  # status hoch → sehr niedrig
    assert (np.diff(lightness, axis=1) < 0).all()  # dynamics positiv → negativ


@pytest.fixture(scope="module")
def result_and_town():
    town = load_town(FIXTURE, "indexstadt")
    result = compute_index(
        town.values, town.catalog, list(town.districts.index), IndexSpec(year=2023)
    )
    return result, town


def test_legend_grid_counts_every_district(result_and_town) -> None:
    result, _ = result_and_town
    html = legend_grid_html(result, "de")
    cells = html.split('<td style="background:')[1:]
    assert len(cells) == 12
    count_of = {}
    for cell in cells:
        color = cell[:7]
        count_of[color] = int(cell.split('class="sr-bv-count">')[1].split("<")[0])
    # A and C: hoch/negativ; B: niedrig/positiv; D, E, F: mittel/stabil.
    assert count_of[BIVARIATE[0][2]] == 2
    assert count_of[BIVARIATE[2][0]] == 1
    assert count_of[BIVARIATE[1][1]] == 3
    assert sum(count_of.values()) == 6
    assert 'unter 300 Einwohner (nicht bewertet)</span><span class="count">1 Bezirk' in html
    assert 'geheim (Eingangswert gesperrt)</span><span class="count">1 Bezirk' in html
    english = legend_grid_html(result, "en")
    assert ">very low<" in english
    assert ">negative<" in english


def test_state_paints_groups_and_special_classes(result_and_town) -> None:
    result, town = result_and_town
    payload = GeometryPayload.from_frame(town.districts)
    state = index_state(payload, result, lang="de", selected="b")
    by_id = dict(zip(payload.ids, state["c"], strict=True))
    assert by_id["a"] == group_index("high", "negative")
    assert by_id["b"] == group_index("low", "positive")
    assert by_id["g"] == EXCLUDED_INDEX
    assert by_id["h"] == SUPPRESSED
    assert NO_DATA not in state["c"]
    assert state["p"] == list(PALETTE)
    assert state["p"][EXCLUDED_INDEX] == EXCLUDED_COLOR
    texts = dict(zip(payload.ids, state["v"], strict=True))
    assert texts["b"] == "Status niedrig · Dynamik positiv"
    values = dict(zip(payload.ids, state["r"], strict=True))
    assert values["b"] == "+1,50 / −1,50"
    assert values["g"] == "– / –"
    assert state["sel"] == payload.ids.index("b")
    assert state["year"] == "2021–2023"


def test_table_lists_all_districts_worst_status_first(result_and_town) -> None:
    result, town = result_and_town
    table = index_table(result, town.districts["name"], "en")
    assert table["District"].tolist()[:2] == ["Bahnhofsviertel", "Dorfmitte"]
    assert table["District"].tolist()[-2:] == ["Gutshof", "Hafen"]
    assert table.loc[0, "Status class"] == "low"
    assert table.loc[0, "Status index"] == pytest.approx(1.5)
    assert table.loc[6, "Note"] == "under 300 inhabitants (not assessed)"
