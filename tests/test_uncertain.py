"""Values of limited reliability (Zensus 2022 KLAMMERN): bracketed in tables, marked in the
map's tooltip and outlined dashed on the grid map; end to end on the grid page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from sozialraum.catalog import load_catalog
from sozialraum.classify import classify
from sozialraum.colors import sequential
from sozialraum.grid import grid_cells
from sozialraum.maps import GeometryPayload, choropleth_state
from sozialraum.uncertain import OUTLINE_STYLE, bracketed, mark_state, outline_layer

from .test_app import page_path, start

HERE = Path(__file__).parent
TOWN = HERE / "data" / "zensus" / "town"
FOREIGN_2022 = HERE / "data" / "zensus" / "Zensus2022_Anteil_Auslaender_100m-Gitter.csv"
CATALOG = HERE.parent / "data" / "indicators" / "catalog.csv"
KLAMMERN_CELL = "CRS3035RES100mN3000000E4000200"  # 20 % with KLAMMERN in the fixture


def test_bracketed() -> None:
    assert bracketed(["12,5", ".", "3"], [False, False, True]) == ["12,5", ".", "(3)"]


def test_map_state_and_outline_mark_only_the_uncertain_cell() -> None:
    cells = grid_cells(TOWN, "testtown", FOREIGN_2022, "foreigners_share")
    uncertain = cells["uncertain"] & cells["value"].notna()
    assert uncertain[uncertain].index.tolist() == [KLAMMERN_CELL]
    indicator = load_catalog(CATALOG)["foreigners_share"]
    classes = classify(cells["value"].to_numpy(), "quantiles", 3)
    payload = GeometryPayload.from_frame(cells)
    state = choropleth_state(
        payload, cells, indicator, classes, sequential(classes.k, 0), year=2022
    )
    marked = mark_state(state, payload, uncertain, "eingeschränkt verlässlich")
    position = payload.ids.index(KLAMMERN_CELL)
    assert marked["v"][position] == f"({state['v'][position]}) – eingeschränkt verlässlich"
    others = [v for i, v in enumerate(marked["v"]) if i != position]
    assert others == [v for i, v in enumerate(state["v"]) if i != position]
    assert marked["c"] == state["c"]  # the class colour stays: the legend stays true
    assert marked["key"] != state["key"]  # a new fingerprint: the map repaints
    group = outline_layer(cells, uncertain, "eingeschränkt verlässlich")
    hatch, outline = group._children.values()
    [feature] = hatch.data["features"]
    assert feature["id"] == KLAMMERN_CELL
    assert feature["geometry"]["type"] == "MultiLineString"
    assert len(feature["geometry"]["coordinates"]) == 3  # three diagonal strokes
    squares = outline.data["features"]
    assert [f["id"] for f in squares] == [KLAMMERN_CELL]
    assert outline.style_function(squares[0])["dashArray"] == OUTLINE_STYLE["dashArray"]


def test_grid_page_brackets_the_uncertain_value(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "data"
    shutil.copytree(TOWN, data_dir)
    (data_dir / "grids").mkdir()
    shutil.copy(FOREIGN_2022, data_dir / "grids")
    at = start(data_dir, monkeypatch)
    at.switch_page(page_path("grid")).run()
    assert not at.exception, [e.value for e in at.exception]
    table: pd.DataFrame = at.main.dataframe[0].value
    values = table[next(c for c in table.columns if c.startswith("Wert"))].tolist()
    assert "(20,0)" in values
    assert sum(v.startswith("(") for v in values) == 1
    captions = " ".join(c.value for c in at.main.caption)
    assert "1 Zellen mit eingeschränkt verlässlichem Wert" in captions
    assert "„(12,5)“ = Wert mit eingeschränkter Aussagekraft." in captions


def test_methods_page_explains_dash_and_klammern(mini_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("methods")).run()
    assert not at.exception, [e.value for e in at.exception]
    headers = [h.value for h in at.header]
    assert "Amtliche Dateien: Zensus-2022-Gitter und INKAR" in headers
    text = " ".join(m.value for m in at.markdown)
    assert "nie als 0" in text
    assert "KLAMMERN" in text


def test_grid_page_reads_a_topic_zip_at_the_chosen_resolution(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    data_dir = tmp_path / "data"
    shutil.copytree(TOWN, data_dir)
    (data_dir / "grids").mkdir()
    text = FOREIGN_2022.read_text(encoding="utf-8")
    coarse = text.splitlines()[0].replace("100m", "1km") + "\n"
    coarse += "CRS3035RES1000mN3000000E4000000;4000500;3000500;9,5;KLAMMERN\n"
    with zipfile.ZipFile(data_dir / "grids" / "Anteil_Auslaender.zip", "w") as archive:
        archive.writestr("Zensus2022_Anteil_Auslaender_100m-Gitter.csv", text)
        archive.writestr("Zensus2022_Anteil_Auslaender_1km-Gitter.csv", coarse)
        archive.writestr("Datensatzbeschreibung_Anteil_Auslaender.xlsx", b"PK\x05\x06" + bytes(18))
    at = start(data_dir, monkeypatch)
    at.switch_page(page_path("grid")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="w_grid_resolution").value == "1km"
    table: pd.DataFrame = at.main.dataframe[0].value
    assert table.iloc[:, 0].tolist() == ["1-km-Zelle N3000000 E4000000"]
    assert table.iloc[0, 1] == "(9,5)"
    at.radio(key="w_grid_resolution").set_value("100m").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.main.dataframe[0].value
    assert "(20,0)" in table.iloc[:, 1].tolist()
    assert "Zensus 2022&#44; 100 m" in at.main.subheader[0].value  # escaped comma
