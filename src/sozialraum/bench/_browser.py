"""Browser figures through Playwright and Debian's chromium: first map, switch, bytes.

Everything is observed from outside the app:

* **painted** - inside the st_folium iframe, one ``path.leaflet-interactive`` per district
  (SVG renderer) or a non-blank canvas in Leaflet's overlay pane (canvas renderer);
* **repainted** - painted, and its signature changed: a hash of the paths' ``fill``
  attributes (or of the canvas pixels) plus the map container's ``data-sr-state`` (the
  app's fingerprint of the painted state, where present); or a ``path`` was added / got a
  new ``fill`` or ``d`` (a MutationObserver in the iframe). The next indicator is chosen
  so that the colours really change (:class:`SwitchPlanner`);
* times are taken *in the page* (``performance.now()``): from the start of navigation, or
  from the ``mousedown`` on the chosen option, to the animation frame after the frame in
  which the (re)painted state was first seen - i.e. after it was painted. The bare Leaflet
  floor is timed the same way;
* bytes are the websocket frames (``/_stcore/stream``) received between navigation / click
  and the repaint, and up to the end of the script run; plus the HTTP bodies transferred in
  the same window (JSON/GeoJSON - e.g. geometry fetched by the map - apart from other
  assets; browser cache hits count 0).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import numpy as np
import pandas as pd
import shapely

from sozialraum.bench._geometry import ReceivedGeometry, received_geometry, texts_of_frame
from sozialraum.testing import CHROMIUM, launch_chromium

VIEWPORT = {"width": 1400, "height": 900}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
INDICATOR_LABEL = "Indikator"  # the sidebar selectbox, German UI (the default language)
FLOOR_PALETTE = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000", "#2c7fb8", "#7fcdbb")

# Installed in every frame before its scripts run: in the top frame the time of the last
# mousedown, in iframes a counter of path insertions and fill / d changes.
_INIT_JS = """
(() => {
  if (window.top === window) {
    addEventListener('mousedown', () => { window.__benchDown = performance.now(); }, true);
    return;
  }
  window.__benchMut = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target.nodeName === 'path') window.__benchMut++;
      } else {
        for (const n of r.addedNodes) {
          if (n.nodeName === 'path' || (n.querySelector && n.querySelector('path'))) {
            window.__benchMut++;
            break;
          }
        }
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ['fill', 'd']});
})();
"""

# The map's state in a document: renderer, number of district paths, a colour signature.
_STATE_JS = """
const __benchState = (doc) => {
  if (!doc) return null;
  const mut = (doc.defaultView && doc.defaultView.__benchMut) || 0;
  const marked = doc.querySelector('.leaflet-container[data-sr-state]');
  const attr = marked ? marked.getAttribute('data-sr-state') : '';
  const fnv = (h, s) => {
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h;
  };
  const paths = doc.querySelectorAll('path.leaflet-interactive');
  if (paths.length) {
    let h = 2166136261 >>> 0;
    for (const p of paths) h = fnv(h, (p.getAttribute('fill') || '') + ';');
    return {kind: 'svg', count: paths.length, sig: h + ':' + paths.length + ':' + attr,
            nonblank: true, mut};
  }
  const canvases = doc.querySelectorAll('.leaflet-overlay-pane canvas');
  if (canvases.length) {
    let h = 2166136261 >>> 0, nonblank = false;
    for (const c of canvases) {
      if (!c.width || !c.height) continue;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4 * 7) {
        if (data[i + 3]) nonblank = true;
        h = Math.imul(h ^ (data[i] | data[i + 1] << 8 | data[i + 2] << 16), 16777619) >>> 0;
      }
    }
    return {kind: 'canvas', count: nonblank ? 1 : 0, sig: h + ':' + attr, nonblank, mut};
  }
  return {kind: 'none', count: 0, sig: attr, nonblank: false, mut};
};
const __benchDoc = (a) => {
  if (!a.iframe) return document;
  const f = document.querySelector(a.iframe);
  try { return f ? f.contentDocument : null; } catch (e) { return null; }
};
const __benchPainted = (s, a) => !!s && (s.kind === 'svg' ? s.count >= a.n : s.nonblank);
"""

_READ_STATE_JS = "(a) => {" + _STATE_JS + "return __benchState(__benchDoc(a)); }"

# Polled every animation frame: when the wanted state is first seen, take that time ("hit")
# and the time of the next animation frame, by which the state has been painted.
_WAIT_JS = (
    "(a) => {"
    + _STATE_JS
    + """
  const g = window.__bench || (window.__bench = {});
  if (g.done) return g.done;
  const failed = document.querySelector('[data-testid="stException"]');
  if (failed) return {error: (failed.innerText || 'exception').slice(0, 600)};
  if (g.hit === undefined) {
    const s = __benchState(__benchDoc(a));
    const ok = __benchPainted(s, a) && (!a.old || s.sig !== a.old.sig || s.mut > a.old.mut);
    if (ok) {
      g.hit = performance.now();
      requestAnimationFrame(() => {
        g.done = {hit: g.hit, painted: performance.now(), down: window.__benchDown ?? null,
                  state: s};
      });
    }
  }
  return false;
}"""
)

_FLOOR_SWITCH_JS = """
async (a) => {
  const layers = [];
  window.layer.eachLayer((l) => layers.push(l));
  const t0 = performance.now();
  layers.forEach((l, i) => l.setStyle({fillColor: a.palette[(i + a.k) % a.palette.length]}));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}
