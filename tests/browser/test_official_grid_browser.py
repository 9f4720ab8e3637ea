"""A Zensus 2022 topic ZIP on the grid page in a real browser: the chosen resolution is drawn,
and cells whose value is published with KLAMMERN carry a dashed outline."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sozialraum.testing import AppServer

from .test_app_browser import (
    MAP_TIMEOUT_MS,
    full_screenshot,
    map_frame,
    map_locator,
    no_exceptions,
    open_map,
    wait_idle,
)

REPO = Path(__file__).resolve().parents[2]
TOWN = REPO / "tests" / "data" / "zensus" / "town"  # 3 km × 2 km in EPSG:3035
HEADER = "GITTER_ID_{r};x_mp_{r};y_mp_{r};AnteilAuslaender;werterlaeuternde_Zeichen"

pytestmark = pytest.mark.browser


def _rows() -> tuple[list[str], int]:
    """Every 100 m cell of the town: shares 0–29 %, every 13th '–', every 7th KLAMMERN."""
    rows, uncertain = [], 0
    for i in range(30 * 20):
        east, north = 4_000_000 + 100 * (i % 30), 3_000_000 + 100 * (i // 30)
        value, sign = f"{(i % 30) + (i // 30) / 2:.1f}".replace(".", ","), ""
        if i % 13 == 0:
            value = "–"
        elif i % 7 == 0:
            sign, uncertain = "KLAMMERN", uncertain + 1
        rows.append(f"CRS3035RES100mN{north}E{east};{east + 50};{north + 50};{value};{sign}")
    return rows, uncertain


@pytest.fixture(scope="module")
def official_grid_app(
    app_server: Callable[[Path], AppServer], tmp_path_factory: pytest.TempPathFactory
) -> tuple[AppServer, int]:
    data_dir = tmp_path_factory.mktemp("official-grid") / "data"
    shutil.copytree(TOWN, data_dir)
    (data_dir / "grids").mkdir()
    rows, uncertain = _rows()
    with zipfile.ZipFile(data_dir / "grids" / "Anteil_Auslaender.zip", "w") as archive:
        archive.writestr(
            "Zensus2022_Anteil_Auslaender_100m-Gitter.csv",
            "\n".join([HEADER.format(r="100m"), *rows]) + "\n",
        )
        archive.writestr(
            "Zensus2022_Anteil_Auslaender_1km-Gitter.csv",
            HEADER.format(r="1km") + "\nCRS3035RES1000mN3000000E4000000;4000500;3000500;9,5;\n",
        )
    return app_server(data_dir), uncertain


def test_klammern_cells_are_outlined_dashed(
    page: Page, official_grid_app: tuple[AppServer, int], screenshot_dir: Path
) -> None:
    server, uncertain = official_grid_app
    open_map(page, server, town="testtown")
    page.locator('[data-testid="stSidebarNav"] a[href$="/raster"]').click()
    wait_idle(page)
    expect(map_locator(page)).to_have_count(1, timeout=MAP_TIMEOUT_MS)  # 1 km: one cell
    page.locator('[data-testid="stRadio"]').get_by_text("100m").click()
    wait_idle(page)
    expect(map_locator(page)).to_have_count(600, timeout=MAP_TIMEOUT_MS)
    frame = map_frame(page)
    frame.wait_for_function(
        f"() => document.querySelectorAll('path[stroke-dasharray=\"3 3\"]').length === {uncertain}",
        timeout=MAP_TIMEOUT_MS,
    )
    expect(page.get_by_text(f"{uncertain} Zellen mit eingeschränkt")).to_be_visible()
    no_exceptions(page)
    assert page.events.page_errors == []
    full_screenshot(page, screenshot_dir / "grid-2022-klammern.png")
