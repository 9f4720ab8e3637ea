"""The workshop in a real browser: from an empty workshop to the DOCX protocol.

A moderator creates a workshop, adds three notes on two districts from the map page, makes a
field of action with one goal and one measure linked to an indicator, reloads, and downloads
the protocol; the DOCX (read back with python-docx) holds all of it. Runs on a temporary copy
of the mini fixture (the SQLite file is created in that copy, never in the repository).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from sozialraum.loaders import load_town

from .conftest import MINI_DIR, AppServer
from .test_app_browser import MAP_IFRAME, _external, app_url, no_exceptions, wait_idle

pytestmark = pytest.mark.browser
MAP_TIMEOUT_MS = 20_000  # the map (an iframe) draws after the page; slow on a busy machine

HOSTILE = "<img src=x onerror=alert(1)>"
NOTES = (  # (district, text)
    ("nord-west", "Der Spielplatz am Bach ist seit Jahren gesperrt."),
    ("nord-west", HOSTILE),
    ("nord-ost", "Viele neue Familien, aber kein Treffpunkt."),
)
FIELD, GOAL, MEASURE = "Spielen und Treffen", "Mehr Orte für Kinder", "Spielplatz Bachaue"
VIEW = {"town": "musterstadt", "indicator": "sgb2_rate", "year": "2022", "lang": "de"}


@pytest.fixture(scope="module")
def workshop_app(
    app_server: Callable[[Path], AppServer], tmp_path_factory: pytest.TempPathFactory
) -> AppServer:
    data_dir = tmp_path_factory.mktemp("workshop") / "data"
    shutil.copytree(MINI_DIR, data_dir)
    return app_server(data_dir)


def form(page: Page, button: str) -> Locator:
    """The Streamlit form whose submit button is labelled ``button``."""
    return page.get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name=button, exact=True)
    )


def submit(page: Page, button: str) -> None:
    form(page, button).get_by_role("button", name=button, exact=True).click()
    wait_idle(page)
    no_exceptions(page)


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_from_notes_on_the_map_to_the_docx_protocol(
    page: Page, workshop_app: AppServer, tmp_path: Path, screenshot_dir: Path
) -> None:
    from docx import Document

    town = load_town(workshop_app.data_dir, "musterstadt")
    names = town.districts["name"].to_dict()
    indicator = town.catalog["sgb2_rate"].label_de

    # 1. create the workshop
    page.goto(app_url(workshop_app, "werkstatt", **VIEW))
    wait_idle(page)
    new = form(page, "Werkstatt anlegen")
    new.get_by_role("textbox", name="Titel").fill("Stadtteilwerkstatt Nord")
    new.get_by_role("textbox", name="Ort").fill("Bürgerhaus")
    new.get_by_role("spinbutton", name="Bewohnerschaft").fill("12")
    submit(page, "Werkstatt anlegen")
    expect(page.get_by_text("Bürgerhaus · 12 Teilnehmende")).to_be_visible()

    # 2. three notes on two districts, from the map page
    for district, text in NOTES:
        page.goto(app_url(workshop_app, "", district=district, **VIEW))
        wait_idle(page)
        page.get_by_text("Beitrag zur Werkstatt notieren").click()
        note = form(page, "Beitrag speichern")
        note.get_by_role("textbox", name="Beitrag").fill(text)
        expect(note.get_by_text(f"Bezirk {names[district]}")).to_be_visible()
        submit(page, "Beitrag speichern")
        expect(page.get_by_text("Beitrag gespeichert.")).to_be_visible()
    badge = page.locator(".sr-ws-badge")
    expect(badge).to_have_text("Werkstatt: 1 Beitrag · 0 Maßnahmen in diesem Bezirk")
    # On the map: one badge per district with its number of notes, text only in tooltips.
    badges = page.frame_locator(MAP_IFRAME).locator(".sr-note-badge")
    expect(badges).to_have_count(2, timeout=MAP_TIMEOUT_MS)
    assert sorted(badges.all_inner_texts()) == ["1", "2"]
    badges.filter(has_text="2").hover()
    tip = page.frame_locator(MAP_IFRAME).locator(".sr-note-tip")
    expect(tip).to_contain_text(HOSTILE)

    # 3. field of action, goal, measure linked to the indicator
    page.goto(app_url(workshop_app, "werkstatt", district="nord-west", **VIEW))
    wait_idle(page)
    for _, text in NOTES:
        expect(page.get_by_text(text, exact=True).first).to_be_attached()
    open_tab(page, "Handlungsfelder, Ziele, Maßnahmen")
    form(page, "Handlungsfeld anlegen").get_by_role("textbox", name="Titel").fill(FIELD)
    submit(page, "Handlungsfeld anlegen")
    open_tab(page, "Handlungsfelder, Ziele, Maßnahmen")
    form(page, "Ziel anlegen").get_by_role("textbox", name="Titel").fill(GOAL)
    submit(page, "Ziel anlegen")
    open_tab(page, "Handlungsfelder, Ziele, Maßnahmen")
    measure = form(page, "Maßnahme anlegen")
    measure.get_by_role("textbox", name="Titel").fill(MEASURE)
    measure.get_by_role("textbox", name="Verantwortlich").fill("Grünflächenamt")
    expect(measure.get_by_role("combobox", name="Indikator (Zielgröße)")).to_have_value(indicator)
    direction = measure.get_by_role("combobox", name="Richtung")
    direction.click()
    page.keyboard.type("senken")
    page.keyboard.press("Enter")
    expect(direction).to_have_value("senken")
    measure.get_by_role("textbox", name="Zielwert (optional)").fill("9,5")
    submit(page, "Maßnahme anlegen")

    # 4. reload: everything comes from the store
    page.reload()
    wait_idle(page)
    open_tab(page, "Handlungsfelder, Ziele, Maßnahmen")
    expect(page.get_by_role("heading", name=FIELD)).to_be_visible()
    expect(page.get_by_text(f"Maßnahme: {MEASURE}")).to_be_visible()
    # Text from the store is escaped: a colon carries an invisible word joiner (no :shortcode:).
    measure_line = re.compile(rf"{re.escape(indicator)}:\u2060? senken → 9,5")
    expect(page.get_by_text(measure_line)).to_be_visible()

    # 5. the protocol as DOCX
    open_tab(page, "Protokoll")
    with page.expect_download() as download:
        page.get_by_role("button", name="Protokoll (Word, DOCX)").click()
    path = tmp_path / "protokoll.docx"
    download.value.save_as(path)
    doc = Document(str(path))
    text = "\n".join(
        [p.text for p in doc.paragraphs]
        + [c.text for table in doc.tables for row in table.rows for c in row.cells]
    )
    assert "Stadtteilwerkstatt Nord" in text
    assert "Bürgerhaus" in text
    for _, note_text in NOTES:
        assert note_text in text
    for district in ("nord-west", "nord-ost"):
        assert names[district] in text
    for title in (FIELD, GOAL, MEASURE, "Grünflächenamt", indicator, "senken"):
        assert title in text, title

    # nothing executed, nothing fetched from elsewhere
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.frame_locator(MAP_IFRAME).locator('img[src="x"]')).to_have_count(0)
    assert page.events.dialogs == []
    assert page.events.page_errors == []
    external = sorted({u for u in page.events.requests if _external(u, workshop_app.port)})
    assert external == [], f"requests leaving localhost: {external}"


def test_workshop_page_in_presentation_mode(
    page: Page, workshop_app: AppServer, screenshot_dir: Path
) -> None:
    """Big type on a 1280×720 projector; the drawing tools come from the app itself."""
    from sozialraum.workshop.store import open_store

    store = open_store(workshop_app.data_dir)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    workshop = store.create_workshop(
        "test", town_id="musterstadt", title="Beamer-Probe", date=tomorrow
    )
    town = load_town(workshop_app.data_dir, "musterstadt")
    inside = town.districts.to_crs(4326).geometry.loc["nord-ost"].representative_point()
    area = inside.buffer(0.004)
    for text, district, wkt in (
        ("Zu wenig Kita-Plätze", "nord-west", None),
        ("Treffpunkt fehlt", "nord-west", None),
        (HOSTILE, None, inside.wkt),
        ("Brachfläche nutzen", None, area.wkt),
    ):
        store.create_contribution(
            "test", workshop_id=workshop.id, text=text, district_id=district, geometry_wkt=wkt
        )
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url(workshop_app, "werkstatt", district="nord-west", mode="present", **VIEW))
    wait_idle(page)
    no_exceptions(page)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    # The newest workshop (by date) is the one a new session sees.
    expect(
        page.get_by_text(tomorrow.strftime("%d.%m.%Y") + " · – · 0 Teilnehmende")
    ).to_be_visible()
    frame = page.frame_locator(MAP_IFRAME)
    badges = frame.locator(".sr-note-badge")
    expect(badges).to_have_count(1, timeout=MAP_TIMEOUT_MS)
    expect(badges).to_have_text("2")
    expect(page.locator(".sr-ws-badge")).to_have_text(
        "Werkstatt: 2 Beiträge · 0 Maßnahmen in diesem Bezirk"
    )
    # the drawn point and area (the point's text is hostile: it must stay text)
    expect(frame.locator("path.leaflet-interactive[stroke-dasharray]")).to_have_count(1)
    expect(frame.locator('img[src="x"]')).to_have_count(0)
    expect(frame.locator(".leaflet-draw-draw-polygon")).to_be_visible()
    expect(frame.locator(".leaflet-draw-draw-marker")).to_be_visible()
    font = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 20
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_dir / "werkstatt-present-1280x720.png")
    page.mouse.wheel(0, 700)
    page.wait_for_timeout(300)
    page.screenshot(path=screenshot_dir / "werkstatt-present-1280x720-notes.png")
    external = sorted({u for u in page.events.requests if _external(u, workshop_app.port)})
    assert external == [], f"requests leaving localhost: {external}"
    # Opening a page's own path directly makes Streamlit probe <path>/_stcore/… first (404).
    errors = [e for e in page.events.console_errors if "/_stcore/" not in e]
    assert errors == []
