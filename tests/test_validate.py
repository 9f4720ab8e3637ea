"""`sozialraum validate` covers every file the app reads, and the app shows the same report.

Each case breaks one file in a copy of a fixture data directory, then checks three things:
the CLI exits 1 and names the file, row and column (German and English); the page that reads
the file shows the error and the very same report lines; and it raises no exception.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sozialraum.cli import main

from .conftest import MINI, REPO

APP = str(REPO / "app.py")
ZENSUS = REPO / "tests" / "data" / "zensus"
GRID_FILE = "Zensus_spitze_Werte_1km-Gitter_test.csv"
AGS = "01234567"  # given to the fixture town so that pages look up its official series


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------- one breaker per file


def broken_towns(data: Path) -> None:
    _replace(data / "towns.json", '"id": "musterstadt"', '"id": "Muster Stadt"')


def broken_catalog(data: Path) -> None:
    _replace(data / "indicators" / "catalog.csv", ",rate,100,ratio,", ",rate,100,sum,")


def broken_reference(data: Path) -> None:
    _write(
        data / "indicators" / "reference.csv",
        "town_id,ags,figure,value,year,source\n"
        f"musterstadt,{AGS},population,15000,2020,Test\n"
        f"musterstadt,{AGS},sgb2_rate,zehn,2020,Test\n",
    )


def broken_town_series(data: Path) -> None:
    _write(
        data / "town_series" / "inkar.csv",
        "ags,indicator_id,year,value,source\n"
        f"{AGS},sgb2_rate,2020,9.5,INKAR\n"
        f"{AGS},sgb2_rate,2021,9.4,INKAR\n"
        f"{AGS},sgb2_rate,20x2,9.3,INKAR\n",
    )


def broken_series_labels(data: Path) -> None:
    broken_town_series(data)
    _replace(data / "town_series" / "inkar.csv", "20x2", "2022")
    _write(data / "town_series" / "labels" / "inkar.csv", "indicator_id,kuerzel\nx,y\n")


def broken_layer(data: Path) -> None:
    _write(
        data / "layers" / "musterstadt" / "zensus2011.csv",
        "district_id,indicator_id,year,value,numerator,denominator,status\n"
        "nord-ost,population,2011,2900,,,\n"
        'nord-west,population,2011,"4,5",,,\n',
    )


def broken_values(data: Path) -> None:
    _replace(
        data / "indicators" / "values" / "musterstadt.csv",
        "nord-ost,population,2021,",
        "nord-ost,population,2021,-",
    )


def broken_districts(data: Path) -> None:
    path = data / "geo" / "districts" / "musterstadt.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][2]["properties"]["district_id"] = "nord-west"
    path.write_text(json.dumps(collection), encoding="utf-8")


def broken_outline(data: Path) -> None:
    path = data / "geo" / "municipalities.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"musterstadt"', '"other"'))


def broken_grid(data: Path) -> None:
    (data / "grids").mkdir()
    text = (ZENSUS / GRID_FILE).read_text(encoding="utf-8")
    # The first cell lies inside the fixture town: the grid page reads it too.
    text = text.replace(";4000500;3000500;100;", ";4000500;3000500;hundert;", 1)
    _write(data / "grids" / GRID_FILE, text)


@dataclass(frozen=True)
class Case:
    breaker: Callable[[Path], None]
    file: str  # path of the broken file inside the data directory
    where_de: str  # ", Zeile …, Spalte …" as the report must say it
    where_en: str
    page: str | None  # the page that reads the file; None: the app stops before any page
    base: Path = MINI


CASES = {
    "towns": Case(broken_towns, "towns.json", "Zeile 1, Spalte id", "row 1, column id", None),
    "catalog": Case(
        broken_catalog,
        "indicators/catalog.csv",
        "Zeile 2, Spalte aggregation",
        "row 2, column aggregation",
        "map",
    ),
    "reference": Case(
        broken_reference,
        "indicators/reference.csv",
        "Zeile 3, Spalte value",
        "row 3, column value",
        "compare",
    ),
    "town_series": Case(
        broken_town_series,
        "town_series/inkar.csv",
        "Zeile 4, Spalte year",
        "row 4, column year",
        "trends",
    ),
    "series_labels": Case(
        broken_series_labels,
        "town_series/labels/inkar.csv",
        "Spalte label_de",
        "column label_de",
        "trends",
    ),
    "layer": Case(
        broken_layer,
        "layers/musterstadt/zensus2011.csv",
        "Zeile 3, Spalte value",
        "row 3, column value",
        "map",
    ),
    "values": Case(
        broken_values,
        "indicators/values/musterstadt.csv",
        "Zeile 9, Spalte value",
        "row 9, column value",
        "table",
    ),
    "districts": Case(
        broken_districts,
        "geo/districts/musterstadt.geojson",
        "Zeile 3, Spalte district_id",
        "row 3, column district_id",
        "map",
    ),
    "outline": Case(broken_outline, "geo/municipalities.geojson", "", "", "map"),
    "grid": Case(
        broken_grid,
        f"grids/{GRID_FILE}",
        "Zeile 2, Spalte Einwohner",
        "row 2, column Einwohner",
        "grid",
        ZENSUS / "town",
    ),
}


def broken_copy(tmp_path: Path, case: Case) -> Path:
    data = tmp_path / "data"
    shutil.copytree(case.base, data)
    if case.base == MINI:
        _replace(data / "towns.json", '"ags": ""', f'"ags": "{AGS}"')
    case.breaker(data)
    return data


def validate_lines(data: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The report lines of `sozialraum validate` (without the summary); asserts exit code 1."""
    assert main(["validate", "--data-dir", str(data), "--lang", lang]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].endswith(str(data))  # "N Fehler in <dir>" / "N errors in <dir>"
    return err[:-1]


