"""The benchmark on tiny inputs (no timing is ever asserted), plus one browser smoke test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box, shape

from sozialraum.bench import RESULT_KEYS, format_table, run_benchmark
from sozialraum.bench._geometry import iter_geojson, received_geometry, tiling_errors
from sozialraum.bench._synthetic import INDICATORS, YEARS, build_voronoi_town
from sozialraum.cli import build_parser
from sozialraum.loaders import load_town


@pytest.fixture(scope="module")
def town30(tmp_path_factory: pytest.TempPathFactory):
    return build_voronoi_town(tmp_path_factory.mktemp("bench"), 30)


def _districts(town) -> list[shapely.Geometry]:
    path = town.data_dir / "geo" / "districts" / f"{town.town_id}.geojson"
    return [shape(f["geometry"]) for f in json.loads(path.read_text())["features"]]


def test_synthetic_town_loads_with_the_real_loader(town30) -> None:
    data = load_town(town30.data_dir, town30.town_id)
    assert len(data.districts) == town30.districts == 30
    assert set(data.indicator_ids()) == set(INDICATORS)
    assert data.years == list(YEARS)
    assert data.values["value"].notna().all()  # nothing suppressed, nothing missing


def test_synthetic_town_is_deterministic(town30, tmp_path: Path) -> None:
    again = build_voronoi_town(tmp_path, 30)
    for name in ("geo/districts/synthetic-30.geojson", "indicators/values/synthetic-30.csv"):
        assert (again.data_dir / name).read_bytes() == (town30.data_dir / name).read_bytes()


def test_exact_tiling_has_no_gaps_or_overlaps(town30) -> None:
    districts = _districts(town30)
    tiling = tiling_errors(districts, {"data": shapely.union_all(districts)})
    assert tiling.overlap_m2 == 0
    assert tiling.gaps_m2 == {"data": 0, "shell": 0}
    assert tiling.valid_coverage


def test_overlapping_pair_and_gap_are_measured() -> None:
    # Two ~700 m wide boxes overlapping by half, inside an outline that is wider than both.
    left, right = box(13.0, 52.0, 13.01, 52.01), box(13.005, 52.0, 13.015, 52.01)
    tiling = tiling_errors([left, right], {"outline": box(13.0, 52.0, 13.02, 52.01)})
    assert tiling.overlap_m2 == pytest.approx(left.intersection(right).area * 7.6e9, rel=0.05)
    assert tiling.gaps_m2["outline"] > 0
    assert not tiling.valid_coverage


def test_geojson_is_found_in_script_text_and_json_bodies(town30) -> None:
    collection = json.loads(
        (town30.data_dir / "geo" / "districts" / f"{town30.town_id}.geojson").read_text()
    )
    ids = [f["properties"]["district_id"] for f in collection["features"]]
    outline = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    script = f"var x = L.map('m'); layer_add({json.dumps(collection)}); draw({{x: 1}});"
    body = json.dumps({"districts": collection, "outline": outline})
    assert len(list(iter_geojson(script))) == 1
    for text, source in ((script, "websocket"), (body, "http")):
        found = received_geometry([text], ids, source)
        assert found is not None
        assert sorted(found.districts) == sorted(ids)
        assert found.vertices == sum(shapely.get_num_coordinates(g) for g in _districts(town30))
    assert received_geometry([body], ids, "http").outline is not None
    assert received_geometry(["no geometry here"], ids, "x") is None


def test_result_has_the_documented_keys(tmp_path: Path) -> None:
    result = run_benchmark(
        sizes=["30"], towns=[], repeat=1, browser=False, work_dir=tmp_path, progress=None
    )
    assert set(RESULT_KEYS) <= set(result)
    assert result["load_ms"]["synthetic-30"]["cold"] > 0
    assert result["rerun_ms"]["synthetic-30"] > 0
    assert result["floor_rerun_ms"] > 0
    assert result["meta"]["sizes"] == {"30": "synthetic-30"}
    assert "browser" in result["meta"]["skipped"]
    json.dumps(result)  # serialisable as it is
    assert "synthetic-30" in format_table(result)


def test_cli_registers_bench() -> None:
    args = build_parser().parse_args(["bench", "--sizes", "500,national", "--quick", "--json"])
    assert args.sizes == ["500", "national"]
    assert args.quick
    assert args.json
    assert args.out == Path("bench-results/bench.json")


@pytest.mark.browser
def test_browser_smoke(tmp_path: Path) -> None:
    """The whole benchmark once, as users run it: the script, in its own process.

    (Its own process also keeps its Playwright instance apart from the browser tests'.)
    """
    if not Path("/usr/bin/chromium").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true and /usr/bin/chromium not found")
        pytest.skip("/usr/bin/chromium not found")
    out = tmp_path / "bench.json"
    script = Path(__file__).parents[1] / "scripts" / "bench.py"
    subprocess.run(
        [
            sys.executable,
            str(script),
            "--sizes",
            "",
            "--towns",
            "muehlacker",
            "--repeat",
            "1",
            "--work-dir",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    result = json.loads(out.read_text())
    assert not result["meta"]["errors"], result["meta"]["errors"]
    assert result["first_map_s"]["muehlacker"] > 0
    assert result["switch_s"]["muehlacker"] > 0
    assert result["payload_kb"]["muehlacker"]["vertices"] > 0
    assert result["gap_m2"]["muehlacker"] < 1.0  # m²: floating-point noise at most
    assert result["peak_rss_mb"]["demo"] > 0
