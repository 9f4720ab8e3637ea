"""The bivariate map of the status × dynamics index: style state, legend grid, table.

Pure (no Streamlit): the app's Sozialindex page and the tests use the same builders. The
map itself is the town's ordinary base map; only the style state differs (see
:func:`sozialraum.maps.style_state`), so switching between the indicator map and the index
map never re-sends geometry.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from sozialraum.classify import NO_DATA, SUPPRESSED
from sozialraum.colors import BIVARIATE, EXCLUDED_COLOR, NO_DATA_COLOR, SUPPRESSED_COLOR
from sozialraum.indices import (
    DYNAMICS_CLASSES,
    EXCLUDED,
    STATUS_CLASSES,
    IndexResult,
    dynamics_label,
    flag_label,
    format_z,
    group_counts,
    status_label,
)
from sozialraum.indices import (
    NO_DATA as FLAG_NO_DATA,
)
from sozialraum.indices import (
    SUPPRESSED as FLAG_SUPPRESSED,
)
from sozialraum.maps import GeometryPayload, style_state

# Palette index of the excluded class: after the 12 groups.
EXCLUDED_INDEX = len(STATUS_CLASSES) * len(DYNAMICS_CLASSES)
PALETTE: tuple[str, ...] = (*[c for row in BIVARIATE for c in row], EXCLUDED_COLOR)


def group_index(status: str, dynamics: str) -> int:
    """Position of a group in :data:`PALETTE` (row-major: status, then dynamics)."""
    return STATUS_CLASSES.index(status) * len(DYNAMICS_CLASSES) + DYNAMICS_CLASSES.index(dynamics)


def group_color(status: str, dynamics: str) -> str:
    return PALETTE[group_index(status, dynamics)]


def _flag(table: pd.DataFrame, district_id: str) -> str:
    """The reason a district has no group: excluded beats suppressed beats missing."""
    flags = {table.at[district_id, "status_flag"], table.at[district_id, "dynamics_flag"]}
    for flag in (EXCLUDED, FLAG_SUPPRESSED, FLAG_NO_DATA):
        if flag in flags:
            return flag
    return FLAG_NO_DATA


def district_classes(table: pd.DataFrame) -> pd.Series:
    """Palette index per district, or the map's NO_DATA / SUPPRESSED codes."""
    out = {}
    for district_id, row in table.iterrows():
        if isinstance(row["group"], str):
            out[district_id] = group_index(*row["group"].split("/"))
            continue
        flag = _flag(table, str(district_id))
        out[district_id] = {EXCLUDED: EXCLUDED_INDEX, FLAG_SUPPRESSED: SUPPRESSED}.get(
            flag, NO_DATA
        )
    return pd.Series(out, dtype=int)


def group_text(table: pd.DataFrame, district_id: str, lang: str) -> str:
    """'Status niedrig · Dynamik positiv', or why there is no group."""
    row = table.loc[district_id]
    if isinstance(row["group"], str):
        status, dynamics = row["group"].split("/")
        words = ("Status", "Dynamik") if lang == "de" else ("Status", "Dynamics")
        return (
            f"{words[0]} {status_label(status, lang)} · {words[1]} {dynamics_label(dynamics, lang)}"
        )
    return flag_label(_flag(table, district_id), lang)


def index_state(
    payload: GeometryPayload,
    result: IndexResult,
    *,
    lang: str = "de",
    selected: str | None = None,
) -> dict[str, Any]:
    """The bivariate map's style state: group colour, group text and both index values."""
    table = result.table().reindex(list(payload.ids))
    classes = district_classes(table)
    groups = [group_text(table, district_id, lang) for district_id in payload.ids]
    values = [
        f"{format_z(float(s), lang)} / {format_z(float(d), lang)}"
        for s, d in zip(table["status_index"], table["dynamics_index"], strict=True)
    ]
    labels = (
        ["Bezirk", "Gruppe", "Jahr", "Status- / Dynamikindex"]
        if lang == "de"
        else ["District", "Group", "Year", "Status / dynamics index"]
    )
    return style_state(
        payload,
        [int(classes[i]) for i in payload.ids],
        PALETTE,
        groups,
        values,
        year=f"{result.spec.base_year}–{result.spec.year}",
        labels=labels,
        selected=selected,
    )


