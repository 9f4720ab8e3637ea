"""The app through Streamlit's AppTest: every page, every town, view switches, URL state.

st_folium is invisible here (a custom component); the browser tests prove the map itself.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from .conftest import REPO, SIX_TOWNS

APP = str(REPO / "app.py")
PAGES = ("map", "profile", "trends", "compare", "table", "methods")


def page_path(name: str) -> str:
    return f"src/sozialraum/ui/pages/{name}.py"


def start(data_dir: Path, monkeypatch: pytest.MonkeyPatch, **query: str) -> AppTest:
    monkeypatch.setenv("SOZIALRAUM_DATA_DIR", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """Markdown source as the browser shows it: data is escaped with character references
    (and word joiners after colons), which render as the plain characters."""
    return html.unescape(markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """All markdown, captions, titles and headers of the current run, joined."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [x.value for x in at.title] + [x.value for x in at.header] + [x.value for x in at.subheader]
    )
    return shown("\n".join(parts))


def legend_html(at: AppTest) -> str:
    return shown(next(m.value for m in at.markdown if '<figure class="sr-legend"' in m.value))


# ----------------------------------------------------------------- fixture town, exact content


def test_map_page_shows_legend_classes_and_town_value(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", year="2021", k="3")
    assert shown(at.title[0].value) == "SGB-II-Quote in Musterstadt, 2021"
    legend = legend_html(at)
    # 3 districts with values in 3 quantile classes, plus the suppressed tiny district
    assert legend.count("<li>") == 4
    assert "geheim (zu kleine Fallzahl)" in legend
    assert "1 Bezirk<" in legend
    # town value by hand from the fixture's counts (sued-ost is hidden but still counts):
    # (480 + 240 + 40 + 2) / (4040 + 3030 + 808 + 40) = 762 / 7918 = 9.62 %
    assert "Stadt insgesamt Musterstadt: 9,6 %" in texts(at)
    assert at.warning[0].value.startswith("**Demo-Daten.**")
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Nordwest", "Nordost", "Südwest", "Südost"]
    assert table.iloc[3, 4] == "geheim"
    assert dict(at.query_params) == {
        "town": "musterstadt",
        "indicator": "sgb2_rate",
        "year": "2021",
        "lang": "de",
        "k": "3",
    }


def test_switching_indicator_year_and_classification(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, indicator="population")
    at.sidebar.selectbox(key="w_topic").set_value("social").run()
    assert at.sidebar.selectbox(key="w_indicator").value == "sgb2_rate"
    at.sidebar.selectbox(key="w_year").set_value(2020).run()
    assert shown(at.title[0].value) == "SGB-II-Quote in Musterstadt, 2020"
    assert at.query_params["indicator"] == "sgb2_rate"
    assert at.query_params["year"] == "2020"
    at.sidebar.selectbox(key="w_scheme").set_value("custom").run()
    at.sidebar.text_input(key="w_breaks").input("7; 10").run()
    legend = legend_html(at)
    assert "7,0 – 10,0" in legend
    assert at.query_params["breaks"] == "7; 10"
    at.sidebar.text_input(key="w_breaks").input("10; 7").run()
    assert "Klassengrenzen sind ungültig" in at.error[0].value
    assert not at.exception


def test_invalid_url_values_fall_back_without_error(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, town="atlantis", indicator="nope", year="abc", district="x")
    assert at.sidebar.selectbox(key="w_town").value == "musterstadt"
    assert at.query_params["town"] == "musterstadt"
    assert "district" not in at.query_params


def test_url_restores_view_with_district(mini_dir, monkeypatch) -> None:
    at = start(
        mini_dir, monkeypatch, indicator="foreigners_share", year="2020", district="nord-ost"
    )
    assert at.sidebar.selectbox(key="w_district").value == "nord-ost"
    assert at.sidebar.selectbox(key="w_year").value == 2020
    assert "Profil: Nordost" in texts(at)
    at.switch_page(page_path("profile")).run()
    assert shown(at.title[0].value) == "Profil: Nordost"
    assert at.query_params["district"] == "nord-ost"  # kept across the page switch


def test_english_switch(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, indicator="population", lang="en")
    assert shown(at.title[0].value) == "Population in Musterstadt, 2022"
    assert at.warning[0].value.startswith("**Demo data.**")
    at.sidebar.radio(key="w_lang").set_value("de").run()
    assert shown(at.title[0].value) == "Einwohner in Musterstadt, 2022"
    assert at.query_params["lang"] == "de"


def test_presentation_mode_moves_controls_into_the_page(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, mode="present")
    assert any("font-size: 22px" in m.value for m in at.markdown)
    assert not at.sidebar.selectbox  # no controls in the hidden sidebar
    assert at.selectbox(key="w_indicator").value
    exit_button = next(b for b in at.button if b.label == "Beenden")
    exit_button.click().run()
    assert "mode" not in at.query_params
    assert at.sidebar.selectbox(key="w_indicator").value


def test_change_map_between_years(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, indicator="foreigners_share")
    at.switch_page(page_path("trends")).run()
    assert not at.exception
    legend = legend_html(at)
    assert "Veränderung 2020–2022" in legend
    assert "Pp." in legend
    at.radio(key="w_change_measure").set_value("percent").run()
    table = at.dataframe[0].value.set_index("Bezirk")
    # Nordwest: 400 of 4000 residents (10 %) → 440 of 4080 (10.78 %)
    expected = (100 * 440 / 4080) / 10.0 * 100 - 100
    assert float(table.loc["Nordwest"].iloc[0].replace(",", ".")) == pytest.approx(
        expected, abs=0.05
    )
    at.selectbox(key="w_change_to").set_value(2020).run()
    assert "zwei verschiedene Jahre" in at.info[0].value


def _capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """File name → bytes of every download the app offers (as Streamlit stores them)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if isinstance(path_or_data, bytes) and filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def test_table_page_offers_all_downloads(mini_dir, monkeypatch) -> None:
    files = _capture_downloads(monkeypatch)
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("table")).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "CSV",
        "Excel (XLSX)",
        "GeoJSON (mit Geometrie)",
        "GeoPackage (mit Geometrie)",
        "Alle Jahre: CSV",
        "Alle Jahre: Excel (XLSX)",
    ]
    assert at.radio(key="w_csv_dialect").value == "excel-de"  # German UI: German Excel
    import csv
    import io

    german = files["sozialraum_musterstadt_2020-2022_lang.csv"]
    assert german.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(german.decode("utf-8-sig")), delimiter=";"))
    assert {r["year"] for r in rows} == {"2020", "2021", "2022"}
    nw = next(r for r in rows if r["district_id"] == "nord-west" and r["year"] == "2021")
    assert nw["indicator_id"] == "vacancy_rate"  # catalog order within a district
    assert nw["value"] == "5,0"  # 105 of 2100 dwellings, decimal comma
    files.clear()
    at.radio(key="w_csv_dialect").set_value("plain").run()
    assert not at.exception
    plain = files["sozialraum_musterstadt_2022.csv"]
    assert plain.decode("utf-8").startswith("town_id,district_id,name,")
    table = at.dataframe[0].value.set_index("Bezirk")
    assert len(table) == 4
    assert table.at["Nordwest", "Ausländeranteil (%)"] == "10,8"  # 440 / 4080, one decimal
    assert "town_id" not in table.columns


def test_methods_page_has_one_sheet_per_indicator(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("methods")).run()
    catalog = pd.read_csv(mini_dir / "indicators" / "catalog.csv")
    assert len(at.main.expander) == len(catalog) == 5
    sheet = next(m.value for m in at.markdown if m.value.startswith('<dl class="sr-sheet"'))
    assert "Geheimhaltung" in sheet


def test_hostile_names_are_escaped_in_page_html(mini_dir, monkeypatch) -> None:
    path = mini_dir / "geo" / "districts" / "musterstadt.geojson"
    collection = json.loads(path.read_text())
    collection["features"][0]["properties"]["name"] = "<script>alert(1)</script>"
    path.write_text(json.dumps(collection))
    at = start(mini_dir, monkeypatch, district="nord-west")
    for markdown in at.markdown:
        assert "<script>alert" not in markdown.value
    assert "Profil: <script>alert(1)</script>" in [shown(s.value) for s in at.subheader]


def test_broken_data_shows_a_clear_message(mini_dir, monkeypatch) -> None:
    values = mini_dir / "indicators" / "values" / "musterstadt.csv"
    values.write_text(values.read_text().replace(",2021,", ",20x1,", 1))
    at = start(mini_dir, monkeypatch)
    assert "können nicht geladen werden" in at.error[0].value
    assert "Zeile" in at.code[0].value
    assert "Spalte year" in at.code[0].value


# ----------------------------------------------------------------- every page, every town


@pytest.mark.parametrize("town", SIX_TOWNS)
def test_every_page_for_every_town(repo_data_dir, monkeypatch, town: str) -> None:
    # What the pages must show, read straight from the files (not through the loader).
    registry = json.loads((repo_data_dir / "towns.json").read_text(encoding="utf-8"))
    name = next(entry["name"] for entry in registry if entry["id"] == town)
    features = json.loads(
        (repo_data_dir / "geo" / "districts" / f"{town}.geojson").read_text(encoding="utf-8")
    )["features"]
    n_districts = len(features)
    values = pd.read_csv(repo_data_dir / "indicators" / "values" / f"{town}.csv")
    years = sorted(values["year"].unique())
    catalog = pd.read_csv(repo_data_dir / "indicators" / "catalog.csv").set_index("id")
    district = features[0]["properties"]["district_id"]
    at = start(repo_data_dir, monkeypatch, town=town, district=district)
    assert name in shown(at.title[0].value)
    assert at.warning[0].value.startswith("**Demo-Daten.**")
    for page in PAGES[1:]:
        at.switch_page(page_path(page)).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page
    at.switch_page(page_path("map")).run()
    # walk a few indicators and years; every legend has classes that cover all districts
    for indicator in ("foreigners_share", "sgb2_rate", "dist_supermarket", "over65_share"):
        topic = catalog.at[indicator, "topic"]
        at.sidebar.selectbox(key="w_topic").set_value(topic).run()
        at.sidebar.selectbox(key="w_indicator").set_value(indicator).run()
        for year in (int(years[0]), int(years[-1])):
            at.sidebar.selectbox(key="w_year").set_value(year).run()
            assert not at.exception
            assert catalog.at[indicator, "label_de"] in shown(at.title[0].value)
            counts = [int(c) for c in _legend_counts(legend_html(at))]
            assert sum(counts) == n_districts
    for scheme in ("equal_interval", "fisher_jenks", "std_mean"):
        at.sidebar.selectbox(key="w_scheme").set_value(scheme).run()
        assert not at.exception
        assert sum(int(c) for c in _legend_counts(legend_html(at))) == n_districts


def _legend_counts(legend: str) -> list[str]:
    import re

    return re.findall(r'<span class="count">(\d+) Bezirke?</span>', legend)


# ----------------------------------------------------------------- import and grid pages

ZENSUS_FIXTURES = REPO / "tests" / "data" / "zensus"
GRID_FILE = "Zensus_spitze_Werte_1km-Gitter_test.csv"


def test_import_page_requires_files_and_lists_nothing_yet(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    assert shown(at.title[0].value) == "Daten importieren"
    assert "Noch keine." in [c.value for c in at.caption]
    at.text_input(key="imp_name").input("Neustadt")
    next(b for b in at.button if b.label == "Prüfen").click().run()
    assert "Grenzdatei und Indikatortabelle" in at.error[0].value
    assert not (mini_dir / "imported").exists()


def test_imported_town_is_listed_selectable_and_removable(mini_dir, monkeypatch) -> None:
    from sozialraum.importers.pipeline import run_import

    good = REPO / "tests" / "data" / "good"
    result = run_import(
        mini_dir,
        town_id="xss",
        name="<b>Neustadt</b>",
        boundaries=good / "xss_districts.geojson",
        indicators=good / "xss_values.csv",
    )
    assert result.ok, result.report.format("en")
    at = start(mini_dir, monkeypatch, town="xss")
    assert at.sidebar.selectbox(key="w_town").value == "xss"
    assert not at.warning  # imported data: no demo banner
    assert at.info[0].value.startswith("Importierte Daten")
    at.switch_page(page_path("import_data")).run()
    assert "<b>Neustadt</b> (xss)" in [x.value for x in at.text]
    at.checkbox(key="rm-confirm-xss").check().run()
    at.button(key="rm-xss").click().run()
    assert not at.exception
    assert not (mini_dir / "imported" / "xss").exists()
    assert at.sidebar.selectbox(key="w_town").value == "musterstadt"


def test_grid_page_without_files_explains_what_to_do(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("grid")).run()
    assert "Noch keine Rasterdatei" in at.info[0].value


def test_grid_page_shows_cells_of_a_grid_file(monkeypatch, tmp_path) -> None:
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(ZENSUS_FIXTURES / "town", data_dir)
    (data_dir / "grids").mkdir()
    shutil.copy(ZENSUS_FIXTURES / GRID_FILE, data_dir / "grids")
    at = start(data_dir, monkeypatch)
    at.switch_page(page_path("grid")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="w_grid_feature").value == "population"
    legend = legend_html(at)
    assert "Zellen" in legend or "Zelle<" in legend
    # Six cells of the fixture file reach into the town (see test_grid), none suppressed.
    table = at.main.dataframe[0].value
    assert len(table) == 6
    assert "6 Zellen, davon 0 geheim" in " ".join(c.value for c in at.main.caption)
    at.selectbox(key="w_grid_feature").set_value("foreigners_share").run()
    assert "Ausländeranteil" in shown(at.main.subheader[0].value)


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _array(values: object) -> list:
    """Plotly ≥ 6 sends numeric arrays as base64 ``{"dtype", "bdata"}``; decode them."""
    import base64

    import numpy as np

    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def test_shipped_official_inkar_series_come_first_in_trends_and_comparison(
    repo_data_dir, monkeypatch, tmp_path
) -> None:
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(repo_data_dir, data_dir)
    at = start(data_dir, monkeypatch, town="pirmasens", indicator="sgb2_rate", year="2021")
    at.switch_page(page_path("trends")).run()
    assert not at.exception, [e.value for e in at.exception]
    traces = _figures(at)[0]["data"]
    official = next(t for t in traces if t.get("name") == "Pirmasens: amtlich (INKAR)")
    assert official["legendrank"] == 1
    assert "Pirmasens (gesamt, Demo)" in [t.get("name") for t in traces]
    by_year = dict(zip(_array(official["x"]), _array(official["y"]), strict=True))
    assert by_year[2021] == pytest.approx(12.583, abs=1e-3)  # INKAR q_PBG_bev 125.83 ÷ 10
    at.switch_page(page_path("compare")).run()
    assert not at.exception, [e.value for e in at.exception]
    chart = next(f for f in _figures(at) if "SGB-II" in f["layout"]["title"]["text"])
    bars = chart["data"][0]
    assert bars["type"] == "bar"
    assert bars["name"] == "amtlich (INKAR)"
    towns = _array(bars["x"])
    assert len(towns) == 6  # every town has an official SGB II series
    assert _array(bars["y"])[towns.index("Pirmasens")] == pytest.approx(12.583, abs=1e-3)
    summary = at.dataframe[0].value
    sgb2 = summary[summary["indicator_id"].str.startswith("SGB-II-Quote")]
    assert set(sgb2["basis"]) == {"amtlich (INKAR)"}
    assert sgb2["source"].str.contains("© BBSR Bonn, dl-de/by-2-0").all()
    vacancy = summary[summary["indicator_id"].str.startswith("Leerstandsquote")]
    assert set(vacancy["basis"]) == {"Demo (synthetisch)"}  # INKAR has no town vacancy rate
    assert summary["year"].dtype.kind == "i"
    assert at.selectbox(key="w_official_series").options
    at.switch_page(page_path("methods")).run()
    assert not at.exception