@pytest.mark.parametrize("name", list(CASES))
def test_validate_locates_the_broken_file(name: str, tmp_path: Path, capsys) -> None:
    case = CASES[name]
    data = broken_copy(tmp_path, case)
    file = str(data / case.file)
    for lang, where, label in (("de", case.where_de, "Fehler"), ("en", case.where_en, "Error")):
        lines = validate_lines(data, lang, capsys)
        errors = [line for line in lines if line.startswith(f"{label}: ")]
        assert errors, lines
        located = f"{label}: {file}, {where}" if where else f"{label}: {file}:"
        assert all(line.startswith(located) for line in errors), (located, errors)


def test_the_unbroken_copies_are_valid(tmp_path: Path, capsys) -> None:
    """Guards the cases above: each fixture is valid until its file is broken."""
    for n, base in enumerate((MINI, ZENSUS / "town")):
        data = tmp_path / str(n)
        shutil.copytree(base, data)
        assert main(["validate", "--data-dir", str(data)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("name", list(CASES))
def test_the_app_shows_the_same_report(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    case = CASES[name]
    data = broken_copy(tmp_path, case)
    expected = validate_lines(data, "de", capsys)
    monkeypatch.setenv("SOZIALRAUM_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if case.page is not None and not at.error:
        at.switch_page(f"src/sozialraum/ui/pages/{case.page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "können nicht geladen werden" in at.error[0].value
    assert at.code[0].value.splitlines() == expected


def test_reference_rows_the_comparison_cannot_use_are_warnings(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    _write(
        data / "indicators" / "reference.csv",
        "town_id,ags,figure,value,year,source\n"
        "musterstadt,,population,15000,2020,Test\n"
        "atlantis,,population,1,2020,Test\n"
        "musterstadt,,area_ha,1700,2020,Test\n"
        "musterstadt,,unicorns,3,2020,Test\n",
    )
    assert main(["validate", "--data-dir", str(data), "--lang", "en"]) == 0
    err = capsys.readouterr().err.splitlines()
    file = data / "indicators" / "reference.csv"
    assert err == [
        f"Warning: {file}, row 3, column town_id: There is no town 'atlantis' in the data "
        "directory; the row is not shown.",
        f"Warning: {file}, row 5, column figure: Figure 'unicorns' is not in the indicator "
        "catalog; it is shown without a label.",
    ]


def test_validate_reads_every_row_of_a_grid_file(tmp_path: Path) -> None:
    """The grid page reads only the cells near a town; validate checks the whole file."""
    from sozialraum.grid import check_grid_files

    data = tmp_path / "data"
    shutil.copytree(ZENSUS / "town", data)
    lines = (ZENSUS / GRID_FILE).read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace(";2990500;", ";zwei;", 1)  # far from the town
    lines[-2] = lines[-2].replace(";999;", ";neun;", 1)
    _write(data / "grids" / GRID_FILE, "\n".join(lines) + "\n")
    found = [(p.code, p.row, p.column) for p in check_grid_files(data)]
    assert found == [("not_a_number", 10, "y_mp_1km"), ("not_a_number", 9, "Einwohner")]
