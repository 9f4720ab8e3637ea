"""App entry point: page setup, navigation, controls, URL state; then the chosen page runs."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from sozialraum.errors import DataError
from sozialraum.ui import data
from sozialraum.ui.assets import BASE_CSS, PRESENT_CSS, ensure_static_assets
from sozialraum.ui.common import show_data_error
from sozialraum.ui.controls import render_controls
from sozialraum.ui.i18n import t
from sozialraum.ui.state import requested, seed_from_url, write_url

PAGE_DIR = Path(__file__).parent / "pages"
# (file, title key, url path); the first is the default page. No page icons: Streamlit turns a
# page's ":material/…:" icon into a favicon fetched from Google, a request we must not make.
PAGES = (
    ("map.py", "page_map", "karte"),
    ("workshop.py", "page_workshop", "werkstatt"),
    ("profile.py", "page_profile", "profil"),
    ("trends.py", "page_trends", "entwicklung"),
    ("social_index.py", "page_index", "index"),
    ("network.py", "page_network", "netzwerk"),
    ("compare.py", "page_compare", "vergleich"),
    ("table.py", "page_table", "tabelle"),
    ("grid.py", "page_grid", "raster"),
    ("import_data.py", "page_import", "import"),
    ("methods.py", "page_methods", "methodik"),
)
# Pages that work without any town (so a fresh data directory can be filled).
_STANDALONE = ("import_data.py", "methods.py")


def _pages(lang: str, with_towns: bool) -> list[st.Page]:
    pages = {}
    for file, title, url_path in PAGES:
        if not (PAGE_DIR / file).exists() or (not with_towns and file not in _STANDALONE):
            continue
        pages[file] = st.Page(PAGE_DIR / file, title=t(title, lang), url_path=url_path)
    # Pages link to each other through these objects (see page()).
    st.session_state["_pages"] = pages
    return list(pages.values())


def page(file: str) -> st.Page:
    """The registered page object for ``file`` (for st.page_link / st.switch_page)."""
    pages: dict[str, st.Page] = st.session_state["_pages"]
    return pages[file]


_LOG = logging.getLogger(__name__)


def run_page(page: st.Page, lang: str) -> None:
    """Run the chosen page; no error reaches the visitor as a traceback.

    A DataError (bad data, with file/row/column) is shown as its report; anything else gets
    a plain message naming only the kind of error, with the traceback in the server log.
    Streamlit's own control flow (st.stop, st.rerun, switch_page) derives from
    BaseException and passes through.
    """
    try:
        page.run()
    except DataError as exc:
        # Any page reading a broken file (reference figures, town series, a grid file, an
        # other town) ends here with the located report instead of a traceback.
        show_data_error(exc, lang)
    except Exception as exc:
        _LOG.exception("page %s failed", getattr(page, "url_path", page))
        st.error(t("page_error", lang, kind=type(exc).__name__))


def main(app_dir: Path) -> None:
    st.set_page_config(
        page_title="Sozialraum-Monitor",
        # A local image: a ":material/…:" icon would make the browser fetch it from Google.
        page_icon=str(Path(__file__).parent / "favicon.png"),
        layout="wide",
    )
    lang = str(st.session_state.get("w_lang") or requested("lang") or "de")
    try:
        _run(app_dir)
    except Exception as exc:  # outside the page: URL state, controls, static assets
        _LOG.exception("app run failed")
        st.error(t("page_error", lang, kind=type(exc).__name__))


def _run(app_dir: Path) -> None:
    ensure_static_assets(app_dir / "static")
    seed_from_url()
    data.new_run()
    present = requested("mode") == "present"
    st.markdown(BASE_CSS + (PRESENT_CSS if present else ""), unsafe_allow_html=True)
    lang = str(st.session_state.get("w_lang") or requested("lang") or "de")
    try:
        towns = data.towns()
    except DataError as exc:
        show_data_error(exc, lang)
        st.stop()
    page = st.navigation(_pages(lang, bool(towns)), position="top" if present else "sidebar")
    if towns:
        try:
            view = render_controls(towns, present)
        except DataError as exc:
            show_data_error(exc, lang)
            st.stop()
        st.session_state["view"] = view
        write_url(view)
    else:
        st.session_state["view"] = None
    run_page(page, lang)
