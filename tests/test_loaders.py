"""Loaders: the fixture town loads with exact numbers; broken input is rejected clearly."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sozialraum import DataError, load_town, wide_table
from sozialraum.loaders import indicator_frame
from sozialraum.validation import validate_data_dir

from .conftest import tree_digest

VALUES = Path("indicators/values/musterstadt.csv")
DISTRICTS = Path("geo/districts/musterstadt.geojson")


def test_fixture_loads_with_expected_shape(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    assert list(data.districts.index) == ["nord-west", "nord-ost", "sued-west", "sued-ost"]
    assert data.years == [2020, 2021, 2022]
    assert data.districts.crs.to_epsg() == 4326
    assert data.indicator_ids() == [
        "vacancy_rate",
        "dist_supermarket",
        "foreigners_share",
        "population",
        "sgb2_rate",
    ]
    assert len(data.values) == 4 * 5 * 3


def _aggregate(data, indicator_id: str, year: int) -> float:
    agg = data.aggregates
    return float(agg[(agg.indicator_id == indicator_id) & (agg.year == year)]["value"].iloc[0])


def test_town_aggregates_are_computed_from_counts(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    assert _aggregate(data, "population", 2020) == 4000 + 3000 + 800 + 40
    # ratio of sums, not mean of rates (the tiny suppressed district still counts)
    assert _aggregate(data, "foreigners_share", 2020) == pytest.approx(
        100 * (400 + 150 + 16 + 0) / 7840
    )
    assert _aggregate(data, "sgb2_rate", 2020) == pytest.approx(100 * (480 + 240 + 40 + 2) / 7840)
    # weighted mean by residents
    expected = (350 * 4000 + 500 * 3000 + 1800 * 800 + 2600 * 40) / 7840
    assert _aggregate(data, "dist_supermarket", 2020) == pytest.approx(expected)
    # 2022: one district reports "-" (nothing) → aggregate over the others
    assert _aggregate(data, "vacancy_rate", 2022) == pytest.approx(
        100 * (105 + 60 + 2) / (2100 + 1500 + 20)
    )


def test_small_bases_are_suppressed_but_counted_in_town_total(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    frame = indicator_frame(data, data.catalog["sgb2_rate"], 2021)
    assert frame.at["sued-ost", "status"] == "."  # 40 residents < min_count 100
    assert math.isnan(frame.at["sued-ost", "value"])
    assert math.isnan(frame.at["sued-ost", "numerator"])  # counts are hidden too
    assert frame.at["nord-west", "status"] == ""
    assert frame.at["nord-west", "rank"] == 1
    raw = data.counts
    hidden = raw[(raw.district_id == "sued-ost") & (raw.indicator_id == "sgb2_rate")]
    assert hidden["numerator"].notna().all()


def test_wide_table_has_one_column_per_indicator_and_demo_flag(mini_dir: Path) -> None:
    data = load_town(mini_dir, "musterstadt")
    wide = wide_table(data, 2022)
    assert list(wide.index) == ["nord-west", "nord-ost", "sued-west", "sued-ost"]
    indicators = ["vacancy_rate", "dist_supermarket", "foreigners_share", "population", "sgb2_rate"]
    assert [c for c in wide.columns if c in indicators] == indicators  # in catalog order
    assert wide["demo_data"].all()
    assert wide.at["sued-west", "vacancy_rate_status"] == "-"
    assert wide.at["nord-west", "population"] == round(4000 * 1.02)


# ----------------------------------------------------------------- broken input


def _edit_csv(path: Path, edit: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _replace_line(index: int, old: str, new: str) -> Callable[[list[str]], list[str]]:
    def edit(lines: list[str]) -> list[str]:
        assert old in lines[index], (old, lines[index])
        lines[index] = lines[index].replace(old, new, 1)
        return lines

    return edit


def _edit_geojson(path: Path, edit: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))


def _feature(n: int, **props) -> Callable[[dict], None]:
    def edit(collection: dict) -> None:
        for key, value in props.items():
            if key == "geometry":
                collection["features"][n]["geometry"] = value
            else:
                collection["features"][n]["properties"][key] = value

    return edit


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[10, 51], [10.02, 51.02], [10.02, 51], [10, 51.02], [10, 51]]],
}


def _first_data_line_with(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


# (name, file, mutate(path), problem code, column, line number in the file or None)
CASES = [
    (
        "unknown district with suggestion",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(1, "nord-ost,", "nord-ots,")),
        "unknown_district_suggest",
        "district_id",
        2,
    ),
    (
        "unknown indicator",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(4, "foreigners_share", "foreign_share")),
        "unknown_indicator",
        "indicator_id",
        5,
    ),
    (
        "year is not a number",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(2, ",2021,", ",20x1,")),
        "bad_year",
        "year",
        3,
    ),
    (
        "decimal comma in a value",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(1, ",500.0,", ',"500,5",')),
        "decimal_comma",
        "value",
        2,
    ),
    (
        "value out of plausible range",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(1, ",500.0,", ",250000.0,")),
        "out_of_range",
        "value",
        2,
    ),
    (
        "duplicate row",
        VALUES,
        lambda p: _edit_csv(p, lambda lines: [*lines, lines[1]]),
        "duplicate_value_row",
        "district_id",
        62,
    ),
    (
        "value does not match its counts",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(4, ",5.0,150,", ",6.0,150,")),
        "value_inconsistent",
        "value",
        5,
    ),
    (
        "negative count",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(4, ",150,3000,", ",-150,3000,")),
        "negative",
        "numerator",
        5,
    ),
    (
        "unknown status sign",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(1, ",3000,", ",3000,?")),
        "bad_status",
        "status",
        2,
    ),
    (
        "value and no-value sign together",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(1, ",3000,", ",3000,.")),
        "status_with_value",
        "value",
        2,
    ),
    (
        "missing value without a sign",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(1, ",500.0,", ",,")),
        "value_missing",
        "value",
        2,
    ),
    (
        "missing column",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(0, "year", "jahr")),
        "missing_column",
        "year",
        None,
    ),
    (
        "wrong number of fields",
        VALUES,
        lambda p: _edit_csv(p, _replace_line(6, "", ",extra")),
        "wrong_field_count",
        None,
        7,
    ),
    (
        "not UTF-8",
        VALUES,
        lambda p: p.write_bytes(p.read_bytes().replace(b"nord-ost", "Süd".encode("cp1252"), 1)),
        "not_utf8",
        None,
        2,
    ),
    ("empty file", VALUES, lambda p: p.write_text(""), "empty_file", None, None),
    (
        "duplicate district id",
        DISTRICTS,
        lambda p: _edit_geojson(p, _feature(1, district_id="nord-west")),
        "duplicate_district",
        "district_id",
        2,
    ),
    (
        "self-intersecting polygon",
        DISTRICTS,
        lambda p: _edit_geojson(p, _feature(2, geometry=BOW_TIE)),
        "invalid_geometry",
        "geometry",
        3,
    ),
    (
        "point instead of polygon",
        DISTRICTS,
        lambda p: _edit_geojson(
            p, _feature(0, geometry={"type": "Point", "coordinates": [10.0, 51.0]})
        ),
        "not_polygon",
        "geometry",
        1,
    ),
    (
        "empty geometry",
        DISTRICTS,
        lambda p: _edit_geojson(p, _feature(3, geometry=None)),
        "empty_geometry",
        "geometry",
        4,
    ),
    (
        "empty district name",
        DISTRICTS,
        lambda p: _edit_geojson(p, _feature(2, name="  ")),
        "empty_cell",
        "name",
        3,
    ),
    (
        "geometry file is not JSON",
        DISTRICTS,
        lambda p: p.write_text('{"type": "FeatureCollection", "features": [ {"type": '),
        "unreadable_geo",
        None,
        None,
    ),
    (
        "catalog with an unknown kind",
        Path("indicators/catalog.csv"),
        lambda p: _edit_csv(
            p, lambda lines: [lines[0], lines[1].replace(",rate,", ",share,", 1), *lines[2:]]
        ),
        "bad_enum",
        "kind",
        2,
    ),
    (
        "town registry is broken JSON",
        Path("towns.json"),
        lambda p: p.write_text('[{"id": "musterstadt", "name": "Musterstadt"'),
        "bad_json",
        None,
        1,
    ),
    (
        "town id with spaces",
        Path("towns.json"),
        lambda p: p.write_text(json.dumps([{"id": "Muster Stadt", "name": "Musterstadt"}])),
        "bad_town_id",
        "id",
        1,
    ),
]


@pytest.mark.parametrize(
    ("file", "mutate", "code", "column", "row"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_broken_input_is_rejected_with_location(
    mini_dir: Path, file: Path, mutate, code: str, column: str | None, row: int | None
) -> None:
    target = mini_dir / file
    mutate(target)
    before = tree_digest(mini_dir)
    with pytest.raises(DataError) as info:
        load_town(mini_dir, "musterstadt")
    problems = [p for p in info.value.problems if p.code == code]
    assert problems, info.value.report("en")
    problem = problems[0]
    assert problem.file is not None
    assert Path(problem.file).name == target.name
    assert problem.column == column
    assert problem.row == row
    german = problem.format("de")
    assert target.name in german
    if row is not None:
        assert f"Zeile {row}" in german
    if column is not None:
        assert f"Spalte {column}" in german
    # the same problems are reported by the data-directory validation, and nothing changed
    assert any(p.code == code for p in validate_data_dir(mini_dir))
    assert tree_digest(mini_dir) == before


def test_all_problems_are_reported_at_once(mini_dir: Path) -> None:
    path = mini_dir / VALUES
    _edit_csv(path, _replace_line(1, "nord-ost,", "nirgendwo,"))
    _edit_csv(path, _replace_line(2, ",2021,", ",zwei,"))
    with pytest.raises(DataError) as info:
        load_town(mini_dir, "musterstadt")
    codes = {p.code for p in info.value.problems}
    assert {"unknown_district", "bad_year"} <= codes


def test_unknown_town_is_a_clear_error(mini_dir: Path) -> None:
    with pytest.raises(DataError) as info:
        load_town(mini_dir, "atlantis")
    assert info.value.problems[0].code == "unknown_town"
    assert "atlantis" in info.value.problems[0].format("de")


def test_values_can_be_computed_from_counts(mini_dir: Path) -> None:
    """Exports often carry only numerator and denominator: the value is derived."""
    path = mini_dir / VALUES
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rate = frame["indicator_id"] == "foreigners_share"
    frame.loc[rate, "value"] = ""
    frame.to_csv(path, index=False)
    data = load_town(mini_dir, "musterstadt")
    value = indicator_frame(data, data.catalog["foreigners_share"], 2020).at["nord-west", "value"]
    assert value == pytest.approx(10.0)
