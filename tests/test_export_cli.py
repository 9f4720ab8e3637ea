"""Export formats and the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from sozialraum import load_town
from sozialraum.cli import main
from sozialraum.export import FORMATS, export_bytes

from .conftest import SIX_TOWNS, tree_digest

AGS = {
    "bad-hersfeld": "06632002",
    "merzig": "10042113",
    "muehlacker": "08236040",
    "pirmasens": "07317000",
    "saalfeld": "16073077",
    "weissenfels": "15084550",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips_values(mini_dir: Path, fmt: str, tmp_path: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    payload = export_bytes(data, 2021, fmt)
    target = tmp_path / f"out.{fmt}"
    target.write_bytes(payload)
    if fmt == "csv":
        table = pd.read_csv(target)
    elif fmt == "xlsx":
        table = pd.read_excel(target, sheet_name="Werte")
        sheets = pd.ExcelFile(target).sheet_names
        assert sheets == ["Werte", "Indikatoren", "Quellen"]
        notes = pd.read_excel(target, sheet_name="Quellen")["Hinweis"].tolist()
        assert notes[0].startswith("DEMO-DATEN")
    else:
        table = gpd.read_file(target)
        assert table.crs.to_epsg() == 4326
        assert table.geometry.is_valid.all()
    table = table.set_index("district_id")
    # Districts in file order, and every 2021 value as written in the fixture's value file,
    # except those hidden by the catalog's min_count: the oracle is plain pandas on the files.
    assert list(table.index) == ["nord-west", "nord-ost", "sued-west", "sued-ost"]
    raw = pd.read_csv(mini_dir / "indicators" / "values" / "musterstadt.csv")
    catalog = pd.read_csv(mini_dir / "indicators" / "catalog.csv").set_index("id")
    raw = raw[raw["year"] == 2021].join(catalog[["kind", "min_count"]], on="indicator_id")
    base = raw["denominator"].where(raw["kind"] != "count", raw["value"])
    shown = raw[base >= raw["min_count"]]
    # sued-ost: 40 residents and 20 dwellings, below the minimum counts of three rates
    assert len(shown) == 4 * 5 - 3
    for row in shown.itertuples():
        assert table.at[row.district_id, row.indicator_id] == pytest.approx(row.value, abs=1e-4)
    hidden = raw[base < raw["min_count"]]
    assert sorted(hidden["indicator_id"]) == ["foreigners_share", "sgb2_rate", "vacancy_rate"]
    assert table.loc["sued-ost", list(hidden["indicator_id"])].isna().all()
    assert table.at["nord-west", "population"] == round(4000 * 1.01)
    assert table.at["nord-west", "foreigners_share"] == pytest.approx(100 * 420 / 4040, abs=1e-3)
    assert bool(table["demo_data"].all())
    assert (table["year"] == 2021).all()


def test_cli_towns_json_lists_the_six_towns(repo_data_dir: Path, capsys) -> None:
    assert main(["towns", "--json", "--data-dir", str(repo_data_dir)]) == 0
    towns = json.loads(capsys.readouterr().out)
    # the demo towns first, then each town's Sozialräume from the Zensus 2011 grid
    grid_ids = sorted(f"{town_id}-zensus2011" for town_id in SIX_TOWNS)
    assert [t["id"] for t in towns] == [*SIX_TOWNS, *grid_ids]
    for town in towns:
        demo = town["id"] in SIX_TOWNS
        assert town["ags"] == AGS[town["id"].removesuffix("-zensus2011")]
        assert 8 <= town["districts"] <= (25 if demo else 40)
        if demo:
            assert town["first_year"] <= 2012
            assert town["last_year"] >= 2023
            assert town["data_kind"] == "demo"
        else:
            assert town["first_year"] == town["last_year"] == 2011
            assert town["data_kind"] == "zensus-grid"


def test_cli_validate_passes_on_the_embedded_data(repo_data_dir: Path, capsys) -> None:
    assert main(["validate", "--data-dir", str(repo_data_dir)]) == 0
    assert capsys.readouterr().out.startswith("OK")


def test_cli_validate_reports_and_fails_on_broken_data(mini_dir: Path, capsys) -> None:
    values = mini_dir / "indicators" / "values" / "musterstadt.csv"
    values.write_text(values.read_text().replace("nord-ost,", "nord-ots,", 1))
    before = tree_digest(mini_dir)
    assert main(["validate", "--data-dir", str(mini_dir)]) == 1
    err = capsys.readouterr().err
    assert "musterstadt.csv, Zeile 2, Spalte district_id" in err
    assert "„nord-ost“" in err  # the suggestion
    assert tree_digest(mini_dir) == before


def test_cli_indicators_json_is_the_catalog(repo_data_dir: Path, capsys) -> None:
    assert main(["indicators", "--json", "--data-dir", str(repo_data_dir)]) == 0
    catalog = json.loads(capsys.readouterr().out)
    assert len(catalog) >= 24
    assert len({c["topic"] for c in catalog}) >= 5
    assert all(c["label_de"] and c["label_en"] and c["unit_de"] for c in catalog)


def test_cli_export_writes_the_requested_format(mini_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "musterstadt.gpkg"
    code = main(
        [
            "export",
            "--town",
            "musterstadt",
            "--year",
            "2020",
            "--format",
            "gpkg",
            "--out",
            str(out),
            "--data-dir",
            str(mini_dir),
        ]
    )
    assert code == 0
    assert len(gpd.read_file(out)) == 4
    assert (
        main(
            [
                "export",
                "--town",
                "musterstadt",
                "--year",
                "1999",
                "--format",
                "csv",
                "--out",
                str(out),
                "--data-dir",
                str(mini_dir),
            ]
        )
        == 1
    )
    assert "1999" in capsys.readouterr().err


def test_data_dir_from_environment(mini_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sozialraum.cli", "towns", "--json"],
        env={"SOZIALRAUM_DATA_DIR": str(mini_dir), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.load(io.StringIO(result.stdout))[0]["id"] == "musterstadt"


# ----------------------------------------------------------------- CSV dialects, all years

MINI_VALUES = Path(__file__).parent / "data" / "mini" / "indicators" / "values" / "musterstadt.csv"


def _mini_rows() -> dict[tuple[str, str, str], dict[str, str]]:
    """The fixture's values as written in the file, by (district, indicator, year)."""
    import csv

    with MINI_VALUES.open(encoding="utf-8", newline="") as handle:
        return {(r["district_id"], r["indicator_id"], r["year"]): r for r in csv.DictReader(handle)}


