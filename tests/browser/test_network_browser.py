"""The Actors & network page in a real browser: add two actors and a relation like a user,
see them in the network and as a layer on the district map, download the Kumu and Gephi
files and read them back through the importer."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sozialraum.actors import ActorStore
from sozialraum.actors.exchange import gephi_csv, import_records, kumu_csv, read_gephi, read_kumu
from sozialraum.db import create_db_engine, upgrade

from .conftest import MINI_DIR, AppServer
from .test_app_browser import MAP_IFRAME, app_url, choose, no_exceptions

# A shared, loaded machine can take a minute per rerun; waiting is not what is tested here.
SLOW_MS = 150_000

pytestmark = pytest.mark.browser

DISTRICTS = {
    "nord-west": "Nordwest",
    "nord-ost": "Nordost",
    "sued-west": "Südwest",
    "sued-ost": "Südost",
}


@pytest.fixture(scope="module")
def network_app(app_server: Callable[[Path], AppServer], tmp_path_factory) -> AppServer:
    data_dir = tmp_path_factory.mktemp("network") / "data"
    shutil.copytree(MINI_DIR, data_dir)
    return app_server(data_dir)


def wait_idle(page: Page) -> None:
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=SLOW_MS)


@pytest.fixture(autouse=True)
def patient_expectations(page: Page):
    page.set_default_timeout(SLOW_MS)
    expect.set_options(timeout=SLOW_MS)
    yield
    expect.set_options(timeout=5_000)


def _fill(page: Page, label: str, text: str) -> None:
    """Type into a text input; a rerun in flight marks inputs inert for a moment, so wait
    for the app to be idle and try again."""
    for _attempt in range(5):
        wait_idle(page)
        try:
            page.get_by_label(label).fill(text, timeout=20_000)
            return
        except PlaywrightTimeout:
            continue
    page.get_by_label(label).fill(text)


def _open_editor(page: Page) -> None:
    name = page.get_by_label("Name (Organisation, Gremium oder Funktion)")
    if not name.is_visible():
        page.get_by_text("Akteure und Beziehungen bearbeiten").click()
    expect(name).to_be_visible()


def _add_actor(page: Page, name: str, sector: str, district: str) -> None:
    _open_editor(page)
    _fill(page, "Name (Organisation, Gremium oder Funktion)", name)
    choose(page, "Sektor", sector)
    page.get_by_role("combobox", name="Aktiv in Bezirken", exact=True).click()
    page.get_by_role("option", name=district, exact=True).click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Speichern").first.click()
    expect(page.get_by_text(f"„{name}“ gespeichert.")).to_be_visible()
    wait_idle(page)


def _download(page: Page, label: str, target: Path) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label, exact=True).click()
    info.value.save_as(target)
    return target.read_bytes()


def test_add_actors_see_network_and_layer_and_round_trip_files(
    page: Page, network_app: AppServer, tmp_path: Path
) -> None:
    page.goto(app_url(network_app, "netzwerk", town="musterstadt"))
    wait_idle(page)
    expect(page.get_by_text("Noch keine Akteure für diese Stadt.")).to_be_visible()
    _add_actor(page, "Stadtteilbüro Nord", "Verwaltung", "Nordwest")
    _add_actor(page, "Elternverein", "Zivilgesellschaft", "Nordost")

    _open_editor(page)
    choose(page, "Art der Beziehung", "Kooperation")
    _fill(page, "Seit (Jahr, optional)", "2021")
    page.get_by_role("button", name="Speichern").nth(1).click()
    expect(page.get_by_text("Beziehung gespeichert.")).to_be_visible()
    wait_idle(page)
    no_exceptions(page)

    # The network: both actors drawn as labelled nodes, one edge between them.
    chart = page.locator(".js-plotly-plot")
    expect(chart.locator("text", has_text="Stadtteilbüro Nord")).to_have_count(1)
    expect(chart.locator("text", has_text="Elternverein")).to_have_count(1)
    expect(page.get_by_text("2 Akteure, 1 Beziehungen")).to_be_visible()

    # The actors' layer: one marker per actor on the district map, with its name as tooltip.
    frame = page.frame_locator(MAP_IFRAME)
    markers = frame.locator("path.sr-actor")
    expect(markers).to_have_count(2)
    expect(frame.locator("path.leaflet-interactive:not(.sr-actor)")).to_have_count(4)

    # Downloads: Kumu and Gephi, read back through the importer into a fresh database.
    page.get_by_text("Import und Export").click()
    elements = _download(page, "Kumu: elements.csv", tmp_path / "el.csv")
    connections = _download(page, "Kumu: connections.csv", tmp_path / "co.csv")
    nodes = _download(page, "Gephi: nodes.csv", tmp_path / "nodes.csv")
    edges = _download(page, "Gephi: edges.csv", tmp_path / "edges.csv")
    assert "Stadtteilbüro Nord,Verwaltung" in elements.decode()
    assert connections.decode().splitlines()[1:] == [
        "Stadtteilbüro Nord,Elternverein,cooperation,2,mutual,2021"
    ]
    assert edges.decode().splitlines()[0] == "Source;Target;Type;Weight;Relation;Since"

    for number, (records, texts) in enumerate(
        [
            (read_kumu(elements, connections, districts=DISTRICTS), (elements, connections)),
            (read_gephi(nodes, edges, districts=DISTRICTS), (nodes, edges)),
        ]
    ):
        engine = create_db_engine(f"sqlite:///{tmp_path / f'back{number}.sqlite'}")
        upgrade(engine)
        store = ActorStore(engine)
        assert import_records(store, "musterstadt", records, "test") == (2, 0, 1)
        actors, relations = store.list_actors("musterstadt"), store.list_relations("musterstadt")
        again = kumu_csv(actors, relations, []) if number == 0 else gephi_csv(actors, relations, [])
        assert (again[0].encode(), again[1].encode()) == texts
        engine.dispose()
