"""Generate tests/data/bad/ (broken and hostile import inputs) and tests/data/good/.

Run once and commit the output:  .venv/bin/python tests/data/make_bad_corpus.py

Every bad file is paired with a good counterpart (a table with the good boundaries, or
boundaries with the good table) so that exactly one thing is wrong. ``bad/expected.json``
holds, per file, the expected problem code with row and column (None where the problem
concerns the whole file) and any import options the case needs; ``bad/README.md`` is the
same as a table for people.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import openpyxl
import shapely

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
GOOD = HERE / "good"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)

# Four districts of a fictional town near Pirmasens, 0.01° squares in a row (EPSG:4326).
DISTRICTS = [
    ("altstadt", "Altstadt"),
    ("winzeln", "Winzeln"),
    ("hohe-luft", "Hohe Luft"),
    ("neuhof", "Neuhof"),
]
XSS = "<img src=x onerror=alert(1)>"
# Hostile files point here; tests/test_import_corpus.py listens on this port and asserts that
# no request arrives while they are imported.
LISTENER = "http://127.0.0.1:48629"


def square(i: int, size: float = 0.01) -> list[list[float]]:
    x0, y0 = 7.60 + i * size, 49.19
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


def feature(props: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def polygon(i: int) -> dict:
    return {"type": "Polygon", "coordinates": [square(i)]}


def collection(features: list[dict], **extra: object) -> bytes:
    data = {"type": "FeatureCollection", **extra, "features": features}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def good_features(names: list[tuple[str, str]] = DISTRICTS) -> list[dict]:
    return [feature({"district_id": d, "name": n}, polygon(i)) for i, (d, n) in enumerate(names)]


GOOD_BOUNDARIES = collection(good_features())
GOOD_VALUES = (
    b"district_id,indicator_id,year,value,numerator,denominator,status\n"
    b"altstadt,population,2021,1250,,,\n"
    b"winzeln,population,2021,2345,,,\n"
    b"hohe-luft,population,2021,980,,,\n"
    b"neuhof,population,2021,610,,,\n"
    b"altstadt,foreigners_share,2021,12.5,,,\n"
    b"winzeln,foreigners_share,2021,8.3,,,\n"
    b"hohe-luft,foreigners_share,2021,,,,.\n"
    b"neuhof,foreigners_share,2021,4.1,,,\n"
)
GERMAN_HEAD = "Stadtteil;Einwohner 2021;Ausländeranteil 2021\n"
LONG_HEAD = "district_id;indicator_id;year;value;numerator;denominator;status\n"


# --------------------------------------------------------------------------- builders


def zip_bytes(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in members:
                if isinstance(info, str):
                    info = zipfile.ZipInfo(info, ZIP_DATE)
                    info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    return buffer.getvalue()


def shapefile_members(stem: str, *, crs: str | None = "EPSG:4326") -> list[tuple[str, bytes]]:
    # Shapefile column names have at most 10 characters; GIS exports use names like these.
    frame = gpd.GeoDataFrame(
        {"OT_NR": [f"{i:02d}" for i in range(1, 5)], "OT_NAME": [n for _, n in DISTRICTS]},
        geometry=[shapely.Polygon(square(i)) for i in range(len(DISTRICTS))],
        crs=crs,
    )
    with tempfile.TemporaryDirectory() as tmp:
        frame.to_file(Path(tmp) / f"{stem}.shp", engine="pyogrio")
        return [(p.name, p.read_bytes()) for p in sorted(Path(tmp).iterdir())]


def shapefile_zip(*, prj: bool = True) -> bytes:
    members = shapefile_members("stadtteile")
    if not prj:
        members = [(n, d) for n, d in members if not n.endswith(".prj")]
    return zip_bytes(members)


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_dimension(ref: str) -> bytes:
    """A small workbook whose sheet declares the used range ``ref`` (Excel's <dimension>)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx({"Daten": [["Stadtteil", "Einwohner 2021"]]})))
    members = []
    for info in source.infolist():
        data = source.read(info)
        if info.filename == "xl/worksheets/sheet1.xml":
            start = data.index(b'<dimension ref="') + len(b'<dimension ref="')
            data = data[:start] + ref.encode() + data[data.index(b'"', start) :]
        info.date_time = ZIP_DATE
        members.append((info, data))
    return zip_bytes(members)


def gpkg_bytes() -> bytes:
    frame = gpd.GeoDataFrame(
        {"district_id": ["a"], "name": ["A"]}, geometry=[shapely.Polygon(square(0))], crs=4326
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.gpkg"
        frame.to_file(path, layer="stadtteile", engine="pyogrio")
        return path.read_bytes()


def with_coordinate(index: int, literal: bytes) -> bytes:
    """The good boundaries with the first x of feature ``index`` replaced by ``literal``."""
    marker = 12345.678
    ring = square(index)
    ring[0] = [marker, ring[0][1]]
    data = _features_with(index, {"type": "Polygon", "coordinates": [ring]})
    return data.replace(str(marker).encode(), literal, 1)


def gpkg_with_nan() -> bytes:
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # shapely warns about the NaN on purpose
        broken = shapely.Polygon(
            [(7.61, 49.19), (float("nan"), 49.19), (7.62, 49.20), (7.61, 49.19)]
        )
        frame = gpd.GeoDataFrame(
            {"district_id": ["altstadt", "winzeln"], "name": ["Altstadt", "Winzeln"]},
            geometry=[shapely.Polygon(square(0)), broken],
            crs=4326,
        )
        path = Path(tmp) / "x.gpkg"
        frame.to_file(path, layer="stadtteile", engine="pyogrio")
        return path.read_bytes()


def symlink_member() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("stadtteile.shp", ZIP_DATE)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def encrypted_zip() -> bytes:
    """A zip whose member is flagged as encrypted (zipfile cannot write real encryption)."""
    data = bytearray(zip_bytes([("stadtteile.shp", b"x")]))
    data[6] |= 0x1  # general purpose flag of the local header
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # ... and of the central directory entry
    return bytes(data)


def zip_bomb() -> bytes:
    """20 MB of zeros in one member: about 20 KB on disk, ratio ~1000:1."""
    info = zipfile.ZipInfo("stadtteile.shp", ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, archive.open(info, "w", force_zip64=False) as out:
        chunk = bytes(1024 * 1024)
        for _ in range(20):
            out.write(chunk)
    return buffer.getvalue()


def pseudo_random(n: int, seed: int) -> bytes:
    """Incompressible, but deterministic, bytes."""
    out = bytearray()
    state = seed
    while len(out) < n:
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        out += state.to_bytes(8, "little")
    return bytes(out[:n])


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    file: str
    content: bytes | Callable[[], bytes]
    code: str
    row: int | None = None
    column: str | None = None
    what: str = ""
    options: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return "boundaries" if self.file.startswith("b") else "table"


def csv_case(file: str, text: str, code: str, row=None, column=None, what="", enc="utf-8", **o):
    return Case(file, text.encode(enc), code, row, column, what, o)


TABLES = [
    Case("t01_empty.csv", b"", "empty_file", what="0 bytes"),
    Case("t02_whitespace_only.csv", b"\n  \n\t\n", "empty_file", what="only blanks"),
    Case(
        "t03_utf16_without_bom.csv",
        (GERMAN_HEAD + "Altstadt;1250;12,5\n").encode("utf-16-le"),
        "not_text",
        what="UTF-16 without BOM (NUL bytes)",
    ),
    Case(
        "t04_mixed_encoding.csv",
        "Übersicht der Stadtteile\n".encode()
        + "Stand: März 2022\n".encode("cp1252")
        + (GERMAN_HEAD + "Altstadt;1.250;12,5\n").encode(),
        "mixed_encoding",
        2,
        what="UTF-8 and Windows-1252 lines in one file",
    ),
    Case(
        "t05_png_named_csv.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02",
        "not_text",
        what="an image",
    ),
    Case(
        "t06_xlsx_named_csv.csv",
        lambda: xlsx({"Daten": [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1250]]}),
        "xlsx_as_csv",
        what="an Excel file renamed to .csv",
    ),
    csv_case(
        "t07_decimal_comma_comma_separator_long.csv",
        "district_id,indicator_id,year,value\n"
        "altstadt,foreigners_share,2021,12,5\n"
        "winzeln,foreigners_share,2021,8,25\n",
        "decimal_comma_separator",
        2,
        "value",
        "decimal comma in a comma-separated file (long)",
    ),
    csv_case(
        "t08_decimal_comma_comma_separator_wide.csv",
        "Stadtteil,Ausländeranteil 2021\nAltstadt,12,5\nWinzeln,8,3\n",
        "decimal_comma_separator",
        2,
        "Ausländeranteil 2021",
        "decimal comma in a comma-separated file (wide)",
    ),
    csv_case(
        "t09_mixed_decimal_separators.csv",
        "Stadtteil;Ausländeranteil 2021\nAltstadt;12,5\nWinzeln;8,25\nHohe Luft;7.5\nNeuhof;3,1\n",
        "mixed_number_format",
        4,
        "Ausländeranteil 2021",
        "7.5 among decimal commas",
    ),
    csv_case(
        "t10_mixed_thousands_separators.csv",
        "Stadtteil;Einwohner 2021\nAltstadt;1.234,5\nWinzeln;2,345.5\n",
        "mixed_number_format",
        3,
        "Einwohner 2021",
        "1.234,5 and 2,345.5 in one column",
    ),
    csv_case(
        "t11_not_a_number.csv",
        "Stadtteil;Einwohner 2021\nAltstadt;1.250\nWinzeln;zwölfhundert\n",
        "not_a_number_or_sign",
        3,
        "Einwohner 2021",
        "a number in words",
    ),
    csv_case(
        "t12_unofficial_sign.csv",
        "Stadtteil;Einwohner 2021\nAltstadt;1.250\nWinzeln;k.A.\n",
        "not_a_number_or_sign",
        3,
        "Einwohner 2021",
        "'k.A.' is not an official sign",
    ),
    csv_case(
        "t13_unknown_district_near_miss.csv",
        GERMAN_HEAD + "Altstadt;1.250;12,5\nWinzlen;2.345;8,3\n",
        "unknown_district_suggest",
        3,
        "Stadtteil",
        "'Winzlen' (typo of Winzeln)",
    ),
    csv_case(
        "t14_unknown_district.csv",
        GERMAN_HEAD + "Altstadt;1.250;12,5\nAtlantis;2.345;8,3\n",
        "unknown_district",
        3,
        "Stadtteil",
        "a district that does not exist",
    ),
    csv_case(
        "t15_duplicate_district_wide.csv",
        GERMAN_HEAD + "Altstadt;1.250;12,5\nWinzeln;2.345;8,3\nAltstadt;1.260;12,7\n",
        "duplicate_table_district",
        4,
        "Stadtteil",
        "a district twice",
    ),
    csv_case(
        "t16_duplicate_rows_long.csv",
        LONG_HEAD + "altstadt;population;2021;1250;;;\naltstadt;population;2021;1250;;;\n",
        "duplicate_value_row",
        3,
        "district_id",
        "the same row twice",
    ),
    csv_case(
        "t17_unknown_indicator_long.csv",
        LONG_HEAD + "altstadt;happiness_index;2021;7;;;\n",
        "unknown_indicator",
        2,
        "indicator_id",
        "indicator not in the catalog",
    ),
    csv_case(
        "t18_unknown_indicator_wide.csv",
        "Stadtteil;Glücksindex 2021\nAltstadt;7\n",
        "unknown_indicator",
        1,
        "Glücksindex 2021",
        "column not in the catalog",
    ),
    csv_case(
        "t19_indicator_near_miss.csv",
        "Stadtteil;Ausländeranteill 2021\nAltstadt;12,5\n",
        "unknown_indicator_suggest",
        1,
        "Ausländeranteill 2021",
        "typo in an indicator label",
    ),
    csv_case(
        "t20_long_without_value.csv",
        "district_id;indicator_id;year\naltstadt;population;2021\n",
        "missing_column",
        None,
        "Wert/value",
        "long table without value column",
    ),
    csv_case(
        "t21_long_without_year.csv",
        "district_id;indicator_id;value\naltstadt;population;1250\n",
        "missing_column",
        None,
        "Jahr/year",
        "long table without year column",
    ),
    csv_case(
        "t22_year_as_text.csv",
        LONG_HEAD + "altstadt;population;zweitausend;1250;;;\n",
        "bad_year",
        2,
        "year",
        "year written as a word",
    ),
    csv_case(
        "t23_year_out_of_range.csv",
        LONG_HEAD + "altstadt;population;1850;1250;;;\n",
        "bad_year",
        2,
        "year",
        "year 1850",
    ),
    csv_case(
        "t24_share_out_of_range.csv",
        "Stadtteil;Ausländeranteil 2021\nAltstadt;150\n",
        "out_of_range",
        2,
        "Ausländeranteil 2021",
        "a share of 150 %",
    ),
    csv_case(
        "t25_negative_count.csv",
        "Stadtteil;Einwohner 2021\nAltstadt;-5\n",
        "negative",
        2,
        "Einwohner 2021",
        "negative population",
    ),
    csv_case(
        "t26_negative_denominator.csv",
        LONG_HEAD + "altstadt;foreigners_share;2021;;10;-100;\n",
        "negative",
        2,
        "denominator",
        "negative base of a rate",
    ),
    csv_case(
        "t27_sign_with_value.csv",
        LONG_HEAD + "altstadt;foreigners_share;2021;12,5;;;.\n",
        "status_with_value",
        2,
        "value",
        "a value and '.' (suppressed) in one row",
    ),
    csv_case(
        "t28_unknown_status.csv",
        LONG_HEAD + "altstadt;foreigners_share;2021;;;;?\n",
        "bad_status",
        2,
        "status",
        "status '?'",
    ),
    csv_case(
        "t29_value_missing.csv",
        LONG_HEAD + "altstadt;foreigners_share;2021;;;;\nwinzeln;foreigners_share;2021;8,3;;;\n",
        "value_missing",
        2,
        "value",
        "empty value without a sign",
    ),
    csv_case(
        "t30_value_inconsistent.csv",
        LONG_HEAD + "altstadt;foreigners_share;2021;50;10;100;\n",
        "value_inconsistent",
        2,
        "value",
        "10 of 100 is not 50 %",
    ),
    csv_case(
        "t31_zero_base.csv",
        LONG_HEAD + "altstadt;foreigners_share;2021;12,5;0;0;\n",
        "zero_base",
        2,
        "denominator",
        "a rate with base 0",
    ),
    csv_case("t32_header_only.csv", GERMAN_HEAD, "no_data_rows", 1, None, "header without rows"),
    csv_case(
        "t33_title_only.csv",
        "Sozialbericht der Stadt\nStand: 31.12.2021\n",
        "no_header",
        what="only title lines",
    ),
    csv_case(
        "t34_ragged_row.csv",
        "Stadtteil;Einwohner 2021\nAltstadt;1.250\nWinzeln;2.345;viel\n",
        "wrong_field_count",
        3,
        None,
        "a row with an extra field",
    ),
    csv_case(
        "t35_duplicate_columns.csv",
        "Stadtteil;Einwohner 2021;Einwohner 2021\nAltstadt;1.250;1.250\n",
        "duplicate_column",
        1,
        "Einwohner 2021",
        "two columns with one name",
    ),
    csv_case(
        "t36_empty_header.csv",
        "Stadtteil;Einwohner 2021;\nAltstadt;1.250;77\n",
        "empty_header",
        1,
        "#3",
        "values under an empty column name",
    ),
    csv_case(
        "t37_wide_without_year.csv",
        "Stadtteil;Einwohner\nAltstadt;1.250\n",
        "year_missing",
        1,
        "Einwohner",
        "no year anywhere",
    ),
    csv_case(
        "t38_years_without_indicator.csv",
        "Stadtteil;2020;2021\nAltstadt;1.240;1.250\n",
        "indicator_for_years_missing",
        1,
        None,
        "one column per year, indicator not named",
    ),
    csv_case(
        "t39_empty_district_cell.csv",
        GERMAN_HEAD + "Altstadt;1.250;12,5\n;2.345;8,3\n",
        "empty_cell",
        3,
        "Stadtteil",
        "values without a district",
    ),
    csv_case(
        "t40_unclosed_quote.csv",
        'Stadtteil;Einwohner 2021\nAltstadt;1.250\n"Winzeln;2.345\nNeuhof;610\n',
        "csv_syntax",
        3,
        None,
        "an unclosed quotation mark",
    ),
    Case(
        "t41_truncated.xlsx",
        lambda: xlsx({"Daten": [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1250]]})[:1500],
        "unreadable_table",
        what="XLSX cut off after 1500 bytes",
    ),
    Case(
        "t42_text_named_xlsx.xlsx",
        b"Stadtteil;Einwohner 2021\nAltstadt;1250\n",
        "unreadable_table",
        what="a CSV renamed to .xlsx",
    ),
    Case(
        "t43_several_sheets.xlsx",
        lambda: xlsx(
            {
                "2020": [["Stadtteil", "Einwohner 2020"], ["Altstadt", 1240]],
                "2021": [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1250]],
            }
        ),
        "several_sheets",
        what="two filled sheets, none chosen",
    ),
    Case(
        "t44_title_block_unknown_district.xlsx",
        lambda: xlsx(
            {
                "Daten": [
                    ["Stadt Winzeln – Sozialstatistik"],
                    ["Stand: 31.12.2021"],
                    [],
                    ["Stadtteil", "Einwohner 2021", "Ausländeranteil 2021"],
                    ["Altstadt", 1250, 12.5],
                    ["Winzlen", 2345, 8.3],
                ]
            }
        ),
        "unknown_district_suggest",
        6,
        "Stadtteil",
        "title block above the header; row number is the Excel row",
    ),
    Case(
        "t45_legacy.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "old_spreadsheet_format",
        what="old Excel 97 format",
    ),
    csv_case(
        "t46_too_large.csv",
        GERMAN_HEAD + "Altstadt;1.250;12,5\n" * 3,
        "file_too_large",
        what="over the (lowered) upload limit",
        max_upload_mb=0.00005,
    ),
    Case(
        "t47_unknown_sheet.xlsx",
        lambda: xlsx({"Daten": [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1250]]}),
        "unknown_sheet",
        what="--sheet names a sheet that does not exist",
        options={"sheet": "Daten 2024"},
    ),
    Case(
        "t48_excel_error_cell.xlsx",
        lambda: xlsx({"Daten": [["Stadtteil", "Einwohner 2021"], ["Altstadt", "#DIV/0!"]]}),
        "not_a_number_or_sign",
        2,
        "Einwohner 2021",
        "an Excel error value",
    ),
    csv_case(
        "t49_no_district_column.csv",
        "indicator_id;year;value\npopulation;2021;1250\n",
        "no_district_column",
        what="long table without district column",
    ),
    Case(
        "t50_values.json",
        b'{"Altstadt": 1250}\n',
        "unsupported_format",
        what="JSON is no table format",
    ),
    csv_case(
        "t51_mapping_to_unknown_indicator.csv",
        "Stadtteil;Glück 2021\nAltstadt;7\n",
        "mapping_target_unknown",
        what="a mapping to an indicator id that does not exist",
        indicator_mapping={"Glück": "happiness"},
    ),
    csv_case(
        "t52_cp1252_unknown_district.csv",
        "Bevölkerung nach Stadtteilen\n"
        + GERMAN_HEAD
        + "Altstadt;1.250;12,5\nMüllerhöhe;980;6,1\n",
        "unknown_district",
        4,
        "Stadtteil",
        "Windows-1252 file with a title line; row counts the title",
        enc="cp1252",
    ),
    csv_case(
        "t53_html_in_unknown_district.csv",
        GERMAN_HEAD + f"{XSS};1.250;12,5\n",
        "unknown_district",
        2,
        "Stadtteil",
        "HTML in a district that does not exist (reported as text)",
    ),
    csv_case(
        "t54_too_many_rows.csv",
        LONG_HEAD + "altstadt;population;2021;1250;;;\n" * 8,
        "too_many_rows",
        what="9 lines, row limit lowered to 5 (counted before decoding)",
        content_limits={"max_rows": 5},
    ),
    csv_case(
        "t58_too_many_columns.csv",
        "Stadtteil;Einwohner 2021\nAltstadt;1250" + ";0" * 40 + "\n",
        "too_many_columns",
        2,
        what="a row of 42 fields, column limit lowered to 20",
        content_limits={"max_columns": 20},
    ),
    csv_case(
        "t59_long_cell.csv",
        "Stadtteil;Einwohner 2021\n" + "A" * 3000 + ";1250\n",
        "value_too_long",
        2,
        "#1",
        "a 3,000-character field (limit 2,000)",
    ),
    Case(
        "t55_xlsx_declares_too_many_rows.xlsx",
        lambda: xlsx_with_dimension("A1:B100000"),
        "too_many_rows",
        what="sheet declares 100,000 rows (limit lowered to 1,000); refused before reading",
        options={"content_limits": {"max_rows": 1000}},
    ),
    Case(
        "t56_xlsx_too_many_columns.xlsx",
        lambda: xlsx({"Daten": [["Stadtteil", "Einwohner 2021"], ["Altstadt", 1250, *[0] * 40]]}),
        "too_many_columns",
        what="a row of 42 cells, column limit lowered to 20 (the declared size says so)",
        options={"content_limits": {"max_columns": 20}},
    ),
    Case(
        "t57_xlsx_long_cell.xlsx",
        lambda: xlsx({"Daten": [["Stadtteil", "Einwohner 2021"], ["A" * 3000, 1250]]}),
        "value_too_long",
        2,
        "A",
        "a 3,000-character cell (limit 2,000)",
    ),
]


