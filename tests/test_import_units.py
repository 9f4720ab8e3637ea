"""Unit tests of the importer's parts: safe zip extraction, number formats, CSV sniffing,
table layouts, column detection and the report."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest

from sozialraum.errors import DataError, ProblemCollector
from sozialraum.importers.boundaries import BoundaryOptions, list_layers, read_boundaries
from sozialraum.importers.csvgrid import read_csv_grid
from sozialraum.importers.layout import LayoutOptions, build_layout
from sozialraum.importers.matching import DistrictMatcher
from sozialraum.importers.report import MAX_PER_KIND, CappedCollector, ImportReport, Note
from sozialraum.importers.safezip import ZipLimits, extract_zip, scan_zip
from sozialraum.importers.tables import TableOptions, read_table
from sozialraum.text_tables import parse_column

from ._import_helpers import districts_frame

# --------------------------------------------------------------------------- safezip


def _zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def _codes(exc: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_extract_zip_writes_members_and_skips_macos_junk(tmp_path):
    archive = _zip(
        tmp_path / "a.zip",
        [("shp/a.shp", b"1"), ("__MACOSX/shp/._a.shp", b"junk"), ("shp/._b.dbf", b"junk")],
    )
    out = tmp_path / "out"
    out.mkdir()
    files = extract_zip(archive, out)
    assert [f.relative_to(out.resolve()).as_posix() for f in files] == ["shp/a.shp"]
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["a.shp"]


def test_total_size_cap_is_enforced_while_streaming(tmp_path):
    archive = _zip(tmp_path / "a.zip", [(f"{i}.bin", bytes(range(256)) * 40) for i in range(5)])
    with pytest.raises(DataError) as caught:
        scan_zip(archive, ZipLimits(max_total_bytes=25_000, ratio_min_bytes=10**9))
    assert _codes(caught) == ["zip_too_large"]


def test_zip_bomb_is_stopped_early_with_lowered_threshold(tmp_path):
    archive = _zip(tmp_path / "bomb.zip", [("zeros.bin", bytes(3_000_000))])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DataError) as caught:
        extract_zip(archive, out, ZipLimits(ratio_min_bytes=100_000))
    assert _codes(caught) == ["zip_bomb"]
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert written < 300_000  # stopped after a few chunks, not after 3 MB


def _patch_declared_size(data: bytes, size: int) -> bytes:
    """Set the uncompressed size of the (only) member in both headers to ``size``."""
    buf = bytearray(data)
    struct.pack_into("<I", buf, 22, size)  # local file header
    central = buf.find(b"PK\x01\x02")
    struct.pack_into("<I", buf, central + 24, size)
    return bytes(buf)


def test_lying_headers_do_not_get_past_the_checks(tmp_path):
    buffer = io.BytesIO()
    _zip(buffer, [("zeros.bin", bytes(2_000_000))])
    small = tmp_path / "small.zip"
    small.write_bytes(_patch_declared_size(buffer.getvalue(), 10))
    with pytest.raises(DataError) as caught:  # declared 10 bytes, holds 2 MB
        scan_zip(small)
    assert _codes(caught) == ["bad_zip"]

    huge = tmp_path / "huge.zip"
    huge.write_bytes(_patch_declared_size(buffer.getvalue(), 2**31))
    with pytest.raises(DataError) as caught:  # refused before decompressing anything
        scan_zip(huge, ZipLimits(max_total_bytes=10**9))
    assert "zip_too_large" in _codes(caught)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../x.shp", "zip_path_traversal"),
        ("a/../../x.shp", "zip_path_traversal"),
        ("/etc/x.shp", "zip_absolute_path"),
        ("C:/x.shp", "zip_absolute_path"),
    ],
)
def test_unsafe_member_names_write_nothing(tmp_path, name, code):
    archive = _zip(tmp_path / "a.zip", [("ok.txt", b"fine"), (name, b"x")])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DataError) as caught:
        extract_zip(archive, out)
    assert _codes(caught) == [code]
    assert list(out.iterdir()) == []
    assert not (tmp_path / "x.shp").exists()


def test_too_many_members(tmp_path):
    archive = _zip(tmp_path / "a.zip", [(f"{i}.txt", b"") for i in range(4)])
    with pytest.raises(DataError) as caught:
        scan_zip(archive, ZipLimits(max_files=3))
    assert _codes(caught) == ["zip_too_many_files"]


# --------------------------------------------------------------------------- numbers


def _parse(cells, default="de"):
    problems = ProblemCollector("t.csv")
    parsed = parse_column(cells, list(range(2, len(cells) + 2)), "Wert", problems, default)
    return [(p.value, p.sign) for p in parsed], [(p.code, p.row) for p in problems.problems]


def test_german_numbers_thousands_and_signs():
    parsed, problems = _parse(["1.234", "1.234,5", "12,5 %", "1 234", "–", "…", ".", "X", ""])
    assert problems == []
    assert parsed == [
        (1234.0, ""),
        (1234.5, ""),
        (12.5, ""),
        (1234.0, ""),
        (None, "-"),
        (None, "..."),
        (None, "."),
        (None, "x"),
        (None, ""),
    ]


def test_ambiguous_numbers_follow_the_column_then_the_file():
    assert _parse(["1.234", "0.5"])[0][0] == (1.234, "")  # "0.5" proves a decimal point
    assert _parse(["1,234", "2,5"], default="en")[0][0] == (1.234, "")  # "2,5" decides
    assert _parse(["1.234"], default="en")[0][0] == (1.234, "")
    assert _parse(["1.234"], default="de")[0][0] == (1234.0, "")
    assert _parse(["0,123"], default="en")[0][0] == (0.123, "")  # no thousands group starts with 0


def test_mixed_formats_name_the_odd_cell():
    _parsed, problems = _parse(["12,5", "8,25", "7.5", "3,1"])
    assert problems == [("mixed_number_format", 4)]


# --------------------------------------------------------------------------- csv grid


def test_encoding_separator_and_excel_sep_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("sep=,\nStadtteil,Wert\nHöhe,1\n".encode("cp1252"))
    grid = read_csv_grid(path, "t.csv")
    assert grid.separator == ","
    assert grid.rows == [["Stadtteil", "Wert"], ["Höhe", "1"]]
    assert grid.lines == [2, 3]
    assert next(n.params for n in grid.notes) == {"encoding": "Windows-1252"}

    path.write_bytes("\ufeffStadtteil\tWert\nA\t1\n".encode())
    grid = read_csv_grid(path, "t.csv")
    assert grid.separator == "\t"
    assert grid.rows[0] == ["Stadtteil", "Wert"]
    assert grid.notes[0].params == {"encoding": "UTF-8 (BOM)"}


def test_quoted_decimal_comma_in_comma_file_is_fine(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        'Stadtteil,Ausländeranteil 2021\nAltstadt,"12,5"\nNeuhof,"3,25"\n', encoding="utf-8"
    )
    table = read_table(path)
    assert [r.value for r in table.layout.records] == [12.5, 3.25]


# --------------------------------------------------------------------------- layouts


def _layout(tmp_path, text, **options):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return read_table(path, TableOptions(**options)).layout


def test_layout_detection(tmp_path):
    long = _layout(tmp_path, "Bezirk;Merkmal;Jahr;Wert\nA;Einwohner;2021;5\n")
    assert long.kind == "long"
    assert long.records[0].indicator == "Einwohner"
    single = _layout(tmp_path, "Stadtteil;Jahr;Wert\nA;2021;5\n", indicator="population")
    assert single.kind == "long_single"
    assert single.records[0].year == "2021"
    wide = _layout(tmp_path, "Stadtteil;Jahr;Einwohner;Ausländeranteil\nA;2021;5;1,5\n")
    assert wide.kind == "wide"
    assert [r.year for r in wide.records] == ["2021", "2021"]
    by_year = _layout(tmp_path, "Titel\nStadtteil;2020;2021\nA;1;2\n")
    assert by_year.kind == "wide_by_year"
    assert by_year.indicator_hints[0] == "Titel"
    two_rows = _layout(tmp_path, "Stadtteil;Einwohner;;Anteil\n;2020;2021;2021\nA;1;2;3\n")
    assert two_rows.kind == "wide_two_row_header"
    assert [(r.indicator, r.year) for r in two_rows.records] == [
        ("Einwohner", "2020"),
        ("Einwohner", "2021"),
        ("Anteil", "2021"),
    ]
    units = _layout(tmp_path, "Stadtteil;Einwohner 2021\n;Anzahl\nA;1\n")
    assert units.kind == "wide_year_suffix"
    assert units.records[0].row == 3


def test_two_district_columns_match_by_either(tmp_path):
    layout = _layout(tmp_path, "Nr;Stadtteil;Einwohner 2021\n7;Nordstadt;5\n")
    assert layout.district_columns == ["Nr", "Stadtteil"]
    matcher = DistrictMatcher(["nord"], ["Nordstadt"])
    texts = [t for _c, t in layout.records[0].districts]
    assert [matcher.match(t) for t in texts] == [None, "nord"]


def test_district_matcher():
    matcher = DistrictMatcher(["01", "02", "03"], ["Winzeln", "Hohe Luft", "Neuhof"])
    assert matcher.match("1") == "01"
    assert matcher.match(" hohe  luft ".strip()) == "02"
    assert matcher.match("HOHE LUFT") == "02"
    assert matcher.match("Winzlen") is None
    assert matcher.suggest("Winzlen") == "Winzeln"
    assert matcher.suggest("Atlantis") is None


def test_layout_reports_unknown_table_district_column(tmp_path):
    problems = ProblemCollector("t.csv")
    path = tmp_path / "t.csv"
    path.write_text("Stadtteil;Einwohner 2021\nA;1\n", encoding="utf-8")
    grid = read_csv_grid(path, "t.csv")
    assert build_layout(grid, LayoutOptions(district_column="Bezirk"), problems) is None
    assert [p.code for p in problems.problems] == ["column_not_found"]


# --------------------------------------------------------------------------- report


def test_report_formats_in_both_languages_and_caps_repeats():
    collector = CappedCollector("t.csv")
    for row in range(2, MAX_PER_KIND + 7):
        collector.add("not_a_number_or_sign", row=row, column="Wert", value="?")
    collector.add("district_without_values", row=1, column="id", severity="warning", value="A")
    problems = collector.finish()
    assert len(problems) == MAX_PER_KIND + 2
    assert problems[-1].code == "more_rows"
    assert problems[-1].params == {"count": 5}

    report = ImportReport(problems, [Note("note_encoding", {"encoding": "UTF-8"})])
    assert report.counts() == {"errors": MAX_PER_KIND + 1, "warnings": 1, "notes": 1}
    german, english = report.format("de"), report.format("en")
    assert "Zeichenkodierung erkannt: UTF-8." in german
    assert "t.csv, Zeile 2, Spalte Wert" in german
    assert f"{MAX_PER_KIND + 1} Fehler, 1 Warnungen." in german
    assert "Detected encoding: UTF-8." in english
    assert "1 warnings." in english
    with pytest.raises(DataError):
        report.raise_if_errors()


# --------------------------------------------------------------------------- boundaries


def test_geojson_with_a_declared_projected_crs_is_reprojected(tmp_path):
    frame = districts_frame("EPSG:25832")
    collection = json.loads(frame.to_json())
    collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}
    path = tmp_path / "grenzen.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    result = read_boundaries(path)
    assert result.districts.crs.to_epsg() == 4326
    assert list(result.districts["district_id"]) == ["01", "02", "03", "04"]
    assert {n.code: n.params for n in result.notes}["note_crs"] == {"crs": "EPSG:25832"}
    west, south, _east, _north = result.districts.total_bounds
    assert abs(west - 7.60) < 1e-5
    assert abs(south - 49.19) < 1e-5


def test_zip_with_two_shapefiles_reads_the_chosen_layer(tmp_path):
    frame = districts_frame()
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "stadtteile.shp", engine="pyogrio")
    frame.iloc[:2].to_file(folder / "bezirke.shp", engine="pyogrio")
    path = tmp_path / "grenzen.zip"
    _zip(path, [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())])
    assert sorted(list_layers(path)) == ["bezirke", "stadtteile"]
    result = read_boundaries(path, BoundaryOptions(layer="bezirke"))
    assert len(result.districts) == 2
    assert result.layer == "bezirke"


def test_ids_are_made_from_names_when_no_id_column_exists(tmp_path):
    frame = districts_frame()[["OT_NAME", "geometry"]].rename(columns={"OT_NAME": "Stadtteil"})
    path = tmp_path / "grenzen.geojson"
    path.write_text(frame.to_json(drop_id=True), encoding="utf-8")
    result = read_boundaries(path)
    assert list(result.districts["district_id"]) == ["altstadt", "winzeln", "hohe-lueft", "neuhof"]
    assert [n.code for n in result.notes] == ["note_name_column", "note_ids_from_names"]


def test_explicit_columns_are_found_case_insensitively(tmp_path):
    path = tmp_path / "grenzen.geojson"
    path.write_text(districts_frame().to_json(), encoding="utf-8")
    result = read_boundaries(path, BoundaryOptions(id_column="ot_nr", name_column=" OT_NAME "))
    assert (result.id_column, result.name_column) == ("OT_NR", "OT_NAME")
    assert result.notes == []


def test_district_word_in_a_value_column_does_not_make_it_a_district_column(tmp_path):
    layout = _layout(tmp_path, "Stadtteil;Ärzte je Bezirk 2021\nA;3\n")
    assert layout.district_columns == ["Stadtteil"]
    assert layout.records[0].indicator == "Ärzte je Bezirk"


def test_a_title_line_with_two_cells_is_not_the_header(tmp_path):
    layout = _layout(
        tmp_path, "Stadt Winzeln;Stand 2021\nStadtteil;Einwohner 2021;Anteil 2021\nA;1;2\n"
    )
    assert layout.header_line == 2
    assert [r.indicator for r in layout.records] == ["Einwohner", "Anteil"]
