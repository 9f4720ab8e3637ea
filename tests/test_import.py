"""Importing a town's own data end to end: realistic German files in, a loadable town out."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
import shapely

from sozialraum import cli
from sozialraum.errors import DataError
from sozialraum.importers import store
from sozialraum.importers.boundaries import list_layers
from sozialraum.importers.indicators import NewIndicator
from sozialraum.importers.limits import ENV_MAX_UPLOAD_MB
from sozialraum.importers.pipeline import ImportOptions, import_town, run_import
from sozialraum.loaders import load_town

from ._import_helpers import (
    GOOD,
    districts_frame,
    make_data_dir,
    shapefile_zip,
    squares,
    tree_digest,
)

GERMAN_CSV = (
    "Stadt Winzeln – Bevölkerung nach Stadtteilen;;;\n"
    "Stand: 31.12.;;;\n"
    "Stadtteil;Einwohner 2020;Einwohner 2021;Ausländeranteil 2021\n"
    "Altstadt;1.234;1.250;12,5\n"
    "Winzeln;12.345;12.410;8,3\n"
    "Hohe Lüft;980;.;6,1\n"
    "Neuhof;610;605;-\n"
    "Stadt insgesamt;15.169;.;x\n"
    "Quelle: Einwohnermeldeamt;;;\n"
)


@pytest.fixture
def data_dir(tmp_path):
    return make_data_dir(tmp_path / "data")


@pytest.fixture
def town_files(tmp_path):
    """A town's own files: zipped Shapefile in EPSG:25832 and a Windows-1252 CSV."""
    boundaries = shapefile_zip(districts_frame("EPSG:25832"), tmp_path / "stadtteile.zip")
    table = tmp_path / "bevoelkerung.csv"
    table.write_bytes(GERMAN_CSV.encode("cp1252"))
    return boundaries, table