def _bowtie() -> dict:
    x0, y0 = 7.62, 49.19
    ring = [[x0, y0], [x0 + 0.01, y0 + 0.01], [x0 + 0.01, y0], [x0, y0 + 0.01], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _features_with(index: int, geometry: dict | None, props: dict | None = None) -> bytes:
    features = good_features()
    features[index]["geometry"] = geometry
    if props is not None:
        features[index]["properties"] = props
    return collection(features)


def _utm_features() -> bytes:
    ring = [
        [410000, 5450000],
        [411000, 5450000],
        [411000, 5451000],
        [410000, 5451000],
        [410000, 5450000],
    ]
    return collection(
        [feature({"district_id": "a", "name": "A"}, {"type": "Polygon", "coordinates": [ring]})]
    )


def _gpkg_truncated() -> bytes:
    return gpkg_bytes()[:4096]


BOUNDARIES = [
    Case("b01_empty.geojson", b"", "empty_file", what="0 bytes"),
    Case(
        "b02_truncated.geojson",
        GOOD_BOUNDARIES[: len(GOOD_BOUNDARIES) // 2],
        "bad_json",
        GOOD_BOUNDARIES[: len(GOOD_BOUNDARIES) // 2].count(b"\n") + 1,
        what="GeoJSON cut in half",
    ),
    Case(
        "b03_not_geojson.geojson", b'{"hello": "world"}\n', "not_geojson", what="JSON, not GeoJSON"
    ),
    Case(
        "b04_point.geojson",
        lambda: _features_with(1, {"type": "Point", "coordinates": [7.61, 49.195]}),
        "not_polygon",
        2,
        "geometry",
        "a point instead of an area",
    ),
    Case(
        "b05_line.geojson",
        lambda: _features_with(0, {"type": "LineString", "coordinates": square(0)}),
        "not_polygon",
        1,
        "geometry",
        "a line instead of an area",
    ),
    Case(
        "b06_bowtie.geojson",
        lambda: _features_with(2, _bowtie()),
        "invalid_geometry",
        3,
        "geometry",
        "self-intersecting bow-tie (not repairable without changing the area)",
    ),
    Case(
        "b07_null_geometry.geojson",
        lambda: _features_with(1, None),
        "empty_geometry",
        2,
        "geometry",
        "feature without geometry",
    ),
    Case(
        "b08_empty_polygon.geojson",
        lambda: _features_with(3, {"type": "Polygon", "coordinates": []}),
        "empty_geometry",
        4,
        "geometry",
        "polygon without coordinates",
    ),
    Case(
        "b09_duplicate_ids.geojson",
        lambda: _features_with(3, polygon(3), {"district_id": "altstadt", "name": "Neuhof"}),
        "duplicate_district",
        4,
        "district_id",
        "two districts with one id",
    ),
    Case(
        "b10_empty_id.geojson",
        lambda: _features_with(1, polygon(1), {"district_id": "", "name": "Winzeln"}),
        "empty_cell",
        2,
        "district_id",
        "a district without id",
    ),
    Case(
        "b11_no_name_column.geojson",
        lambda: collection(
            [feature({"flaeche_ha": 12}, polygon(0)), feature({"flaeche_ha": 3}, polygon(1))]
        ),
        "no_name_column",
        what="no column with district names",
    ),
    Case(
        "b12_projected_without_crs.geojson",
        _utm_features,
        "coordinates_out_of_range",
        what="UTM metres in a GeoJSON without crs",
    ),
    Case(
        "b13_no_features.geojson",
        lambda: collection([]),
        "no_features",
        what="empty FeatureCollection",
    ),
    Case(
        "b14_geometry_collection.geojson",
        lambda: _features_with(
            0,
            {
                "type": "GeometryCollection",
                "geometries": [polygon(0), {"type": "Point", "coordinates": [7.6, 49.19]}],
            },
        ),
        "not_polygon",
        1,
        "geometry",
        "GeometryCollection",
    ),
    Case(
        "b15_shapefile_without_prj.zip",
        lambda: shapefile_zip(prj=False),
        "missing_crs",
        what="zipped Shapefile without .prj",
    ),
    Case(
        "b16_truncated.zip",
        lambda: shapefile_zip()[:700],
        "bad_zip",
        what="zip cut off",
    ),
    Case(
        "b17_zip_slip.zip",
        lambda: zip_bytes([("../../evil.shp", b"x")]),
        "zip_path_traversal",
        what="member '../../evil.shp'",
    ),
    Case(
        "b18_zip_absolute_path.zip",
        lambda: zip_bytes([("/tmp/evil.shp", b"x")]),
        "zip_absolute_path",
        what="member '/tmp/evil.shp'",
    ),
    Case(
        "b19_zip_symlink.zip",
        lambda: zip_bytes([(symlink_member(), b"/etc/passwd")]),
        "zip_symlink",
        what="a symlink member pointing at /etc/passwd",
    ),
    Case("b20_zip_bomb.zip", zip_bomb, "zip_bomb", what="20 MB of zeros in ~20 KB"),
    Case(
        "b21_zip_without_geodata.zip",
        lambda: zip_bytes([("liesmich.txt", b"Hier fehlt das Shapefile.\n")]),
        "zip_no_geodata",
        what="zip with a text file only",
    ),
    Case(
        "b22_zip_two_shapefiles.zip",
        lambda: zip_bytes([*shapefile_members("stadtteile"), *shapefile_members("ortsteile")]),
        "several_layers",
        what="two Shapefiles, no --layer",
    ),
    Case(
        "b23_zip_encrypted.zip",
        encrypted_zip,
        "zip_encrypted",
        what="member flagged as encrypted",
    ),
    Case(
        "b24_zip_too_many_files.zip",
        lambda: zip_bytes([(f"teil{i}.txt", b"x") for i in range(6)]),
        "zip_too_many_files",
        what="6 members, limit lowered to 5",
        options={"zip_limits": {"max_files": 5}},
    ),
    Case(
        "b25_zip_too_large.zip",
        lambda: zip_bytes([(f"teil{i}.bin", pseudo_random(4000, i + 1)) for i in range(3)]),
        "zip_too_large",
        what="12 KB unpacked, limit lowered to 8 KB",
        options={"zip_limits": {"max_total_bytes": 8000}},
    ),
    Case("b26_truncated.gpkg", _gpkg_truncated, "unreadable_geo", what="GeoPackage cut to 4 KB"),
    Case(
        "b27_boundaries.kml",
        b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>\n',
        "unsupported_format",
        what="KML",
    ),
    Case(
        "b28_lone.shp",
        lambda: dict(shapefile_members("lone"))["lone.shp"],
        "shapefile_needs_zip",
        what="a .shp without its companion files",
    ),
    Case(
        "b29_unknown_id_column.geojson",
        GOOD_BOUNDARIES,
        "column_not_found",
        what="--district-id-column names a missing column",
        options={"district_id_column": "OT_NR"},
    ),
    Case(
        "b30_zip_duplicate_member.zip",
        lambda: zip_bytes([("stadtteile.shp", b"x"), ("stadtteile.shp", b"y")]),
        "zip_duplicate_member",
        what="one name twice",
    ),
    Case(
        "b31_zip_backslash_traversal.zip",
        lambda: zip_bytes([("..\\..\\evil.shp", b"x")]),
        "zip_path_traversal",
        what="Windows-style '..\\..\\evil.shp'",
    ),
    Case(
        "b32_not_utf8.geojson",
        lambda: GOOD_BOUNDARIES.decode().replace("Hohe Luft", "Hohe Lüft").encode("cp1252"),
        "not_utf8",
        row=next(  # the line holding the only non-ASCII byte
            n for n, line in enumerate(GOOD_BOUNDARIES.splitlines(), 1) if b"Hohe Luft" in line
        ),
        what="GeoJSON in Windows-1252",
    ),
    Case(
        "b33_unknown_layer.zip",
        lambda: shapefile_zip(),
        "unknown_layer",
        what="--layer names a layer that does not exist",
        options={"layer": "bezirke"},
    ),
    Case(
        "b34_crs_link.geojson",
        lambda: collection(
            good_features(),
            crs={"type": "link", "properties": {"href": f"{LISTENER}/b34.prj", "type": "proj4"}},
        ),
        "crs_reference",
        None,
        "crs",
        "crs of type link to a URL (GDAL would fetch it: SSRF)",
    ),
    Case(
        "b35_crs_name_url.geojson",
        lambda: collection(
            good_features(), crs={"type": "name", "properties": {"name": f"{LISTENER}/b35.prj"}}
        ),
        "crs_reference",
        None,
        "crs",
        "crs named by a URL",
    ),
    Case(
        "b36_geometry_crs_file_link.geojson",
        lambda: _features_with(
            1,
            {**polygon(1), "crs": {"type": "link", "properties": {"href": "file:///etc/passwd"}}},
        ),
        "crs_reference",
        2,
        "crs",
        "crs link to a local file inside a geometry",
    ),
    Case(
        "b37_nested_200000_deep.geojson",
        lambda: (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            '"geometry":{"type":"Polygon","coordinates":' + "[" * 200_000 + "]" * 200_000 + "}}]}"
        ).encode(),
        "json_too_deep",
        1,
        "geometry",
        "coordinates nested 200,000 arrays deep (RecursionError in json/GDAL)",
    ),
    Case(
        "b38_nan_coordinate.geojson",
        lambda: with_coordinate(1, b"NaN"),
        "non_finite_coordinate",
        2,
        "geometry",
        "NaN literal as a coordinate (not JSON; Python's json would accept it)",
    ),
    Case(
        "b39_infinite_coordinate.geojson",
        lambda: with_coordinate(1, b"1e999"),
        "non_finite_coordinate",
        2,
        "geometry",
        "1e999 as a coordinate (valid JSON, infinite as a number)",
    ),
    Case(
        "b40_long_district_name.geojson",
        lambda: _features_with(0, polygon(0), {"district_id": "altstadt", "name": "A" * 5000}),
        "value_too_long",
        1,
        "name",
        "a 5,000-character district name (cell limit 2,000)",
    ),
    Case(
        "b41_district_name_over_200.geojson",
        lambda: _features_with(1, polygon(1), {"district_id": "winzeln", "name": "W" * 300}),
        "name_too_long",
        2,
        "name",
        "a 300-character district name (name limit 200)",
    ),
    Case(
        "b42_vrt_named_gpkg.gpkg",
        (
            "<OGRVRTDataSource><OGRVRTLayer name='x'><SrcDataSource>/vsicurl/"
            + LISTENER
            + "/b42.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n"
        ).encode(),
        "unreadable_geo",
        what="VRT XML named .gpkg (GDAL would open it as VRT and fetch the URL)",
    ),
    Case(
        "b43_shapefile_prj_url.zip",
        lambda: zip_bytes(
            [
                (n, f"{LISTENER}/b43.prj".encode() if n.endswith(".prj") else d)
                for n, d in shapefile_members("stadtteile")
            ]
        ),
        "missing_crs",
        what="a .prj holding a URL instead of a CRS",
    ),
    Case(
        "b44_nan_coordinate.gpkg",
        gpkg_with_nan,
        "non_finite_coordinate",
        2,
        "geometry",
        "NaN coordinate in a GeoPackage",
    ),
    Case(
        "b45_too_many_features.geojson",
        GOOD_BOUNDARIES,
        "too_many_features",
        4,
        what="4 features, limit lowered to 3 (streaming count)",
        options={"content_limits": {"max_features": 3}},
    ),
    Case(
        "b46_too_many_vertices.geojson",
        GOOD_BOUNDARIES,
        "too_many_vertices",
        3,
        "geometry",
        "20 vertices, limit lowered to 12 (streaming count)",
        options={"content_limits": {"max_vertices": 12}},
    ),
]


# --------------------------------------------------------------------------- writing


def good_files() -> dict[str, bytes]:
    xss_names = [("altstadt", XSS), *DISTRICTS[1:]]
    return {
        "districts.geojson": GOOD_BOUNDARIES,
        "values_long.csv": GOOD_VALUES,
        "xss_districts.geojson": collection(good_features(xss_names)),
        "xss_values.csv": (
            "Stadtteil;Einwohner 2021;Ausländeranteil 2021\n"
            f"{XSS};1.250;12,5\nWinzeln;2.345;8,3\nHohe Luft;980;6,1\nNeuhof;610;4,0\n"
        ).encode(),
    }


def readme(cases: list[Case]) -> str:
    lines = [
        "# Broken and hostile import inputs",
        "",
        "Generated by `tests/data/make_bad_corpus.py` (do not edit by hand). Each file is",
        "imported by `tests/test_import_corpus.py` together with a good counterpart from",
        "`tests/data/good/` (the good table for boundary files, the good boundaries for tables);",
        "the import must fail with the code below, at the row and column given, and leave the",
        "data directory byte-identical. `expected.json` holds the same as data, plus options.",
        "",
        "| file | kind | expected code | row | column | what is wrong |",
        "|---|---|---|---|---|---|",
    ]
    for c in cases:
        opts = f" (options: {json.dumps(c.options, ensure_ascii=False)})" if c.options else ""
        what = (c.what + opts).replace("|", "\\|")
        lines.append(
            f"| `{c.file}` | {c.kind} | `{c.code}` | {c.row if c.row is not None else '–'} "
            f"| {c.column.replace('|', '/') if c.column else '–'} | {what} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    cases = [*TABLES, *BOUNDARIES]
    names = [c.file for c in cases]
    assert len(names) == len(set(names)), "duplicate file names"
    shutil.rmtree(BAD, ignore_errors=True)
    BAD.mkdir(parents=True)
    GOOD.mkdir(parents=True, exist_ok=True)
    for case in cases:
        content = case.content() if callable(case.content) else case.content
        (BAD / case.file).write_bytes(content)
    expected = {
        c.file: {
            "kind": c.kind,
            "code": c.code,
            "row": c.row,
            "column": c.column,
            "options": c.options,
        }
        for c in cases
    }
    (BAD / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (BAD / "README.md").write_text(readme(cases), encoding="utf-8")
    for name, content in good_files().items():
        (GOOD / name).write_bytes(content)
    total = sum(os.path.getsize(BAD / n) for n in names)
    print(f"{len(cases)} bad inputs ({total / 1024:.0f} KB) in {BAD}")


if __name__ == "__main__":
    main()
