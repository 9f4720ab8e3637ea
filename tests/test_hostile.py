"""Hostile input, round 2: no traceback reaches a user (app or CLI); pathological files and
names become readable problems with file, row and column; content limits stop early; user file
names never shape a path on disk. Every import case leaves the data directory unchanged."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from sozialraum.cli import main
from sozialraum.errors import DataError
from sozialraum.importers.boundaries import BoundaryOptions, read_boundaries
from sozialraum.importers.pipeline import ImportOptions, run_import
from sozialraum.limits import ContentLimits

from ._import_helpers import GOOD, REPO, make_data_dir, squares, tree_digest

SQUARE = [[7.60, 49.19], [7.61, 49.19], [7.61, 49.20], [7.60, 49.20], [7.60, 49.19]]


def _import(tmp_path: Path, boundaries: Path, table: Path = GOOD / "values_long.csv", **kw):
    data_dir = make_data_dir(tmp_path / "data")
    before = tree_digest(data_dir)
    options = kw.pop("options", None)
    result = run_import(
        data_dir,
        town_id=kw.pop("town_id", "neustadt"),
        name=kw.pop("name", "Neustadt"),
        boundaries=boundaries,
        indicators=table,
        options=options,
        dry_run=kw.pop("dry_run", False),
    )
    if not result.ok:
        assert tree_digest(data_dir) == before
    return result


def _only_error(result) -> object:
    errors = result.report.errors
    assert len(errors) == 1, [p.format("en") for p in errors]
    return errors[0]


def _features(geometries: list[object], names: list[str] | None = None) -> list[dict]:
    names = names or [f"D{i}" for i in range(len(geometries))]
    return [
        {"type": "Feature", "properties": {"district_id": f"d{i}", "name": n}, "geometry": g}
        for i, (g, n) in enumerate(zip(geometries, names, strict=True))
    ]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------- GeoJSON, streaming pre-scan


def test_nesting_200000_deep_is_refused_before_parsing(tmp_path):
    depth = 200_000
    text = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"Polygon","coordinates":' + "[" * depth + "]" * depth + "}}]}"
    )
    problem = _only_error(_import(tmp_path, _write(tmp_path / "tief.geojson", text)))
    assert (problem.code, problem.file, problem.row) == ("json_too_deep", "tief.geojson", 1)
    assert "64 Ebenen" in problem.format("de")


@pytest.mark.parametrize(("literal", "shown"), [("NaN", "NaN"), ("Infinity", "Infinity")])
def test_nan_literal_is_named(tmp_path, literal, shown):
    geometry = json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).replace(
        "7.6,", f"{literal},", 1
    )
    text = json.dumps({"type": "FeatureCollection", "features": _features([None])})
    text = text.replace("null", geometry)
    problem = _only_error(_import(tmp_path, _write(tmp_path / "nan.geojson", text)))
    assert problem.code == "non_finite_coordinate"
    assert shown in problem.format("en")


def test_overflowing_coordinate_names_feature_and_column(tmp_path):
    polygon = {"type": "Polygon", "coordinates": [SQUARE]}
    text = json.dumps({"type": "FeatureCollection", "features": _features([polygon, polygon])})
    # The second feature's first x: valid JSON, infinite as a float.
    cut = text.index("7.6", text.index('"d1"'))
    text = text[:cut] + "1e999" + text[cut + 3 :]
    problem = _only_error(_import(tmp_path, _write(tmp_path / "inf.geojson", text)))
    assert (problem.code, problem.row, problem.column) == ("non_finite_coordinate", 2, "geometry")


def test_million_character_district_name_is_refused(tmp_path):
    polygon = {"type": "Polygon", "coordinates": [SQUARE]}
    data = {"type": "FeatureCollection", "features": _features([polygon], ["x" * 1_000_000])}
    path = _write(tmp_path / "lang.geojson", json.dumps(data))
    problem = _only_error(_import(tmp_path, path))
    assert (problem.code, problem.row, problem.column) == ("value_too_long", 1, "name")
    assert "1000000 Zeichen" in problem.format("de")


def test_feature_and_vertex_limits_stop_the_scan(tmp_path):
    polygons = [
        {"type": "Polygon", "coordinates": [[list(p) for p in s.exterior.coords]]}
        for s in squares(4)
    ]
    path = _write(
        tmp_path / "viele.geojson",
        json.dumps({"type": "FeatureCollection", "features": _features(polygons)}),
    )
    limits = ContentLimits(max_features=3)
    with pytest.raises(DataError) as caught:
        read_boundaries(path, BoundaryOptions(content_limits=limits))
    assert [(p.code, p.row) for p in caught.value.errors] == [("too_many_features", 4)]
    with pytest.raises(DataError) as caught:
        read_boundaries(path, BoundaryOptions(content_limits=ContentLimits(max_vertices=12)))
    # 5 positions per square: the 13th vertex is in the third feature
    assert [(p.code, p.row) for p in caught.value.errors] == [("too_many_vertices", 3)]


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SOZIALRAUM_MAX_FEATURES", "7")
    monkeypatch.setenv("SOZIALRAUM_MAX_ROWS", "not a number")
    limits = ContentLimits()
    assert limits.max_features == 7
    assert limits.max_rows == 500_000  # unparsable: the default, never "no limit"


# ----------------------------------------------------------------- GeoPackage: after reading


def test_nan_coordinates_in_geopackage_are_named(tmp_path):
    geoms = squares(2)
    bad = shapely.Polygon([(7.61, 49.19), (np.nan, 49.19), (7.62, 49.2), (7.61, 49.19)])
    frame = gpd.GeoDataFrame(
        {"district_id": ["a", "b"], "name": ["A", "B"]}, geometry=[geoms[0], bad], crs=4326
    )
    path = tmp_path / "nan.gpkg"
    frame.to_file(path, layer="stadtteile", engine="pyogrio")
    problem = _only_error(_import(tmp_path, path))
    assert (problem.code, problem.row, problem.column) == ("non_finite_coordinate", 2, "geometry")


def test_long_name_in_geopackage_is_named(tmp_path):
    frame = gpd.GeoDataFrame(
        {"district_id": ["a", "b"], "name": ["A", "N" * 5_000]}, geometry=squares(2), crs=4326
    )
    path = tmp_path / "lang.gpkg"
    frame.to_file(path, layer="stadtteile", engine="pyogrio")
    problem = _only_error(_import(tmp_path, path))
    assert (problem.code, problem.row, problem.column) == ("name_too_long", 2, "name")


# ----------------------------------------------------------------- names from users


def test_million_character_file_name_never_reaches_the_file_system(tmp_path):
    long_name = "g" * 1_000_000 + ".geojson"
    options = ImportOptions(boundaries_filename=long_name, indicators_filename="werte.csv")
    result = _import(tmp_path, GOOD / "districts.geojson", options=options)
    assert result.ok, result.report.format("en")
    stored = [p.name for p in (result.town_folder / "original").iterdir()]
    assert all(len(name) <= 100 for name in stored)
    assert any(name.endswith(".geojson") for name in stored)


def test_million_character_path_on_the_command_line(tmp_path, capsys):
    data_dir = make_data_dir(tmp_path / "data")
    before = tree_digest(data_dir)
    code = main(
        [
            "import",
            "--data-dir",
            str(data_dir),
            "--town-id",
            "neustadt",
            "--name",
            "Neustadt",
            "--boundaries",
            "b" * 1_000_000 + ".geojson",
            "--indicators",
            str(GOOD / "values_long.csv"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "Die Datei kann nicht gelesen werden (File name too long)" in err
    assert "Traceback" not in err
    assert tree_digest(data_dir) == before


def test_million_character_town_name(tmp_path):
    result = _import(tmp_path, GOOD / "districts.geojson", name="N" * 1_000_000)
    problem = _only_error(result)
    assert (problem.code, problem.column) == ("name_too_long", "name")


# ----------------------------------------------------------------- CLI: one line, non-zero


@pytest.mark.parametrize("blocker", ["file-as-folder", "folder-as-file"])
def test_export_into_unwritable_place_prints_one_line(mini_dir, tmp_path, capsys, blocker):
    """Tests run as root, where permissions do not stop writing; these places stop anyone."""
    parent = tmp_path / "nicht-da"
    if blocker == "file-as-folder":
        parent.write_text("a file, not a folder", encoding="utf-8")
        out = parent / "export.xlsx"
    else:
        out = parent / "export.xlsx"
        out.mkdir(parents=True)
    code = main(
        [
            "export",
            "--data-dir",
            str(mini_dir),
            "--town",
            "musterstadt",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("Error: ")
    assert "Traceback" not in err
    assert "nicht-da" in err


def test_any_unexpected_failure_is_one_line(mini_dir, capsys, monkeypatch):
    def boom(_args):
        raise RuntimeError("something\nwent wrong")

    monkeypatch.setattr("sozialraum.cli.cmd_towns", boom)
    code = main(["towns", "--data-dir", str(mini_dir)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == "Unerwarteter Fehler (RuntimeError): something went wrong"


# ----------------------------------------------------------------- app: no traceback


def test_streamlit_config_hides_error_details():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] is False


def test_a_failing_page_shows_a_message_not_a_traceback(mini_dir, monkeypatch):
    def boom(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("sozialraum.ui.common.town_banner", boom)
    monkeypatch.setenv("SOZIALRAUM_DATA_DIR", str(mini_dir))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Diese Seite konnte nicht angezeigt werden (RecursionError). Die Daten sind "
        "unverändert. Bitte eine andere Auswahl treffen oder die Seite neu laden; die "
        "Einzelheiten stehen im Protokoll des Servers."
    ]


# ----------------------------------------------------------------- tables: limits while streaming


def _table_options(**limits: int) -> ImportOptions:
    return ImportOptions(content_limits=ContentLimits(**limits))


def test_csv_with_too_many_lines_is_refused_before_parsing(tmp_path):
    path = tmp_path / "lang.csv"
    rows = "".join(f"altstadt;population;{2000 + i % 20};{i}\n" for i in range(101))
    path.write_text("district_id;indicator_id;year;value\n" + rows, encoding="utf-8")
    result = _import(
        tmp_path, GOOD / "districts.geojson", path, options=_table_options(max_rows=100)
    )
    problem = _only_error(result)
    assert (problem.code, problem.file) == ("too_many_rows", "lang.csv")
    assert "mehr als 100 Zeilen" in problem.format("de")


def _xlsx(path: Path, rows: list[list[object]], *, write_only: bool = True) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Daten") if write_only else workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _edit_sheet_xml(source: Path, target: Path, pattern: bytes, replacement: bytes) -> int:
    """Copy a workbook, applying a regex to its first sheet's XML; the number of changes."""
    import re
    import zipfile

    changed = 0
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, changed = re.subn(pattern, replacement, data)
            out.writestr(info, data)
    return changed


