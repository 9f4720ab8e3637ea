"""Zensus 2022 grid data exactly as published: topic ZIPs with 10 km, 1 km and 100 m files.

Every fixture is written here, from the published headers: the population file
``GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner`` (no sign column), rate files with
``werterlaeuternde_Zeichen`` (``KLAMMERN``), ``–`` for values not published, decimal comma,
one topic in Windows-1252 with its first dash far beyond the header. The synthetic town
"testtown" (tests/data/zensus/town) is the rectangle [4000000, 4003000] × [3000000, 3002000]
in EPSG:3035, split at x = 4001600 into "west" and "east".
"""

from __future__ import annotations

import shutil
import tracemalloc
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from sozialraum.census_grid import (
    ReadStats,
    check_grid,
    read_grid,
    read_layer,
    sniff_layout,
    sniff_layouts,
    zip_resolutions,
)
from sozialraum.cli import main
from sozialraum.errors import DataError
from sozialraum.importers.zensus import import_zensus
from sozialraum.loaders import load_town

HERE = Path(__file__).parent
TOWN = HERE / "data" / "zensus" / "town"
REPO_CATALOG = HERE.parent / "data" / "indicators" / "catalog.csv"
POP_HEADER = "GITTER_ID_{r};x_mp_{r};y_mp_{r};Einwohner"
RATE_HEADER = "GITTER_ID_{r};x_mp_{r};y_mp_{r};{column};werterlaeuternde_Zeichen"
SIZES = {"100m": 100, "1km": 1000, "10km": 10000}
OUTSIDE = (4_100_000, 3_100_000)  # a populated 100 m cell far from the town


def cell_id(size: int, east: int, north: int) -> str:
    return f"CRS3035RES{size}mN{north}E{east}"


def populated_cells() -> list[tuple[int, int, int]]:
    """(east, north, population) of the 100 m cells: 30 along one row inside the town
    (10 … 39 people), one cell far outside."""
    cells = [(4_000_000 + 100 * k, 3_000_500, 10 + k) for k in range(30)]
    return [*cells, (*OUTSIDE, 77)]


def foreign_share(k: int) -> tuple[str, str]:
    """Published text and sign of the foreigners share of the k-th cell."""
    if k % 7 == 3:
        return "–", ""  # not published
    if k % 5 == 1:
        return f"{k % 9},5", "KLAMMERN"  # uncertain
    return f"{k % 9},25", ""