def _value(data, district_id, indicator_id, year):
    rows = data.values[
        (data.values["district_id"] == district_id)
        & (data.values["indicator_id"] == indicator_id)
        & (data.values["year"] == year)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def _towns_json(data_dir, capsys):
    assert cli.main(["towns", "--json", "--data-dir", str(data_dir)]) == 0
    return json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- realistic


def test_german_csv_and_utm_shapefile_import(data_dir, town_files, capsys):
    boundaries, table = town_files
    result = import_town(
        data_dir, town_id="winzeln", name="Winzeln", boundaries=boundaries, indicators=table
    )

    notes = " ".join(n.message("en") for n in result.report.notes)
    assert "Windows-1252" in notes
    assert "semicolon" in notes
    assert "EPSG:25832" in notes
    assert "OT_NR" in notes
    assert "OT_NAME" in notes
    assert "year in the column name" in notes
    assert "total rows" in notes
    assert result.summary is not None
    assert result.summary.districts == 4
    assert result.summary.indicators == ("foreigners_share", "population")
    assert result.summary.years == (2020, 2021)

    data = load_town(data_dir, "winzeln")
    assert data.town.data_kind == "imported"
    assert list(data.districts.index) == ["01", "02", "03", "04"]
    assert data.districts.loc["03", "name"] == "Hohe Lüft"
    assert _value(data, "01", "population", 2020)["value"] == 1234
    assert _value(data, "01", "population", 2021)["value"] == 1250
    assert _value(data, "02", "population", 2020)["value"] == 12345
    assert _value(data, "01", "foreigners_share", 2021)["value"] == 12.5
    assert _value(data, "02", "foreigners_share", 2021)["value"] == 8.3
    suppressed = _value(data, "03", "population", 2021)
    assert suppressed["status"] == "."
    assert math.isnan(suppressed["value"])
    assert _value(data, "04", "foreigners_share", 2021)["status"] == "-"
    # Reprojected back to lon/lat within the storage precision.
    for district_id, square in zip(data.districts.index, squares(), strict=True):
        geom = data.districts.loc[district_id, "geometry"]
        assert shapely.hausdorff_distance(geom, square) < 1e-5

    folder = data_dir / "imported" / "winzeln"
    assert (folder / "original" / "bevoelkerung.csv").read_bytes() == table.read_bytes()
    assert (folder / "original" / "stadtteile.zip").read_bytes() == boundaries.read_bytes()
    town = json.loads((folder / "town.json").read_text(encoding="utf-8"))
    assert town["data_kind"] == "imported"
    assert town["geometry_quality"] == "official"
    header = (folder / "values.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "district_id,indicator_id,year,value,numerator,denominator,status,source"

    listed = _towns_json(data_dir, capsys)
    assert [(t["id"], t["data_kind"], t["districts"]) for t in listed] == [
        ("winzeln", "imported", 4)
    ]


def test_reimport_replaces_atomically_and_remove_works(data_dir, town_files, tmp_path, capsys):
    boundaries, table = town_files
    import_town(
        data_dir, town_id="winzeln", name="Winzeln", boundaries=boundaries, indicators=table
    )
    changed = tmp_path / "neu.csv"
    changed.write_bytes(GERMAN_CSV.replace("1.250", "1.260").encode("cp1252"))

    import_town(
        data_dir, town_id="winzeln", name="Winzeln", boundaries=boundaries, indicators=changed
    )

    assert _value(load_town(data_dir, "winzeln"), "01", "population", 2021)["value"] == 1260
    leftovers = [p.name for p in (data_dir / "imported").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    originals = sorted(p.name for p in (data_dir / "imported" / "winzeln" / "original").iterdir())
    assert originals == ["neu.csv", "stadtteile.zip"]

    removed = store.remove_town(data_dir, "winzeln")
    assert not removed.exists()
    assert _towns_json(data_dir, capsys) == []
    with pytest.raises(DataError) as caught:
        store.remove_town(data_dir, "winzeln")
    assert caught.value.problems[0].code == "unknown_town"


def test_failed_swap_restores_the_old_town(data_dir, town_files, tmp_path, monkeypatch):
    boundaries, table = town_files
    import_town(
        data_dir, town_id="winzeln", name="Winzeln", boundaries=boundaries, indicators=table
    )
    before = tree_digest(data_dir)
    changed = tmp_path / "neu.csv"
    changed.write_bytes(GERMAN_CSV.replace("1.250", "1.260").encode("cp1252"))
    real_replace = Path.replace
    calls = []

    def flaky_replace(self, target):
        calls.append((self, target))
        if len(calls) == 2:  # old → trash worked; new → target fails
            raise OSError("disk full")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", flaky_replace)
    with pytest.raises(OSError, match="disk full"):
        import_town(
            data_dir, town_id="winzeln", name="Winzeln", boundaries=boundaries, indicators=changed
        )
    monkeypatch.undo()
    assert tree_digest(data_dir) == before
    assert _value(load_town(data_dir, "winzeln"), "01", "population", 2021)["value"] == 1250


def test_dry_run_checks_everything_and_writes_nothing(data_dir, town_files):
    boundaries, table = town_files
    before = tree_digest(data_dir)
    result = run_import(
        data_dir,
        town_id="winzeln",
        name="Winzeln",
        boundaries=boundaries,
        indicators=table,
        dry_run=True,
    )
    assert result.ok
    assert result.dry_run
    assert result.town_folder is None
    assert result.summary is not None
    assert result.summary.values == 12
    assert tree_digest(data_dir) == before


def test_failed_import_reports_all_problems_without_raising(data_dir, tmp_path):
    table = tmp_path / "werte.csv"
    table.write_text("Stadtteil;Einwohner 2021\nAltstadt;1.250\nWinzlen;x1\n", encoding="utf-8")
    before = tree_digest(data_dir)
    result = run_import(
        data_dir,
        town_id="Bad Id",
        name="X",
        boundaries=GOOD / "b_missing.geojson",
        indicators=table,
    )
    assert not result.ok
    codes = set(result.report.codes())
    assert {"bad_town_id", "file_missing", "not_a_number_or_sign"} <= codes
    assert "Fehler" in result.report.format("de")
    assert "errors" in result.report.format("en")
    assert tree_digest(data_dir) == before
    assert not (data_dir / "imported").exists()


# --------------------------------------------------------------------------- formats


def test_geopackage_with_two_layers_needs_a_layer(data_dir, tmp_path):
    gpkg = tmp_path / "stadt.gpkg"
    districts_frame("EPSG:25832").to_file(gpkg, layer="stadtteile", engine="pyogrio")
    stops = gpd.GeoDataFrame(
        {"name": ["Bahnhof"]}, geometry=[shapely.Point(7.61, 49.195)], crs=4326
    )
    stops.to_file(gpkg, layer="haltestellen", engine="pyogrio")
    table = GOOD / "xss_values.csv"  # any table naming the four districts works
    assert sorted(list_layers(gpkg)) == ["haltestellen", "stadtteile"]

    with pytest.raises(DataError) as caught:
        import_town(data_dir, town_id="gpkg-town", name="G", boundaries=gpkg, indicators=table)
    problem = next(p for p in caught.value.problems if p.code == "several_layers")
    assert "haltestellen" in problem.message("de")
    assert "stadtteile" in problem.message("de")

    with pytest.raises(DataError) as caught:  # the stops layer has points, not areas
        import_town(
            data_dir,
            town_id="gpkg-town",
            name="G",
            boundaries=gpkg,
            indicators=table,
            options=ImportOptions(layer="haltestellen"),
        )
    assert {p.code for p in caught.value.errors} == {"not_polygon"}

    table = tmp_path / "werte.csv"
    table.write_text("Stadtteil;Einwohner 2021\nAltstadt;1250\nNeuhof;610\n", encoding="utf-8")
    result = import_town(
        data_dir,
        town_id="gpkg-town",
        name="G",
        boundaries=gpkg,
        indicators=table,
        options=ImportOptions(layer="stadtteile"),
    )
    warned = {p.code for p in result.report.warnings}
    assert warned == {"district_without_values"}  # Winzeln and Hohe Lüft have no values
    assert _value(load_town(data_dir, "gpkg-town"), "04", "population", 2021)["value"] == 610


def test_xlsx_with_title_block_and_two_row_header(data_dir, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sozialdaten"
    sheet.append(["Sozialraumbericht Winzeln"])
    sheet.append(["Quelle: Statistikstelle"])
    sheet.append([])
    sheet.append(["Stadtteil", "Einwohner", None, "Ausländeranteil (%)", None])
    sheet.append([None, 2020, 2021, 2020, 2021])
    sheet.merge_cells("B4:C4")
    sheet.merge_cells("D4:E4")
    sheet.append(["Altstadt", 1234, 1250, 0.12, 0.125])
    sheet.append(["Winzeln", 12345, 12410, 8.0, 8.3])
    sheet.append(["Hohe Lüft", 980, ".", 6.0, 6.1])
    sheet.append(["Neuhof", 610, 605, "…", "x"])
    for cell in ("D6", "E6"):
        sheet[cell].number_format = "0.0%"  # Excel stores 12,5 % as 0.125
    path = tmp_path / "sozialdaten.xlsx"
    workbook.save(path)
    boundaries = shapefile_zip(districts_frame("EPSG:25832"), tmp_path / "grenzen.zip")

    result = import_town(
        data_dir, town_id="xlsx-town", name="X", boundaries=boundaries, indicators=path
    )

    notes = " ".join(n.message("en") for n in result.report.notes)
    assert "two-row header" in notes
    assert "percent" in notes
    assert "title line" in notes
    data = load_town(data_dir, "xlsx-town")
    assert _value(data, "02", "population", 2020)["value"] == 12345
    assert _value(data, "01", "foreigners_share", 2021)["value"] == pytest.approx(12.5)
    assert _value(data, "01", "foreigners_share", 2020)["value"] == pytest.approx(12.0)
    assert _value(data, "03", "population", 2021)["status"] == "."
    assert _value(data, "04", "foreigners_share", 2020)["status"] == "..."
    assert _value(data, "04", "foreigners_share", 2021)["status"] == "x"


def test_new_indicator_mapping_and_single_indicator_table(data_dir, tmp_path):
    table = tmp_path / "spielplaetze.csv"
    table.write_text(
        "Spielplätze je Stadtteil\nStadtteil;2020;2021\nAltstadt;3;4\nWinzeln;1;1\n",
        encoding="utf-8",
    )
    new = NewIndicator(label="Spielplätze", unit="Anzahl", kind="count", polarity=1, source="Amt")
    result = import_town(
        data_dir,
        town_id="spiel",
        name="S",
        boundaries=GOOD / "districts.geojson",
        indicators=table,
        options=ImportOptions(new_indicators=[new]),
    )
    assert result.summary is not None
    assert result.summary.new_indicators == ("spielplaetze",)
    data = load_town(data_dir, "spiel")
    assert data.catalog["spielplaetze"].label_de == "Spielplätze"
    assert _value(data, "altstadt", "spielplaetze", 2021)["value"] == 4
    assert (data_dir / "imported" / "spiel" / "catalog.csv").exists()
    assert "spielplaetze" not in (data_dir / "indicators" / "catalog.csv").read_text()

    table = tmp_path / "ew.csv"
    table.write_text("Stadtteil;EW 2021\nAltstadt;1250\n", encoding="utf-8")
    result = import_town(
        data_dir,
        town_id="mapped",
        name="M",
        boundaries=GOOD / "districts.geojson",
        indicators=table,
        options=ImportOptions(indicator_mapping={"ew": "population"}),
    )
    assert result.summary is not None
    assert result.summary.indicators == ("population",)


def test_invalid_polygon_is_repaired_with_a_warning(data_dir, tmp_path):
    collection = json.loads((GOOD / "districts.geojson").read_text(encoding="utf-8"))
    # A ring touching itself at one point (an inverted hole): invalid, but repairable
    # without changing the area.
    s = 0.001
    ring = [(0, 0), (10, 0), (10, 10), (5, 10), (6, 8), (4, 8), (5, 10), (0, 10), (0, 0)]
    coords = [[7.65 + x * s, 49.19 + y * s] for x, y in ring]
    collection["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [coords]}
    path = tmp_path / "grenzen.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")

    result = import_town(
        data_dir,
        town_id="repaired",
        name="R",
        boundaries=path,
        indicators=GOOD / "values_long.csv",
    )
    repaired = [p for p in result.report.warnings if p.code == "geometry_repaired"]
    assert [(p.row, p.column) for p in repaired] == [(2, "geometry")]
    assert "Warnung" in repaired[0].format("de")
    geom = load_town(data_dir, "repaired").districts.loc["winzeln", "geometry"]
    assert geom.is_valid


def test_html_in_district_names_round_trips_and_is_escaped(data_dir, capsys):
    from sozialraum.classify import classify
    from sozialraum.colors import sequential
    from sozialraum.legend import legend_html
    from sozialraum.loaders import indicator_frame
    from sozialraum.maps import GeometryPayload, choropleth_map
    from sozialraum.ranking import ranking_html

    payload = "<img src=x onerror=alert(1)>"
    import_town(
        data_dir,
        town_id="xss",
        name="XSS",
        boundaries=GOOD / "xss_districts.geojson",
        indicators=GOOD / "xss_values.csv",
    )
    data = load_town(data_dir, "xss")
    assert data.districts.loc["altstadt", "name"] == payload
    assert _value(data, "altstadt", "population", 2021)["value"] == 1250

    indicator = data.catalog["population"]
    frame = indicator_frame(data, indicator, 2021)
    classes = classify(frame["value"], "quantiles", 3)
    palette = sequential(classes.k, indicator.polarity)
    fmap = choropleth_map(
        GeometryPayload.from_frame(data.districts),
        frame,
        indicator,
        classes,
        palette,
        year=2021,
    )
    page = fmap.get_root().render()
    assert "<img" not in page
    # The name travels as script-safe JSON and is shown with textContent, i.e. as text.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "td.textContent = r[1]" in page

    legend = legend_html(payload, indicator.unit_de, [], note=payload)
    assert "<img" not in legend
    assert payload in html.unescape(legend)  # shown as text

    colors = palette[: len(frame)] + [palette[0]] * (len(frame) - len(palette))
    ranking = ranking_html(frame, indicator, colors, town_value=None, town_name=data.town.name)
    assert "<img" not in ranking
    assert "<img src=x onerror=alert(1)>" in html.unescape(ranking)


# --------------------------------------------------------------------------- policies


def test_embedded_towns_can_be_neither_replaced_nor_removed(tmp_path):
    registry = json.dumps([{"id": "pirmasens", "name": "Pirmasens", "data_kind": "demo"}])
    data_dir = make_data_dir(tmp_path / "data", towns_json=registry)
    before = tree_digest(data_dir)
    with pytest.raises(DataError) as caught:
        import_town(
            data_dir,
            town_id="pirmasens",
            name="P",
            boundaries=GOOD / "districts.geojson",
            indicators=GOOD / "values_long.csv",
        )
    assert [p.code for p in caught.value.errors] == ["town_id_taken"]
    with pytest.raises(DataError) as caught:
        store.remove_town(data_dir, "pirmasens")
    assert caught.value.problems[0].code == "cannot_remove_embedded"
    assert "eingebaute Stadt" in caught.value.report("de")
    assert tree_digest(data_dir) == before


def test_upload_limit_from_environment(data_dir, monkeypatch):
    monkeypatch.setenv(ENV_MAX_UPLOAD_MB, "0.001")  # ~1 KB: the boundaries are larger
    with pytest.raises(DataError) as caught:
        import_town(
            data_dir,
            town_id="gross",
            name="G",
            boundaries=GOOD / "districts.geojson",
            indicators=GOOD / "values_long.csv",
        )
    assert [(p.code, p.file) for p in caught.value.errors] == [
        ("file_too_large", "districts.geojson")
    ]


def test_cli_import_and_remove(data_dir, town_files, capsys):
    boundaries, table = town_files
    args = ["--data-dir", str(data_dir), "--town-id", "winzeln"]
    code = cli.main(
        [
            "import",
            *args,
            "--name",
            "Winzeln",
            "--boundaries",
            str(boundaries),
            "--indicators",
            str(table),
            "--lang",
            "en",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "4 districts, 2 indicators" in out
    assert "years 2020–2021" in out
    assert "0 warnings" in out

    bad = table.with_name("kaputt.csv")
    bad.write_text("Stadtteil;Einwohner 2021\nWinzlen;12\n", encoding="utf-8")
    code = cli.main(
        [
            "import",
            *args,
            "--name",
            "Winzeln",
            "--boundaries",
            str(boundaries),
            "--indicators",
            str(bad),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "kaputt.csv, Zeile 2, Spalte Stadtteil" in err
    assert "„Winzeln“" in err

    assert cli.main(["remove-town", *args]) == 0
    assert not (data_dir / "imported" / "winzeln").exists()
    assert cli.main(["remove-town", *args]) == 1
    assert "Unbekannte Stadt" in capsys.readouterr().err
