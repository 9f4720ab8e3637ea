"""Fixtures for the real-browser tests: a Streamlit server per data directory, Debian's chromium.

* ``app_server(data_dir)`` starts ``streamlit run app.py`` once per data directory and session
  (on a free port, ``SOZIALRAUM_DATA_DIR`` set), waits for ``/_stcore/health`` and kills the
  whole process group at the end of the session.
* ``browser`` is one chromium (``/usr/bin/chromium``, never a downloaded build) for the session;
  ``context``/``page`` are new for every test, and ``page`` records every request (also from the
  map iframe), console errors, page errors and dialogs in ``page.events``.

Without /usr/bin/chromium the tests are skipped, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sozialraum.testing import CHROMIUM, AppServer, ServerError, launch_chromium, start_server

REPO = Path(__file__).resolve().parents[2]
# The towns under test: the repository's demo data (override e.g. with tests/data/mini).
DATA_DIR = Path(os.environ.get("SOZIALRAUM_BROWSER_DATA_DIR") or REPO / "data").resolve()
MINI_DIR = REPO / "tests" / "data" / "mini"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# How long the first page may take on a fresh server (a loaded shared machine needs more).
HEALTH_TIMEOUT_S = int(os.environ.get("SOZIALRAUM_BROWSER_WARMUP_S", "60"))
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_DISTRICT = "nord-west"  # the mini fixture's district that gets the hostile name


def _start_server(data_dir: Path, log_dir: Path) -> AppServer:
    try:
        return start_server(data_dir, log_dir)
    except ServerError as exc:
        pytest.fail(str(exc))


def _warm_up(browser: object, server: AppServer) -> None:
    """Open the app once, so the first test does not pay for the server's cold start."""
    ctx = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = ctx.new_page()
        page.goto(server.url)
        page.wait_for_selector(
            '[data-testid="stApp"][data-test-script-state="notRunning"]',
            timeout=HEALTH_TIMEOUT_S * 1000,
        )
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, browser: object
) -> Iterator[Callable[[Path], AppServer]]:
    """``app_server(data_dir)``: the session's server for ``data_dir`` (started on first use)."""
    servers: dict[Path, AppServer] = {}
    log_dir = tmp_path_factory.mktemp("streamlit-logs")

    def get(data_dir: Path) -> AppServer:
        key = data_dir.resolve()
        if key not in servers:
            servers[key] = _start_server(key, log_dir)
            _warm_up(browser, servers[key])
        return servers[key]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def demo_app(app_server: Callable[[Path], AppServer]) -> AppServer:
    """The app on the repository's ``data/`` (the six demo towns)."""
    return app_server(DATA_DIR)


@pytest.fixture(scope="session")
def xss_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the mini fixture in which one district is named ``<img src=x onerror=…>``."""
    target = tmp_path_factory.mktemp("xss") / "data"
    shutil.copytree(MINI_DIR, target)
    geojson = target / "geo" / "districts" / "musterstadt.geojson"
    collection = json.loads(geojson.read_text(encoding="utf-8"))
    hits = [f for f in collection["features"] if f["properties"]["district_id"] == XSS_DISTRICT]
    assert len(hits) == 1, f"mini fixture has no district {XSS_DISTRICT!r}"
    hits[0]["properties"]["name"] = XSS_NAME
    geojson.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def xss_app(app_server: Callable[[Path], AppServer], xss_data_dir: Path) -> AppServer:
    return app_server(xss_data_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@dataclass
class PageEvents:
    """What happened in a page (and its iframes) during one test."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    ctx = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 900}, locale="de-DE", timezone_id="Europe/Berlin"
    )
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: object) -> object:
    """A fresh page; ``page.events`` collects requests, console errors, page errors, dialogs."""
    events = PageEvents()
    # Context-level: also sees the requests of the st_folium iframe and of workers.
    context.on("request", lambda req: events.requests.append(req.url))  # type: ignore[attr-defined]
    page = context.new_page()  # type: ignore[attr-defined]

    def on_console(msg: object) -> None:
        if msg.type == "error":  # type: ignore[attr-defined]
            loc = msg.location or {}  # type: ignore[attr-defined]
            events.console_errors.append(f"{msg.text} @ {loc.get('url', '?')}")  # type: ignore[attr-defined]

    def on_dialog(dialog: object) -> None:
        events.dialogs.append(f"{dialog.type}: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("console", on_console)
    page.on("pageerror", lambda exc: events.page_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.events = events
    return page


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


SHIPPED_GRID = "Zensus2011_1km-Gitter_sechs_Staedte.csv"


@pytest.fixture(scope="session")
def grid_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the demo data: it ships the real Zensus 2011 1 km cells of the six
    towns (``grids/``, see scripts/build_zensus_grid.py), as a newcomer's first start has."""
    data_dir = tmp_path_factory.mktemp("grid") / "data"
    shutil.copytree(REPO / "data", data_dir)
    assert (data_dir / "grids" / SHIPPED_GRID).is_file()
    return data_dir


@pytest.fixture(scope="session")
def grid_app(app_server: Callable[[Path], AppServer], grid_data_dir: Path) -> AppServer:
    return app_server(grid_data_dir)
