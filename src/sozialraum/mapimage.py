"""Static choropleth maps as PNG (matplotlib via geopandas), for protocols and map export.

The image uses exactly what the interactive map uses — :func:`sozialraum.classify.classify`
with the view's scheme and :func:`sozialraum.colors.sequential` for the palette, legend entries
from :mod:`sozialraum.legend` — so a printed map and the projected map show the same classes.
Every image carries its title, legend, reading rule, a demo-data warning where it applies,
and the sources and attribution of the town.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrow, Patch, Rectangle

from sozialraum.classify import SCHEMES, Classes, classify
from sozialraum.colors import OUTLINE_COLOR, reading_rule, sequential
from sozialraum.columns import STATUS, VALUE
from sozialraum.i18n import text
from sozialraum.legend import LegendEntry, legend_entries_for
from sozialraum.loaders import TownData, indicator_frame
from sozialraum.maps import class_colors, label_points

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
            (shapely.get_x(point), shapely.get_y(point)),
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


# --------------------------------------------------------------------------- print export

# Page sizes in inches: A4 landscape, and a 16:9 slide (PowerPoint's 13.33 x 7.5 in).
PAGES: dict[str, tuple[float, float]] = {"a4": (297 / 25.4, 210 / 25.4), "slide": (40 / 3, 7.5)}
EXPORT_FORMATS = ("png", "pdf")
EXPORT_DPI = 150
# Classification schemes outside sozialraum.classify.SCHEMES (the change map's).
_OTHER_SCHEMES = {"symmetric": ("symmetrisch um 0", "symmetric around 0")}


@dataclass(frozen=True)
class ExportedMap:
    """A print-ready map page: the file's bytes, and where each district's label point
    landed in pixels (x right, y down; PNG only) so the image can be checked."""

    data: bytes
    fmt: str
    size_px: tuple[int, int]
    points_px: dict[str, tuple[float, float]]


def _nice_length(max_m: float) -> float:
    """The largest 1, 2 or 5 x 10^n metres not above ``max_m``."""
    exponent = 10 ** int(np.floor(np.log10(max_m)))
    return float(max(n * exponent for n in (1, 2, 5) if n * exponent <= max_m))


def _scale_bar(ax: Any, lang: str) -> None:
    """A metric scale bar bottom left (the axes are in metres, EPSG:25832, equal aspect)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice_length((x1 - x0) / 4)
    left, bottom = x0 + (x1 - x0) * 0.03, y0 + (y1 - y0) * 0.03
    height = (y1 - y0) * 0.012
    half = length / 2
    ax.add_patch(Rectangle((left, bottom), half, height, facecolor="#222222", lw=0.5))
    ax.add_patch(
        Rectangle((left + half, bottom), half, height, facecolor="white", ec="#222222", lw=0.5)
    )
    text = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(left + length, bottom + height * 1.8, text, ha="right", va="bottom", fontsize=8)
    ax.text(left, bottom + height * 1.8, "0", ha="left", va="bottom", fontsize=8)


def _north_arrow(fig: Figure, x: float, y: float) -> None:
    """A north arrow at figure coordinates (grid north of UTM 32N, within 1-2° of true north
    for the project's towns)."""
    fig.patches.append(
        FancyArrow(
            x, y, 0, 0.06, width=0.008, head_width=0.022, head_length=0.03,
            transform=fig.transFigure, figure=fig, color="#222222",
        )
    )  # fmt: skip
    fig.text(x, y + 0.1, "N", ha="center", va="bottom", fontsize=12, weight="bold")


