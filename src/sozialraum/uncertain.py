"""Values of limited reliability (Zensus 2022 sign ``KLAMMERN``) shown as such.

The published value is used, but a reader must see that it is uncertain: in tables the
value stands in brackets, as in the printed Zensus tables ("(12,5)"); on the map the cell's
tooltip says so and the cell is hatched (three diagonal strokes) inside a dashed outline,
drawn over its fill (the fill keeps its class colour, so the legend stays true). Pure: no
Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.maps import GeometryPayload, style_state

OUTLINE_STYLE: dict[str, Any] = {
    "color": "#111111",
    "weight": 1.6,
    "dashArray": "3 3",
    "fill": False,
    "opacity": 0.9,
}
HATCH_STYLE: dict[str, Any] = {"color": "#111111", "weight": 1.0, "opacity": 0.75}


def bracketed(texts: Iterable[str], uncertain: Iterable[object]) -> list[str]:
    """Each text in brackets where its value is uncertain: '12,5' -> '(12,5)'."""
    return [
        f"({text})" if bool(flag) else text
        for text, flag in zip(list(texts), list(uncertain), strict=True)
    ]


def mark_state(
    state: dict[str, Any], payload: GeometryPayload, uncertain: pd.Series, note: str
) -> dict[str, Any]:
    """The map state with the tooltip value of each uncertain unit bracketed plus ``note``.

    ``uncertain`` is a boolean Series indexed by the payload's ids (missing ids: certain).
    A new state (with a new fingerprint) is returned; ``state`` is not changed.
    """
    flags = uncertain.reindex(list(payload.ids)).fillna(False).astype(bool).tolist()
    values: Sequence[str] = state["v"]
    marked = [f"({v}) – {note}" if flag else v for v, flag in zip(values, flags, strict=True)]
    selected = payload.ids[state["sel"]] if state.get("sel", -1) >= 0 else None
    return style_state(
        payload,
        state["c"],
        state["p"],
        marked,
        state["r"],
        year=state["year"],
        labels=state["labels"],
        selected=selected,
        names=state["names"],
        name_px=state["namepx"],
    )


def hatch_lines(cells_3035: gpd.GeoSeries) -> list[shapely.Geometry]:
    """Three parallel diagonal strokes across each cell's bounding square (EPSG:3035)."""
    bounds = np.asarray(shapely.bounds(cells_3035.to_numpy()))
    out: list[shapely.Geometry] = []
    for minx, miny, maxx, maxy in bounds:
        w, h = maxx - minx, maxy - miny
        out.append(
            shapely.MultiLineString(
                [
                    [(minx, miny), (maxx, maxy)],
                    [(minx + w / 2, miny), (maxx, maxy - h / 2)],
                    [(minx, miny + h / 2), (maxx - w / 2, maxy)],
                ]
            )
        )
    return out


def outline_layer(
    cells: gpd.GeoDataFrame, uncertain: pd.Series, tooltip: str
) -> folium.FeatureGroup:
    """Hatching and dashed outlines of the uncertain cells, drawn over the choropleth.

    Not interactive: the choropleth's own tooltip (which names the uncertainty) stays on top.
    """
    group = folium.FeatureGroup(name="uncertain", control=False)
    chosen = cells[uncertain.reindex(cells.index).fillna(False).astype(bool).to_numpy()]
    if len(chosen):
        laea = chosen.geometry.to_crs("EPSG:3035")
        hatch = gpd.GeoSeries(hatch_lines(laea), index=chosen.index, crs="EPSG:3035")
        folium.GeoJson(
            hatch.to_crs("EPSG:4326").to_json(),
            name=f"{tooltip} (hatch)",
            style_function=lambda _feature: HATCH_STYLE,
            interactive=False,
        ).add_to(group)
        folium.GeoJson(
            chosen[["geometry"]].to_crs("EPSG:4326").to_json(),
            name=tooltip,
            style_function=lambda _feature: OUTLINE_STYLE,
            interactive=False,
        ).add_to(group)
    return group