"""


class MeasureError(RuntimeError):
    """A browser measurement failed (timeout, missing control); the message says where."""


# --------------------------------------------------------------------------- traffic


@dataclass
class Traffic:
    """Websocket frames and HTTP responses of one page (and its iframes), in arrival order."""

    keep_payloads: bool = False
    events: list[tuple[str, Any]] = field(default_factory=list)  # (kind, bytes | response)
    payloads: list[bytes | str] = field(default_factory=list)
    data_responses: list[Any] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)  # event counts at "script finished"

    def attach(self, page: Any) -> None:
        page.on("websocket", self._on_websocket)
        page.on("response", self._on_response)

    def _on_websocket(self, ws: Any) -> None:
        if "/_stcore/stream" not in ws.url:
            return
        ws.on("framereceived", self._on_frame)
        ws.on("framesent", lambda payload: self.events.append(("ws_out", _size(payload))))

    def _on_frame(self, payload: bytes | str) -> None:
        self.events.append(("ws_in", _size(payload)))
        if self.keep_payloads:
            self.payloads.append(payload)
        if _is_script_finished(payload):
            self.finished.append(len(self.events))

    def _on_response(self, response: Any) -> None:
        self.events.append(("http", response))
        if self.keep_payloads and _is_data(response):
            self.data_responses.append(response)

    def mark(self) -> int:
        return len(self.events)

    def wait_script_finished(self, page: Any, since: int, timeout_s: float) -> int:
        """Until the server says a script run begun after ``since`` has finished."""
        deadline = time.monotonic() + timeout_s
        while not any(mark > since for mark in self.finished):
            if time.monotonic() > deadline:
                raise MeasureError(f"no 'script finished' message within {timeout_s:.0f} s")
            page.wait_for_timeout(25)  # lets Playwright deliver the frame events
        return next(mark for mark in self.finished if mark > since)

    def kb(self, kind: str, since: int, until: int | None = None) -> float:
        """kB of ``ws_in``/``ws_out`` frames, or of HTTP bodies actually transferred
        (``http_data``: JSON/GeoJSON; ``http_assets``: the rest; cache hits count 0)."""
        total = 0
        for event_kind, item in self.events[since:until]:
            if event_kind == kind:
                total += int(item)
            elif (
                event_kind == "http"
                and kind in ("http_data", "http_assets")
                and _is_data(item) == (kind == "http_data")
            ):
                total += _transferred(item)
        return round(total / 1024, 1)


def _is_data(response: Any) -> bool:
    kind = str(response.headers.get("content-type", ""))
    return "json" in kind or response.url.split("?")[0].endswith((".json", ".geojson"))


def _transferred(response: Any) -> int:
    """Body bytes that crossed the wire (negative sizes mean a browser cache hit)."""
    try:
        return max(int(response.request.sizes()["responseBodySize"]), 0)
    except Exception:  # the page is gone: fall back to the declared length
        return int(response.headers.get("content-length") or 0)


def _is_script_finished(payload: bytes | str) -> bool:
    """Streamlit's ``ForwardMsg.script_finished`` (a tiny frame) ends every script run."""
    if not isinstance(payload, bytes) or len(payload) > 256:
        return False
    try:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        return bool(ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished")
    except Exception:  # not a ForwardMsg
        return False


def _size(payload: bytes | str) -> int:
    return len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))


# --------------------------------------------------------------------------- waiting


