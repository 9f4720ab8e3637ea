"""The Sozialindex page through Streamlit's AppTest, in German and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_app import page_path, start

FIXTURE = Path(__file__).parent / "data" / "sozialindex"


def _index_page(monkeypatch, lang: str = "de", data_dir: Path = FIXTURE):
    at = start(data_dir, monkeypatch, lang=lang)
    at.switch_page(page_path("social_index")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _legend(at) -> str:
    return next(m.value for m in at.markdown if "sr-bivariate" in m.value)


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