def _german_number(text: str) -> float:
    assert "." not in text, text  # no decimal point in the German dialect
    return float(text.replace(",", "."))


def test_csv_excel_de_dialect_reads_back_with_semicolons_and_decimal_commas(
    mini_dir: Path,
) -> None:
    import csv

    data = load_town(mini_dir, "musterstadt")
    payload = export_bytes(data, 2021, "csv", "excel-de")
    assert payload.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel reads umlauts
    rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig")), delimiter=";"))
    by_id = {r["district_id"]: r for r in rows}
    assert set(by_id) == set(data.districts.index)
    assert by_id["sued-west"]["name"] == "Südwest"
    source = _mini_rows()
    expected = float(source[("nord-west", "foreigners_share", "2021")]["value"])  # 10.396
    cell = by_id["nord-west"]["foreigners_share"]
    assert "," in cell
    assert _german_number(cell) == pytest.approx(expected)
    assert by_id["nord-west"]["year"] == "2021"
    plain = export_bytes(data, 2021, "csv", "plain")
    assert not plain.startswith(b"\xef\xbb\xbf")
    plain_rows = list(csv.DictReader(io.StringIO(plain.decode("utf-8"))))
    assert float(plain_rows[0]["foreigners_share"]) == pytest.approx(
        _german_number(rows[0]["foreigners_share"])
    )


def test_cli_exports_all_years_in_long_format_for_german_excel(
    mini_dir: Path, tmp_path: Path, capsys
) -> None:
    import csv

    out = tmp_path / "all.csv"
    args = ["export", "--data-dir", str(mini_dir), "--town", "musterstadt", "--format", "csv"]
    assert main([*args, "--years", "all", "--dialect", "excel-de", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    source = _mini_rows()
    exported = {(r["district_id"], r["indicator_id"], r["year"]): r for r in rows}
    assert set(exported) == set(source)  # every district, indicator and year
    assert {r["year"] for r in rows} == {"2020", "2021", "2022"}
    with (mini_dir / "indicators" / "catalog.csv").open(encoding="utf-8") as handle:
        min_count = {r["id"]: float(r["min_count"]) for r in csv.DictReader(handle)}
    for key, row in source.items():
        got = exported[key]
        if got["status"] == "." and not row["status"]:  # suppressed on load: base too small
            assert float(row["denominator"]) < min_count[key[1]], key
            assert got["value"] == "", key
            continue
        assert got["status"] == row["status"], key
        if row["value"]:
            assert _german_number(got["value"]) == pytest.approx(float(row["value"])), key
        else:
            assert got["value"] == "", key
    assert exported[("nord-west", "sgb2_rate", "2020")]["indicator"] == "SGB-II-Quote"


def test_cli_all_years_as_xlsx_and_refused_for_gis_formats(
    mini_dir: Path, tmp_path: Path, capsys
) -> None:
    args = ["export", "--data-dir", str(mini_dir), "--town", "musterstadt", "--years", "all"]
    out = tmp_path / "all.xlsx"
    assert main([*args, "--format", "xlsx", "--out", str(out)]) == 0
    table = pd.read_excel(out, sheet_name="Werte")
    assert len(table) == len(_mini_rows())
    assert sorted(table["year"].unique().tolist()) == [2020, 2021, 2022]
    gis = tmp_path / "all.geojson"
    assert main([*args, "--format", "geojson", "--out", str(gis)]) == 1
    assert "Langformat" in capsys.readouterr().err
    assert not gis.exists()
    bad = tmp_path / "bad.csv"
    assert main([*args[:-2], "--years", "1999", "--format", "csv", "--out", str(bad)]) == 1
    assert not bad.exists()
