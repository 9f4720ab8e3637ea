"""The INKAR bulk download as published by the BBSR (fixtures written here from its header),
and the real six-town extract rewritten into that layout."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd
import pytest

from sozialraum.cli import main
from sozialraum.errors import DataError
from sozialraum.importers.inkar import (
    BULK_COLUMNS,
    bulk_region,
    import_inkar,
    read_inkar,
)
from sozialraum.town_series import load_town_series

HERE = Path(__file__).parent
REPO_CATALOG = HERE.parent / "data" / "indicators" / "catalog.csv"
OPEN = Path(__file__).parents[2] / "shared" / "data" / "open"
HEADER = "Bereich;ID;Indikator;Raumbezug;Kennziffer;Kennziffer_EU;Name;Zeitbezug;Wert"
SGB2 = "Personen in Bedarfsgemeinschaften"
DENSITY = "Einwohner je km²"
# Kennziffer without its leading zeros, as in the file.
ROWS = [
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Gemeinden;6632002;DE732;Bad Hersfeld, Stadt;2021;75,55",
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Gemeinden;6632002;DE732;Bad Hersfeld, Stadt;2020;78,12",
    f"Bevölkerung;q_bev_fl;{DENSITY};Gemeinden;6632002;DE732;Bad Hersfeld, Stadt;2021;1.234,5",
    f"Bevölkerung;q_bev_fl;{DENSITY};Gemeinden;8236040;DE11A;Mühlacker, Stadt;2021;.",
    # the Gemeinde row above wins over the association of the same town
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Gemeindeverbände;66320002;DE732;Bad Hersfeld;2021;99",
    # an association of two municipalities: not the town
    f"Bevölkerung;q_bev_fl;{DENSITY};Gemeindeverbände;82365004;DE11A;VVG Mühlacker;2021;300",
    # a municipality forming its own association, with a period
    "Sozialstruktur;q_newfBGu15_bev;Kinderarmut;Gemeindeverbände;100420113;DEC04;"
    "Merzig, Stadt;2018-2020;11,96",
    # a district-free city and a Landkreis
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Kreise;7317;DEB3J;Pirmasens, Stadt;2021;146,31",
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Kreise;6632;DE732;Hersfeld-Rotenburg;2021;66,6",
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Bundesländer;7;DEB;Rheinland-Pfalz;2021;70,1",
    f"Arbeitslosigkeit;q_PBG_bev;{SGB2};Raumordnungsregionen;703;;Westpfalz;2021;90,2",
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "indicators").mkdir(parents=True)
    (data / "indicators" / "catalog.csv").write_bytes(REPO_CATALOG.read_bytes())
    return data


def bulk_file(folder: Path, encoding: str = "utf-8", rows: list[str] = ROWS) -> Path:
    path = folder / f"inkar_gesamt_{encoding}.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding))
    return path


def value(series: pd.DataFrame, ags: str, indicator: str, year: int) -> float:
    rows = series[
        (series["ags"] == ags) & (series["indicator_id"] == indicator) & (series["year"] == year)
    ]
    assert len(rows) == 1, rows
    return float(rows["value"].iloc[0])


def test_keys_are_padded_per_raumbezug() -> None:
    assert bulk_region("Gemeinden", "6632002", "Bad Hersfeld") == ("06632002", "Gemeinde")
    assert bulk_region("Gemeindeverbände", "66320002", "x") == ("06632002", "Gemeindeverband")
    assert bulk_region("Gemeindeverbände", "82365004", "VVG") is None
    assert bulk_region("Kreise", "7317", "Pirmasens, Stadt") == ("07317000", "Kreis")
    assert bulk_region("Kreise", "9162", "München, Landeshauptstadt") == ("09162000", "Kreis")
    assert bulk_region("Kreise", "6632", "Hersfeld-Rotenburg") is None
    assert bulk_region("Kreise", "5334", "Städteregion Aachen") is None
    assert bulk_region("Bundesländer", "7", "Rheinland-Pfalz") is None
    assert bulk_region("Gemeinden", "123456789", "too long") is None


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_bulk_file_import(data_dir: Path, tmp_path: Path, encoding: str) -> None:
    result = import_inkar(data_dir, bulk_file(tmp_path, encoding), edition="INKAR 2024")
    series = load_town_series(data_dir)
    assert value(series, "06632002", "sgb2_rate", 2021) == pytest.approx(7.555)  # ‰ ÷ 10
    assert value(series, "06632002", "sgb2_rate", 2020) == pytest.approx(7.812)
    assert value(series, "06632002", "inkar_q_bev_fl", 2021) == 1234.5  # thousands dot
    assert value(series, "07317000", "sgb2_rate", 2021) == pytest.approx(14.631)
    assert value(series, "10042113", "child_poverty", 2020) == 11.96  # 2018-2020 -> 2020
    assert set(series["ags"]) == {"06632002", "07317000", "10042113"}
    bad_hersfeld = series[(series["ags"] == "06632002") & (series["indicator_id"] == "sgb2_rate")]
    assert bad_hersfeld["source"].str.contains("INKAR 2024, Gemeinde, q_PBG_bev").all()
    labels = dict(zip(series["indicator_id"], series["label_de"], strict=True))
    assert labels["inkar_q_bev_fl"] == DENSITY  # the Indikator column names it
    skipped = {
        p.params["value"]: p.params["count"]
        for p in result.problems
        if p.code == "inkar_skipped_level"
    }
    assert skipped == {
        "Gemeindeverbände": 1,
        "Kreise": 1,
        "Bundesländer": 1,
        "Raumordnungsregionen": 1,
    }
    [period] = [p for p in result.problems if p.code == "inkar_period_year"]
    assert period.params["value"] == "2018-2020"


def test_bulk_file_limited_to_towns_via_cli(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import-inkar", "--data-dir", str(data_dir), "--file", str(bulk_file(tmp_path))]
    assert main([*argv, "--ags", "7317000", "--ags", "10042113"]) == 0
    assert "2 AGS" in capsys.readouterr().out
    assert set(load_town_series(data_dir)["ags"]) == {"07317000", "10042113"}


def test_bad_value_names_row_and_column(data_dir: Path, tmp_path: Path) -> None:
    rows = [*ROWS[:2], ROWS[2].replace("1.234,5", "viel")]
    path = bulk_file(tmp_path, rows=rows)
    with pytest.raises(DataError) as caught:
        import_inkar(data_dir, path)
    [problem] = caught.value.problems
    assert (problem.code, problem.row, problem.column) == ("not_a_number", 4, "Wert")
    assert not (data_dir / "town_series").exists()


def test_bulk_read_in_small_chunks_gives_the_same_values(tmp_path: Path) -> None:
    path = bulk_file(tmp_path)
    whole, _ = read_inkar(path)
    chunked, _ = read_inkar(path, chunksize=2)
    assert chunked == whole
    assert [v.line for v in whole] == [2, 3, 4, 6, 8, 9]


def _as_bulk(long_form: pd.DataFrame) -> str:
    """The real long-form extract rewritten in the bulk layout, keys without leading zeros."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(BULK_COLUMNS)
    for row in long_form.itertuples(index=False):
        ags, level = str(row.ags), str(row.level)
        if level == "Gemeinde":
            raum, key = "Gemeinden", ags
        elif level == "Kreis":
            raum, key = "Kreise", ags[:5]
        elif level == "Gemeindeverband":
            raum, key = "Gemeindeverbände", ags[:5] + "0" + ags[5:]
        else:  # "Gemeindeverband (VVG …)": an association of several municipalities
            raum, key = "Gemeindeverbände", ags[:5] + "5004"
        name = "Pirmasens, Stadt" if level == "Kreis" and ags == "07317000" else "Landkreis"
        number = f"{float(row.value):,.6f}".replace(",", "X").replace(".", ",").replace("X", ".")
        writer.writerow(
            [row.table, row.kuerzel, row.kuerzel, raum, str(int(key)), "", name, row.year, number]
        )
    return out.getvalue()


