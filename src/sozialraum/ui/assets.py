"""Local web assets and page styles.

Leaflet comes from the PyPI package ``xstatic-leaflet`` and is copied into the app's
``static/`` folder, which Streamlit serves at ``/app/static`` (``server.enableStaticServing``).
So the map needs no CDN: with basemap "none" no request leaves the machine.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from sozialraum.atomic import replace_dir, staging_dir
from sozialraum.index_map import BIVARIATE_CSS
from sozialraum.ranking import RANKING_CSS

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images")
# Leaflet.draw (MIT) is vendored in the package (no PyPI package ships it): the drawing tools of
# the workshop map must not come from a CDN either.
LEAFLET_DRAW_SOURCE = Path(__file__).parent / "vendor" / "leaflet-draw"
LEAFLET_DRAW_VERSION = "1.0.4"
LEAFLET_DRAW_URL = "/app/static/vendor/leaflet-draw"
# Streamlit serves <app dir>/static at this URL path.
STATIC_URL = "/app/static"
_static_dir: Path | None = None


def static_dir() -> Path:
    """The app's static folder (set by :func:`ensure_static_assets` at start-up)."""
    if _static_dir is None:
        raise RuntimeError("ensure_static_assets() has not run")
    return _static_dir


def publish(relative: str, writer: Callable[[Path], Path]) -> str:
    """Let ``writer`` put a file below ``static/<relative>``; return its URL."""
    folder = static_dir() / relative
    written = writer(folder)
    return f"{STATIC_URL}/{written.relative_to(static_dir()).as_posix()}"


def ensure_static_assets(static_dir: Path) -> Path:
    """Copy Leaflet (and Leaflet.draw) into ``static_dir/vendor/`` unless already there.

    Several servers may share ``static_dir`` and start at once: each stages its copy under a
    unique name and renames it into place; whoever finds the right version there drops its copy.
    """
    global _static_dir
    _static_dir = static_dir
    _copy_vendor(
        LEAFLET_DRAW_SOURCE,
        ("leaflet.draw.js", "leaflet.draw.css", "images", "LICENSE"),
        static_dir / "vendor" / "leaflet-draw",
        LEAFLET_DRAW_VERSION,
    )
    return _copy_vendor(
        Path(xstatic_leaflet.BASE_DIR),
        LEAFLET_FILES,
        static_dir / "vendor" / "leaflet",
        xstatic_leaflet.VERSION,
    )


def _has_version(target: Path, version: str) -> bool:
    stamp = target / "VERSION"
    return stamp.exists() and stamp.read_text().strip() == version


def _copy_vendor(source: Path, names: tuple[str, ...], target: Path, version: str) -> Path:
    """Copy ``names`` from ``source`` to ``target`` unless ``version`` is already there."""
    if _has_version(target, version):
        return target
    staging = staging_dir(target, f"{target.name}-staging")
    try:
        for name in names:
            src = source / name
            if src.is_dir():
                shutil.copytree(src, staging / name)
            else:
                shutil.copy2(src, staging / name)
        (staging / "VERSION").write_text(version + "\n")
        if not _has_version(target, version):
            try:
                replace_dir(staging, target)
            except OSError:
                if not _has_version(target, version):  # not a concurrent start that won
                    raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


BASE_CSS = (
    """
<style>
.sr-legend { margin: 0; }
.sr-legend figcaption { font-weight: 600; margin-bottom: .4rem; }
.sr-legend ul { list-style: none; padding: 0; margin: 0; }
.sr-legend li { display: flex; flex-wrap: wrap; align-items: center; gap: .1rem .5rem;
  margin: .15rem 0; }
.sr-legend .swatch { display: inline-block; width: 1.6em; height: 1.1em;
  border: 1px solid #555; flex: none; }
.sr-legend .count { color: #555; margin-left: auto; font-size: .85em; white-space: nowrap; }
.sr-legend .legend-note { font-size: .85em; color: #333; margin-top: .4rem; }
.sr-town-value { font-size: 1.05em; margin: .6rem 0; }
.sr-attribution { font-size: .8em; color: #444; }
.sr-ws-badge { display: inline-block; background: #000; color: #fff; font-weight: 600;
  border-radius: 1em; padding: .15em .8em; margin: .3rem 0; }
"""
    + RANKING_CSS
    + BIVARIATE_CSS
    + """
</style>
"""
)

PRESENT_CSS = """
<style>
html, body, .stApp { font-size: 22px !important; }
.stApp { background: #ffffff; color: #000000; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="collapsedControl"] { display: none !important; }
/* The header stays: in presentation mode it carries the page links (top navigation). Only
   Streamlit's own toolbar and the running-man are hidden; the links get the room. */
[data-testid="stToolbarActions"], [data-testid="stMainMenu"], [data-testid="stStatusWidget"],
[data-testid="stDecoration"] { display: none !important; }
[data-testid="stTopNavLink"] { padding: .1rem .3rem !important; }
[data-testid="stTopNavLink"] span, [data-testid="stTopNavLink"] p {
  font-size: 15px !important; white-space: nowrap; }
.block-container { padding: 3.6rem 1.2rem 1rem 1.2rem !important; max-width: 100% !important; }
h1 { font-size: 2.1rem !important; } h2 { font-size: 1.7rem !important; }
/* Controls: a value is never cut. The inputs cannot wrap, so each control has a minimum
   width for its longest value and the row wraps on narrow screens (one row at 1920 px,
   two at 1280 px). */
.st-key-sr-controls { font-size: 19px; }
.st-key-sr-controls [data-testid="stHorizontalBlock"] { flex-wrap: wrap; row-gap: .3rem; }
.st-key-sr-controls [data-testid="stWidgetLabel"] p { font-size: 19px !important; }
.st-key-sr-controls input { font-size: 19px !important; }
.st-key-sr-controls [data-testid="stColumn"]:has(.st-key-w_town) { min-width: 15em; }
.st-key-sr-controls [data-testid="stColumn"]:has(.st-key-w_topic) { min-width: 15.5em; }
.st-key-sr-controls [data-testid="stColumn"]:has(.st-key-w_indicator) { min-width: 21em; }
.st-key-sr-controls [data-testid="stColumn"]:has(.st-key-w_year) { min-width: 6.5em; }
.st-key-sr-controls [data-testid="stColumn"]:has(.st-key-w_district) { min-width: 14em;
  flex-basis: 14em; }
.st-key-sr-controls [data-testid="stColumn"]:has(button) { min-width: 7em; flex: 0 0 7em;
  align-self: flex-end; }
.st-key-sr-controls [data-testid="stColumn"]:has(.st-key-w_district) { flex-grow: 0; }
.st-key-sr-controls button p { font-size: 19px; white-space: nowrap; }
.sr-legend { font-size: 1.15em; }
.sr-legend .swatch { width: 2.2em; height: 1.5em; border: 2px solid #000; }
.sr-legend .count { color: #000; }
.sr-attribution, .sr-legend .legend-note { color: #000; }
</style>
"""
