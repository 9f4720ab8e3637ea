"""An imported town whose title, district names, source text, indicator label and file names
carry Markdown and HTML (an image pointing at a local listener, a link, emphasis, an ``<img>``
with ``onerror``, math, icon and emoji shortcodes) is shown as literal text on every page: the
listener receives nothing, the DOM holds no image, link, emphasis, formula or icon made from
the data, and the text is visible as typed."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sozialraum.importers.indicators import NewIndicator
from sozialraum.importers.pipeline import ImportOptions, import_town
from sozialraum.testing import OutboundListener
from sozialraum.ui.app import PAGE_DIR, PAGES

from .conftest import MINI_DIR, AppServer

pytestmark = pytest.mark.browser

TOWN_ID = "feindlich"
WORD_JOINER = "\u2060"


def payload(port: int, tag: str) -> str:
    base = f"http://127.0.0.1:{port}"
    return (
        f"{tag} ![]({base}/{tag}.png) [link]({base}/{tag}-link) **fett{tag}** "
        f"<img src=x onerror=alert(1)> $x^2$ :material/home: :smile: "
    )


@pytest.fixture(scope="session")
def listener() -> Iterator[OutboundListener]:
    with OutboundListener() as server:
        yield server


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory, listener: OutboundListener) -> Path:
    """The mini fixture plus a town imported (through the real importer) from hostile files."""
    root = tmp_path_factory.mktemp("hostile")
    data_dir = root / "data"
    shutil.copytree(MINI_DIR, data_dir)
    port = listener.port
    square = [[7.60, 49.19], [7.61, 49.19], [7.61, 49.20], [7.60, 49.20], [7.60, 49.19]]
    features = []
    for i in range(2):
        ring = [[x + i * 0.01, y] for x, y in square]
        features.append(
            {
                "type": "Feature",
                "properties": {"district_id": f"d{i}", "name": payload(port, f"Bezirk{i}")},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    boundaries = root / "grenzen.geojson"
    boundaries.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    label = payload(port, "Indikator")
    table = root / "werte.csv"
    table.write_text(
        "district_id;indicator_id;year;value\n"
        "d0;einwohner_x;2020;100\nd1;einwohner_x;2020;200\n"
        "d0;einwohner_x;2021;110\nd1;einwohner_x;2021;190\n",
        encoding="utf-8",
    )
    options = ImportOptions(
        sources=(payload(port, "Quelle"),),
        attribution=(payload(port, "Namensnennung"),),
        new_indicators=(NewIndicator(label=label, id="einwohner_x", kind="count", unit="Pers."),),
        boundaries_filename=f"![](http://127.0.0.1:{port}/datei.png).geojson",
        indicators_filename="**werte**.csv",
    )
    import_town(
        data_dir,
        town_id=TOWN_ID,
        name=payload(port, "Stadt"),
        boundaries=boundaries,
        indicators=table,
        options=options,
    )
    return data_dir


@pytest.fixture(scope="session")
def hostile_app(app_server: Callable[[Path], AppServer], hostile_dir: Path) -> AppServer:
    return app_server(hostile_dir)


def _shown_text(page: Page) -> str:
    text = page.evaluate("() => document.body.innerText")
    return str(text).replace(WORD_JOINER, "")


def _made_from_data(page: Page, port: int) -> dict[str, int]:
    """Elements that exist only if text from the data was interpreted as markup, summed over
    the page and its frames (the map lives in an iframe)."""
    total: dict[str, int] = {}
    for frame in page.frames:
        for key, count in _count_in(frame, port).items():
            total[key] = total.get(key, 0) + count
    return total


def _count_in(frame: object, port: int) -> dict[str, int]:
    return frame.evaluate(  # type: ignore[attr-defined]
        """(port) => ({
          images: [...document.querySelectorAll('img')]
              .filter(i => i.getAttribute('src') === 'x' || (i.src || '').includes(':' + port))
              .length,
          links: [...document.querySelectorAll('a')]
              .filter(a => (a.getAttribute('href') || '').includes(':' + port)).length,
          strong: [...document.querySelectorAll('strong, b')]
              .filter(s => s.textContent.includes('fett')).length,
          math: document.querySelectorAll('.katex, math').length,
          icons: [...document.querySelectorAll('[data-testid="stIconMaterial"]')]
              .filter(s => s.textContent.trim() === 'home').length,
          emoji: document.body.innerText.includes('\\u{1F604}') ? 1 : 0,
        })""",
        port,
    )


PAGE_PATHS = [url_path for file, _title, url_path in PAGES if (PAGE_DIR / file).exists()]


@pytest.mark.parametrize("url_path", PAGE_PATHS)
def test_hostile_town_is_literal_text_on_every_page(
    page: Page, hostile_app: AppServer, listener: OutboundListener, url_path: str
) -> None:
    port = listener.port
    page.goto(f"{hostile_app.url}/{url_path}?town={TOWN_ID}&district=d0&indicator=einwohner_x")
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=30_000
    )
    page.wait_for_timeout(500)  # let images (if any were made) start loading

    assert _made_from_data(page, port) == {
        "images": 0,
        "links": 0,
        "strong": 0,
        "math": 0,
        "icons": 0,
        "emoji": 0,
    }
    text = _shown_text(page)
    # The town's own name is in every page's town selector; the pages that show a title,
    # district or source show that text literally.
    literal = re.escape(f"![](http://127.0.0.1:{port}/")
    assert re.search(literal, text) or url_path in ("import", "raster"), text[:2000]
    if url_path in ("karte", "profil", "tabelle", "methodik"):
        assert "**fettStadt**" in text or "**fettBezirk0**" in text or "**fettQuelle**" in text
        assert "<img src=x onerror=alert(1)>" in text
        assert ":smile:" in text
        assert "$x^2$" in text
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert page.events.dialogs == []
    assert listener.requests == []
