"""All values of a town for one year, with downloads (CSV, XLSX, GeoJSON, GeoPackage)."""

from __future__ import annotations

import streamlit as st

from sozialraum.export import MEDIA_TYPES, export_bytes, export_table
from sozialraum.markup import escape_markup
from sozialraum.ui import data
from sozialraum.ui.common import attribution, table_height, town_banner
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_view

view = current_view()
lang = view.lang
town = data.town_data(view.town_id)

st.title(t("table_heading", lang, town=escape_markup(town.town.name), year=view.year))
town_banner(town, lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _download(town_id: str, year: int, fmt: str, signature: str) -> bytes:
    return export_bytes(data.town_data(town_id), year, fmt)  # type: ignore[arg-type]


table = export_table(town, view.year).drop(columns="geometry")
indicator_ids = [ind_id for ind_id in town.catalog if ind_id in table.columns]
# What people read: names and labelled, rounded values (the downloads keep everything).
shown = table[["name", *indicator_ids]].copy()
for ind_id in indicator_ids:
    shown[ind_id] = shown[ind_id].round(town.catalog[ind_id].decimals)
columns = {
    ind_id: st.column_config.NumberColumn(
        f"{town.catalog[ind_id].label(lang)} ({town.catalog[ind_id].unit(lang)})",
        help=escape_markup(town.catalog[ind_id].definition(lang)),
        format="localized",  # the reader's own decimal separator
    )
    for ind_id in indicator_ids
}
columns["name"] = st.column_config.TextColumn(t("col_district", lang), pinned=True)
st.dataframe(
    shown,
    column_config=columns,
    hide_index=True,
    width="stretch",
    height=table_height(len(shown)),
)
st.caption(t("suppressed_note", lang))

st.subheader(t("downloads", lang))
_, signature = data.signature()
cols = st.columns(4)
for col, fmt in zip(cols, ("csv", "xlsx", "geojson", "gpkg"), strict=True):
    col.download_button(
        t(f"download_{fmt}", lang),
        data=_download(view.town_id, view.year, fmt, signature),
        file_name=f"sozialraum_{view.town_id}_{view.year}.{fmt}",
        mime=MEDIA_TYPES[fmt],
        width="stretch",
        key=f"download-{fmt}",
    )
attribution(town, lang)
