"""Presentation mode on a 1280×720 projector: page navigation reachable, controls readable.

Screenshots go to ``test-artifacts/screenshots/present-1280x720-*.png``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sozialraum.ui.app import PAGES
from sozialraum.ui.i18n import t

from .conftest import AppServer
from .test_app_browser import TOWNS, app_url, map_locator, town_data, wait_idle

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
NAV_LINK = '[data-testid="stTopNavLink"]'
# Every label and every shown select value of the controls row: (text, scrollWidth, clientWidth).
TRUNCATION_JS = """
() => {
  const found = [];
  const selectors = [
    '.st-key-sr-controls [data-testid="stWidgetLabel"] p',
    '.st-key-sr-controls input', '.st-key-sr-controls button p',
    '[data-testid="stTopNavLink"] p',
  ];
  for (const el of document.querySelectorAll(selectors.join(','))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;  // not shown
    found.push({text: (el.value || el.innerText || '').trim(),
                scroll: el.scrollWidth, client: el.clientWidth});
  }
  return found;
}
"""


def _truncated(page: Page) -> list[dict[str, object]]:
    shown = page.evaluate(TRUNCATION_JS)
    assert len(shown) >= 8, shown  # labels, values and the button of the controls were found
    return [
        e
        for e in shown
        if e["text"] and int(e["scroll"]) > int(e["client"]) + 1  # type: ignore[call-overload]
    ]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_presentation_mode_at_1280x720_keeps_navigation_and_readable_controls(
    page: Page, demo_app: AppServer, screenshot_dir: Path, lang: str
) -> None:
    town = town_data(TOWNS[0])
    district = str(town.districts.index[0])
    page.set_viewport_size(PROJECTOR)
    page.goto(app_url(demo_app, town=town.town.id, district=district, mode="present", lang=lang))
    wait_idle(page)
    expect(map_locator(page)).to_have_count(len(town.districts), timeout=30_000)
    page.screenshot(path=screenshot_dir / f"present-1280x720-map-{lang}.png", timeout=60_000)
    # Navigation: every page's link is visible (not folded away) and inside the window.
    titles = [t(key, lang) for _, key, _ in PAGES]
    for title in titles:
        link = page.locator(NAV_LINK).filter(has_text=title).first
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0, title
        assert box["x"] + box["width"] <= PROJECTOR["width"], title
    assert not _truncated(page), _truncated(page)
    # A link works: to the profile, still in presentation mode, controls still readable.
    page.locator(NAV_LINK).filter(has_text=t("page_profile", lang)).first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        str(town.districts.at[district, "name"])
    )
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    assert "mode=present" in page.evaluate("() => location.search")
    assert not _truncated(page), _truncated(page)
    page.screenshot(path=screenshot_dir / f"present-1280x720-profile-{lang}.png", timeout=60_000)
    page.locator(NAV_LINK).filter(has_text=t("page_trends", lang)).first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("page_trends", lang))
    page.screenshot(path=screenshot_dir / f"present-1280x720-trends-{lang}.png", timeout=60_000)


@pytest.mark.parametrize(
    ("lang", "indicator"),
    [("de", "moves_from_abroad"), ("en", "sgb2_rate")],
)
def test_presentation_controls_show_the_longest_values_whole(
    page: Page, demo_app: AppServer, screenshot_dir: Path, lang: str, indicator: str
) -> None:
    """The longest town, indicator and district names of the demo data, at 1280×720."""
    if "saalfeld" not in TOWNS:
        pytest.skip("the demo town saalfeld is not in the data under test")
    page.set_viewport_size(PROJECTOR)
    page.goto(
        app_url(
            demo_app,
            town="saalfeld",
            indicator=indicator,
            district="wittmannsgereuth",
            mode="present",
            lang=lang,
        )
    )
    wait_idle(page)
    box = page.get_by_role("combobox", name="Indikator" if lang == "de" else "Indicator")
    expect(box).to_have_value(town_data("saalfeld").catalog[indicator].label(lang))
    page.screenshot(path=screenshot_dir / f"present-1280x720-long-{lang}.png", timeout=60_000)
    assert not _truncated(page), _truncated(page)
