"""All values of a town for one year, with downloads (CSV, XLSX, GeoJSON, GeoPackage)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from sozialraum.display import signs_note, value_texts
from sozialraum.export import (
    DIALECTS,
    FORMATS,
    LONG_FORMATS,
    MEDIA_TYPES,
    Dialect,
    Format,
    export_bytes,
    export_long_bytes,
    export_table,
)
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
def _download(
    town_id: str, year: int | None, fmt: Format, dialect: Dialect, signature: str
) -> bytes:
    town_data = data.town_data(town_id)
    if year is None:  # all years, long format
        return export_long_bytes(town_data, fmt, dialect)
    return export_bytes(town_data, year, fmt, dialect)


table = export_table(town, view.year).drop(columns="geometry")
indicator_ids = [ind_id for ind_id in town.catalog if ind_id in table.columns]
# What people read: names and labelled values as text with the official signs (a missing
# number would read "None"); the downloads keep the numbers.
headers = {
    ind_id: f"{town.catalog[ind_id].label(lang)} ({town.catalog[ind_id].unit(lang)})"
    for ind_id in indicator_ids
}
shown = pd.DataFrame({t("col_district", lang): table["name"]})
for ind_id in indicator_ids:
    ind = town.catalog[ind_id]
    status = table.get(f"{ind_id}_status")
    shown[headers[ind_id]] = value_texts(
        table[ind_id], partial(ind.format_value, lang=lang), status
    )
columns = {
    headers[ind_id]: st.column_config.TextColumn(
        help=escape_markup(town.catalog[ind_id].definition(lang))
    )
    for ind_id in indicator_ids
}
columns[t("col_district", lang)] = st.column_config.TextColumn(pinned=True)
st.dataframe(
    shown,
    column_config=columns,
    hide_index=True,
    width="stretch",
    height=table_height(len(shown)),
)
st.caption(signs_note(lang))

st.subheader(t("downloads", lang))
_, signature = data.signature()
dialect = st.radio(
    t("csv_dialect", lang),
    DIALECTS,
    format_func=lambda d: t(f"csv_dialect_{d.replace('-', '_')}", lang),
    horizontal=True,
    index=DIALECTS.index("excel-de" if lang == "de" else "plain"),
    key="w_csv_dialect",
)
st.caption(t("download_year_note", lang, year=view.year))
cols = st.columns(4)
for col, fmt in zip(cols, FORMATS, strict=True):
    col.download_button(
        t(f"download_{fmt}", lang),
        data=_download(view.town_id, view.year, fmt, dialect, signature),
        file_name=f"sozialraum_{view.town_id}_{view.year}.{fmt}",
        mime=MEDIA_TYPES[fmt],
        width="stretch",
        key=f"download-{fmt}",
    )
years = town.years
span = f"{years[0]}-{years[-1]}" if years else "alle"
st.caption(t("download_all_years_note", lang))
cols = st.columns(4)
for col, fmt in zip(cols, LONG_FORMATS, strict=False):
    col.download_button(
        t(f"download_all_{fmt}", lang),
        data=_download(view.town_id, None, fmt, dialect, signature),
        file_name=f"sozialraum_{view.town_id}_{span}_lang.{fmt}",
        mime=MEDIA_TYPES[fmt],
        width="stretch",
        key=f"download-all-{fmt}",
    )
attribution(town, lang)
