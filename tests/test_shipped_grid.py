"""The shipped Zensus 2011 1 km cells of the six towns (``data/grids/``): summary figures
recounted with plain pandas, the project's reader keeping -1/-9 missing, the build script
reproducing the file from ``../shared/data/open``, and the grid page showing it at first
start (AppTest, German and English)."""

from __future__ import annotations

import importlib.util
import shutil
from types import ModuleType

import pandas as pd
import pytest

from sozialraum.census_grid import COLUMNS_2011, NONE, OK, SUPP, read_grid, sniff_layout
from sozialraum.grid import SHIPPED_GRID, grid_attribution, grid_cells, grid_files

from .conftest import REPO, SIX_TOWNS
from .test_app import page_path, shown, start

SHIPPED = REPO / "data" / "grids" / SHIPPED_GRID
README = REPO / "data" / "grids" / "README.md"
ATTRIBUTION = "Statistische Ämter des Bundes und der Länder, Zensus 2011, dl-de/by-2-0"
PIRMASENS = "07317000"
# Cells touching each town (AGS -> cells), counted once from the open extract's polygons.
CELLS = {
    "06632002": 104,  # Bad Hersfeld
    "07317000": 87,  # Pirmasens
    "08236040": 75,  # Mühlacker
    "10042113": 136,  # Merzig
    "15084550": 147,  # Weißenfels
    "16073077": 187,  # Saalfeld/Saale
}
TOWN_OF_AGS = dict(
    zip(
        ("06632002", "10042113", "08236040", "07317000", "16073077", "15084550"),
        SIX_TOWNS,
        strict=True,
    )
)


def _raw() -> pd.DataFrame:
    """The shipped file as text, every field as written."""
    return pd.read_csv(SHIPPED, sep=";", dtype=str, keep_default_na=False)


def _numbers() -> pd.DataFrame:
    frame = pd.read_csv(SHIPPED, sep=";", decimal=",", dtype={"AGS": str})
    return frame.set_index("Gitter_ID_1km")


def _reference(figure: str) -> pd.Series:
    ref = pd.read_csv(REPO / "data" / "indicators" / "reference.csv", dtype={"ags": str})
    return ref[ref["figure"] == figure].set_index("ags")["value"]


def _weighted_population(frame: pd.DataFrame) -> pd.Series:
    """Inhabitants per town, each cell counted with its share of area inside the town."""
    inhabitants = frame["Einwohner"].where(frame["Einwohner"] >= 0, 0)
    return (inhabitants * frame["share_in_town"]).groupby(frame["AGS"]).sum()


def test_shipped_grid_is_small_attributed_and_in_the_published_layout(repo_data_dir) -> None:
    assert SHIPPED.stat().st_size < 100_000
    assert ATTRIBUTION in README.read_text(encoding="utf-8")
    assert grid_attribution(2011) == ATTRIBUTION
    assert grid_files(repo_data_dir) == [SHIPPED]
    layout = sniff_layout(SHIPPED)
    assert (layout.year, layout.cell_size) == (2011, 1000)
    assert set(layout.features.values()) == set(COLUMNS_2011.values())
    raw = _raw()
    assert list(raw.columns[:3]) == ["Gitter_ID_1km", "x_mp_1km", "y_mp_1km"]
    assert list(raw.columns[-3:]) == ["AGS", "GEN", "share_in_town"]
    assert raw["Gitter_ID_1km"].is_unique
    # published cell ids name the lower left corner; the centres lie 500 m inside
    corner = raw["Gitter_ID_1km"].str.extract(r"^CRS3035RES1000mN(\d+)E(\d+)$").astype(int)
    assert (corner[1] + 500 == raw["x_mp_1km"].astype(int)).all()
    assert (corner[0] + 500 == raw["y_mp_1km"].astype(int)).all()


def test_cells_per_town_and_recounted_population_match_the_official_figures() -> None:
    frame = _numbers()
    assert frame.groupby("AGS").size().to_dict() == CELLS
    assert frame["share_in_town"].between(0, 1, inclusive="right").all()
    # 2011 cells against the population of 31.12.2020 (GV100AD): within ±10 %
    official = _reference("population")
    ratio = _weighted_population(frame) / official[list(CELLS)]
    assert ratio.between(0.9, 1.1).all(), ratio.to_dict()
    assert ratio.round(2).to_dict() == {
        "06632002": 0.93,
        "07317000": 1.01,
        "08236040": 0.93,
        "10042113": 1.01,
        "15084550": 1.0,
        "16073077": 1.07,
    }
    # The shipped reference foreigners' shares were derived from the same cells
    # (Auslaender_A weighted by Einwohner × share, suppressed cells left out): recount them.
    known = frame["Auslaender_A"] >= 0
    weight = frame["Einwohner"].clip(lower=0) * frame["share_in_town"]
    share = (weight * frame["Auslaender_A"])[known].groupby(frame["AGS"]).sum() / weight[
        known
    ].groupby(frame["AGS"]).sum()
    assert share.round(2).to_dict() == _reference("foreigners_share")[list(CELLS)].to_dict()


