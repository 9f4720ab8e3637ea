"""INKAR importer: long form (official six-town file) and web-tool exports (fixtures)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from sozialraum.cli import main
from sozialraum.errors import DataError
from sozialraum.importers.inkar import (
    import_inkar,
    indicator_for,
    load_dictionary,
    parse_number,
    parse_year,
    read_inkar,
    slug,
)
from sozialraum.town_series import load_town_series

HERE = Path(__file__).parent
FIXTURES = HERE / "data" / "inkar"
WIDE = FIXTURES / "inkar_export_wide.csv"
YEARS_IN_ROWS = FIXTURES / "inkar_export_years_in_rows.csv"
REPO_CATALOG = HERE.parent / "data" / "indicators" / "catalog.csv"
OPEN = Path(__file__).parents[2] / "shared" / "data" / "open"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data directory with just the catalog (for labels of catalog indicators)."""
    data = tmp_path / "data"
    (data / "indicators").mkdir(parents=True)
    (data / "indicators" / "catalog.csv").write_bytes(REPO_CATALOG.read_bytes())
    return data


def value(series: pd.DataFrame, ags: str, indicator: str, year: int) -> float:
    rows = series[
        (series["ags"] == ags) & (series["indicator_id"] == indicator) & (series["year"] == year)
    ]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


def test_numbers_years_and_ids() -> None:
    assert parse_number("75,55", "de") == 75.55
    assert parse_number("1.234,5", "de") == 1234.5
    assert parse_number("75.55", "en") == 75.55
    assert parse_number(".", "de") is None
    assert parse_year("2021") == (2021, False)
    assert parse_year("2016/2017/2018") == (2018, True)
    assert parse_year("2015 bis 2019") == (2019, True)
    assert parse_year("k. A.") == (None, False)
    assert slug("q_übern_bev") == "q_uebern_bev"
    assert indicator_for("q_PBG_bev", load_dictionary(None))[:2] == ("sgb2_rate", 0.1)
    assert indicator_for("Einwohnerdichte", load_dictionary(None))[0] == "inkar_einwohnerdichte"


def test_web_export_with_two_header_rows(data_dir: Path) -> None:
    result = import_inkar(data_dir, WIDE, edition="INKAR 2024")
    series = load_town_series(data_dir)
    assert list(series.columns) == ["ags", "indicator_id", "year", "value", "source", "label_de"]
    # Personen in Bedarfsgemeinschaften je 1.000 EW ÷ 10 = SGB-II-Quote in %
    assert value(series, "06632002", "sgb2_rate", 2021) == pytest.approx(7.555)
    assert value(series, "06632002", "sgb2_rate", 2020) == pytest.approx(7.812)
    assert value(series, "06632002", "child_poverty", 2021) == 15.59
    assert value(series, "06632002", "inkar_einwohnerdichte", 2021) == 1234.5  # 1.234,5
    # Kennziffer 7317000 lost its leading zero in the export
    assert value(series, "07317000", "child_poverty", 2021) == 23.58
    pirmasens = series[(series["ags"] == "07317000") & (series["indicator_id"] == "sgb2_rate")]
    assert pirmasens["source"].str.contains("Gemeinde").all()  # beats the Kreis row
    # the Landkreis and the Gemeindeverband rows are not municipalities
    assert set(series["ags"]) == {"06632002", "07317000"}
    assert {p.code for p in result.problems} == {"inkar_skipped_level"}
    sgb2 = series[series["indicator_id"] == "sgb2_rate"]
    assert (sgb2["label_de"] == "SGB-II-Quote").all()
    assert sgb2["source"].str.contains("÷ 10; © BBSR Bonn, dl-de/by-2-0").all()


