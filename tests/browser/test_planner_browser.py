"""Planner features in a real browser: district names on the map (presentation mode),
with screenshots in ``test-artifacts/screenshots``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import AppServer
from .test_app_browser import (
    MAP_IFRAME,
    MAP_TIMEOUT_MS,
    SCREENSHOT_TOWN,
    TOWNS,
    map_frame,
    map_locator,
    open_map,
    town_data,
    wait_idle,
)

pytestmark = pytest.mark.browser

# Every district label in the map iframe: its text, whether it is shown, its box.
LABELS_JS = """
() => [...document.querySelectorAll('.sr-label')].map(s => {
  const r = s.getBoundingClientRect();
  return {text: s.textContent, shown: getComputedStyle(s).visibility === 'visible'
          && getComputedStyle(s.closest('.leaflet-pane')).display !== 'none',
          l: r.left, t: r.top, r: r.right, b: r.bottom};
})
"""


def _overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and a["r"] > b["l"] and a["t"] < b["b"] and a["b"] > b["t"]


def test_district_names_on_the_map_in_presentation_mode(
    page: Page, demo_app: AppServer, screenshot_dir: Path
) -> None:
    town = town_data(SCREENSHOT_TOWN if SCREENSHOT_TOWN in TOWNS else TOWNS[0])
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_map(page, demo_app, town=town.town.id, mode="present")
    expect(map_locator(page)).to_have_count(len(town.districts), timeout=MAP_TIMEOUT_MS)
    frame = map_frame(page)
    container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
    expect(container).to_have_attribute("data-sr-labels", "on")
    labels = frame.evaluate(LABELS_JS)
    assert sorted(lab["text"] for lab in labels) == sorted(town.districts["name"])
    shown = [lab for lab in labels if lab["shown"]]
    assert len(shown) >= len(labels) // 2
    # collision-aware: no two shown names overlap
    for n, a in enumerate(shown):
        for b in shown[n + 1 :]:
            assert not _overlap(a, b), (a["text"], b["text"])
    # projector size: names at least 16 px
    size = frame.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.sr-label')).fontSize)"
    )
    assert size >= 16
    wait_idle(page)
    page.screenshot(path=screenshot_dir / "labels-present.png")
    # Zooming in makes room: at least as many names are shown as before.
    frame.evaluate("() => window.map.setZoom(window.map.getZoom() + 1, {animate: false})")
    page.wait_for_timeout(300)
    zoomed = [lab for lab in frame.evaluate(LABELS_JS) if lab["shown"]]
    assert len(zoomed) >= len(shown)


def test_district_names_toggle_off_by_default_outside_presentation_mode(
    page: Page, demo_app: AppServer
) -> None:
    town = town_data(TOWNS[0])
    open_map(page, demo_app, town=town.town.id)
    expect(map_locator(page)).to_have_count(len(town.districts), timeout=MAP_TIMEOUT_MS)
    container = page.frame_locator(MAP_IFRAME).locator(".leaflet-container")
    expect(container).to_have_attribute("data-sr-labels", "off")
    page.get_by_text("Bezirksnamen", exact=True).click()
    wait_idle(page)
    expect(container).to_have_attribute("data-sr-labels", "on")
    assert any(lab["shown"] for lab in map_frame(page).evaluate(LABELS_JS))


FILLS_JS = """
() => {
  const c = window.map.getContainer();
  return {year: c.getAttribute('data-sr-year'), marker: window.map.__plannerMarker || null,
          fills: [...document.querySelectorAll('path.leaflet-interactive')]
                   .map(p => (p.getAttribute('fill') || '').toLowerCase()).join(',')};
}
"""


def test_play_steps_through_the_years_without_remounting_the_map(
    page: Page, demo_app: AppServer, screenshot_dir: Path
) -> None:
    town = town_data(SCREENSHOT_TOWN if SCREENSHOT_TOWN in TOWNS else TOWNS[0])
    indicator_id = "sgb2_rate"
    years = town.years_of(indicator_id)
    open_map(page, demo_app, town=town.town.id, indicator=indicator_id, year=years[-1])
    expect(map_locator(page)).to_have_count(len(town.districts), timeout=MAP_TIMEOUT_MS)
    frame = map_frame(page)
    # A property on the Leaflet map object survives only if the map is not remounted.
    frame.evaluate("() => { window.map.__plannerMarker = 'mounted-once'; }")
    page.get_by_text("Jahre abspielen", exact=True).click()
    wait_idle(page)
    seen: dict[str, str] = {}
    deadline = 20
    for _ in range(deadline * 4):
        now = map_frame(page).evaluate(FILLS_JS)
        assert now["marker"] == "mounted-once"
        if now["year"]:
            seen.setdefault(now["year"], now["fills"])
        if len(seen) >= 3:
            break
        page.wait_for_timeout(250)
    assert len(seen) >= 3, seen.keys()
    assert set(seen) <= {str(y) for y in years}
    assert len(set(seen.values())) >= 2  # the fills change from year to year
    year_box = page.frame_locator(MAP_IFRAME).locator(".sr-year")
    expect(year_box).to_have_text(re.compile(r"^(19|20)\d\d$"))
    page.screenshot(path=screenshot_dir / "map-play.png")
    # Stopping shows the chosen year again; still the same map object.
    page.get_by_text("Jahre abspielen", exact=True).click()
    wait_idle(page)
    expect(year_box).to_have_count(0)
    assert map_frame(page).evaluate(FILLS_JS)["marker"] == "mounted-once"


# Where the map iframe and the legend are, in the page's viewport coordinates.
LAYOUT_JS = """
() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const legend = document.querySelector('figure.sr-legend');
  const badge = document.querySelector('.sr-demo-badge');
  return {map: box(document.querySelector('iframe[title="streamlit_folium.st_folium"]')),
          legend: legend ? box(legend) : null,
          badge: badge ? box(badge) : null,
          alerts: document.querySelectorAll('[data-testid=stAlert]').length,
          width: window.innerWidth, height: window.innerHeight};
}
"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presentation_mode_fits_the_projector(
    page: Page, demo_app: AppServer, screenshot_dir: Path, width: int, height: int
) -> None:
    town = town_data(SCREENSHOT_TOWN if SCREENSHOT_TOWN in TOWNS else TOWNS[0])
    page.set_viewport_size({"width": width, "height": height})
    open_map(page, demo_app, town=town.town.id, mode="present")
    expect(map_locator(page)).to_have_count(len(town.districts), timeout=MAP_TIMEOUT_MS)
    wait_idle(page)
    page.wait_for_timeout(500)
    layout = page.evaluate(LAYOUT_JS)
    print(layout)
    # the whole map and its legend inside the window, without scrolling
    for part in ("map", "legend"):
        assert layout[part]["top"] >= 0, part
        assert layout[part]["bottom"] <= height, (part, layout[part])
        assert layout[part]["right"] <= width, (part, layout[part])
    assert layout["map"]["bottom"] - layout["map"]["top"] >= height * 0.4
    # a one-line demo badge instead of the full banner
    assert layout["alerts"] == 0
    assert layout["badge"] is not None
    assert layout["badge"]["bottom"] - layout["badge"]["top"] < 40
    # every district is drawn inside the visible map (Leaflet fitted to the new height;
    # 4 px for the outline's stroke at a quarter-zoom step)
    frame = map_frame(page)
    inside = frame.evaluate(
        "() => { const m = window.map.getContainer().getBoundingClientRect();"
        " return [...document.querySelectorAll('path.leaflet-interactive')].every(p => {"
        " const r = p.getBoundingClientRect(); return r.top >= m.top - 4"
        " && r.bottom <= m.bottom + 4; }); }"
    )
    assert inside
    # attribution and scale readable on a projector
    sizes = frame.evaluate(
        "() => ['.leaflet-control-attribution', '.leaflet-control-scale-line'].map("
        "s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    )
    assert min(sizes) >= 14, sizes
    page.screenshot(path=screenshot_dir / f"present-{width}x{height}.png")


def test_on_a_phone_the_demo_badge_leaves_the_map_above_the_fold(
    page: Page, demo_app: AppServer, screenshot_dir: Path
) -> None:
    town = town_data(SCREENSHOT_TOWN if SCREENSHOT_TOWN in TOWNS else TOWNS[0])
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, demo_app, town=town.town.id)
    expect(map_locator(page)).to_have_count(len(town.districts), timeout=MAP_TIMEOUT_MS)
    wait_idle(page)
    layout = page.evaluate(LAYOUT_JS)
    print(layout)
    badge = layout["badge"]
    assert badge is not None
    assert badge["bottom"] - badge["top"] < 40  # one line
    # the full warning is not shown on a phone; the map starts in the first screen
    visible_alerts = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stAlert]')]"
        ".filter(a => a.getBoundingClientRect().height > 0).length"
    )
    assert visible_alerts == 0
    assert layout["map"]["top"] < 844 * 0.75, layout["map"]
    # the middle of the town (its districts' bounding box) lies in the first screen
    middle = map_frame(page).evaluate(
        "() => { const rs = [...document.querySelectorAll('path.leaflet-interactive')]"
        ".map(p => p.getBoundingClientRect());"
        " return (Math.min(...rs.map(r => r.top)) + Math.max(...rs.map(r => r.bottom))) / 2; }"
    )
    assert layout["map"]["top"] + middle < 844, (layout["map"], middle)
    page.screenshot(path=screenshot_dir / "phone-390.png")