def test_no_value_and_suppressed_cells_stay_missing_never_zero() -> None:
    raw = _raw().set_index("Gitter_ID_1km")
    cells = read_grid(SHIPPED).frame
    assert len(cells) == len(raw)
    counted = {SUPP: 0, NONE: 0}
    for column, feature in COLUMNS_2011.items():
        published = raw[next(c for c in raw.columns if c.lower() == column)]
        status = cells.loc[published.index, f"{feature}_status"]
        value = cells.loc[published.index, feature]
        for sign, state in (("-9", SUPP), ("-1", NONE)):
            coded = published == sign
            assert (status[coded] == state).all(), (column, sign)
            assert value[coded].isna().all(), (column, sign)
            counted[state] += int(coded.sum())
        published_values = ~published.isin(["-9", "-1"])
        assert (status[published_values] == OK).all(), column
        assert value[published_values].notna().all(), column
    # the file has both kinds (e.g. 126 suppressed living-space values), so this tested both
    assert counted[SUPP] > 200
    assert counted[NONE] > 2000
    # a genuine 0 is published as 0 (no foreigners in the cell) and stays 0
    assert (cells["foreigners_share"] == 0).any()


@pytest.mark.parametrize("town_id", SIX_TOWNS)
def test_the_grid_view_draws_each_towns_cells_with_the_published_values(
    repo_data_dir, town_id
) -> None:
    ags = next(a for a, t in TOWN_OF_AGS.items() if t == town_id)
    frame = _numbers()
    mine = frame[frame["AGS"] == ags]
    cells = grid_cells(repo_data_dir, town_id, SHIPPED, "mean_age")
    assert set(cells.index) == set(mine.index)
    assert len(cells) == CELLS[ags]
    published = mine.loc[cells.index, "Alter_D"]
    suppressed = (published == -9).to_numpy()
    assert (cells["status"].to_numpy()[suppressed] == SUPP).all()
    has_value = (published >= 0).to_numpy()
    assert cells["value"].to_numpy()[has_value] == pytest.approx(published[has_value].to_numpy())
    assert cells["value"][~has_value].isna().all()
    assert (~has_value).sum() > 0  # -1 and -9 cells are part of every town
    # shares measured against the app's own outline agree with the shipped ones
    assert cells["share_in_town"].to_numpy() == pytest.approx(
        mine.loc[cells.index, "share_in_town"].to_numpy(), abs=0.002
    )


# --------------------------------------------------------------------------- build script


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_zensus_grid", REPO / "scripts" / "build_zensus_grid.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@pytest.mark.realdata
def test_build_script_reproduces_the_shipped_file_byte_for_byte(open_data, tmp_path) -> None:
    written = _script().build(open_data, tmp_path)
    assert written == tmp_path / "grids" / SHIPPED_GRID
    assert written.read_bytes() == SHIPPED.read_bytes()


@pytest.mark.realdata
def test_recounted_population_against_the_gv100ad_extract(open_data) -> None:
    gv100 = pd.read_csv(open_data / "gv100ad_2021_six_towns.csv", dtype={"ags": str})
    official = gv100.set_index("ags")["population_2020_12_31"]
    ratio = _weighted_population(_numbers()) / official
    assert ratio.between(0.9, 1.1).all(), ratio.to_dict()


@pytest.mark.realdata
def test_build_script_refuses_inputs_that_disagree(open_data, tmp_path) -> None:
    script = _script()
    source = tmp_path / "open"
    source.mkdir()
    for name in (script.GRID_CSV, script.GRID_GEOJSON):
        shutil.copy(open_data / name, source / name)
    grid = source / script.GRID_CSV
    lines = grid.read_text(encoding="utf-8").splitlines()
    # a cell's population changed in the CSV only
    fields = lines[2].split(";")
    fields[3] = str(int(fields[3]) + 1)
    grid.write_text("\n".join([*lines[:2], ";".join(fields), *lines[3:]]) + "\n", "utf-8")
    with pytest.raises(script.BuildError, match="line 3: Einwohner differs"):
        script.build(source, tmp_path / "data")
    # a cell dropped from the CSV
    grid.write_text("\n".join([lines[0], *lines[2:]]) + "\n", "utf-8")
    with pytest.raises(script.BuildError, match="1 cells not in"):
        script.build(source, tmp_path / "data")
    assert not (tmp_path / "data" / "grids" / SHIPPED_GRID).exists()