def legend_grid_html(result: IndexResult, lang: str = "de") -> str:
    """The 4 × 3 legend: rows status (hoch → sehr niedrig), columns dynamics (positiv →
    negativ), each cell its colour and district count; then the districts without a group."""
    table = result.table()
    counts = group_counts(table)
    de = lang == "de"
    noun = ("Bezirk", "Bezirke") if de else ("district", "districts")
    head = "".join(
        f'<th scope="col">{html.escape(dynamics_label(d, lang))}</th>' for d in DYNAMICS_CLASSES
    )
    rows = []
    for s in STATUS_CLASSES:
        cells = "".join(
            f'<td style="background:{group_color(s, d)}" '
            f'title="{html.escape(status_label(s, lang))} / {html.escape(dynamics_label(d, lang))}"'
            f'><span class="sr-bv-count">{counts[(s, d)]}</span></td>'
            for d in DYNAMICS_CLASSES
        )
        rows.append(f'<tr><th scope="row">{html.escape(status_label(s, lang))}</th>{cells}</tr>')
    extras = []
    for flag, color in (
        (EXCLUDED, EXCLUDED_COLOR),
        (FLAG_SUPPRESSED, SUPPRESSED_COLOR),
        (FLAG_NO_DATA, NO_DATA_COLOR),
    ):
        n = sum(
            1
            for district_id in table.index
            if not isinstance(table.at[district_id, "group"], str)
            and _flag(table, str(district_id)) == flag
        )
        if n:
            extras.append(
                f'<li><span class="swatch" style="background:{color}" aria-hidden="true"></span>'
                f'<span class="range">{html.escape(flag_label(flag, lang))}</span>'
                f'<span class="count">{n} {noun[0] if n == 1 else noun[1]}</span></li>'
            )
    corner = "Status ↓ / Dynamik →" if de else "Status ↓ / dynamics →"
    title = "Status × Dynamik" if de else "Status × dynamics"
    note = (
        "dunkler = mehr Benachteiligung (niedriger Status) bzw. Verschlechterung"
        if de
        else "darker = more disadvantage (low status) or deterioration"
    )
    aria = "Legende" if de else "Legend"
    return (
        f'<figure class="sr-legend sr-bivariate" role="group" aria-label="{aria}">'
        f"<figcaption>{title}</figcaption>"
        f'<table class="sr-bv-grid"><thead><tr><th scope="col">{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<ul>{''.join(extras)}</ul>"
        f'<p class="legend-note">{note}</p></figure>'
    )


BIVARIATE_CSS = (
    ".sr-bv-grid{border-collapse:separate;border-spacing:3px;margin:.3rem 0}"
    ".sr-bv-grid th{font-weight:600;font-size:.85em;text-align:left;padding:0 .4em}"
    ".sr-bv-grid td{width:3.2em;height:2.2em;text-align:center;border:1px solid #555}"
    ".sr-bv-count{background:rgba(255,255,255,.85);color:#000;padding:0 .3em;"
    "border-radius:3px;font-size:.85em}"
)


def index_table(result: IndexResult, names: pd.Series, lang: str = "de") -> pd.DataFrame:
    """The map as a table: one row per district, most disadvantaged status first."""
    table = result.table()
    de = lang == "de"
    rows = []
    for district_id, row in table.iterrows():
        has_group = isinstance(row["group"], str)
        rows.append(
            {
                "district_id": district_id,
                ("Bezirk" if de else "District"): str(names.get(district_id, district_id)),
                ("Einwohner" if de else "Population"): row["population"],
                ("Statusindex" if de else "Status index"): row["status_index"],
                ("Status" if de else "Status class"): (
                    status_label(row["status_class"], lang)
                    if isinstance(row["status_class"], str)
                    else ""
                ),
                ("Dynamikindex" if de else "Dynamics index"): row["dynamics_index"],
                ("Dynamik" if de else "Dynamics class"): (
                    dynamics_label(row["dynamics_class"], lang)
                    if isinstance(row["dynamics_class"], str)
                    else ""
                ),
                ("Hinweis" if de else "Note"): ""
                if has_group
                else flag_label(_flag(table, str(district_id)), lang),
            }
        )
    frame = pd.DataFrame(rows)
    order = frame.columns[3]
    frame = frame.sort_values(order, ascending=False, na_position="last", kind="stable")
    return frame.drop(columns="district_id").reset_index(drop=True)
