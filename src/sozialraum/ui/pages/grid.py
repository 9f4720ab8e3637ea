"""Census grid view: the Zensus cells inside a town as the spatial unit (no districts needed).

Grid files are the official Zensus CSVs as published, kept in ``<data dir>/grids/`` (put them
there, or upload one here). The demo data ships one: the Zensus 2011 1 km cells of the six
towns (``sozialraum.grid.SHIPPED_GRID``), the layer a town opens with. Cells carry the
published values; the map, legend and tooltips are the same as for districts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import streamlit as st

from sozialraum.catalog import Indicator, load_catalog
from sozialraum.census_grid import (
    add_grid_file,
    is_zip,
    resolution_name,
    sniff_layout,
    zensus_catalog,
    zip_resolutions,
)
from sozialraum.colors import reading_rule, sequential
from sozialraum.columns import (
    STATUS,
    VALUE,
)
from sozialraum.display import rank_texts, signs_note, value_texts
from sozialraum.errors import DataError
from sozialraum.grid import (
    default_grid,
    grid_attribution,
    grid_cells,
    grid_files,
    grid_indicators,
    is_shipped_grid,
)
from sozialraum.legend import legend_entries_for, legend_html
from sozialraum.maps import GeometryPayload, choropleth_state, state_layer, status_text
from sozialraum.markup import escape_markup
from sozialraum.paths import demo_data_dir
from sozialraum.ui import data
from sozialraum.ui.assets import publish
from sozialraum.ui.common import classify_view, show_data_error, show_map
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view
from sozialraum.uncertain import bracketed, mark_state, outline_layer

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)
grid_dir = data.data_dir() / "grids"

st.title(t("grid_heading", lang, town=escape_markup(town.town.name)))
st.caption(t("grid_explain", lang))


def _save_upload(upload: st.runtime.uploaded_file_manager.UploadedFile) -> None:
    """Check the header, then store the file atomically in grids/."""
    try:
        add_grid_file(grid_dir, upload.name, upload.getvalue())
    except DataError as exc:
        st.error(escape_markup(exc.report(lang)))


with st.expander(t("grid_add", lang)):
    upload = st.file_uploader(
        t("grid_upload", lang),
        type=["csv", "txt", "zip"],
        key="grid_upload",
    )
    if upload is not None and st.button(t("grid_save", lang), key="grid_save"):
        _save_upload(upload)

files = grid_files(data.data_dir())
if not files:
    st.info(t("grid_none", lang))
    st.stop()


@st.cache_resource(show_spinner=False, max_entries=8)
def _resolutions(path: str, mtime: float) -> list[str]:
    """The grid resolutions of a topic ZIP ('100m', '1km', '10km'); none for a CSV file."""
    if not is_zip(Path(path)):
        return []
    return [resolution_name(size) for size in zip_resolutions(Path(path))]


@st.cache_resource(show_spinner=False, max_entries=8)
def _grid_info(path: str, mtime: float, resolution: str | None) -> tuple[list[str], int, int]:
    """Features, census year and cell size of a grid file (read from its header once)."""
    layout = sniff_layout(Path(path), resolution=resolution)
    return grid_indicators(Path(path), resolution=resolution), layout.year, layout.cell_size


@st.cache_resource(show_spinner=False, max_entries=32)
def _cells(
    root: str,
    town_id: str,
    path: str,
    feature: str,
    signature: str,
    mtime: float,
    resolution: str | None,
) -> tuple[gpd.GeoDataFrame, GeometryPayload]:
    cells = grid_cells(Path(root), town_id, Path(path), feature, resolution=resolution)
    return cells, GeometryPayload.from_frame(cells, town.outline)


c1, c2 = st.columns(2)
grid_file = c1.selectbox(
    t("grid_file", lang),
    files,
    index=default_grid(files),
    format_func=lambda p: t("grid_shipped_file", lang) if is_shipped_grid(p) else p.name,
    key="w_grid_file",
)
mtime = grid_file.stat().st_mtime
resolutions = _resolutions(str(grid_file), mtime)
resolution: str | None = None
if resolutions:  # a Zensus 2022 topic ZIP: 10 km, 1 km and 100 m files inside
    resolution = st.radio(
        t("grid_resolution", lang),
        resolutions,
        index=resolutions.index("1km") if "1km" in resolutions else 0,
        horizontal=True,
        key="w_grid_resolution",
    )
try:
    features, census_year, cell_size = _grid_info(str(grid_file), mtime, resolution)
except DataError as exc:
    show_data_error(exc, lang)
    st.stop()
# Grid files speak the standard indicators even when this town's catalog has no entry: the
# shipped standard catalog lies beneath; the data directory's own entries (town.catalog) win.
catalog = (
    load_catalog(demo_data_dir() / "indicators" / "catalog.csv")
    .merged(zensus_catalog())
    .merged(town.catalog)
)
features = [f for f in features if f in catalog]
feature = c2.selectbox(
    t("indicator", lang),
    features,
    format_func=lambda f: catalog[f].label(lang),
    key="w_grid_feature",
)
indicator: Indicator = catalog[feature]
root, signature = data.signature()
with st.spinner(t("grid_reading", lang)):
    try:
        cells, payload = _cells(
            root, view.town_id, str(grid_file), feature, signature, mtime, resolution
        )
    except DataError as exc:
        show_data_error(exc, lang)
        st.stop()
attribution = grid_attribution(census_year)
if is_shipped_grid(grid_file):
    # On a projector one line, so that the map stays in the first screen.
    if view.present:
        st.caption(t("grid_official_short", lang, attribution=attribution))
    else:
        st.success(t("grid_official", lang, attribution=attribution))
if cells.empty:
    st.info(
        t(
            "grid_no_cells",
            lang,
            file=escape_markup(grid_file.name),
            town=escape_markup(town.town.name),
        )
    )
    st.stop()
source = f"Zensus {census_year}, {cell_size} m"
shown = dataclasses.replace(indicator, source=source)
classes, _ = classify_view(cells[VALUE], view.scheme, view.k, view.breaks)
palette = sequential(max(classes.k, 1), indicator.polarity)
frame = cells[["name", VALUE, STATUS, "rank"]]
# Zensus 2022 'KLAMMERN': the value is shown, bracketed and outlined as uncertain.
uncertain = cells["uncertain"].astype(bool) & cells[VALUE].notna()

map_col, side_col = st.columns([2.7, 1.3], gap="medium")
with map_col:
    st.subheader(escape_markup(f"{indicator.label(lang)} – {source}"))
    state = choropleth_state(payload, frame, shown, classes, palette, year=census_year, lang=lang)
    layers = [state_layer(state)]
    if uncertain.any():
        note = t("grid_uncertain_short", lang)
        layers = [
            state_layer(mark_state(state, payload, uncertain, note)),
            outline_layer(cells, uncertain, note),
        ]
    show_map(
        view,
        payload,
        publish("cache", payload.write),
        layers,
        key=f"grid-{view.town_id}-{grid_file.name}-{view.basemap}",
        attribution=[
            *town.town.attribution,
            attribution,
        ],
    )
with side_col:
    n_suppressed = int((frame[STATUS] == ".").sum())
    entries = legend_entries_for(
        frame, classes, palette, lambda v: indicator.format_value(v, lang), lang=lang
    )
    html = legend_html(
        indicator.label(lang),
        indicator.unit(lang),
        entries,
        note=reading_rule(indicator.polarity, lang),
        lang=lang,
        units="cells",
    )
    st.markdown(html, unsafe_allow_html=True)
    st.caption(
        t(
            "grid_cells_note",
            lang,
            n=len(cells),
            suppressed=n_suppressed,
            source=source,
            attribution=attribution,
        )
    )
    if uncertain.any():
        st.caption(t("grid_uncertain_note", lang, n=int(uncertain.sum())))
with st.expander(t("table_alternative", lang)):
    st.dataframe(
        {
            t("grid_cell", lang): frame["name"],
            f"{t('col_value', lang)} ({indicator.unit(lang)})": bracketed(
                value_texts(frame[VALUE], lambda v: indicator.format_value(v, lang), frame[STATUS]),
                uncertain,
            ),
            t("col_rank", lang): rank_texts(frame["rank"]),
            t("col_status", lang): [
                status_text(s, lang) if v != v else ""  # NaN check: no value shown
                for s, v in zip(frame[STATUS], frame[VALUE], strict=True)
            ],
            t("grid_share", lang): (cells["share_in_town"] * 100).round(1).to_numpy(),
        },
        hide_index=True,
        width="stretch",
    )
    st.caption(signs_note(lang) + (" " + t("grid_bracket_sign", lang) if uncertain.any() else ""))
