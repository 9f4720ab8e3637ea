"""Reading untrusted boundary files makes no network request (a local listener stands in for
the attacker's host) and reads no file outside the upload: GeoJSON ``crs`` links and URLs are
refused before GDAL sees the file, and GDAL itself is kept off the network process-wide."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest

from sozialraum.importers.pipeline import run_import
from sozialraum.offline import http_fetch_blocked, is_remote_path
from sozialraum.testing import OutboundListener

from ._import_helpers import GOOD, districts_frame, make_data_dir, shapefile_zip, tree_digest

SQUARE = [[7.60, 49.19], [7.61, 49.19], [7.61, 49.20], [7.60, 49.20], [7.60, 49.19]]


@pytest.fixture
def listener():
    with OutboundListener() as server:
        yield server


def _geojson(path: Path, crs: dict | None, *, geometry_crs: dict | None = None) -> Path:
    geometry: dict = {"type": "Polygon", "coordinates": [SQUARE]}
    if geometry_crs is not None:
        geometry["crs"] = geometry_crs
    data: dict = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"district_id": "a", "name": "A"},
                "geometry": geometry,
            }
        ],
    }
    if crs is not None:
        data["crs"] = crs
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _import(tmp_path: Path, boundaries: Path):
    data_dir = make_data_dir(tmp_path / "data")
    before = tree_digest(data_dir)
    result = run_import(
        data_dir,
        town_id="neustadt",
        name="Neustadt",
        boundaries=boundaries,
        indicators=GOOD / "values_long.csv",
    )
    assert tree_digest(data_dir) == before
    return result


def _link(url: str, kind: str = "proj4") -> dict:
    return {"type": "link", "properties": {"href": url, "type": kind}}


@pytest.mark.parametrize(
    ("where", "crs"),
    [
        ("collection", "link"),
        ("collection", "name-url"),
        ("geometry", "link"),
        ("collection", "file-link"),
    ],
)
def test_crs_reference_is_refused_without_a_request(tmp_path, listener, where, crs):
    member = {
        "link": _link(listener.url("x.prj")),
        "name-url": {"type": "name", "properties": {"name": listener.url("name.prj")}},
        "file-link": _link("file:///etc/passwd"),
    }[crs]
    path = _geojson(
        tmp_path / "stadtteile.geojson",
        member if where == "collection" else None,
        geometry_crs=member if where == "geometry" else None,
    )

    result = _import(tmp_path, path)

    assert [p.code for p in result.report.errors] == ["crs_reference"]
    problem = result.report.errors[0]
    assert problem.file == "stadtteile.geojson"
    assert problem.column == "crs"
    assert "Sicherheitsgründen" in problem.format("de")
    assert listener.requests == []


def test_named_crs_is_still_accepted(tmp_path, listener):
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    path = _geojson(tmp_path / "stadtteile.geojson", crs)
    result = _import(tmp_path, path)
    assert "crs_reference" not in result.report.codes()
    assert listener.requests == []


def test_gdal_itself_makes_no_request_even_with_no_proxy_set(tmp_path, listener, monkeypatch):
    """Bypassing the importer's pre-scan: GDAL must still not fetch a crs link. ``no_proxy``
    would let curl skip a blocking proxy, so the refusal must hold with it set."""
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    path = _geojson(tmp_path / "direct.geojson", _link(listener.url("direct.prj")))
    gpd.read_file(path, engine="pyogrio")  # whatever CRS GDAL settles on; no request
    assert http_fetch_blocked()
    assert listener.requests == []


def test_gdal_virtual_network_paths_are_blocked(listener):
    with pytest.raises(pyogrio.errors.DataSourceError):
        pyogrio.read_info(f"/vsicurl/{listener.url('remote.geojson')}")
    assert listener.requests == []


def test_shapefile_prj_with_url_makes_no_request(tmp_path, listener):
    folder = tmp_path / "shp"
    folder.mkdir()
    archive = shapefile_zip(districts_frame(), folder / "stadtteile.zip")
    with zipfile.ZipFile(archive) as src:
        members = {n: src.read(n) for n in src.namelist()}
    members = {
        n: (listener.url("shp.prj").encode() if n.endswith(".prj") else d)
        for n, d in members.items()
    }
    hostile = tmp_path / "stadtteile.zip"
    with zipfile.ZipFile(hostile, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)

    result = _import(tmp_path, hostile)

    assert not result.ok  # a .prj that is no CRS: the CRS counts as missing
    assert listener.requests == []


def test_gpkg_that_is_really_a_vrt_is_refused(tmp_path, listener):
    """GDAL picks drivers by content: VRT XML named .gpkg could point anywhere."""
    vrt = (
        "<OGRVRTDataSource><OGRVRTLayer name='x'>"
        f"<SrcDataSource>/vsicurl/{listener.url('vrt.geojson')}</SrcDataSource>"
        "</OGRVRTLayer></OGRVRTDataSource>"
    )
    path = tmp_path / "stadtteile.gpkg"
    path.write_text(vrt, encoding="utf-8")
    result = _import(tmp_path, path)
    assert [p.code for p in result.report.errors] == ["unreadable_geo"]
    assert listener.requests == []


@pytest.mark.parametrize(
    ("path", "remote"),
    [
        ("/vsicurl/http://x/y.geojson", True),
        ("/vsizip//vsis3/bucket/a.zip", True),
        ("https://example.org/a.geojson", True),
        ("/tmp/sozialraum-geo-1/stadtteile.geojson", False),
        ("/tmp/vsis3data/a.geojson", False),
    ],
)
def test_remote_paths_are_recognised(path, remote):
    assert is_remote_path(path) is remote


def test_folder_of_shapefiles_still_reads_without_directory_listing(tmp_path):
    """GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR keeps GDAL from listing folders it opens; a
    folder source of two Shapefiles (one zip, --layer chosen) must still read."""
    from sozialraum.importers.boundaries import BoundaryOptions, read_boundaries

    first = shapefile_zip(districts_frame(), tmp_path / "a.zip", stem="stadtteile")
    second = shapefile_zip(districts_frame(), tmp_path / "b.zip", stem="ortsteile")
    both = tmp_path / "beide.zip"
    with zipfile.ZipFile(both, "w") as out:
        for archive in (first, second):
            with zipfile.ZipFile(archive) as src:
                for name in src.namelist():
                    out.writestr(name, src.read(name))
    assert pyogrio.get_gdal_config_option("GDAL_DISABLE_READDIR_ON_OPEN") == "EMPTY_DIR"
    boundaries = read_boundaries(both, BoundaryOptions(layer="ortsteile"))
    assert (len(boundaries.districts), boundaries.layer) == (4, "ortsteile")