def _wait(page: Any, arg: dict[str, Any], timeout_s: float) -> dict[str, Any]:
    try:
        handle = page.wait_for_function(_WAIT_JS, arg=arg, polling="raf", timeout=timeout_s * 1000)
    except Exception as exc:  # playwright's TimeoutError and friends
        raise MeasureError(f"map not (re)painted within {timeout_s:.0f} s: {exc}") from exc
    done = dict(handle.json_value())
    if "error" in done:
        first_line = str(done["error"]).strip().splitlines()[0]
        raise MeasureError(f"the app shows an exception: {first_line}")
    return done


def wait_idle(page: Any, timeout_s: float) -> None:
    """Until the Streamlit script is not running (no rerun in flight)."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=timeout_s * 1000
    )


def map_timeout_s(districts: int) -> float:
    return 90.0 + districts / 50


# --------------------------------------------------------------------------- the app


@dataclass(frozen=True)
class Window:
    """One measured interaction: its time and the bytes it moved."""

    seconds: float
    ws_kb: float  # websocket frames received until (re)painted
    http_kb: float  # JSON/GeoJSON bodies transferred until (re)painted
    assets_kb: float  # other HTTP bodies transferred until (re)painted (JS, CSS, ...)
    ws_total_kb: float  # websocket frames received until the script run ended

    @property
    def data_kb(self) -> float:
        return round(self.ws_kb + self.http_kb, 1)


@dataclass
class AppFigures:
    """The browser figures of one town in the app."""

    first_visit: Window | None = None  # the warm-up navigation (cold browser cache)
    navigations: list[Window] = field(default_factory=list)
    switches: list[Window] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    renderer: str = ""
    map_size: tuple[int, int] = (880, 600)
    received: ReceivedGeometry | None = None
    notes: list[str] = field(default_factory=list)


def launch(playwright: Any) -> Any:
    if not CHROMIUM.exists():
        raise MeasureError(f"{CHROMIUM} not found (apt-get install chromium)")
    return launch_chromium(playwright)


@contextmanager
def _context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport=VIEWPORT, locale="de-DE", timezone_id="Europe/Berlin")
    ctx.add_init_script(_INIT_JS)
    ctx.set_default_timeout(60_000)
    try:
        yield ctx
    finally:
        ctx.close()


def _query(page: Any) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _window(
    page: Any,
    traffic: Traffic,
    start: int,
    arg: dict[str, Any],
    timeout_s: float,
    *,
    settle: bool = True,
) -> tuple[Window, dict[str, Any]]:
    """Wait for the (re)paint and for the end of the script run; measure both. With
    ``settle`` also wait until the page has rendered everything the run sent."""
    done = _wait(page, arg, timeout_s)
    painted_at = traffic.mark()
    finished_at = traffic.wait_script_finished(page, start, timeout_s)
    if settle:
        wait_idle(page, timeout_s)
    if arg["old"] is None:
        seconds = done["painted"] / 1000  # performance.now() counts from navigation start
    elif done.get("down") is None:
        raise MeasureError("the click on the option was not seen (no mousedown)")
    else:
        seconds = (done["painted"] - done["down"]) / 1000
    window = Window(
        seconds=round(seconds, 4),
        ws_kb=traffic.kb("ws_in", start, painted_at),
        http_kb=traffic.kb("http_data", start, painted_at),
        assets_kb=traffic.kb("http_assets", start, painted_at),
        ws_total_kb=traffic.kb("ws_in", start, max(finished_at, painted_at)),
    )
    return window, done


def _navigate(
    ctx: Any, url: str, n: int, timeout_s: float, *, keep: bool = False, settle: bool = True
) -> tuple[Any, Traffic, Window, dict[str, Any]]:
    """Open ``url`` in a new page and measure it until painted (and until idle)."""
    page = ctx.new_page()
    traffic = Traffic(keep_payloads=keep)
    traffic.attach(page)
    page.goto(url, wait_until="commit")
    arg = {"iframe": MAP_IFRAME, "n": n, "old": None}
    window, done = _window(page, traffic, 0, arg, timeout_s, settle=settle)
    return page, traffic, window, done


def measure_app(
    browser: Any,
    base_url: str,
    town_id: str,
    districts: int,
    *,
    first_maps: int,
    switches: int,
    planner: SwitchPlanner | None = None,
    fallback: Callable[[], ReceivedGeometry | None] | None = None,
    log: Callable[[str], None] | None = None,
) -> AppFigures:
    """First map (after a warm-up navigation) and indicator switches of one town.

    Every navigation opens a new page (a new Streamlit session) in one browser context, so
    the browser's HTTP cache is warm after the warm-up, as for a returning visitor.
    """
    figures = AppFigures()
    timeout_s = map_timeout_s(districts)
    url = f"{base_url}/?{urlencode({'town': town_id})}"
    with _context(browser) as ctx:
        # Warm-up: fills the server's caches for this town and the browser's HTTP cache;
        # its frames are kept to find the geometry the browser receives.
        say = log or (lambda _message: None)
        started = time.monotonic()
        page, traffic, window, done = _navigate(
            ctx, url, districts, timeout_s, keep=True, settle=False
        )
        say(
            f"warm-up visit: painted after {window.seconds:.1f} s, run finished after "
            f"{time.monotonic() - started:.1f} s"
        )
        figures.first_visit = window
        figures.renderer = str(done["state"]["kind"])
        box = page.locator(MAP_IFRAME).bounding_box()
        if box:
            figures.map_size = (int(box["width"]), int(box["height"]))
        ids = planner.district_ids if planner else []
        figures.received = _received_from(traffic, ids) or (fallback() if fallback else None)
        page.close()
        for i in range(first_maps):
            # Only the last page is used further (for the switches): the others are closed
            # as soon as the server has finished their run.
            last = i == first_maps - 1
            page, traffic, window, _done = _navigate(ctx, url, districts, timeout_s, settle=last)
            figures.navigations.append(window)
            say(f"first map {i + 1}/{first_maps}: {window.seconds:.2f} s")
            if i < first_maps - 1:
                page.close()
        for i in range(switches):
            _switch_once(page, traffic, districts, timeout_s, figures, planner)
            say(
                f"switch {i + 1}/{switches} to {figures.targets[-1]!r}: "
                f"{figures.switches[-1].seconds:.3f} s"
            )
        page.close()
    return figures


def _received_from(traffic: Traffic, district_ids: Sequence[str]) -> ReceivedGeometry | None:
    """The geometry in the kept websocket frames, else in the JSON the page fetched."""
    if not district_ids:
        return None
    texts = (text for payload in traffic.payloads for text in texts_of_frame(payload))
    found = received_geometry(texts, district_ids, "websocket")
    if found is None:
        bodies = []
        for response in traffic.data_responses:
            try:
                bodies.append(response.body().decode("utf-8", errors="ignore"))
            except Exception:  # noqa: S112  (a response that went away has no body)
                continue
        found = received_geometry(bodies, district_ids, "http")
    traffic.payloads.clear()
    traffic.data_responses.clear()
    return found


def _switch_once(
    page: Any,
    traffic: Traffic,
    districts: int,
    timeout_s: float,
    figures: AppFigures,
    planner: SwitchPlanner | None,
) -> None:
    """Choose another indicator in the sidebar like a user; measure until repainted."""
    box = page.get_by_role("combobox", name=INDICATOR_LABEL, exact=True)
    current = box.input_value()
    box.click()
    options = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
    year = _query(page).get("year")
    if planner:
        target = planner.next_label(current, options, year)
    else:
        target = next((o for o in options if o != current), current)
    page.evaluate("() => { window.__bench = {}; window.__benchDown = null; }")
    old = page.evaluate(_READ_STATE_JS, {"iframe": MAP_IFRAME})
    start = traffic.mark()
    page.get_by_role("option", name=target, exact=True).click()
    arg = {"iframe": MAP_IFRAME, "n": districts, "old": old}
    window, done = _window(page, traffic, start, arg, timeout_s)
    figures.switches.append(window)
    figures.targets.append(target)
    if done["state"]["sig"] == old.get("sig"):
        figures.notes.append(f"switch to {target!r}: same colours, seen by a DOM mutation")


# --------------------------------------------------------------------------- switch plan


@dataclass
class SwitchPlanner:
    """Chooses the next indicator so that the map's colours really change.

    Reads the public data (catalog labels, long value table) of the town: two indicators
    whose districts fall into the same quantile classes with the same palette would give
    identical fills, and a canvas map could not show the switch.
    """

    district_ids: list[str]
    signatures: dict[tuple[str, str], tuple[Any, ...]]  # (label, year) -> classes
    turn: int = 0

    @classmethod
    def from_data(cls, data_dir: Path, town_id: str) -> SwitchPlanner:
        from sozialraum.catalog import load_catalog_for
        from sozialraum.towns import get_town

        town = get_town(data_dir, town_id)
        catalog = load_catalog_for(data_dir, town.folder)
        if town.folder is not None:
            districts_file = town.folder / "districts.geojson"
            values_file = town.folder / "values.csv"
        else:
            districts_file = data_dir / "geo" / "districts" / f"{town_id}.geojson"
            values_file = data_dir / "indicators" / "values" / f"{town_id}.csv"
        features = json.loads(districts_file.read_text(encoding="utf-8"))["features"]
        ids = [str(f["properties"]["district_id"]).strip() for f in features]
        values = pd.read_csv(values_file, dtype={"district_id": str, "year": str})
        signatures: dict[tuple[str, str], tuple[Any, ...]] = {}
        for (indicator_id, year), rows in values.groupby(["indicator_id", "year"]):
            if indicator_id not in catalog:
                continue
            indicator = catalog[str(indicator_id)]
            series = rows.set_index("district_id")["value"].reindex(ids)
            pct = series.rank(pct=True).to_numpy()
            classes = np.where(np.isnan(pct), -1, np.minimum((pct * 5).astype(int), 4))
            signatures[(indicator.label_de, str(year))] = (indicator.polarity, *classes.tolist())
        return cls(ids, signatures)

    def next_label(self, current: str, options: Sequence[str], year: str | None) -> str:
        others = [o for o in options if o != current]
        if not others:
            raise MeasureError(f"the {INDICATOR_LABEL!r} box offers nothing to switch to")
        self.turn += 1
        rotated = others[self.turn % len(others) :] + others[: self.turn % len(others)]
        mine = self.signatures.get((current, str(year)))
        for label in rotated:
            theirs = self.signatures.get((label, str(year)))
            if mine is None or theirs is None or theirs != mine:
                return label
        return rotated[0]


# --------------------------------------------------------------------------- the floor


@dataclass
class FloorFigures:
    first_map_s: list[float] = field(default_factory=list)
    switch_s: list[float] = field(default_factory=list)


_FLOOR_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>floor</title>
<link rel="stylesheet" href="leaflet.css">
<style>html, body {{ margin: 0; }} #map {{ width: {width}px; height: {height}px; }}
.leaflet-container {{ background: #ffffff; }}</style>
<script src="leaflet.js"></script></head>
<body><div id="map"></div>
<script>
const map = L.map('map', {{zoomSnap: 0.25}});
fetch('districts.geojson').then((r) => r.json()).then((data) => {{
  window.layer = L.geoJSON(data, {{style: (f) => ({{fillColor: f.properties.fill,
    fillOpacity: 0.85, color: '#555555', weight: 0.8}})}}).addTo(map);
  map.fitBounds(window.layer.getBounds());
}});
</script></body></html>
"""


