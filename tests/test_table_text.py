"""Every table on every page: no "None"/"nan" text, no empty (null) cells, integer years.

Streamlit draws a null cell as the word "None"; a float year as 2021.0000000000002. Missing
and suppressed values must read "–" and "." instead, explained by a caption on the page.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sozialraum import load_town

from .conftest import REPO, SIX_TOWNS
from .test_app import page_path, start

ALL_PAGES = ("map", "profile", "trends", "compare", "table", "grid", "import_data", "methods")
BAD_TEXT = re.compile(r"^(none|nan|<na>|nat|null)$", re.IGNORECASE)
YEAR_COLUMN = re.compile(r"\b(jahr|year)\b", re.IGNORECASE)


def _problems(frame: pd.DataFrame, where: str) -> list[str]:
    found = []
    for column in frame.columns:
        cells = frame[column]
        nulls = cells.isna()
        if nulls.any():
            found.append(f"{where}: column {column!r} has {int(nulls.sum())} empty (None) cells")
        texts = cells.dropna().astype(str)
        bad = texts[texts.str.strip().str.match(BAD_TEXT)]
        if len(bad):
            found.append(f"{where}: column {column!r} shows {bad.iloc[0]!r}")
        if YEAR_COLUMN.search(str(column)):
            for cell in cells.dropna():
                ok = isinstance(cell, (int, np.integer)) or (
                    isinstance(cell, str) and re.fullmatch(r"\d{4}", cell)
                )
                if not ok:
                    found.append(f"{where}: year column {column!r} holds {cell!r}")
                    break
    return found


def _scan(at: AppTest, where: str) -> list[str]:
    assert not at.exception, (where, [e.value for e in at.exception])
    found = []
    for n, element in enumerate([*at.dataframe, *at.table]):
        found += _problems(element.value, f"{where} table {n}")
    return found


def _every_page(at: AppTest, label: str) -> list[str]:
    found = []
    for name in ALL_PAGES:
        at.switch_page(page_path(name)).run()
        found += _scan(at, f"{label} {name}")
        if name == "trends":  # the change map's table, in both measures
            at.radio(key="w_change_measure").set_value("percent").run()
            found += _scan(at, f"{label} trends percent")
    return found


@pytest.mark.parametrize("town", SIX_TOWNS)
def test_no_none_text_and_integer_years_on_any_page(repo_data_dir, monkeypatch, town) -> None:
    district = load_town(repo_data_dir, town).districts.index[0]
    found = []
    for lang in ("de", "en"):
        at = start(repo_data_dir, monkeypatch, town=town, district=district, lang=lang)
        found += _every_page(at, f"{town}/{lang}")
    assert not found, "\n".join(found)


def test_suppressed_district_reads_as_sign_with_its_meaning(mini_dir, monkeypatch) -> None:
    # Südost (40 residents) is suppressed for the SGB II rate and the foreigners share.
    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", district="sued-ost")
    found = _every_page(at, "musterstadt")
    assert not found, "\n".join(found)
    at.switch_page(page_path("map")).run()
    table = next(df.value for df in at.dataframe if "Bezirk" in df.value.columns)
    table = table.set_index("Bezirk")
    assert table.loc["Südost"].iloc[0] == "."
    assert table.loc["Südost", "Rang"] == "–"
    captions = " ".join(c.value for c in at.caption)
    assert "„.“ = geheim" in captions
    at.switch_page(page_path("table")).run()
    table = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
    assert table.loc["Südost", "SGB-II-Quote (%)"] == "."
    assert table.loc["Nordwest", "Ausländeranteil (%)"] == "10,8"  # 440 / 4080


def test_imported_town_with_rates_only_has_clean_tables(mini_dir, monkeypatch, tmp_path) -> None:
    from sozialraum.importers.pipeline import run_import

    table = tmp_path / "raten.csv"
    table.write_text(
        "Stadtteil;Ausländeranteil 2021;SGB-II-Quote 2021\n"
        "Altstadt;12,5;.\nWinzeln;8,3;7,1\nHohe Luft;6,1;-\nNeuhof;4,0;5,5\n",
        encoding="utf-8",
    )
    geojson = REPO / "tests" / "data" / "good" / "xss_districts.geojson"
    plain = tmp_path / "districts.geojson"
    plain.write_text(
        geojson.read_text(encoding="utf-8").replace("<img src=x onerror=alert(1)>", "Altstadt"),
        encoding="utf-8",
    )
    result = run_import(
        mini_dir, town_id="raten", name="Ratenstadt", boundaries=plain, indicators=table
    )
    assert result.ok, result.report.format("en")
    at = start(mini_dir, monkeypatch, town="raten", indicator="sgb2_rate", district="altstadt")
    found = _every_page(at, "raten")
    assert not found, "\n".join(found)


def test_reference_years_are_integers(repo_data_dir, monkeypatch) -> None:
    at = start(repo_data_dir, monkeypatch)
    at.switch_page(page_path("compare")).run()
    refs = next(df.value for df in at.dataframe if "Quelle" in df.value.columns)
    assert len(refs) > 0
    assert all(re.fullmatch(r"\d{4}", str(y)) for y in refs["Jahr"])
