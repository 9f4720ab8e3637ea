"""The actor network: filters, a deterministic layout, the plotly figure, gap hints, map layer.

Pure (no Streamlit). Node size grows with the degree (the number of relations), colour is
the sector (plotly's colour-blind-safe "Safe" palette, one colour per sector), edge style the
relation type. Names and notes are escaped wherever they reach HTML (hover labels, map
tooltips): plotly and Leaflet both interpret markup in those texts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import networkx as nx
import plotly.graph_objects as go
import shapely
from plotly.colors import qualitative

from sozialraum.actors.model import CIVIL_SECTORS, Actor, Relation, RelationType
from sozialraum.loaders import TownData
from sozialraum.workshop.model import FieldOfAction, Sector

# A fixed seed: the same network is always drawn the same way (workshops compare screenshots).
LAYOUT_SEED = 7
SECTOR_COLORS: dict[str, str] = dict(zip((s.value for s in Sector), qualitative.Safe, strict=True))
EDGE_STYLES: dict[str, tuple[str, str]] = {  # colour, dash
    "cooperation": ("#444444", "solid"),
    "funding": ("#117733", "solid"),
    "information": ("#888888", "dot"),
    "membership": ("#332288", "dash"),
    "conflict": ("#cc3311", "dashdot"),
}
HIGH_NEED = ("low", "very_low")  # status classes niedrig / sehr niedrig of the index


@dataclass(frozen=True)
class NetworkFilter:
    """Keep actors working in a field of action / a district / one of the sectors (empty =
    no restriction); relations are kept between kept actors."""

    field_id: int | None = None
    district_id: str | None = None
    sectors: tuple[str, ...] = ()


def actor_districts(
    actors: Iterable[Actor], districts: gpd.GeoDataFrame | None = None
) -> dict[int, tuple[str, ...]]:
    """Where each actor is active: its districts, or the district containing its point."""
    out: dict[int, tuple[str, ...]] = {}
    for actor in actors:
        found = list(actor.district_ids)
        if not found and actor.point_wkt and districts is not None:
            point = shapely.from_wkt(actor.point_wkt)
            hits = districts.sindex.query(point, predicate="intersects")
            found = [str(districts.index[i]) for i in hits]
        out[actor.id] = tuple(found)
    return out


def filter_network(
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    flt: NetworkFilter,
    where: Mapping[int, tuple[str, ...]] | None = None,
) -> tuple[list[Actor], list[Relation]]:
    where = where or {a.id: a.district_ids for a in actors}
    kept = [
        a
        for a in actors
        if (flt.field_id is None or flt.field_id in a.field_ids)
        and (flt.district_id is None or flt.district_id in where.get(a.id, ()))
        and (not flt.sectors or a.sector.value in flt.sectors)
    ]
    ids = {a.id for a in kept}
    return kept, [r for r in relations if r.source_id in ids and r.target_id in ids]


def build_graph(actors: Sequence[Actor], relations: Sequence[Relation]) -> nx.MultiGraph[int]:
    """Undirected multigraph: one node per actor, one edge per relation."""
    graph: nx.MultiGraph[int] = nx.MultiGraph()
    for actor in actors:
        graph.add_node(actor.id, name=actor.name, sector=actor.sector.value)
    for rel in relations:
        if rel.source_id in graph and rel.target_id in graph:
            graph.add_edge(
                rel.source_id, rel.target_id, key=rel.id, type=rel.type.value, weight=rel.strength
            )
    return graph


def layout(graph: nx.MultiGraph[int]) -> dict[int, tuple[float, float]]:
    """Force-directed positions (stronger ties pull closer), the same on every run."""
    if graph.number_of_nodes() == 0:
        return {}
    simple: nx.Graph[int] = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v, data in graph.edges(data=True):
        weight = simple.get_edge_data(u, v, {}).get("weight", 0) + data["weight"]
        simple.add_edge(u, v, weight=weight)
    positions = nx.spring_layout(simple, seed=LAYOUT_SEED, weight="weight")
    return {int(n): (float(p[0]), float(p[1])) for n, p in positions.items()}


def partners(graph: nx.MultiGraph[int], actor_id: int) -> set[int]:
    return set(graph.neighbors(actor_id)) if actor_id in graph else set()


def network_figure(
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    *,
    lang: str = "de",
    selected: int | None = None,
    font_size: int = 14,
) -> go.Figure:
    """Nodes (one trace per sector, ``customdata`` = actor id for selection events) and
    edges (one trace per relation type)."""
    graph = build_graph(actors, relations)
    pos = layout(graph)
    fig = go.Figure()
    for rel_type in RelationType:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for rel in relations:
            if rel.type != rel_type or rel.source_id not in pos or rel.target_id not in pos:
                continue
            (x0, y0), (x1, y1) = pos[rel.source_id], pos[rel.target_id]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        if xs:
            color, dash = EDGE_STYLES[rel_type.value]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": color, "dash": dash, "width": 2},
                    name=rel_type.label(lang),
                    hoverinfo="skip",
                    legendgroup="relations",
                )
            )
    for sector in Sector:
        members = [a for a in actors if a.sector == sector and a.id in pos]
        if not members:
            continue
        degrees = [graph.degree(a.id) for a in members]
        fig.add_trace(
            go.Scatter(
                x=[pos[a.id][0] for a in members],
                y=[pos[a.id][1] for a in members],
                mode="markers+text",
                text=[html.escape(a.name) for a in members],
                textposition="top center",
                hovertext=[
                    f"{html.escape(a.name)}<br>{html.escape(sector.label(lang))} · "
                    f"{a.kind.label(lang)}<br>"
                    + (f"{d} Beziehung(en)" if lang == "de" else f"{d} relation(s)")
                    for a, d in zip(members, degrees, strict=True)
                ],
                hoverinfo="text",
                customdata=[a.id for a in members],
                marker={
                    "size": [14 + 7 * d for d in degrees],
                    "color": SECTOR_COLORS[sector.value],
                    "line": {
                        "color": ["#000000" if a.id == selected else "#ffffff" for a in members],
                        "width": [4 if a.id == selected else 1.5 for a in members],
                    },
                },
                name=sector.label(lang),
                legendgroup="sectors",
            )
        )
    fig.update_layout(
        height=620,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        plot_bgcolor="#ffffff",
        font={"size": font_size},
        clickmode="event+select",
        legend={"itemclick": False, "itemdoubleclick": False},
    )
    return fig


def trace_actor_ids(fig: go.Figure) -> list[list[int]]:
    """The actor ids of every trace of :func:`network_figure`, by trace (empty for edges)."""
    return [
        [int(i) for i in (trace.customdata if trace.customdata is not None else [])]
        for trace in fig.data
    ]


def selected_actor(
    event: Mapping[str, Any] | None, trace_ids: Sequence[Sequence[int]] = ()
) -> int | None:
    """The actor picked in a plotly selection event of :func:`network_figure`, or None.

    A point carries its actor id as ``customdata`` (a scalar or a one-element list); without
    it (older Streamlit), the id is looked up by trace (``curve_number``) and position
    (``point_index``) in ``trace_ids`` (from :func:`trace_actor_ids`). Edge points and
    anything unrecognisable are skipped; the first node wins.
    """
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = (selection.get("points") if isinstance(selection, Mapping) else None) or []
    for point in points:
        if not isinstance(point, Mapping):
            continue
        actor_id = point.get("customdata")
        if isinstance(actor_id, list):
            actor_id = actor_id[0] if actor_id else None
        if actor_id is None:
            curve, index = point.get("curve_number"), point.get("point_index")
            if isinstance(curve, int) and isinstance(index, int) and 0 <= curve < len(trace_ids):
                ids = trace_ids[curve]
                actor_id = ids[index] if 0 <= index < len(ids) else None
        if isinstance(actor_id, int | float) and not isinstance(actor_id, bool):
            return int(actor_id)
    return None


# --------------------------------------------------------------------------- gap hints


@dataclass(frozen=True)
class GapHint:
    """A gap a planner can act on: ``kind`` says which, ``subject`` names what it is about."""

    kind: str  # "field_without_civil" | "district_without_actor" | "single_tie"
    subject_id: str
    subject: str
    detail: str = ""

    def text(self, lang: str = "de") -> str:
        """The hint and why it matters (plain text; escape before putting into HTML)."""
        de = lang == "de"
        if self.kind == "field_without_civil":
            return (
                f"Handlungsfeld „{self.subject}“: kein Akteur aus Zivilgesellschaft oder "
                "Migrantenorganisationen. Ohne sie fehlen die Sicht der Bewohnerinnen, "
                "Bewohner und Neuzugewanderten und der Zugang zu ihnen – Vereine, Initiativen "
                "oder Migrantenorganisationen gezielt ansprechen."
                if de
                else f"Field of action '{self.subject}': no actor from civil society or migrant "
                "organisations. Without them the residents' and newcomers' view, and access to "
                "them, is missing – approach associations, initiatives or migrant "
                "organisations."
            )
        if self.kind == "district_without_actor":
            return (
                f"Bezirk „{self.subject}“: Status {self.detail} im Sozialindex, aber kein "
                "Akteur ist hier aktiv eingetragen. Hoher Bedarf ohne Träger vor Ort – wer "
                "könnte hier präsent werden (Quartiersmanagement, Träger, Vereine)?"
                if de
                else f"District '{self.subject}': status {self.detail} in the social index, "
                "but no actor is recorded as active here. High need without anyone on the "
                "ground – who could become present (neighbourhood management, providers, "
                "associations)?"
            )
        return (
            f"„{self.subject}“ hat nur eine Verbindung (zu „{self.detail}“). Fällt sie weg, "
            "ist der Akteur vom Netzwerk abgeschnitten – eine zweite Verbindung stärkt das "
            "Netz."
            if de
            else f"'{self.subject}' has only one tie (to '{self.detail}'). If it breaks, the "
            "actor is cut off from the network – a second tie makes the network sturdier."
        )


def gap_hints(
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    fields: Sequence[FieldOfAction],
    *,
    where: Mapping[int, tuple[str, ...]] | None = None,
    status_classes: Mapping[str, str | None] | None = None,
    district_names: Mapping[str, str] | None = None,
    status_labels: Mapping[str, str] | None = None,
) -> list[GapHint]:
    """Every gap hint, in the order fields → districts → single ties.

    ``status_classes`` maps district ids to the index's status class (None: unknown); a
    district in class niedrig / sehr niedrig without an active actor is a gap.
    """
    hints: list[GapHint] = []
    for field in fields:
        civil = [a for a in actors if field.id in a.field_ids and a.sector in CIVIL_SECTORS]
        if not civil:
            hints.append(GapHint("field_without_civil", str(field.id), field.title))
    where = where or {a.id: a.district_ids for a in actors}
    active = {d for ids in where.values() for d in ids}
    names = district_names or {}
    for district_id, klass in (status_classes or {}).items():
        if klass in HIGH_NEED and district_id not in active:
            label = (status_labels or {}).get(str(klass), str(klass))
            hints.append(
                GapHint(
                    "district_without_actor",
                    district_id,
                    names.get(district_id, district_id),
                    label,
                )
            )
    graph = build_graph(actors, relations)
    by_id = {a.id: a for a in actors}
    for actor in actors:
        linked = partners(graph, actor.id)
        if len(linked) == 1:
            other = by_id[next(iter(linked))]
            hints.append(GapHint("single_tie", str(actor.id), actor.name, other.name))
    return hints


def town_gap_hints(
    town: TownData,
    actors: Sequence[Actor],
    relations: Sequence[Relation],
    fields: Sequence[FieldOfAction],
    *,
    lang: str = "de",
) -> tuple[list[GapHint], bool]:
    """The gap hints of a town, with need from the default social index of its latest year.

    Returns (hints, whether the index could be computed: without it, districts of high need
    cannot be checked).
    """
    from sozialraum.indices import (
        DEFAULT_INDICATORS,
        IndexSpec,
        SocialIndexError,
        compute_index,
        index_years,
        status_label,
    )

    years = index_years({i: town.years_of(i) for i in DEFAULT_INDICATORS}, IndexSpec(year=0))
    status_classes: dict[str, str | None] = {}
    if years:
        try:
            result = compute_index(
                town.values, town.catalog, list(town.districts.index), IndexSpec(year=years[-1])
            )
            status_classes = {
                str(k): v for k, v in result.table()["status_class"].to_dict().items()
            }
        except SocialIndexError:
            status_classes = {}
    names = {
        str(i): str(n) for i, n in zip(town.districts.index, town.districts["name"], strict=True)
    }
    hints = gap_hints(
        actors,
        relations,
        fields,
        where=actor_districts(actors, town.districts),
        status_classes=status_classes,
        district_names=names,
        status_labels={k: status_label(k, lang) for k in HIGH_NEED},
    )
    return hints, bool(status_classes)


# --------------------------------------------------------------------------- map layer


def actor_layer(
    actors: Sequence[Actor],
    districts: gpd.GeoDataFrame,
    *,
    lang: str = "de",
) -> folium.FeatureGroup:
    """Actors as circle markers: at their point, else at a point inside each district where
    they are active (one marker per district). Tooltips are escaped text."""
    group = folium.FeatureGroup(name="Akteure" if lang == "de" else "Actors", control=False)
    inside = districts.geometry.representative_point()
    for actor in actors:
        places: list[tuple[float, float]] = []
        if actor.point_wkt:
            point = shapely.from_wkt(actor.point_wkt)
            places.append((float(shapely.get_y(point)), float(shapely.get_x(point))))
        else:
            places.extend(
                (float(shapely.get_y(inside[d])), float(shapely.get_x(inside[d])))
                for d in actor.district_ids
                if d in inside.index
            )
        tip = (
            f"<b>{html.escape(actor.name)}</b><br>{html.escape(actor.sector.label(lang))} · "
            f"{html.escape(actor.kind.label(lang))}"
        )
        for lat, lon in places:
            marker = folium.CircleMarker(
                location=(lat, lon),
                radius=7,
                color="#000000",
                weight=1.5,
                fill=True,
                fill_color=SECTOR_COLORS[actor.sector.value],
                fill_opacity=0.95,
                tooltip=folium.Tooltip(tip),
                class_name="sr-actor",
            )
            # Above the district fills: those share the overlay pane and are redrawn on every
            # rerun, which would otherwise bury the actors under them (no hover, no tooltip).
            # folium's path options drop `pane`, so it is set on the options directly.
            marker.options["pane"] = "markerPane"
            marker.add_to(group)
    return group