def test_web_export_with_years_in_rows_cp1252(data_dir: Path) -> None:
    _values, problems = read_inkar(YEARS_IN_ROWS)
    assert not problems
    import_inkar(data_dir, YEARS_IN_ROWS)
    series = load_town_series(data_dir)
    assert value(series, "10042113", "sgb2_rate", 2020) == pytest.approx(6.12)
    assert value(series, "10042113", "child_poverty", 2021) == 11.96
    assert value(series, "10042113", "inkar_auslaenderanteil", 2021) == 10.1  # 'ä' in cp1252
    saalfeld = series[series["ags"] == "16073077"]
    assert set(saalfeld["indicator_id"]) == {"sgb2_rate", "inkar_auslaenderanteil"}  # '.' = none
    labels = dict(zip(series["indicator_id"], series["label_de"], strict=True))
    assert labels["inkar_auslaenderanteil"] == "Ausländeranteil"


def test_imports_merge_and_replace(data_dir: Path) -> None:
    import_inkar(data_dir, WIDE)
    import_inkar(data_dir, YEARS_IN_ROWS)
    assert set(load_town_series(data_dir)["ags"]) == {
        "06632002",
        "07317000",
        "10042113",
        "16073077",
    }
    import_inkar(data_dir, YEARS_IN_ROWS, replace=True)
    assert set(load_town_series(data_dir)["ags"]) == {"10042113", "16073077"}


def test_unknown_layout(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("foo;bar\n1;2\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_inkar(path)
    assert exc.value.problems[0].code == "inkar_unknown_layout"


def test_broken_series_file_is_reported(data_dir: Path) -> None:
    folder = data_dir / "town_series"
    folder.mkdir()
    (folder / "other.csv").write_text(
        "ags,indicator_id,year,value,source\n6632002,x,2020,1,\n06632002,x,20x0,1,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as exc:
        load_town_series(data_dir)
    found = {(p.code, p.row) for p in exc.value.problems}
    assert found == {("bad_ags", 2), ("bad_year", 3)}


def test_no_series_is_an_empty_frame(tmp_path: Path) -> None:
    frame = load_town_series(tmp_path)
    assert frame.empty
    assert "indicator_id" in frame.columns


def test_cli_import_inkar(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-inkar", "--data-dir", str(data_dir), "--file", str(WIDE)]) == 0
    out = capsys.readouterr().out
    assert "inkar.csv" in out
    assert (
        (data_dir / "town_series" / "inkar.csv")
        .read_text(encoding="utf-8")
        .startswith("ags,indicator_id,year,value,source\n")
    )


@pytest.mark.realdata
def test_official_long_file(data_dir: Path) -> None:
    long_file = OPEN / "inkar_six_towns_values.csv"
    if not long_file.exists():
        reason = f"official open data not found in {OPEN}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    result = import_inkar(data_dir, long_file, dictionary=OPEN / "inkar_indicator_dictionary.csv")
    series = load_town_series(data_dir)
    assert value(series, "06632002", "sgb2_rate", 2021) == pytest.approx(7.555)  # 75.55 ‰
    assert value(series, "07317000", "child_poverty", 2022) == 23.23
    # Pirmasens is a district-free city: Kreis values count for the town
    assert value(series, "07317000", "sgb2_rate", 2007) == pytest.approx(14.631)
    # 2021/22 names map to the same catalog ids (Gemeindeverband = the town itself)
    assert value(series, "06632002", "dist_pharmacy", 2017) == 1469
    # "2016/2017/2018" -> 2018
    assert value(series, "06632002", "dist_primary_school", 2018) == 937
    # Mühlacker's Gemeindeverband is "VVG Mühlacker+Ötisheim": not the town, skipped
    muehlacker = series[series["ags"] == "08236040"]
    assert "dist_pharmacy" not in set(muehlacker["indicator_id"])
    # other codes keep their INKAR code and the dictionary label
    row = series[series["indicator_id"] == "inkar_q_bev_fl"].iloc[0]
    assert row["label_de"] == "Einwohner je km²"
    assert {p.code for p in result.problems} == {"inkar_skipped_level", "inkar_period_year"}
    assert set(series["ags"]) == {
        "06632002",
        "07317000",
        "08236040",
        "10042113",
        "15084550",
        "16073077",
    }