# --------------------------------------------------------------------------- the app


@pytest.mark.parametrize(
    ("lang", "heading", "label", "official", "cells"),
    [
        (
            "de",
            "Zensus-Raster: Pirmasens",
            "Zensus 2011, 1-km-Gitter (amtlich, mitgeliefert)",
            "Echte amtliche Daten, keine Demo-Werte.",
            "87 Zellen, davon 0 geheim",
        ),
        (
            "en",
            "Census grid: Pirmasens",
            "Census 2011, 1 km grid (official, shipped)",
            "Real official data, not demo values.",
            "87 cells, 0 suppressed",
        ),
    ],
)
def test_grid_page_shows_the_real_cells_of_pirmasens_at_first_start(
    monkeypatch, tmp_path, lang, heading, label, official, cells
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(REPO / "data", data_dir)
    at = start(data_dir, monkeypatch, town="pirmasens", lang=lang)
    at.switch_page(page_path("grid")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert shown(at.title[0].value) == heading
    chosen = at.selectbox(key="w_grid_file")
    assert chosen.value == data_dir / "grids" / SHIPPED_GRID
    assert label in chosen.options
    assert at.selectbox(key="w_grid_feature").value == "population"
    note = at.success[0].value
    assert official in note
    assert ATTRIBUTION in note
    captions = " ".join(c.value for c in at.main.caption)
    assert cells in captions
    assert ATTRIBUTION in captions
    table = at.main.dataframe[0].value
    assert len(table) == CELLS[PIRMASENS]
    # the most populous cell of Pirmasens, as published, is in the table (local digits)
    frame = _numbers()
    top = frame[frame["AGS"] == PIRMASENS]["Einwohner"].max()
    assert top > 3000
    digits = f"{top:,}".replace(",", "\u202f" if lang == "de" else ",")
    assert any(digits in str(v) for v in table.iloc[:, 1]), table.iloc[:, 1].tolist()[:5]
    at.selectbox(key="w_grid_feature").set_value("vacancy_rate").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.main.dataframe[0].value
    status = table.iloc[:, 3].tolist()
    suppressed = "geheim" if lang == "de" else "suppressed"
    published = frame[frame["AGS"] == PIRMASENS]["Leerstandsquote"]
    assert status.count(suppressed) == int((published == -9).sum()) > 0


def test_an_uploaded_grid_file_is_listed_but_the_shipped_one_stays_the_default(
    monkeypatch, tmp_path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(REPO / "data", data_dir)
    fixture = REPO / "tests" / "data" / "zensus" / "Zensus_spitze_Werte_1km-Gitter_test.csv"
    shutil.copy(fixture, data_dir / "grids" / "A_first_by_name.csv")
    at = start(data_dir, monkeypatch, town="merzig")
    at.switch_page(page_path("grid")).run()
    chosen = at.selectbox(key="w_grid_file")
    assert len(chosen.options) == 2
    assert chosen.value == data_dir / "grids" / SHIPPED_GRID
    assert "136 Zellen" in " ".join(c.value for c in at.main.caption)
    # the fixture file has no cells in Merzig: said so, no map, no error
    chosen.set_value(data_dir / "grids" / "A_first_by_name.csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "keine Zellen in Merzig" in shown(at.info[-1].value)
    assert not at.success
    assert not at.main.dataframe


@pytest.mark.parametrize(
    ("lang", "heading", "caveat"),
    [
        ("de", "Zensus-Raster (mitgeliefert)", "Stand ist der 9. Mai 2011"),
        ("en", "Census grid (shipped)", "the data describe 9 May 2011"),
    ],
)
def test_methods_page_says_where_the_cells_come_from(
    monkeypatch, tmp_path, lang, heading, caveat
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(REPO / "data", data_dir)
    at = start(data_dir, monkeypatch, town="pirmasens", lang=lang)
    at.switch_page(page_path("methods")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert heading in [shown(h.value) for h in at.header]
    text = shown("\n".join(m.value for m in at.markdown))
    assert caveat in text
    assert "scripts/build_zensus_grid.py" in text
    assert ATTRIBUTION in text


def test_presentation_mode_keeps_the_official_note_to_one_line(monkeypatch, tmp_path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(REPO / "data", data_dir)
    at = start(data_dir, monkeypatch, town="pirmasens", mode="present")
    at.switch_page(page_path("grid")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success
    captions = [c.value for c in at.main.caption]
    assert f"Amtliche Daten (keine Demo-Werte): {ATTRIBUTION}" in captions
