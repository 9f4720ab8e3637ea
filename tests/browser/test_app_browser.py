"""The app in a real browser (Debian's chromium via Playwright): map, URL state, clicks,
offline operation, XSS safety, presentation mode, and screenshots of every page.

The st_folium map lives in an iframe (title ``streamlit_folium.st_folium``); its Leaflet map
object is ``window.map`` inside that iframe.
"""

from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Frame, Locator, Page, expect

from sozialraum.catalog import TOPICS
from sozialraum.loaders import TownData, load_town
from sozialraum.ui.app import PAGE_DIR, PAGES
from sozialraum.ui.common import choropleth
from sozialraum.ui.state import View

from .conftest import DATA_DIR, XSS_DISTRICT, XSS_NAME, AppServer

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
DISTRICT_PATHS = "path.leaflet-interactive"
MAP_TIMEOUT_MS = 10_000  # districts must be drawn within ~10 s of navigation
SELECTED_STROKE = ("#000000", "3.5")  # outline of the selected district (maps.py)
SCREENSHOT_TOWN = "bad-hersfeld"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def _town_ids() -> list[str]:
    try:
        towns = json.loads((DATA_DIR / "towns.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [town["id"] for town in towns]


TOWNS = _town_ids()


@functools.cache
def town_data(town_id: str, data_dir: Path = DATA_DIR) -> TownData:
    return load_town(data_dir, town_id)


def default_view(town: TownData, indicator_id: str, year: int, district: str | None) -> View:
    """The app's view with the default classification (quantiles, 5 classes)."""
    return View(
        lang="de",
        town_id=town.town.id,
        topic=town.catalog[indicator_id].topic,
        indicator_id=indicator_id,
        year=year,
        district=district,
        scheme="quantiles",
        k=5,
        breaks="",
        basemap="none",
        present=False,
    )


def expected_fills(town: TownData, indicator_id: str, year: int) -> dict[str, str]:
    """The fill colour of every district that the app should draw, by district id."""
    choro = choropleth(town, default_view(town, indicator_id, year, None), indicator_id, year)
    colors = choro.frame.reindex(town.districts.index)["color"]
    return {str(i): str(c).lower() for i, c in colors.items()}


# --------------------------------------------------------------------------- page helpers


def app_url(server: AppServer, path: str = "", **params: str | int) -> str:
    query = urlencode({k: str(v) for k, v in params.items()})
    return f"{server.url}/{path}" + (f"?{query}" if query else "")


def wait_idle(page: Page) -> None:
    """Wait until the Streamlit script is not running (no rerun in flight)."""
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=20_000)


def map_locator(page: Page) -> Locator:
    return page.frame_locator(MAP_IFRAME).locator(DISTRICT_PATHS)


def map_frame(page: Page) -> Frame:
    handle = page.locator(MAP_IFRAME).element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None, "map iframe has no content frame"
    return frame


# Every district path with the id of its GeoJSON feature (via the Leaflet layers).
PATHS_JS = """
() => {
  const byPath = new Map();
  window.map.eachLayer(l => { if (l.feature && l._path) byPath.set(l._path, l.feature.id); });
  return [...document.querySelectorAll('path.leaflet-interactive')].map(p => ({
    id: byPath.has(p) ? String(byPath.get(p)) : null,
    fill: (p.getAttribute('fill') || '').toLowerCase(),
    stroke: (p.getAttribute('stroke') || '').toLowerCase(),
    width: p.getAttribute('stroke-width'),
  }));
}
"""

# A point inside the path (relative to its bounding box) where the path is the topmost
# element: the bounding box centre if possible, else the first hit on a grid. ``maxY`` (in
# iframe coordinates) keeps the point above a limit, e.g. the bottom of the browser window.
INNER_POINT_JS = """
(path, maxY) => {
  const r = path.getBoundingClientRect();
  const tries = [[0.5, 0.5]];
  for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) tries.push([i / 10, j / 10]);
  for (const [fx, fy] of tries) {
    const x = r.left + fx * r.width, y = r.top + fy * r.height;
    if (y < maxY && document.elementFromPoint(x, y) === path) {
      return {x: fx * r.width, y: fy * r.height};
    }
  }
  return null;
}
"""


def district_paths(page: Page) -> list[dict[str, str | None]]:
    return map_frame(page).evaluate(PATHS_JS)


def fills_of(page: Page) -> dict[str, str]:
    return {str(p["id"]): str(p["fill"]) for p in district_paths(page)}


def expect_fills(page: Page, want: dict[str, str], timeout_s: float = 10) -> None:
    """Retry until the map shows exactly the ``want`` fills (styles are applied async)."""
    deadline = time.monotonic() + timeout_s
    while (got := fills_of(page)) != want and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert got == want


def expect_selected(page: Page, district_id: str, timeout_s: float = 10) -> None:
    """Retry until exactly ``district_id`` has the selection outline."""
    deadline = time.monotonic() + timeout_s
    while True:
        styles = {p["id"]: (p["stroke"], p["width"]) for p in district_paths(page)}
        selected = sorted(i for i, style in styles.items() if style == SELECTED_STROKE)
        if selected == [district_id] or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert selected == [district_id], styles


def map_view(page: Page) -> dict[str, float]:
    return map_frame(page).evaluate(
        "() => ({zoom: window.map.getZoom(), lat: window.map.getCenter().lat,"
        " lng: window.map.getCenter().lng})"
    )


# Resolves once the Leaflet map has not moved for 400 ms and no zoom animation runs (the
# initial fitBounds animates after the paths appear; Leaflet ignores a zoom click meanwhile).
SETTLED_JS = """
() => new Promise(resolve => {
  const m = window.map;
  const events = 'movestart zoomstart move zoom moveend zoomend';
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) { arm(); return; }
      m.off(events, arm);
      resolve(true);
    }, 400);
  };
  m.on(events, arm);
  arm();
})
"""


def map_settled(page: Page, n_paths: int) -> Frame:
    """Wait until the map shows ``n_paths`` districts and stands still; return its frame."""
    expect(map_locator(page)).to_have_count(n_paths, timeout=MAP_TIMEOUT_MS)
    frame = map_frame(page)
    frame.wait_for_function("() => window.map && window.map._loaded")
    frame.evaluate(SETTLED_JS)
    return frame


def open_map(page: Page, server: AppServer, path: str = "", **params: str | int) -> None:
    page.goto(app_url(server, path, **params))
    wait_idle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` like a user does."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)


def query(page: Page) -> dict[str, str]:
    """The page's current query parameters (read in the page: page.url may lag behind)."""
    href = page.evaluate("() => location.href")
    return {k: v[-1] for k, v in parse_qs(urlsplit(href).query).items()}


def no_exceptions(page: Page) -> None:
    """No traceback, no error box and no dialog (e.g. Streamlit's "Page not found")."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)


# --------------------------------------------------------------------------- the map


@pytest.mark.parametrize("town_id", TOWNS)
def test_map_draws_one_path_per_district(page: Page, demo_app: AppServer, town_id: str) -> None:
    town = town_data(town_id)
    n = len(town.districts)
    assert n > 0
    started = time.monotonic()
    page.goto(app_url(demo_app, town=town_id))
    expect(map_locator(page)).to_have_count(n, timeout=MAP_TIMEOUT_MS)
    elapsed = time.monotonic() - started
    assert elapsed < MAP_TIMEOUT_MS / 1000 + 1, f"map took {elapsed:.1f} s"
    wait_idle(page)
    paths = district_paths(page)
    # Still exactly one path per district once the app has settled, each one a district.
    assert sorted(p["id"] for p in paths) == sorted(town.districts.index)
    indicator_id = query(page)["indicator"]
    year = int(query(page)["year"])
    expect_fills(page, expected_fills(town, indicator_id, year))
    expect(page.get_by_role("heading", level=1)).to_contain_text(town.town.name)


def test_indicator_switch_recolours_and_keeps_zoom(page: Page, demo_app: AppServer) -> None:
    town = town_data(TOWNS[0])
    open_map(page, demo_app, town=town.town.id)
    frame = map_settled(page, len(town.districts))
    before = query(page)
    current = before["indicator"]
    # Prefer another indicator of the same topic (the "Indikator" box lists only the current
    # topic); if there is none, switch the topic, which selects its first indicator.
    topic = town.catalog[current].topic
    ids = town.indicator_ids()
    same_topic = [i for i in ids if town.catalog[i].topic == topic and i != current]
    first_of_topic = {}
    for i in ids:
        first_of_topic.setdefault(town.catalog[i].topic, i)
    other_topics = [i for t, i in first_of_topic.items() if t != topic]
    year = int(before["year"])
    target = next(
        (
            i
            for i in same_topic + other_topics
            if year in town.years_of(i)
            and expected_fills(town, i, year) != expected_fills(town, current, year)
        ),
        None,
    )
    assert target is not None, "no indicator with different colours to switch to"
    old_fills = [p["fill"] for p in district_paths(page)]

    # Zoom in with the Leaflet control and pan, so the view differs from the initial fit.
    zoom0 = map_view(page)["zoom"]
    page.frame_locator(MAP_IFRAME).locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function("z => window.map.getZoom() > z", arg=zoom0)
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 60, cy - 40, steps=5)
    page.mouse.up()
    frame.evaluate(SETTLED_JS)
    wait_idle(page)
    view = map_view(page)
    assert view["zoom"] > zoom0
    # A marker on the map object: it must survive the switch (no remount of the map).
    frame.evaluate("() => { window.map.__sr_marker = 'kept'; }")

    if target in same_topic:
        choose(page, "Indikator", town.catalog[target].label_de)
    else:
        choose(page, "Themenfeld", TOPICS[town.catalog[target].topic][0])
    frame.wait_for_function(
        "old => { const now = [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(p => (p.getAttribute('fill') || '').toLowerCase());"
        " return now.length === old.length && now.join() !== old.join(); }",
        arg=old_fills,
        timeout=10_000,
    )
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(town.catalog[target].label_de)
    assert query(page)["indicator"] == target
    expect_fills(page, expected_fills(town, target, int(query(page)["year"])))
    assert map_frame(page).evaluate("() => window.map.__sr_marker") == "kept", "map remounted"
    after = map_view(page)
    assert after["zoom"] == view["zoom"]
    assert after["lat"] == pytest.approx(view["lat"], abs=1e-9)
    assert after["lng"] == pytest.approx(view["lng"], abs=1e-9)


def _clickable_district(page: Page, max_y: float = 1e9) -> tuple[int, str, dict[str, float]]:
    """Index, id and inner point of the first district path that can be clicked."""
    paths = map_locator(page)
    # Small districts may be covered by others: take the first one with a free inner point.
    for index, path in enumerate(district_paths(page)):
        point = paths.nth(index).evaluate(INNER_POINT_JS, max_y)
        if point is not None:
            return index, str(path["id"]), point
    pytest.fail("no district path can be clicked")


def _scroll_top(page: Page) -> float:
    return page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")


def test_click_on_district_opens_profile(page: Page, demo_app: AppServer) -> None:
    town = town_data(TOWNS[0])
    open_map(page, demo_app, town=town.town.id)
    map_settled(page, len(town.districts))
    assert "district" not in query(page)
    # The whole map in the window (see test_click_with_map_partly_below_the_fold).
    page.locator(MAP_IFRAME).evaluate("el => el.scrollIntoView({block: 'center'})")
    index, district_id, point = _clickable_district(page)
    name = str(town.districts.at[district_id, "name"])

    map_locator(page).nth(index).click(position=point)

    expect(page.get_by_role("heading", name=f"Profil: {name}")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]district={re.escape(district_id)}(&|$)"))
    expect(page.get_by_role("combobox", name="Bezirk", exact=True)).to_have_value(name)
    wait_idle(page)
    # Off the map, so the hover highlight (weight 3) gives way to the selection style.
    page.mouse.move(1, 1)
    expect_selected(page, district_id)


def test_click_with_map_partly_below_the_fold(page: Page, demo_app: AppServer) -> None:
    """A laptop window (1366 x 768): the map's top part is visible, its bottom is not."""
    page.set_viewport_size({"width": 1366, "height": 768})
    town = town_data(TOWNS[0])
    open_map(page, demo_app, town=town.town.id)
    map_settled(page, len(town.districts))
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    assert box["y"] + box["height"] > 768, "map fits the window: this test checks nothing"
    # A district point inside the window, so the click itself needs no scrolling.
    index, district_id, point = _clickable_district(page, max_y=768 - box["y"] - 20)
    name = str(town.districts.at[district_id, "name"])
    scroll = _scroll_top(page)

    map_locator(page).nth(index).click(position=point)

    expect(page.get_by_role("heading", name=f"Profil: {name}")).to_be_visible()
    wait_idle(page)
    assert _scroll_top(page) == scroll, "clicking the map scrolled the page"


def test_url_restores_view(page: Page, demo_app: AppServer) -> None:
    town = town_data(TOWNS[-1])
    # Something other than every default: a later topic, a non-key or late indicator,
    # the earliest year and a district from the middle.
    indicator_id = town.indicator_ids()[-1]
    indicator = town.catalog[indicator_id]
    year = town.years_of(indicator_id)[0]
    district_id = str(town.districts.index[len(town.districts) // 2])
    name = str(town.districts.at[district_id, "name"])
    params = {
        "town": town.town.id,
        "indicator": indicator_id,
        "year": year,
        "district": district_id,
    }

    open_map(page, demo_app, **params)

    town_label = town.town.name + (" (Demo)" if town.town.is_demo else "")
    for label, value in (
        ("Stadt", town_label),
        ("Themenfeld", TOPICS[indicator.topic][0]),
        ("Indikator", indicator.label_de),
        ("Jahr", str(year)),
        ("Bezirk", name),
    ):
        expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(value)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(indicator.label_de)
    expect(heading).to_contain_text(str(year))
    expect(page.get_by_role("heading", name=f"Profil: {name}")).to_be_visible()
    expect(map_locator(page)).to_have_count(len(town.districts))
    expect_selected(page, district_id)
    expect_fills(page, expected_fills(town, indicator_id, year))
    # The URL keeps the view (nothing was dropped or rewritten).
    assert {k: query(page).get(k) for k in params} == {k: str(v) for k, v in params.items()}


# --------------------------------------------------------------------------- offline, console


def _external(url: str, port: int) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return not (
        parts.scheme in ("http", "ws") and parts.hostname in LOCAL_HOSTS and parts.port == port
    )


def test_no_request_leaves_localhost_and_console_is_clean(page: Page, demo_app: AppServer) -> None:
    town = town_data(TOWNS[0])
    district_id = str(town.districts.index[0])
    open_map(page, demo_app, town=town.town.id, district=district_id)
    expect(map_locator(page)).to_have_count(len(town.districts))
    # Visit every page through the sidebar navigation, like a user.
    nav = page.get_by_test_id("stSidebarNav")
    for file, _title, url_path, *_ in PAGES[1:]:
        if not (PAGE_DIR / file).exists():
            continue
        nav.locator(f'a[href$="/{url_path}"]').click()
        expect(page).to_have_url(re.compile(rf"/{url_path}\?"))
        wait_idle(page)
        no_exceptions(page)
    nav.locator("a").first.click()
    expect(map_locator(page)).to_have_count(len(town.districts))
    wait_idle(page)
    events = page.events
    assert events.requests, "no requests recorded"
    external = sorted({u for u in events.requests if _external(u, demo_app.port)})
    assert external == [], f"requests leaving localhost: {external}"
    assert events.console_errors == []
    assert events.page_errors == []


# --------------------------------------------------------------------------- XSS


def test_hostile_district_name_is_text(page: Page, xss_app: AppServer) -> None:
    town = town_data("musterstadt", xss_app.data_dir)
    assert town.districts.at[XSS_DISTRICT, "name"] == XSS_NAME
    open_map(page, xss_app, town="musterstadt", district=XSS_DISTRICT)
    paths = map_locator(page)
    map_settled(page, len(town.districts))
    index = [p["id"] for p in district_paths(page)].index(XSS_DISTRICT)

    paths.nth(index).hover()
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(XSS_NAME)
    # Profile heading, profile table header, table for the map, ranking list: all text.
    expect(page.get_by_role("heading", name=f"Profil: {XSS_NAME}")).to_be_visible()
    expect(page.get_by_role("combobox", name="Bezirk", exact=True)).to_have_value(XSS_NAME)
    page.get_by_text("Tabelle zur Karte").click()
    frames = page.get_by_test_id("stDataFrame")
    expect(frames).to_have_count(2)
    for i in range(2):
        expect(frames.nth(i)).to_contain_text(XSS_NAME)
    ranking = page.locator(".sr-ranking .name")
    expect(ranking.filter(has_text=XSS_NAME)).to_have_count(1)

    wait_idle(page)
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.frame_locator(MAP_IFRAME).locator('img[src="x"]')).to_have_count(0)
    assert page.events.dialogs == []
    assert page.events.page_errors == []


# --------------------------------------------------------------------------- presentation mode


def test_presentation_mode(page: Page, demo_app: AppServer) -> None:
    town = town_data(TOWNS[0])
    open_map(page, demo_app, town=town.town.id, mode="present")
    expect(map_locator(page)).to_have_count(len(town.districts))
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_role("combobox", name="Indikator", exact=True)).to_be_visible()
    font = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 20
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    # The map fills the window below the controls, down to its bottom edge (issue 15).
    window_height = page.evaluate("() => window.innerHeight")
    assert box["y"] + box["height"] <= window_height
    assert box["height"] >= 0.4 * window_height
    # Leaving and entering presentation mode with the buttons.
    page.get_by_role("button", name="Beenden", exact=True).click()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"mode=present"))
    page.get_by_role("button", name="Präsentationsmodus", exact=True).click()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"[?&]mode=present(&|$)"))


# --------------------------------------------------------------------------- screenshots


def full_screenshot(page: Page, path: Path, max_height: int = 8000) -> None:
    """The whole page: Streamlit scrolls inside stMain, so grow the window to its height."""
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stSidebarContent]')].map(e => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height), max_height)})
    page.wait_for_timeout(300)  # charts re-layout on resize (plotly debounces it)
    wait_idle(page)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)


def test_screenshots_of_every_page(page: Page, demo_app: AppServer, screenshot_dir: Path) -> None:
    town_id = SCREENSHOT_TOWN if SCREENSHOT_TOWN in TOWNS else TOWNS[0]
    town = town_data(town_id)
    district_id = str(town.districts.index[0])
    taken = []
    for number, (file, _title, url_path, *_) in enumerate(PAGES):
        if not (PAGE_DIR / file).exists():
            continue
        # The default (first) page lives at "/": Streamlit answers its url_path with
        # "Page not found".
        path = "" if number == 0 else url_path
        open_map(page, demo_app, path, town=town_id, district=district_id)
        if file == "map.py":
            expect(map_locator(page)).to_have_count(len(town.districts))
        page.wait_for_load_state("networkidle")
        wait_idle(page)
        no_exceptions(page)
        name = f"{town_id}-{url_path}"
        full_screenshot(page, screenshot_dir / f"{name}.png")
        taken.append(name)
    open_map(page, demo_app, town=town_id, district=district_id, mode="present")
    expect(map_locator(page)).to_have_count(len(town.districts))
    wait_idle(page)
    full_screenshot(page, screenshot_dir / f"{town_id}-present.png")
    taken.append(f"{town_id}-present")
    assert all((screenshot_dir / f"{n}.png").stat().st_size > 10_000 for n in taken)


# --------------------------------------------------------------------------- census grid view


def _cells_reaching_into(grid_file: Path, outlines_file: Path, town_id: str) -> int:
    """Recount with plain pandas and shapely: 1 km squares around the published centres
    that overlap the town's outline by at least 100 m² (the grid view leaves out slivers)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    outlines = gpd.read_file(outlines_file)
    town = outlines[outlines["town_id"] == town_id].to_crs(3035)
    outline = shapely.union_all(town.geometry.to_numpy())
    centres = pd.read_csv(grid_file, sep=";", usecols=["x_mp_1km", "y_mp_1km"])
    x, y = centres["x_mp_1km"].to_numpy(), centres["y_mp_1km"].to_numpy()
    squares = shapely.box(x - 500, y - 500, x + 500, y + 500)
    overlap = shapely.area(shapely.intersection(squares, outline))
    return int((overlap >= 100).sum())


@pytest.mark.parametrize("town_id", TOWNS)
def test_grid_view_draws_every_census_cell(
    page: Page, grid_app: AppServer, town_id: str, screenshot_dir: Path
) -> None:
    """At first start (a fresh copy of the demo data) the grid page draws the shipped
    Zensus 2011 1 km cells inside each town as map shapes, attributed on page and map."""
    import pandas as pd

    from .conftest import SHIPPED_GRID

    shipped = grid_app.data_dir / "grids" / SHIPPED_GRID
    n_cells = _cells_reaching_into(
        shipped, grid_app.data_dir / "geo" / "municipalities.geojson", town_id
    )
    # every cell the shipped file assigns to the town, and no other, reaches into it
    towns = pd.read_csv(shipped, sep=";", usecols=["AGS"], dtype=str)["AGS"]
    assert n_cells == int((towns == town_data(town_id).town.ags).sum()) > 50
    # Through the navigation, as users do. (Opening /raster directly works too, but
    # Streamlit's frontend first probes /raster/_stcore/health, which logs a 404.)
    open_map(page, grid_app, town=town_id)
    page.locator('[data-testid="stSidebarNav"] a[href$="/raster"]').click()
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zensus-Raster")
    attribution = "Statistische Ämter des Bundes und der Länder, Zensus 2011, dl-de/by-2-0"
    expect(page.get_by_text("Echte amtliche Daten, keine Demo-Werte.")).to_be_visible()
    shapes = map_locator(page)
    expect(shapes).to_have_count(n_cells, timeout=MAP_TIMEOUT_MS)
    frame = map_frame(page)
    frame.wait_for_function("() => document.querySelector('[data-sr-state]') !== null")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text(attribution)
    fills = set(
        frame.evaluate(
            f"[...document.querySelectorAll('{DISTRICT_PATHS}')].map(p => p.getAttribute('fill'))"
        )
    )
    # populated cells in several classes, plus white for cells without inhabitants
    assert len(fills - {"#ffffff"}) >= 3
    legend = page.locator("figure.sr-legend")
    expect(legend).to_contain_text("Zellen")
    full_screenshot(page, screenshot_dir / f"{town_id}-grid.png")
    assert page.events.console_errors == []
    assert page.events.page_errors == []
