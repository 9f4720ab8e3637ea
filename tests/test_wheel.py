"""Installed, not only cloned: build the wheel, install it in a fresh venv outside the repo, use it.

The venv gets the locked dependencies from uv's cache (``uv sync --frozen --no-install-project``
into the new environment: no resolution, no download for what the checkout already installed),
then the built wheel alone. Every command runs outside the repository, with its own HOME and
XDG folders, so nothing can come from the checkout or touch the developer's files.
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.wheel

APPTEST = """
import json, sys
import sozialraum
from sozialraum.serve import prepare_app_dir
from streamlit.testing.v1 import AppTest

app = prepare_app_dir()
at = AppTest.from_file(str(app), default_timeout=180)
for key, value in {"town": "pirmasens", "indicator": "sgb2_rate", "year": "2023"}.items():
    at.query_params[key] = value
at.run()
print(json.dumps({
    "package": sozialraum.__file__,
    "app": str(app),
    "exceptions": [str(e.value) for e in at.exception],
    "titles": [t.value for t in at.title],
    "legend": any('<figure class="sr-legend"' in m.value for m in at.markdown),
}))
"""


def _uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("uv not found (scripts/_bootstrap.sh provides it)")
        pytest.skip("uv not found: run through ./scripts/test")
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A fresh venv with the wheel installed, plus a home, XDG folders and a working dir."""
    uv = _uv()
    root = tmp_path_factory.mktemp("wheel")
    dist, venv = root / "dist", root / "venv"
    started = time.perf_counter()
    subprocess.run(
        [uv, "build", "--wheel", "--quiet", "--out-dir", str(dist), str(REPO)], check=True
    )
    wheels = sorted(dist.glob("sozialraum-*.whl"))
    assert len(wheels) == 1, wheels
    # The python of the checkout's venv: its versions are the locked ones, already cached.
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    subprocess.run(
        [
            uv, "sync", "--quiet", "--frozen", "--no-dev", "--no-install-project",
            "--project", str(REPO), "--python", sys.executable,
        ],
        env={**env, "UV_PROJECT_ENVIRONMENT": str(venv)},
        check=True,
    )  # fmt: skip
    python = str(venv / "bin" / "python")
    subprocess.run(
        [uv, "pip", "install", "--quiet", "--no-deps", "--python", python, str(wheels[0])],
        env=env,
        check=True,
    )
    print(f"\nwheel built and installed in {time.perf_counter() - started:.1f} s")
    for name in ("home", "xdg-data", "xdg-cache", "work"):
        (root / name).mkdir()
    return {"root": root, "venv": venv, "wheel": wheels[0]}


def _env(installed: dict[str, Path]) -> dict[str, str]:
    root = installed["root"]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SOZIALRAUM_", "PYTHON", "VIRTUAL_ENV", "XDG_"))
    }
    return env | {
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "xdg-data"),
        "XDG_CACHE_HOME": str(root / "xdg-cache"),
        "PATH": f"{installed['venv'] / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    }


def _run(installed: dict[str, Path], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv),
        cwd=installed["root"] / "work",
        env=_env(installed),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _user_data(installed: dict[str, Path]) -> Path:
    return installed["root"] / "xdg-data" / "sozialraum" / "data"


def _runtime(installed: dict[str, Path]) -> Path:
    return installed["root"] / "xdg-cache" / "sozialraum" / "app"


def test_installed_validate_seeds_the_user_data_dir_from_the_shipped_demo(installed) -> None:
    done = _run(installed, "sozialraum", "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"OK: {_user_data(installed)}"
    shipped = (
        "towns.json",
        "indicators/catalog.csv",
        "geo/districts/pirmasens.geojson",
        # the real Zensus 2011 1 km cells the grid page opens with (validate read them all)
        "grids/Zensus2011_1km-Gitter_sechs_Staedte.csv",
        "grids/README.md",
    )
    for name in shipped:
        assert (_user_data(installed) / name).read_bytes() == (REPO / "data" / name).read_bytes()


def test_installed_export_writes_one_row_per_district(installed) -> None:
    out = installed["root"] / "work" / "pirmasens.csv"
    done = _run(
        installed, "sozialraum", "export", "--town", "pirmasens", "--year", "2023",
        "--format", "csv", "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    geojson = json.loads((REPO / "data/geo/districts/pirmasens.geojson").read_text("utf-8"))
    expected = {f["properties"]["district_id"] for f in geojson["features"]}
    text = out.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    assert {row["district_id"] for row in rows} == expected
    assert len(rows) == len(expected)


def test_installed_map_page_runs_from_the_package_and_writes_outside_it(installed) -> None:
    done = _run(installed, str(installed["venv"] / "bin" / "python"), "-c", APPTEST)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    package = Path(result["package"]).parent
    assert package.is_relative_to(installed["venv"]), package
    assert Path(result["app"]) == _runtime(installed) / "app.py"
    assert result["exceptions"] == []
    # Titles are Markdown in which data is written as character references (sozialraum.markup).
    title = html.unescape(result["titles"][0]).replace("\u2060", "")
    assert title == "SGB-II-Quote in Pirmasens, 2023"
    assert result["legend"]
    # Leaflet and the geometry cache went to the runtime folder, not into site-packages.
    static = _runtime(installed) / "static"
    assert (static / "vendor" / "leaflet" / "leaflet.js").is_file()
    assert len(list((static / "cache").glob("geo-*.json"))) == 1
    assert not (package / "static").exists()
    # The one Streamlit config, shipped in the wheel, is what the launcher runs with.
    config = _runtime(installed) / ".streamlit" / "config.toml"
    assert config.read_bytes() == (REPO / ".streamlit" / "config.toml").read_bytes()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lan_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            address = str(sock.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.status, resp.read()


def test_installed_serve_binds_localhost_and_serves_static_files(installed) -> None:
    # Needs the runtime folder filled by a first run (the AppTest above; run it if alone).
    if not (_runtime(installed) / "static" / "vendor" / "leaflet" / "leaflet.js").exists():
        _run(installed, str(installed["venv"] / "bin" / "python"), "-c", APPTEST)
    port = _free_port()
    log = installed["root"] / f"serve-{port}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["sozialraum", "serve", "--port", str(port)],
            cwd=installed["root"] / "work",
            env=_env(installed),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                if _get(f"http://127.0.0.1:{port}/_stcore/health")[0] == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.5)
        leaflet = _runtime(installed) / "static" / "vendor" / "leaflet" / "leaflet.js"
        status, body = _get(f"http://127.0.0.1:{port}/app/static/vendor/leaflet/leaflet.js")
        assert (status, body) == (200, leaflet.read_bytes())  # static serving from the config
        lan = _lan_address()
        if lan is not None:  # not reachable from the network by default
            with pytest.raises(urllib.error.URLError, match="refused"):
                _get(f"http://{lan}:{port}/_stcore/health")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