def write_floor_site(
    directory: Path, received: ReceivedGeometry, map_size: tuple[int, int]
) -> Path:
    """A bare Leaflet page (Leaflet from xstatic-leaflet) with the received districts."""
    import shutil

    import xstatic.pkg.leaflet as xstatic_leaflet

    directory.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy2(Path(xstatic_leaflet.BASE_DIR) / name, directory / name)
    features = [
        {
            "type": "Feature",
            "id": district_id,
            "properties": {"fill": received.fills.get(district_id) or FLOOR_PALETTE[i % 5]},
            "geometry": json.loads(shapely.to_geojson(geom)),
        }
        for i, (district_id, geom) in enumerate(received.districts.items())
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    (directory / "districts.geojson").write_text(text, encoding="utf-8")
    width, height = map_size
    (directory / "index.html").write_text(_FLOOR_HTML.format(width=width, height=height))
    return directory


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A local http.server for ``directory`` (in a thread); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=directory))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def measure_floor(
    browser: Any, site: Path, districts: int, *, first_maps: int, switches: int
) -> FloorFigures:
    """The same GeoJSON in a bare Leaflet page: first paint and ``setStyle`` restyles."""
    figures = FloorFigures()
    timeout_s = map_timeout_s(districts)
    with serve_directory(site) as base, _context(browser) as ctx:
        page = None
        for i in range(first_maps + 1):  # the first navigation warms the HTTP cache
            if page is not None:
                page.close()
            page = ctx.new_page()
            page.goto(f"{base}/index.html", wait_until="commit")
            done = _wait(page, {"iframe": None, "n": districts, "old": None}, timeout_s)
            if i > 0:
                figures.first_map_s.append(done["painted"] / 1000)
        assert page is not None
        for k in range(switches):
            ms = page.evaluate(_FLOOR_SWITCH_JS, {"palette": list(FLOOR_PALETTE), "k": k + 1})
            figures.switch_s.append(float(ms) / 1000)
        page.close()
    return figures
