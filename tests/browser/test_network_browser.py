"""Actors and network in a real browser: from an empty network to Kumu and Gephi files.

On a fresh copy of the mini fixture (its SQLite file starts empty) a user adds two actors and a
relation through the forms, sees both actors as nodes and the relation as an edge in the network
chart, clicks a node to open its profile, finds both actors as markers on the page's map (with
their names in the tooltips) and on the map page's actor layer, and downloads the Kumu and
Gephi files. Those files are read back with the importer into a new, empty database: the same
actors (name, sector, kind, districts/point) and the same relation (type, strength, since) come
back.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import shapely
from playwright.sync_api import Locator, Page, expect

from sozialraum.actors import ActorStore
from sozialraum.actors.exchange import import_records, read_network
from sozialraum.db import create_db_engine, upgrade
from sozialraum.loaders import load_town

from .conftest import MINI_DIR, AppServer
from .test_app_browser import MAP_IFRAME, _external, app_url, no_exceptions, wait_idle

pytestmark = pytest.mark.browser
MAP_TIMEOUT_MS = 20_000  # the map (an iframe) draws after the page; slow on a busy machine
# What a rerun shows (wait_idle may look before the rerun has started; a shared machine is slow).
RERUN_MS = 20_000
TOWN = "musterstadt"
VIEW = {"town": TOWN, "indicator": "sgb2_rate", "year": "2022", "lang": "de"}

YOUTH = "Jugendzentrum Nord & Co"
MOSQUE = "Moscheeverein Al-Nur"
POINT_DISTRICT = "nord-ost"
SINCE = 2019


@pytest.fixture(scope="module")
def network_app(
    app_server: Callable[[Path], AppServer], tmp_path_factory: pytest.TempPathFactory
) -> AppServer:
    data_dir = tmp_path_factory.mktemp("network") / "data"
    shutil.copytree(MINI_DIR, data_dir)
    return app_server(data_dir)


def actor_form(page: Page) -> Locator:
    return page.get_by_test_id("stForm").filter(has_text="Akteur hinzufügen")


def relation_form(page: Page) -> Locator:
    return page.get_by_test_id("stForm").filter(has_text="Beziehung hinzufügen")


def pick(page: Page, scope: Locator, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox ``label`` like a user: click, type, Enter."""
    box = scope.get_by_test_id("stSelectbox").filter(has_text=label).get_by_role("combobox")
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    expect(box).to_have_value(option)


def pick_many(page: Page, scope: Locator, label: str, options: list[str]) -> None:
    """Add ``options`` to the multiselect ``label`` (type each, Enter), then close it."""
    box = scope.get_by_test_id("stMultiSelect").filter(has_text=label)
    for option in options:
        box.get_by_role("combobox").click()
        page.keyboard.type(option)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        expect(box).to_contain_text(option)


def save(page: Page, form: Locator) -> None:
    form.get_by_role("button", name="Speichern", exact=True).click()
    wait_idle(page)
    no_exceptions(page)


def chart(page: Page) -> Locator:
    return page.get_by_test_id("stPlotlyChart")


def node_labels(page: Page) -> list[str]:
    """The texts next to the nodes of the network chart (plotly's SVG)."""
    return sorted(chart(page).locator(".scatterlayer .textpoint text").all_text_contents())


def click_node(page: Page, name: str) -> None:
    """Click the marker of the node labelled ``name`` (at its centre, like a user: plotly
    catches the mouse on a drag layer above the markers, so the marker itself is no target)."""
    traces = chart(page).locator(".scatterlayer .trace")
    trace = traces.filter(has=page.locator(".textpoint text", has_text=name))
    labels = trace.locator(".textpoint text").all_text_contents()
    marker = trace.locator(".points path.point").nth(labels.index(name))
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    assert box is not None, f"node {name!r} not drawn"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    expect(chart(page).locator(".hoverlayer .hovertext")).to_contain_text(name)
    page.mouse.click(x, y)


def actor_markers(page: Page) -> Locator:
    return page.frame_locator(MAP_IFRAME).locator("path.sr-actor")


def tooltips_of(page: Page, markers: Locator) -> list[str]:
    """Hover every marker and read its Leaflet tooltip."""
    tip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    texts = []
    for i in range(markers.count()):
        markers.nth(i).hover(force=True)
        expect(tip).to_have_count(1)
        texts.append(tip.inner_text())
        page.mouse.move(0, 0)
        expect(tip).to_have_count(0)
    return sorted(texts)


