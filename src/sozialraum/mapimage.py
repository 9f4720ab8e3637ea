"""Static choropleth maps as PNG (matplotlib via geopandas), for protocols and map export.

The image uses exactly what the interactive map uses — :func:`sozialraum.classify.classify`
with the view's scheme and :func:`sozialraum.colors.sequential` for the palette, legend entries
from :mod:`sozialraum.legend` — so a printed map and the projected map show the same classes.
Every image carries its title, legend, reading rule, a demo-data warning where it applies,
and the sources and attribution of the town.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sozialraum.classify import classify
from sozialraum.colors import OUTLINE_COLOR, reading_rule, sequential
from sozialraum.legend import legend_entries_for
from sozialraum.loaders import TownData, indicator_frame
from sozialraum.maps import class_colors

# A metric CRS for Germany (ETRS89 / UTM 32N): shapes keep their proportions.
PLOT_CRS = "EPSG:25832"
MARKER_COLOR = "#1f4e9c"


@dataclass(frozen=True)
class MapImage:
    png: bytes
    title: str
    caption: str  # legend-free description: reading rule, demo note, sources


def _footer(data: TownData, lang: str) -> list[str]:
    lines = []
    if data.town.is_demo:
        lines.append(
            "DEMO-DATEN: Bezirkswerte synthetisch, nur zur Vorführung."
            if lang == "de"
            else "DEMO DATA: district values are synthetic, for demonstration only."
        )
    lines.extend(data.town.sources)
    lines.extend(data.town.attribution)
    return lines


def render_indicator_map(
    data: TownData,
    indicator_id: str,
    year: int,
    *,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    lang: str = "de",
    markers_wkt: Sequence[str] = (),
    highlight: Sequence[str] = (),
    width_in: float = 8.0,
    dpi: int = 150,
) -> MapImage:
    """A PNG of one indicator in one year for all districts of the town.

    ``markers_wkt`` (points or polygons in EPSG:4326, e.g. pinned workshop notes) are drawn
    on top; districts in ``highlight`` get a thicker outline.
    """
    indicator = data.catalog[indicator_id]
    frame = indicator_frame(data, indicator, year)
    classes = classify(frame["value"].to_numpy(dtype=float), scheme, k, breaks)
    palette = sequential(max(classes.k, 1), indicator.polarity)
    districts = data.districts.to_crs(PLOT_CRS)
    colors = class_colors(frame["value"], frame["status"], classes, palette)

    fig = Figure(figsize=(width_in, width_in * 0.75), dpi=dpi)
    ax = fig.add_axes((0.02, 0.16, 0.62, 0.74))
    districts.plot(ax=ax, color=colors, edgecolor=OUTLINE_COLOR, linewidth=0.6)
    if data.outline is not None and len(data.outline):
        data.outline.to_crs(PLOT_CRS).boundary.plot(ax=ax, color=OUTLINE_COLOR, linewidth=1.2)
    chosen = districts[districts.index.isin(list(highlight))]
    if len(chosen):
        chosen.boundary.plot(ax=ax, color="#000000", linewidth=2.2)
    for district_id, point in districts.representative_point().items():
        ax.annotate(
            str(districts.at[district_id, "name"]),
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize=6,
            color="#222222",
        )
    if markers_wkt:
        shapes = gpd.GeoSeries.from_wkt(list(markers_wkt), crs="EPSG:4326").to_crs(PLOT_CRS)
        points = shapes[shapes.geom_type == "Point"]
        areas = shapes[shapes.geom_type != "Point"]
        if len(areas):
            areas.plot(ax=ax, facecolor="none", edgecolor=MARKER_COLOR, hatch="///", linewidth=1)
        if len(points):
            points.plot(ax=ax, color=MARKER_COLOR, markersize=28, marker="o", edgecolor="white")
    ax.set_axis_off()
    ax.set_aspect("equal")

    title = f"{indicator.label(lang)} {year} – {data.town.name}"
    fig.text(0.02, 0.96, title, fontsize=12, weight="bold", va="top")
    entries = legend_entries_for(
        frame, classes, palette, lambda v: indicator.format_value(v, lang), lang=lang
    )
    handles = [
        Patch(facecolor=e.color, edgecolor=OUTLINE_COLOR, label=f"{e.label}  ({e.count})")
        for e in entries
    ]
    unit = indicator.unit(lang)
    legend = fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.66, 0.88),
        fontsize=8,
        title=unit or None,
        title_fontsize=8,
        frameon=False,
    )
    legend.set_in_layout(False)
    rule = reading_rule(indicator.polarity, lang)
    fig.text(0.66, 0.22, rule, fontsize=7, style="italic", wrap=True, va="bottom")
    footer = _footer(data, lang)
    fig.text(0.02, 0.02, "\n".join(footer), fontsize=6, color="#444444", va="bottom", wrap=True)

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    caption = " · ".join([rule, *footer])
    return MapImage(buffer.getvalue(), title, caption)