def aggregated(size: int) -> dict[tuple[int, int], int]:
    """Population of the coarser cells (by lower left corner), summed from 100 m cells."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    for east, north, pop in populated_cells():
        out[(east // size * size, north // size * size)] += pop
    return dict(out)


def population_csv(resolution: str) -> str:
    size = SIZES[resolution]
    lines = [POP_HEADER.format(r=resolution)]
    for (east, north), pop in sorted(aggregated(size).items()):
        half = size // 2
        lines.append(f"{cell_id(size, east, north)};{east + half};{north + half};{pop}")
    return "\n".join(lines) + "\n"


def foreign_csv(resolution: str) -> str:
    size = SIZES[resolution]
    lines = [RATE_HEADER.format(r=resolution, column="AnteilAuslaender")]
    if size == 100:
        for k, (east, north, _pop) in enumerate(populated_cells()):
            value, sign = foreign_share(k)
            lines.append(f"{cell_id(100, east, north)};{east + 50};{north + 50};{value};{sign}")
    else:
        for east, north in sorted(aggregated(size)):
            half = size // 2
            lines.append(f"{cell_id(size, east, north)};{east + half};{north + half};7,5;")
    return "\n".join(lines) + "\n"


def age_csv(resolution: str, padding_rows: int = 0) -> str:
    """Mean age; ``padding_rows`` ASCII rows far away push the first dash past 64 KiB."""
    size = SIZES[resolution]
    lines = [RATE_HEADER.format(r=resolution, column="Durchschnittsalter")]
    for i in range(padding_rows):
        east, north = 5_000_000 + 100 * (i % 1000), 2_000_000 + 100 * (i // 1000)
        lines.append(f"{cell_id(size, east, north)};{east + 50};{north + 50};44,1;")
    for east, north in sorted(aggregated(size)):
        half = size // 2
        value = "–" if east == 4_000_200 else "41,5"
        lines.append(f"{cell_id(size, east, north)};{east + half};{north + half};{value};")
    return "\n".join(lines) + "\n"


def topic_zip(
    folder: Path, topic: str, make: object, *, encoding: str = "utf-8", **kwargs: object
) -> Path:
    """A topic ZIP as published: 10 km, 1 km and 100 m CSV plus the xlsx description."""
    path = folder / f"{topic}_in_Gitterzellen.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for resolution in ("10km", "1km", "100m"):
            text = make(resolution, **kwargs)  # type: ignore[operator]
            archive.writestr(f"Zensus2022_{topic}_{resolution}-Gitter.csv", text.encode(encoding))
        archive.writestr(
            f"Datensatzbeschreibung_{topic}_Gitterzellen.xlsx", b"PK\x05\x06" + bytes(18)
        )
    return path


@pytest.fixture
def zips(tmp_path: Path) -> dict[str, Path]:
    return {
        "population": topic_zip(tmp_path, "Bevoelkerungszahl", population_csv),
        "foreign": topic_zip(tmp_path, "Anteil_Auslaender", foreign_csv),
        "age": topic_zip(tmp_path, "Durchschnittsalter", age_csv, encoding="cp1252"),
    }


@pytest.fixture
def town_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(TOWN, data)
    shutil.copy(REPO_CATALOG, data / "indicators" / "catalog.csv")
    return data


def town_outline() -> shapely.Geometry:
    return shapely.box(4_000_000, 3_000_000, 4_003_000, 3_002_000)


# --------------------------------------------------------------------------- layouts


def test_a_topic_zip_offers_its_three_resolutions(zips: dict[str, Path]) -> None:
    found = zip_resolutions(zips["population"])
    assert {size: [m.split("_")[-1] for m in members] for size, members in found.items()} == {
        100: ["100m-Gitter.csv"],
        1000: ["1km-Gitter.csv"],
        10000: ["10km-Gitter.csv"],
    }
    layout = sniff_layout(zips["population"], resolution="100m")
    assert (layout.year, layout.cell_size, layout.sep) == (2022, 100, ";")
    assert layout.columns == ["GITTER_ID_100m", "x_mp_100m", "y_mp_100m", "Einwohner"]
    assert layout.sign_column is None  # the population file has no sign column
    assert layout.member == "Zensus2022_Bevoelkerungszahl_100m-Gitter.csv"
    rate = sniff_layout(zips["foreign"], resolution="1km")
    assert (rate.cell_size, rate.sign_column) == (1000, "werterlaeuternde_Zeichen")
    assert rate.features == {"AnteilAuslaender": "foreigners_share"}
    assert sniff_layout(zips["age"], resolution="10km").cell_size == 10000


def test_a_zip_needs_a_resolution_it_holds(zips: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        sniff_layouts(zips["population"])
    [problem] = caught.value.problems
    assert problem.code == "zensus_pick_resolution"
    assert "100m" in problem.message("de")
    assert "10km" in problem.message("de")
    single = tmp_path / "nur_100m.zip"
    with zipfile.ZipFile(single, "w") as archive:
        archive.writestr("Zensus2022_Bevoelkerungszahl_100m-Gitter.csv", population_csv("100m"))
    assert sniff_layout(single).cell_size == 100  # one resolution: no choice needed
    with pytest.raises(DataError) as caught:
        sniff_layout(single, resolution="1km")
    assert caught.value.problems[0].code == "zensus_zip_no_resolution"
    with pytest.raises(DataError) as caught:
        sniff_layout(single, resolution="5km")
    assert caught.value.problems[0].code == "zensus_bad_resolution"
    empty = tmp_path / "beschreibung.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("liesmich.csv", "Name;Wert\nA;1\n")
    with pytest.raises(DataError) as caught:
        sniff_layout(empty)
    assert [p.code for p in caught.value.problems] == ["zensus_zip_no_grid"]


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize("resolution", ["100m", "1km", "10km"])
def test_population_recounts_at_every_resolution(zips: dict[str, Path], resolution: str) -> None:
    cells = read_grid(zips["population"], resolution=resolution)
    total = sum(pop for _e, _n, pop in populated_cells())
    assert cells.frame["population"].sum() == total == 30 * 10 + sum(range(30)) + 77
    assert cells.cell_size == SIZES[resolution]
    town = read_grid(zips["population"], resolution=resolution, within=town_outline())
    assert town.frame["population"].sum() == total - 77  # the far cell is not kept


def test_dash_klammern_and_decimal_comma(zips: dict[str, Path]) -> None:
    cells = read_grid(zips["foreign"], resolution="100m")
    frame = cells.frame
    for k, (east, north, _pop) in enumerate(populated_cells()):
        row = frame.loc[cell_id(100, east, north)]
        text, sign = foreign_share(k)
        if text == "–":  # not published: unknown, never 0
            assert (row["foreigners_share_status"], np.isnan(row["foreigners_share"])) == (
                ".",
                True,
            )
            assert not row["foreigners_share_uncertain"]
        else:
            assert row["foreigners_share"] == float(text.replace(",", "."))
            assert bool(row["foreigners_share_uncertain"]) == (sign == "KLAMMERN")
    n_uncertain = sum(foreign_share(k)[1] == "KLAMMERN" for k in range(31))
    assert int(frame["foreigners_share_uncertain"].sum()) == n_uncertain > 0
    [warning] = [p for p in cells.problems if p.code == "zensus_uncertain_cells"]
    assert warning.params["count"] == n_uncertain
    assert warning.file is not None
    assert warning.file.endswith(
        "Anteil_Auslaender_in_Gitterzellen.zip:Zensus2022_Anteil_Auslaender_100m-Gitter.csv"
    )


def test_cp1252_dash_far_beyond_an_ascii_head(tmp_path: Path) -> None:
    """The head decides nothing (pure ASCII); byte 0x96 later is still the dash."""
    path = topic_zip(tmp_path, "Durchschnittsalter", age_csv, encoding="cp1252", padding_rows=3000)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("Zensus2022_Durchschnittsalter_100m-Gitter.csv")
    assert data[:65536].isascii()
    assert b"\x96" in data[65536:]
    layout = sniff_layout(path, resolution="100m")
    assert layout.encoding == "utf-8"
    assert check_grid(path, resolution="100m") == []
    frame = read_grid(path, resolution="100m", within=town_outline()).frame
    dash = frame.loc[cell_id(100, 4_000_200, 3_000_500)]
    assert (dash["mean_age_status"], np.isnan(dash["mean_age"])) == (".", True)
    assert (frame["mean_age"] == 41.5).sum() == 29


def test_whole_cp1252_topic(zips: dict[str, Path]) -> None:
    frame = read_grid(zips["age"], resolution="1km").frame
    # 1 km cells of the row: E4000000 .. E4002000 (the dash is only in the 100 m file)
    assert frame.loc[cell_id(1000, 4_000_000, 3_000_000), "mean_age"] == 41.5


def test_several_topics_into_one_layer(zips: dict[str, Path]) -> None:
    stats = ReadStats()
    layer = read_layer(
        [zips["population"], zips["foreign"], zips["age"]],
        resolution="100m",
        within=town_outline(),
        stats=stats,
    )
    assert layer.year == 2022
    assert layer.cell_size == 100
    assert layer.features == ("population", "foreigners_share", "mean_age")
    assert len(layer.frame) == 30  # one row per cell id, the far cell dropped
    assert stats.rows_read == 3 * 31
    assert stats.rows_kept == 3 * 30
    assert layer.frame["population"].sum() == 30 * 10 + sum(range(30))
    assert {"foreigners_share_uncertain", "mean_age_uncertain"} <= set(layer.frame.columns)


def test_layers_of_two_censuses_are_not_mixed(zips: dict[str, Path]) -> None:
    grid_2011 = HERE / "data" / "zensus" / "Zensus_spitze_Werte_1km-Gitter_test.csv"
    with pytest.raises(DataError) as caught:
        read_layer([grid_2011, zips["population"]], resolution="1km")
    assert caught.value.problems[0].code == "zensus_mixed_years"


# --------------------------------------------------------------------------- memory


def _population_zip(path: Path, n_rows: int, width: int = 1000) -> tuple[int, int]:
    """A 100 m population file of ``n_rows`` rows in a ZIP: (text size, expected sum in box)."""
    lines = [POP_HEADER.format(r="100m")]
    expected = 0
    for i in range(n_rows):
        east = 3_900_000 + (i % width) * 100
        north = 2_900_000 + (i // width) * 100
        lines.append(f"{cell_id(100, east, north)};{east + 50};{north + 50};{i % 90 + 1}")
        if 3_949_900 <= east <= 3_952_000 and 2_909_900 <= north <= 2_911_000:
            expected += i % 90 + 1
    text = "\n".join(lines) + "\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Zensus2022_Bevoelkerungszahl_100m-Gitter.csv", text)
    return len(text.encode()), expected


def _peak_reading(path: Path, outline: shapely.Geometry) -> tuple[int, ReadStats, pd.DataFrame]:
    stats = ReadStats()
    tracemalloc.start()
    cells = read_grid(path, within=outline, chunksize=5_000, stats=stats)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, stats, cells.frame


def test_a_large_100m_file_streams_from_the_zip_in_bounded_memory(tmp_path: Path) -> None:
    """200,000 rows (≈ 10 MB of text) decompressed and read in chunks of 5,000: the peak does
    not grow with the file (compared with a file a quarter as long) and stays far below it."""
    outline = shapely.box(3_950_000, 2_910_000, 3_952_000, 2_911_000)  # 20 × 10 cells
    small = tmp_path / "small.zip"  # first use loads code and caches: not measured
    with zipfile.ZipFile(small, "w") as archive:
        archive.writestr("Zensus2022_Bevoelkerungszahl_100m-Gitter.csv", population_csv("100m"))
    read_grid(small, within=outline, chunksize=5_000)

    quarter = tmp_path / "quarter.zip"
    _population_zip(quarter, 50_000)
    peak_quarter, _, _ = _peak_reading(quarter, outline)
    path = tmp_path / "Zensus2022_Bevoelkerungszahl.zip"
    size, expected = _population_zip(path, 200_000)
    peak, stats, frame = _peak_reading(path, outline)

    assert stats.rows_read == 200_000
    assert stats.chunks == 40
    assert stats.max_chunk_rows == 5_000
    # every cell touching the outline, including the ring of neighbours sharing its edge
    assert len(frame) == stats.rows_kept == 22 * 12
    assert frame["population"].sum() == expected
    # Reading the whole file would hold all of it (and more, as a frame); streaming holds a
    # chunk: four times the rows may not cost even 1.5 times the memory.
    assert peak < 1.5 * peak_quarter + 250_000, (peak, peak_quarter)
    assert peak < size / 3, f"peak {peak / 1e6:.1f} MB for {size / 1e6:.1f} MB of text"


# --------------------------------------------------------------------------- import


def test_import_topic_zips_into_a_towns_districts(
    town_dir: Path, zips: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["import-zensus", "--data-dir", str(town_dir), "--town", "testtown"]
    argv += ["--resolution", "100m", "--lang", "de"]
    for path in zips.values():
        argv += ["--grid", str(path)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "zensus2022.csv" in out
    assert "KLAMMERN" in err
    data = load_town(town_dir, "testtown")
    pop = data.series("population").query("year == 2022").set_index("district_id")["value"]
    # centres x = 4000050 … 4002950: west of 4001600 are k = 0 … 15
    assert pop["west"] == sum(10 + k for k in range(16))
    assert pop["east"] == sum(10 + k for k in range(16, 30))
    sources = data.values.query("year == 2022")["source"]
    assert sources.str.contains("100-m-Gitter").all()


def test_import_without_resolution_names_the_choices(town_dir: Path, zips: dict[str, Path]) -> None:
    with pytest.raises(DataError) as caught:
        import_zensus(town_dir, "testtown", [zips["population"]])
    assert caught.value.problems[0].code == "zensus_pick_resolution"
    assert not (town_dir / "layers").exists()


def test_a_member_claiming_a_huge_size_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sozialraum import census_grid

    path = topic_zip(tmp_path, "Bevoelkerungszahl", population_csv)
    monkeypatch.setattr(census_grid, "MAX_MEMBER_BYTES", 100)
    with pytest.raises(DataError) as caught:
        read_grid(path, resolution="100m")
    assert caught.value.problems[0].code == "zensus_zip_too_large"