def download(page: Page, button: str, target: Path) -> Path:
    """Click a download button once the app is idle (a rerun replaces the files' URLs)."""
    wait_idle(page)
    control = page.get_by_role("button", name=button, exact=True)
    expect(control).to_be_visible()
    with page.expect_download(timeout=RERUN_MS) as info:
        control.click()
    assert info.value.suggested_filename.startswith(f"{TOWN}-")
    path = target / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_two_actors_a_relation_the_network_the_map_and_the_files(
    page: Page, network_app: AppServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    town = load_town(network_app.data_dir, TOWN)
    names = {str(i): str(n) for i, n in town.districts["name"].items()}
    inside = town.districts.to_crs(4326).geometry.loc[POINT_DISTRICT].representative_point()
    lon, lat = round(inside.x, 5), round(inside.y, 5)

    # 1. an empty network: the edit forms are open
    page.goto(app_url(network_app, "netzwerk", **VIEW))
    wait_idle(page)
    no_exceptions(page)
    expect(page.get_by_text("Noch keine Akteure")).to_be_visible()

    # 2. two actors: one active in a district, one at a point
    form = actor_form(page)
    form.get_by_role("textbox", name="Name (Organisation, Gremium oder Funktion)").fill(YOUTH)
    pick(page, form, "Sektor", "Soziales")
    pick(page, form, "Art", "Organisation")
    pick_many(page, form, "Aktiv in Bezirken", [names["nord-west"]])
    save(page, form)
    # Text from the store is escaped: "&" stays "&" on screen.
    expect(page.get_by_text(f"„{YOUTH}“ gespeichert.")).to_be_visible(timeout=RERUN_MS)

    form = actor_form(page)
    form.get_by_role("textbox", name="Name (Organisation, Gremium oder Funktion)").fill(MOSQUE)
    pick(page, form, "Sektor", "Migrantenorganisation")
    pick(page, form, "Art", "Organisation")
    form.get_by_role("textbox", name="Längengrad (optional)").fill(str(lon))
    form.get_by_role("textbox", name="Breitengrad (optional)").fill(str(lat))
    save(page, form)
    expect(page.get_by_text(f"„{MOSQUE}“ gespeichert.")).to_be_visible(timeout=RERUN_MS)

    # 3. a relation between them: funding, strength 3, since 2019
    form = relation_form(page)
    pick(page, form, "Von", YOUTH)
    pick(page, form, "Zu", MOSQUE)
    pick(page, form, "Art der Beziehung", "Förderung")
    slider = form.get_by_role("slider")
    expect(slider).to_have_value("2")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("3")
    form.get_by_role("textbox", name="Seit (Jahr, optional)").fill(str(SINCE))
    save(page, form)
    expect(page.get_by_text("Beziehung gespeichert.")).to_be_visible(timeout=RERUN_MS)

    # 4. the network: two nodes, one edge
    expect(page.get_by_text("2 Akteure, 1 Beziehungen", exact=False)).to_be_visible()
    expect(chart(page).locator(".scatterlayer .points path.point")).to_have_count(2)
    assert node_labels(page) == sorted([YOUTH, MOSQUE])
    edges = chart(page).locator(".scatterlayer .trace path.js-line")
    expect(edges).to_have_count(1)
    expect(chart(page).locator(".legend")).to_contain_text("Förderung")
    page.screenshot(path=screenshot_dir / "netzwerk.png", full_page=True)

    # 5. a click on a node opens that actor's profile
    profile = page.locator("h4.sr-actor-name")
    expect(profile).to_have_count(0)
    click_node(page, MOSQUE)
    wait_idle(page)
    expect(profile).to_have_text(MOSQUE, timeout=RERUN_MS)
    sheet = page.locator("dl.sr-sheet")
    expect(sheet).to_contain_text("Migrantenorganisation")
    expect(sheet).to_contain_text(names[POINT_DISTRICT])  # the district around its point
    expect(sheet).to_contain_text(f"Förderung (3) – {YOUTH}")
    expect(page.get_by_role("combobox", name="Akteur", exact=True)).to_have_value(MOSQUE)
    click_node(page, YOUTH)
    wait_idle(page)
    expect(profile).to_have_text(YOUTH, timeout=RERUN_MS)
    expect(page.locator("dl.sr-sheet")).to_contain_text(names["nord-west"])

    # 6. the actors on the page's map: one marker each, names in the tooltips
    markers = actor_markers(page)
    markers.first.scroll_into_view_if_needed(timeout=MAP_TIMEOUT_MS)
    expect(markers).to_have_count(2, timeout=MAP_TIMEOUT_MS)
    tips = tooltips_of(page, markers)
    assert [tip.splitlines()[0] for tip in tips] == sorted([YOUTH, MOSQUE])
    assert any("Soziales · Organisation" in tip for tip in tips)
    assert any("Migrantenorganisation · Organisation" in tip for tip in tips)

    # 7. the Kumu and Gephi files
    failed: list[str] = []  # media requests the server refused (e.g. a file of an old run)
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}") if "/media/" in r.url and r.status >= 400 else None
        ),
    )
    page.get_by_test_id("stExpander").filter(has_text="Import und Export").locator(
        "summary"
    ).click()
    files = {
        button: download(page, button, tmp_path)
        for button in (
            "Kumu: elements.csv",
            "Kumu: connections.csv",
            "Gephi: nodes.csv",
            "Gephi: edges.csv",
        )
    }
    assert failed == []
    # The formats the network tools read: Kumu comma-separated, Gephi semicolon-separated.
    heads = {
        button: path.read_text(encoding="utf-8").splitlines()[0] for button, path in files.items()
    }
    assert heads["Kumu: elements.csv"].startswith("Label,Type,Tags")
    assert heads["Kumu: connections.csv"].startswith("From,To,Type,Strength")
    assert heads["Gephi: nodes.csv"].startswith("Id;Label")
    assert heads["Gephi: edges.csv"].startswith("Source;Target;Type;Weight")

    # 8. the actor layer on the map page
    page.goto(app_url(network_app, "", **VIEW))
    wait_idle(page)
    expect(actor_markers(page)).to_have_count(0)
    page.get_by_test_id("stCheckbox").filter(has_text="Akteure anzeigen").locator("label").click()
    wait_idle(page)
    no_exceptions(page)
    markers = actor_markers(page)
    expect(markers).to_have_count(2, timeout=MAP_TIMEOUT_MS)
    assert [tip.splitlines()[0] for tip in tooltips_of(page, markers)] == sorted([YOUTH, MOSQUE])

    # nothing fetched from elsewhere, no errors
    assert page.events.dialogs == []
    assert page.events.page_errors == []
    external = sorted({u for u in page.events.requests if _external(u, network_app.port)})
    assert external == [], f"requests leaving localhost: {external}"

    # 9. the files round-trip through the importer into a new, empty database
    for fmt, first, second in (
        ("kumu", "Kumu: elements.csv", "Kumu: connections.csv"),
        ("gephi", "Gephi: nodes.csv", "Gephi: edges.csv"),
    ):
        engine = create_db_engine(f"sqlite:///{tmp_path / f'{fmt}.sqlite'}")
        upgrade(engine)
        try:
            store = ActorStore(engine)
            records = read_network(
                fmt,
                (files[first].name, files[first].read_bytes()),
                (files[second].name, files[second].read_bytes()),
                fields=[],
                districts=names,
            )
            assert import_records(store, TOWN, records, "Test") == (2, 0, 1)
            actors = {a.name: a for a in store.list_actors(TOWN)}
            assert set(actors) == {YOUTH, MOSQUE}, fmt
            youth, mosque = actors[YOUTH], actors[MOSQUE]
            assert (youth.sector.value, youth.kind.value) == ("Soziales", "organisation")
            assert youth.district_ids == ("nord-west",)
            assert youth.point_wkt is None
            assert (mosque.sector.value, mosque.kind.value) == (
                "Migrantenorganisation",
                "organisation",
            )
            assert mosque.district_ids == ()
            assert mosque.point_wkt is not None
            point = shapely.from_wkt(mosque.point_wkt)
            assert (point.x, point.y) == pytest.approx((lon, lat), abs=1e-9), fmt
            [relation] = store.list_relations(TOWN)
            assert (relation.source_id, relation.target_id) == (youth.id, mosque.id), fmt
            assert (relation.type.value, relation.strength, relation.since_year) == (
                "funding",
                3,
                SINCE,
            ), fmt
        finally:
            engine.dispose()