def test_xlsx_declared_size_is_checked_first(tmp_path):
    """A sheet declaring 100,000 rows (``<dimension ref="A1:D100000"/>``) is refused from
    that declaration alone, before its rows are read (it really holds three)."""
    rows = [["district_id", "indicator_id", "year", "value"], ["altstadt", "population", 2021, 5]]
    small = _xlsx(tmp_path / "klein.xlsx", rows, write_only=False)
    path = tmp_path / "gross.xlsx"
    n = _edit_sheet_xml(small, path, rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D100000"')
    assert n == 1
    options = _table_options(max_rows=1000)
    result = _import(tmp_path, GOOD / "districts.geojson", path, options=options)
    assert _only_error(result).code == "too_many_rows"
    assert _import(tmp_path / "ok", GOOD / "districts.geojson", small, options=options).ok


def test_xlsx_rows_are_counted_without_a_declared_size(tmp_path):
    # Written without a declared size (openpyxl write-only): the row tags are counted.
    rows = [["district_id", "indicator_id", "year", "value"]]
    rows += [["altstadt", "population", 2000 + i, i] for i in range(50)]
    path = _xlsx(tmp_path / "gross.xlsx", rows)
    result = _import(
        tmp_path, GOOD / "districts.geojson", path, options=_table_options(max_rows=20)
    )
    assert _only_error(result).code == "too_many_rows"


def test_xlsx_wide_row_and_long_cell_name_row_and_column(tmp_path):
    wide = _xlsx(
        tmp_path / "breit.xlsx", [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1] + [0] * 30]
    )
    result = _import(
        tmp_path / "a", GOOD / "districts.geojson", wide, options=_table_options(max_columns=10)
    )
    problem = _only_error(result)
    assert (problem.code, problem.row) == ("too_many_columns", 2)

    long_cell = _xlsx(tmp_path / "lang.xlsx", [["Stadtteil", "Einwohner 2021"], ["A" * 3000, 1]])
    problem = _only_error(_import(tmp_path / "b", GOOD / "districts.geojson", long_cell))
    assert (problem.code, problem.row, problem.column) == ("value_too_long", 2, "A")