@pytest.mark.realdata
def test_real_extract_in_the_bulk_layout_imports_like_the_long_form(tmp_path: Path) -> None:
    long_file = OPEN / "inkar_six_towns_values.csv"
    if not long_file.exists():
        reason = f"official open data not found in {OPEN}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    long_form = pd.read_csv(long_file, dtype=str)
    long_form = long_form[long_form["edition"] == "INKAR 2024"]  # one edition: no overlaps
    bulk = tmp_path / "bulk.csv"
    bulk.write_text(_as_bulk(long_form), encoding="utf-8")
    series = {}
    for name, path in (("long", long_file), ("bulk", bulk)):
        data = tmp_path / name
        (data / "indicators").mkdir(parents=True)
        (data / "indicators" / "catalog.csv").write_bytes(REPO_CATALOG.read_bytes())
        if name == "long":
            only = tmp_path / "long.csv"
            long_form.to_csv(only, index=False)
            path = only
        import_inkar(data, path, edition="INKAR 2024")
        frame = load_town_series(data)[["ags", "indicator_id", "year", "value"]]
        series[name] = frame.sort_values(["ags", "indicator_id", "year"], ignore_index=True)
    assert len(series["bulk"]) > 1000
    pd.testing.assert_frame_equal(series["bulk"], series["long"], rtol=1e-5)
    # Mühlacker's association (VVG) is skipped, its Gemeinde rows are not
    assert set(series["bulk"]["ags"]) == {
        "06632002",
        "07317000",
        "08236040",
        "10042113",
        "15084550",
        "16073077",
    }
