"""The Sozialindex page through Streamlit's AppTest, in German and English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sozialraum import load_town
from sozialraum.index_map import PALETTE, group_index

from .test_app import page_path, start

FIXTURE = Path(__file__).parent / "data" / "sozialindex"


def _index_page(monkeypatch, lang: str = "de", data_dir: Path = FIXTURE):
    at = start(data_dir, monkeypatch, lang=lang)
    at.switch_page(page_path("social_index")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _legend(at) -> str:
    return next(m.value for m in at.markdown if "sr-bivariate" in m.value)


def map_layer(at) -> str:
    """The script of the layer the page hands to the map (st_folium is a custom component:
    AppTest sees its arguments, the browser tests see it drawn)."""
    [component] = at.get("component_instance")
    return json.loads(component.proto.json_args)["feature_group"]


def map_state(at) -> dict:
    """The style state of a state layer (sozialraum.maps.state_layer): per district (in the
    order of the town's districts) the class ``c``, tooltip texts ``v``/``r``; ``labels``."""
    found = re.search(r"var state = (\{.*?\});\n", map_layer(at), re.S)
    assert found, "no style state in the map layer"
    return json.loads(found.group(1))


# Per district of the fixture: (status, dynamics) group or the map's code, and the index values
# as hand-computed in tests/test_indices.py (A exactly −1 / +1, B exactly +1.5 / −1.5).
EXPECTED_MAP = {
    "a": (("high", "negative"), ("−1,00", "+1,00")),
    "b": (("low", "positive"), ("+1,50", "−1,50")),
    "c": (("high", "negative"), ("−1,50", "+1,50")),
    "d": (("medium", "stable"), ("+0,50", "−0,50")),
    "e": (("medium", "stable"), ("+0,50", "−0,50")),
    "f": (("medium", "stable"), ("+0,00", "+0,00")),
    "g": ("excluded", ("–", "–")),
    "h": ("suppressed", ("–", "–")),
}
MAP_TEXTS = {
    "de": {
        "a": "Status hoch · Dynamik negativ",
        "b": "Status niedrig · Dynamik positiv",
        "f": "Status mittel · Dynamik stabil",
        "g": "unter 300 Einwohner (nicht bewertet)",
        "h": "geheim (Eingangswert gesperrt)",
        "labels": ["Bezirk", "Gruppe", "Jahr", "Status- / Dynamikindex"],
    },
    "en": {
        "a": "Status high · Dynamics negative",
        "b": "Status low · Dynamics positive",
        "f": "Status medium · Dynamics stable",
        "g": "under 300 inhabitants (not assessed)",
        "h": "suppressed (an input is suppressed)",
        "labels": ["District", "Group", "Year", "Status / dynamics index"],
    },
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_index_map_colours_and_tooltips(monkeypatch, lang) -> None:
    at = _index_page(monkeypatch, lang=lang)
    state = map_state(at)
    ids = [str(i) for i in load_town(FIXTURE, "indexstadt").districts.index]
    assert sorted(ids) == sorted(EXPECTED_MAP)
    assert state["p"][:12] == list(PALETTE[:12])
    by_id = {d: i for i, d in enumerate(ids)}
    for district, (group, values) in EXPECTED_MAP.items():
        i = by_id[district]
        klass = state["c"][i]
        if isinstance(group, tuple):
            assert klass == group_index(*group), district
            assert state["p"][klass] == PALETTE[group_index(*group)]
        else:  # no group: a colour of its own, never one of the twelve
            assert not 0 <= klass < 12, district
        shown = " / ".join(values)
        assert state["r"][i] == (shown if lang == "de" else shown.replace(",", ".")), district
    texts = MAP_TEXTS[lang]
    for district in ("a", "b", "f", "g", "h"):
        assert state["v"][by_id[district]] == texts[district]
    assert state["labels"] == texts["labels"]
    assert state["year"] == "2021–2023"
    # Excluded (under 300) and suppressed districts are told apart on the map.
    assert state["c"][by_id["g"]] != state["c"][by_id["h"]]


def test_index_page_german(monkeypatch) -> None:
    at = _index_page(monkeypatch)
    assert at.title[0].value == "Sozialindex Indexstadt: Status × Dynamik 2021–2023"
    table = at.dataframe[0].value
    # Hand-computed (tests/test_indices.py): B +1.5 niedrig/positiv, A −1 hoch/negativ.
    rows = table.set_index("Bezirk")
    assert rows.at["Bahnhofsviertel", "Status"] == "niedrig"
    assert rows.at["Bahnhofsviertel", "Dynamik"] == "positiv"
    assert rows.at["Altstadt", "Status"] == "hoch"
    assert rows.at["Altstadt", "Dynamik"] == "negativ"
    assert rows.at["Altstadt", "Statusindex"] == pytest.approx(-1.0)
    assert rows.at["Gutshof", "Hinweis"] == "unter 300 Einwohner (nicht bewertet)"
    assert rows.at["Hafen", "Hinweis"] == "geheim (Eingangswert gesperrt)"
    assert rows["Statusindex"].isna().sum() == 2  # suppressed and excluded: no number, no 0
    legend = _legend(at)
    assert legend.count("<td ") == 12
    assert ">sehr niedrig<" in legend
    assert "Nur 6 Bezirke" in at.info[0].value


def test_index_page_english_and_rank_variant(monkeypatch) -> None:
    at = _index_page(monkeypatch, lang="en")
    assert at.title[0].value == "Social index Indexstadt: status × dynamics 2021–2023"
    assert ">very low<" in _legend(at)
    at.radio(key="w_si_method").set_value("rank").run()
    rows = at.dataframe[0].value.set_index("District")
    # Three inputs, ranks among A–F; B has the highest SGB II and unemployment ranks.
    assert rows["Status index"].idxmax() == "Bahnhofsviertel"
    assert rows.at["Gutshof", "Note"] == "under 300 inhabitants (not assessed)"


def test_reference_without_municipalities_says_what_to_import(monkeypatch) -> None:
    at = _index_page(monkeypatch)
    at.radio(key="w_si_method").set_value("reference").run()
    assert "Zu wenige Referenzgemeinden" in at.error[0].value
    assert "sozialraum import-inkar" in at.error[0].value


def test_empty_choice_is_explained(monkeypatch) -> None:
    at = _index_page(monkeypatch, lang="en")
    at.multiselect(key="w_si_status").set_value([]).run()
    assert at.error[0].value == "Please choose at least one status and one dynamics indicator."


def test_index_page_on_a_demo_town(repo_data_dir, monkeypatch) -> None:
    at = start(repo_data_dir, monkeypatch, town="pirmasens")
    at.switch_page(page_path("social_index")).run()
    assert not at.exception
    table = at.dataframe[0].value
    from sozialraum import load_town

    districts = load_town(repo_data_dir, "pirmasens").districts
    assert sorted(table["Bezirk"]) == sorted(districts["name"])
    legend = _legend(at)
    counts = [int(c.split("<")[0]) for c in legend.split('class="sr-bv-count">')[1:]]
    assert sum(counts) == table["Status"].astype(bool).sum()


def test_methods_page_explains_the_index(monkeypatch) -> None:
    at = start(FIXTURE, monkeypatch, lang="en")
    at.switch_page(page_path("methods")).run()
    text = "\n".join(m.value for m in at.markdown)
    assert "population one (division by n, not n − 1)" in text
    assert "*Rank-based:*" in text
    assert "*Against a reference:*" in text
    assert "Limits with few districts" in text