def render_map_page(
    data: TownData,
    frame: pd.DataFrame,
    classes: Classes,
    palette: Sequence[str],
    *,
    title: str,
    unit: str,
    entries: Sequence[LegendEntry],
    note: str,
    fmt: str = "pdf",
    paper: str = "a4",
    names: bool = True,
    lang: str = "de",
    made: dt.date | None = None,
) -> ExportedMap:
    """One print-ready page of a choropleth (A4 landscape or a 16:9 slide, PNG or PDF):
    title, map with district names, legend with the classification, reading rule, north
    arrow, scale bar, sources and attribution, and the date it was made.

    ``frame`` (by district id: ``value``, ``status``), ``classes``, ``palette`` and
    ``entries`` are exactly what the interactive map is drawn from, so the classes agree.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {EXPORT_FORMATS}, not {fmt!r}")
    if paper not in PAGES:
        raise ValueError(f"paper must be one of {tuple(PAGES)}, not {paper!r}")
    width, height = PAGES[paper]
    fig = Figure(figsize=(width, height), dpi=EXPORT_DPI)
    districts = data.districts.to_crs(PLOT_CRS)
    frame = frame.reindex(districts.index)
    colors = class_colors(frame[VALUE], frame[STATUS], classes, palette)
    ax = fig.add_axes((0.02, 0.12, 0.64, 0.76))
    districts.plot(ax=ax, color=colors, edgecolor="#555555", linewidth=0.6)
    if data.outline is not None and len(data.outline):
        data.outline.to_crs(PLOT_CRS).boundary.plot(ax=ax, color=OUTLINE_COLOR, linewidth=1.4)
    ax.set_axis_off()
    ax.set_aspect("equal")
    anchors = label_points(data.districts)
    metric = gpd.GeoSeries(
        gpd.points_from_xy([a[1] for a in anchors], [a[0] for a in anchors]), crs=4326
    ).to_crs(PLOT_CRS)
    if names:
        for name, x, y in zip(districts["name"], metric.x, metric.y, strict=True):
            ax.annotate(
                str(name), (x, y), ha="center", va="center", fontsize=7,
                color="#111111", weight="bold",
                path_effects=[patheffects.withStroke(linewidth=2.2, foreground="white")],
            )  # fmt: skip
    _scale_bar(ax, lang)
    _north_arrow(fig, 0.63, 0.76)

    fig.text(0.02, 0.965, title, fontsize=16, weight="bold", va="top")
    handles = [
        Patch(facecolor=e.color, edgecolor=OUTLINE_COLOR, label=f"{e.label}  ({e.count})")
        for e in entries
    ]
    names_of = {**SCHEMES, **_OTHER_SCHEMES}
    scheme_de, scheme_en = names_of.get(classes.scheme, (classes.scheme, classes.scheme))
    scheme_name = scheme_en if lang == "en" else scheme_de
    scheme_text = text("export_classification", lang, scheme=scheme_name, k=classes.k)
    legend = fig.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0.69, 0.88), fontsize=10,
        title=unit or None, title_fontsize=10, frameon=False, alignment="left",
    )  # fmt: skip
    legend.set_in_layout(False)
    fig.text(0.69, 0.40, scheme_text, fontsize=9, va="top")
    fig.text(0.69, 0.35, note, fontsize=9, style="italic", va="top", wrap=True)
    made = made or dt.date.today()
    stamp = text(
        "export_made_on", lang, date=f"{made:%d.%m.%Y}" if lang != "en" else made.isoformat()
    )
    fig.text(0.98, 0.965, stamp, fontsize=9, ha="right", va="top", color="#444444")
    footer = _footer(data, lang)
    fig.text(0.02, 0.015, "\n".join(footer), fontsize=7, color="#333333", va="bottom", wrap=True)

    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=EXPORT_DPI, facecolor="white")
    # matplotlib truncates the page to whole pixels
    size = (int(width * EXPORT_DPI), int(height * EXPORT_DPI))
    points: dict[str, tuple[float, float]] = {}
    if fmt == "png":
        xy = ax.transData.transform(np.column_stack([metric.x, metric.y]))
        points = {
            str(i): (float(x), float(fig.bbox.height - y))
            for i, (x, y) in zip(districts.index, xy, strict=True)
        }
    return ExportedMap(buffer.getvalue(), fmt, size, points)


def export_indicator_map(
    data: TownData,
    indicator_id: str,
    year: int,
    *,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    fmt: str = "pdf",
    paper: str = "a4",
    names: bool = True,
    lang: str = "de",
    made: dt.date | None = None,
) -> ExportedMap:
    """The print page of one indicator and year, classified as the interactive map."""
    indicator = data.catalog[indicator_id]
    frame = indicator_frame(data, indicator, year)
    classes = classify(frame[VALUE].to_numpy(dtype=float), scheme, k, breaks)
    palette = sequential(max(classes.k, 1), indicator.polarity)
    entries = legend_entries_for(
        frame, classes, palette, lambda v: indicator.format_value(v, lang), lang=lang
    )
    title = f"{indicator.label(lang)} {year} – {data.town.name}"
    return render_map_page(
        data, frame, classes, palette, title=title, unit=indicator.unit(lang),
        entries=entries, note=reading_rule(indicator.polarity, lang), fmt=fmt, paper=paper,
        names=names, lang=lang, made=made,
    )  # fmt: skip