def test_csv_rows_are_also_counted_while_splitting(tmp_path):
    """Old Mac line ends (CR only) hide the rows from the line-break count before decoding;
    the consolidated reader counts them while splitting and stops there."""
    path = tmp_path / "mac.csv"
    rows = "".join(f"altstadt;population;{2000 + i % 20};{i}\r" for i in range(101))
    path.write_bytes(("district_id;indicator_id;year;value\r" + rows).encode())
    options = _table_options(max_rows=100)
    result = _import(tmp_path, GOOD / "districts.geojson", path, options=options)
    assert _only_error(result).code == "too_many_rows"


def test_xlsx_row_gap_is_counted_while_streaming(tmp_path):
    """Two row elements, the second numbered 5000: few tags, but openpyxl yields the 4998
    empty rows between them; the streaming count stops there."""
    small = _xlsx(tmp_path / "klein.xlsx", [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1]])
    path = tmp_path / "luecke.xlsx"
    n = _edit_sheet_xml(small, path, rb'(r=")([A-Z]*)2"', rb'\g<1>\g<2>5000"')
    assert n == 3  # the row and its two cells
    options = _table_options(max_rows=1000)
    result = _import(tmp_path, GOOD / "districts.geojson", path, options=options)
    assert _only_error(result).code == "too_many_rows"
