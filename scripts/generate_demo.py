"""Generate the synthetic demo district values ``data/indicators/values/<town_id>.csv``.

No real district statistics exist for the six project towns, so the dashboard ships
honestly labelled *synthetic* data. To make it believable and internally consistent,
the generator does not draw indicator values directly. It simulates, per district and
year (2012-2023), the underlying **counts** - residents by age group, foreigners,
protection seekers, households, dwellings, benefit recipients, ... - and derives every
rate from them. Numerators therefore never exceed their denominators, shares add up,
and a town figure recomputed from the district counts means what it says.

Calibration: the town totals are scaled to the cited official figures in
``indicators/reference.csv`` (built by ``scripts/build_reference.py``): population
31.12.2020, foreigners share and vacancy rate (Zensus 2011), SGB II rate and child
poverty 2021 (INKAR). A figure whose reference year lies outside 2012-2023 (the
Zensus 2011 ones) is anchored to the nearest generated year, i.e. the series *start*
in 2012 at the Zensus 2011 level. Counts are apportioned to districts with
largest-remainder rounding, so town totals hit the targets up to integer rounding.

Spatial pattern: ``core`` districts (Kernstadt) take 62-75 % of the residents and are
younger, more rental, more foreigners and SGB II, shorter distances; ``village``
districts are older, owner-occupied, smaller (some under 300 residents) and further
from services (their distance is derived from the real distance to the core).

Trends: population declines in the structurally weak towns (Pirmasens, Saalfeld,
Weißenfels) and grows in Mühlacker; the foreigners share rises with steps in 2015/16
(refugees) and 2022 (Ukraine), where protection seekers and moves from abroad spike;
SGB II falls slowly until 2019 (with a refugee bump 2016-2018), then stays flat;
asking rents rise 2-4 %/year; the population ages.

Town parameters (age structure, household size, flat size) start from the Zensus 2011
town values (1 km grid, rounded); trend parameters are plausible assumptions, not
data. Distances follow the BBSR definitions (straight-line, resident-weighted).

Determinism: every random draw comes from ``numpy.random.default_rng`` seeded with a
SHA-256 hash of (town_id, district_id, purpose) - never Python's ``hash()`` - and
districts, indicators and years are processed in sorted order. Areas and centroids are
computed with plain numpy (no PROJ), and values are written with fixed formatting, so
re-running the script gives byte-identical files.

Usage: ``python scripts/generate_demo.py [--data-dir DIR] [--out-dir DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sozialraum.atomic import write_text
from sozialraum.columns import (
    DISTRICT_ID,
    FIGURE,
    TOWN_ID,
    VALUE,
    VALUE_FILE_COLUMNS,
    YEAR,
)

REPO = Path(__file__).resolve().parents[1]
YEARS = np.arange(2012, 2024)
N_YEARS = len(YEARS)
BASE_YEAR = 2020  # population is apportioned from the 2020 reference figure
CALIBRATED = ["population", "foreigners_share", "vacancy_rate", "sgb2_rate", "child_poverty"]
EARTH_RADIUS_M = 6_371_008.8


# --------------------------------------------------------------------------- towns


@dataclass(frozen=True)
class TownParams:
    """Town-level assumptions; 2011 structure values are rounded Zensus 2011 figures."""

    east: bool
    pop_growth: float  # underlying annual population change (relative)
    core_share: float  # share of residents living in core districts
    under18_2011: float  # % (Zensus 2011)
    over65_2011: float  # % (Zensus 2011)
    hh_size_2011: float  # persons per household (Zensus 2011)
    flat_size_2011: float  # m² per dwelling (Zensus 2011)
    rental_core: float  # share of occupied dwellings that are rented, core districts
    rental_village: float
    rent_2012: float  # asking rent €/m², 2012
    rent_growth: float  # annual
    foreigners_growth: float  # annual growth of the non-refugee foreign population
    refugee_intensity: float  # protection seekers per 1,000 residents at the 2016 peak
    ukraine_intensity: float  # additional protection seekers per 1,000 from 2022
    migback_extra: float  # Germans with migration background, share of residents 2012
    moves_base: float  # moves from abroad per 1,000 residents, 2012 (without refugees)
    vacancy_slope: float  # percentage points per year
    sgb2_decline: float  # annual relative decline of SGB II until 2019


TOWN_PARAMS: dict[str, TownParams] = {
    "bad-hersfeld": TownParams(
        east=False, pop_growth=0.004, core_share=0.70,
        under18_2011=16.0, over65_2011=23.4, hh_size_2011=2.13, flat_size_2011=98,
        rental_core=0.62, rental_village=0.28, rent_2012=5.8, rent_growth=0.032,
        foreigners_growth=0.05, refugee_intensity=22, ukraine_intensity=10,
        migback_extra=0.10, moves_base=14, vacancy_slope=-0.10, sgb2_decline=0.015,
    ),
    "merzig": TownParams(
        east=False, pop_growth=-0.001, core_share=0.62,
        under18_2011=16.7, over65_2011=20.5, hh_size_2011=2.32, flat_size_2011=113,
        rental_core=0.55, rental_village=0.22, rent_2012=5.9, rent_growth=0.030,
        foreigners_growth=0.05, refugee_intensity=15, ukraine_intensity=8,
        migback_extra=0.08, moves_base=12, vacancy_slope=-0.05, sgb2_decline=0.012,
    ),
    "muehlacker": TownParams(
        east=False, pop_growth=0.005, core_share=0.68,
        under18_2011=18.1, over65_2011=20.5, hh_size_2011=2.34, flat_size_2011=98,
        rental_core=0.58, rental_village=0.28, rent_2012=7.4, rent_growth=0.035,
        foreigners_growth=0.03, refugee_intensity=18, ukraine_intensity=10,
        migback_extra=0.20, moves_base=18, vacancy_slope=-0.15, sgb2_decline=0.015,
    ),
    "pirmasens": TownParams(
        east=False, pop_growth=-0.0035, core_share=0.75,
        under18_2011=15.0, over65_2011=24.9, hh_size_2011=1.99, flat_size_2011=85,
        rental_core=0.60, rental_village=0.30, rent_2012=4.8, rent_growth=0.025,
        foreigners_growth=0.055, refugee_intensity=20, ukraine_intensity=10,
        migback_extra=0.09, moves_base=12, vacancy_slope=0.05, sgb2_decline=0.010,
    ),
    "saalfeld": TownParams(
        east=True, pop_growth=-0.006, core_share=0.72,
        under18_2011=12.4, over65_2011=26.8, hh_size_2011=1.99, flat_size_2011=74,
        rental_core=0.75, rental_village=0.30, rent_2012=5.0, rent_growth=0.023,
        foreigners_growth=0.07, refugee_intensity=12, ukraine_intensity=8,
        migback_extra=0.02, moves_base=6, vacancy_slope=-0.10, sgb2_decline=0.040,
    ),
    "weissenfels": TownParams(
        east=True, pop_growth=-0.005, core_share=0.68,
        under18_2011=11.8, over65_2011=26.5, hh_size_2011=2.04, flat_size_2011=73,
        rental_core=0.78, rental_village=0.32, rent_2012=4.6, rent_growth=0.022,
        foreigners_growth=0.06, refugee_intensity=12, ukraine_intensity=8,
        migback_extra=0.025, moves_base=10, vacancy_slope=-0.15, sgb2_decline=0.045,
    ),
}  # fmt: skip
DEFAULT_PARAMS = TownParams(
    east=False, pop_growth=0.0, core_share=0.68,
    under18_2011=16.0, over65_2011=22.0, hh_size_2011=2.1, flat_size_2011=95,
    rental_core=0.6, rental_village=0.28, rent_2012=6.0, rent_growth=0.03,
    foreigners_growth=0.05, refugee_intensity=15, ukraine_intensity=8,
    migback_extra=0.08, moves_base=12, vacancy_slope=-0.05, sgb2_decline=0.015,
)  # fmt: skip

# protection seekers relative to the 2016 peak (refugee_intensity), by year 2012..2023
REFUGEE_PROFILE = np.array([0.25, 0.30, 0.45, 0.85, 1.0, 0.95, 0.9, 0.86, 0.83, 0.8, 0.8, 0.8])
# Ukraine: additional protection seekers (x ukraine_intensity)
UKRAINE_PROFILE = np.array([0.0] * 10 + [1.0, 1.1])
# extra moves from abroad (x refugee_intensity resp. ukraine_intensity)
REFUGEE_MOVES = np.array([0, 0, 0.4, 1.2, 0.6, 0.2, 0.1, 0.1, 0, 0, 0, 0])
UKRAINE_MOVES = np.array([0.0] * 10 + [1.3, 0.4])
# extra population growth from immigration waves, by year
POP_BUMPS = {2015: 0.007, 2016: 0.003, 2022: 0.010, 2023: 0.002}
# SGB II relative to its 2019 level after the decline; refugee bump 2016-2018
SGB2_AFTER_2019 = {2019: 1.0, 2020: 1.01, 2021: 1.0, 2022: 0.99, 2023: 1.02}
SGB2_REFUGEE_BUMP = {2016: 1.02, 2017: 1.04, 2018: 1.03}
CHILD_REFUGEE_BUMP = {2016: 1.04, 2017: 1.08, 2018: 1.06}
UNEMPLOYMENT_COVID = {2020: 1.18, 2021: 1.10, 2022: 1.03}


# --------------------------------------------------------------------------- helpers


def rng_for(*keys: str) -> np.random.Generator:
    """A generator seeded from a stable hash of the keys (reproducible across runs)."""
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total proportionally to weights (largest remainder, stable ties)."""
    weights = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    quota = weights / weights.sum() * total
    base = np.floor(quota).astype(np.int64)
    rest = int(total - base.sum())
    order = np.lexsort((np.arange(len(quota)), -(quota - base)))
    base[order[:rest]] += 1
    return base


def apportion_capped(total: int, weights: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Like apportion, but no district gets more than its cap (e.g. its population)."""
    caps = np.asarray(caps, dtype=np.int64)
    total = min(int(total), int(caps.sum()))
    result = np.zeros(len(weights), dtype=np.int64)
    free = np.ones(len(weights), dtype=bool)
    remaining = total
    for _ in range(len(weights) + 1):
        share = apportion(remaining, np.where(free, weights, 0.0))
        over = free & (result + share > caps)
        if not over.any():
            return result + share
        result[over] = caps[over]
        free &= ~over
        remaining = total - int(result.sum())
    return result


def per_year(total: np.ndarray, weights: np.ndarray, caps: np.ndarray | None = None) -> np.ndarray:
    """Apportion a town total per year (column) over districts (rows)."""
    out = np.zeros(weights.shape, dtype=np.int64)
    for j in range(weights.shape[1]):
        if caps is None:
            out[:, j] = apportion(int(total[j]), weights[:, j])
        else:
            out[:, j] = apportion_capped(int(total[j]), weights[:, j], caps[:, j])
    return out


def random_walk(rng: np.random.Generator, sigma: float) -> np.ndarray:
    """A multiplicative random walk over the years, centred on 1."""
    steps = rng.normal(0.0, sigma, N_YEARS)
    walk = np.cumsum(steps)
    return np.exp(walk - walk.mean())


def year_index(year: int) -> int:
    """Column of a calendar year; years outside the range map to the nearest one."""
    return int(np.clip(year - YEARS[0], 0, N_YEARS - 1))


def fmt(value: float, decimals: int) -> str:
    """Fixed formatting with trailing zeros removed; deterministic and locale-free."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class District:
    """A district with the geometric facts the generator needs."""

    district_id: str
    name: str
    kind: str
    area_ha: float
    x_m: float  # centroid, local metres east of 0° (cos-lat scaled)
    y_m: float  # centroid, metres north of the equator


def _ring_area_centroid(ring: list[list[float]], cos_lat: float) -> tuple[float, float, float]:
    """Signed shoelace area (m²) and centroid of a lon/lat ring in a local projection."""
    pts = np.asarray(ring, dtype=float)
    x = np.radians(pts[:, 0]) * EARTH_RADIUS_M * cos_lat
    y = np.radians(pts[:, 1]) * EARTH_RADIUS_M
    x0, y0 = x.mean(), y.mean()  # shift for numerical stability
    xs, ys = x - x0, y - y0
    cross = xs[:-1] * ys[1:] - xs[1:] * ys[:-1]
    area = cross.sum() / 2.0
    if area == 0:
        return 0.0, x0, y0
    cx = ((xs[:-1] + xs[1:]) * cross).sum() / (6.0 * area) + x0
    cy = ((ys[:-1] + ys[1:]) * cross).sum() / (6.0 * area) + y0
    return area, cx, cy


def polygon_area_centroid(geometry: dict, cos_lat: float) -> tuple[float, float, float]:
    """Area (ha) and centroid (m) of a GeoJSON Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']}")
    total = sx = sy = 0.0
    for rings in polygons:
        for k, ring in enumerate(rings):
            area, cx, cy = _ring_area_centroid(ring, cos_lat)
            area = abs(area) if k == 0 else -abs(area)  # holes subtract
            total += area
            sx += area * cx
            sy += area * cy
    if total <= 0:
        raise ValueError("degenerate district geometry")
    return total / 10_000.0, sx / total, sy / total


def load_districts(path: Path) -> list[District]:
    """Districts of a town, sorted by id; area and centroid rounded to damp float noise."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    lats = [pt[1] for f in features for pt in _first_ring(f["geometry"])]
    cos_lat = math.cos(math.radians(sum(lats) / len(lats)))
    districts = []
    for feature in features:
        props = feature["properties"]
        if props["kind"] not in {"core", "village"}:
            raise ValueError(f"{path.name}: unknown kind {props['kind']!r}")
        area, cx, cy = polygon_area_centroid(feature["geometry"], cos_lat)
        districts.append(
            District(
                str(props[DISTRICT_ID]),
                str(props.get("name", props[DISTRICT_ID])),
                str(props["kind"]),
                round(area, 1),
                round(cx),
                round(cy),
            )
        )
    ids = [d.district_id for d in districts]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: duplicate district_id")
    return sorted(districts, key=lambda d: d.district_id)


def _first_ring(geometry: dict) -> list[list[float]]:
    """Outer ring of the first polygon (used for the reference latitude)."""
    coords = geometry["coordinates"]
    return coords[0] if geometry["type"] == "Polygon" else coords[0][0]


# --------------------------------------------------------------------------- simulation


@dataclass
class TownSim:
    """Simulated counts of one town: arrays of shape (districts, years)."""

    town_id: str
    districts: list[District]
    params: TownParams
    targets: dict[str, tuple[float, int]]
    counts: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of districts."""
        return len(self.districts)

    @property
    def is_core(self) -> np.ndarray:
        """Boolean mask of core districts."""
        return np.array([d.kind == "core" for d in self.districts])

    def rng(self, district: District, purpose: str) -> np.random.Generator:
        """Random stream for one district and one purpose."""
        return rng_for(self.town_id, district.district_id, purpose)

    def static(
        self, purpose: str, draw: Callable[[np.random.Generator, District], float]
    ) -> np.ndarray:
        """One static draw per district, as a column vector."""
        return np.array([draw(self.rng(d, purpose), d) for d in self.districts])[:, None]

    def walk(self, purpose: str, sigma: float) -> np.ndarray:
        """A random walk per district over the years."""
        return np.array([random_walk(self.rng(d, purpose), sigma) for d in self.districts])

    def kind_value(self, core: float, village: float) -> np.ndarray:
        """Column vector with a value for core and one for village districts."""
        return np.where(self.is_core, core, village)[:, None]

    def target(self, figure: str) -> tuple[float, int]:
        """Reference value and its column in the year axis."""
        value, year = self.targets[figure]
        return value, year_index(year)


def town_population_index(p: TownParams) -> np.ndarray:
    """Town population relative to BASE_YEAR, from growth rate plus immigration bumps."""
    growth = np.array([p.pop_growth + POP_BUMPS.get(int(y), 0.0) for y in YEARS])
    log_index = np.cumsum(np.log1p(growth))
    return np.exp(log_index - log_index[year_index(BASE_YEAR)])


def simulate_population(sim: TownSim) -> None:
    """Residents per district and year; cores take the town's core share."""
    p = sim.params
    pop_target, _ = sim.target("population")
    core = sim.is_core
    core_share = p.core_share if core.any() and (~core).any() else float(core.any())
    area = np.array([d.area_ha for d in sim.districts])
    noise = sim.static("pop-size", lambda r, d: r.lognormal(0.0, 0.35 if d.kind == "core" else 0.6))
    weight = np.where(core, area**0.7, area**0.5) * noise[:, 0]
    share = np.where(
        core,
        core_share * weight / max(weight[core].sum(), 1e-9),
        (1 - core_share) * weight / max(weight[~core].sum(), 1e-9),
    )
    east_village = -0.005 if p.east else -0.002
    drift = sim.kind_value(0.001, east_village) + sim.static(
        "pop-drift", lambda r, d: r.normal(0, 0.004)
    )
    years_rel = (YEARS - BASE_YEAR)[None, :]
    raw = share[:, None] * np.exp(drift * years_rel) * sim.walk("pop-walk", 0.003)
    town_total = np.round(pop_target * town_population_index(p)).astype(np.int64)
    sim.counts["pop"] = per_year(town_total, raw)


def simulate_ages(sim: TownSim) -> None:
    """Age groups per district (they add up to the population)."""
    p = sim.params
    t = (YEARS - 2011)[None, :]
    o65_slope = 0.30 if p.east else 0.20
    older = 3.0 if p.east else 2.0
    o65 = (
        p.over65_2011
        + o65_slope * t
        + sim.kind_value(-1.5, older)
        + sim.static("age-old", lambda r, d: r.normal(0, 1.5))
    )
    u18_trend = np.where(YEARS < 2015, -0.05 * (YEARS - 2011), 0.1 * (YEARS - 2014) - 0.15)
    if p.east:
        u18_trend = 0.08 * (YEARS - 2011)
    u18 = (
        p.under18_2011
        + u18_trend[None, :]
        + sim.kind_value(0.8, -0.8)
        + sim.static("age-young", lambda r, d: r.normal(0, 1.2))
    )
    o65 = np.clip(o65, 8.0, 45.0) / 100.0
    u18 = np.clip(u18, 7.0, 28.0) / 100.0
    share80 = 0.28 + 0.004 * t + sim.static("age-80", lambda r, d: r.normal(0, 0.03))
    fractions = np.stack(
        [
            u18 * 6 / 18,  # 0-5
            u18 * 9 / 18,  # 6-14
            u18 * 3 / 18,  # 15-17
            u18 * 2 / 18 * 1.05,  # 18-19
            1.0 - u18 * (1 + 2 / 18 * 1.05) - o65,  # 20-64
            o65 * (1 - share80),  # 65-79
            o65 * share80,  # 80+
        ],
        axis=-1,
    )
    pop = sim.counts["pop"]
    groups = np.zeros((*pop.shape, 7), dtype=np.int64)
    for i in range(sim.n):
        for j in range(N_YEARS):
            groups[i, j] = apportion(int(pop[i, j]), fractions[i, j])
    names = ["a0_5", "a6_14", "a15_17", "a18_19", "a20_64", "a65_79", "a80p"]
    for k, name in enumerate(names):
        sim.counts[name] = groups[:, :, k]
    c = sim.counts
    c["u15"] = c["a0_5"] + c["a6_14"]
    c["u18"] = c["u15"] + c["a15_17"]
    c["u20"] = c["u18"] + c["a18_19"]
    c["a65p"] = c["a65_79"] + c["a80p"]
    c["a15_64"] = c["a15_17"] + c["a18_19"] + c["a20_64"]


def simulate_migration(sim: TownSim) -> None:
    """Foreigners (incl. protection seekers), migration background, moves from abroad."""
    p = sim.params
    pop = sim.counts["pop"]
    town_pop = pop.sum(axis=0)
    target, col = sim.target("foreigners_share")
    protection_rate = (
        p.refugee_intensity * REFUGEE_PROFILE + p.ukraine_intensity * UKRAINE_PROFILE
    ) / 1000.0
    base_rate = (target / 100.0 - protection_rate[col]) * (1 + p.foreigners_growth) ** (
        YEARS - YEARS[col]
    )
    foreign_factor = (
        sim.kind_value(1.3, 0.45)
        * sim.static("foreign", lambda r, d: r.lognormal(0, 0.25))
        * sim.walk("foreign-walk", 0.03)
    )
    # one core district hosts a shared refugee accommodation (Gemeinschaftsunterkunft)
    shelter = sim.static("shelter", lambda r, d: r.lognormal(0, 0.6))
    hosts = np.where(sim.is_core, shelter[:, 0], 0.0)
    shelter[int(np.argmax(hosts)), 0] *= 2.5
    protect_factor = sim.kind_value(1.6, 0.35) * shelter
    caps = (pop * 0.6).astype(np.int64)
    base = per_year(np.round(base_rate * town_pop), pop * foreign_factor, caps)
    protect = per_year(np.round(protection_rate * town_pop), pop * protect_factor, caps - base)
    sim.counts["protection"] = protect
    sim.counts["foreigners"] = base + protect

    extra = (p.migback_extra + 0.0015 * (YEARS - 2012)) * town_pop
    germans_mh = per_year(
        np.round(extra), pop * foreign_factor**0.7, pop - sim.counts["foreigners"]
    )
    sim.counts["migback"] = sim.counts["foreigners"] + germans_mh

    moves_rate = (
        p.moves_base * (1 + 0.03 * (YEARS - 2012))
        + p.refugee_intensity * REFUGEE_MOVES
        + p.ukraine_intensity * UKRAINE_MOVES
    ) / 1000.0
    sim.counts["moves"] = per_year(
        np.round(moves_rate * town_pop), pop * (foreign_factor + protect_factor) / 2, pop // 2
    )


def simulate_housing(sim: TownSim) -> None:
    """Households, dwellings, vacancy, rented flats, living area, listings and rents."""
    p = sim.params
    pop = sim.counts["pop"]
    t = (YEARS - 2011)[None, :]
    hh_size = (
        p.hh_size_2011
        * sim.kind_value(0.93, 1.12)
        * sim.static("hh", lambda r, d: r.lognormal(0, 0.04))
        * 0.997**t
    )
    occupied = np.round(pop / hh_size).astype(np.int64)

    target, col = sim.target("vacancy_rate")
    town_vacancy = np.clip(target + p.vacancy_slope * (YEARS - YEARS[col]), 1.0, 40.0) / 100.0
    vac_factor = (
        sim.kind_value(1.2, 0.75)
        * sim.static("vacancy", lambda r, d: r.lognormal(0, 0.3))
        * sim.walk("vacancy-walk", 0.03)
    )
    vacant = np.zeros_like(occupied)
    for j in range(N_YEARS):
        rates = solve_vacancy(occupied[:, j], vac_factor[:, j], town_vacancy[j])
        vacant[:, j] = np.round(occupied[:, j] * rates / (1 - rates)).astype(np.int64)
    sim.counts["occupied"] = occupied
    sim.counts["vacant"] = vacant
    sim.counts["dwellings"] = occupied + vacant

    rental = np.clip(
        sim.kind_value(p.rental_core, p.rental_village)
        + sim.static("rental", lambda r, d: r.normal(0, 0.05))
        + np.where(sim.is_core, 0.001, 0.0)[:, None] * t,
        0.05,
        0.95,
    )
    sim.counts["rented"] = np.round(occupied * rental).astype(np.int64)

    flat = (
        sim.kind_value(0.85, 1.2) * sim.static("flat", lambda r, d: r.lognormal(0, 0.06)) * 1.002**t
    )
    # scale so that the town's living space per resident starts at the Zensus level
    per_resident = p.flat_size_2011 / p.hh_size_2011
    flat = flat * per_resident * pop[:, 0].sum() / (occupied[:, 0] * flat[:, 0]).sum()
    sim.counts["living_area"] = np.round(occupied * flat).astype(np.int64)

    turnover = 0.07 * sim.static("listings", lambda r, d: r.lognormal(0, 0.2))
    listings = np.round((sim.counts["rented"] + vacant * 0.5) * turnover).astype(np.int64)
    sim.counts["listings"] = np.maximum(listings, 1)
    rent_noise = np.array(
        [sim.rng(d, "rent-year").normal(0, 0.025, N_YEARS) for d in sim.districts]
    )
    sim.counts["rent_mean"] = np.round(
        p.rent_2012
        * (1 + p.rent_growth) ** (YEARS - 2012)[None, :]
        * sim.kind_value(1.03, 0.92)
        * sim.static("rent", lambda r, d: r.lognormal(0, 0.05))
        * np.exp(rent_noise),
        2,
    )


def solve_vacancy(occupied: np.ndarray, factor: np.ndarray, town_rate: float) -> np.ndarray:
    """District vacancy rates proportional to factor whose dwelling-weighted mean is town_rate."""

    def town(k: float) -> float:
        rates = np.minimum(k * factor, 0.5)
        dwellings = occupied / (1 - rates)
        return float((dwellings * rates).sum() / max(dwellings.sum(), 1e-9))

    lo, hi = 0.0, 0.5 / max(float(factor.min()), 1e-9)
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if town(mid) < town_rate else (lo, mid)
    return np.minimum((lo + hi) / 2 * factor, 0.5)


SERVICES: dict[str, tuple[tuple[float, float], float, tuple[float, float], float]] = {
    # service: (core range m, village population needed, village range m, closure chance)
    "supermarket": ((350, 800), 1500, (450, 1000), 0.25),
    "primary_school": ((400, 900), 700, (350, 800), 0.05),
    "gp": ((300, 800), 1200, (300, 700), 0.30),
    "pharmacy": ((350, 850), 2500, (400, 800), 0.30),
}


def distance_to_core(sim: TownSim) -> np.ndarray:
    """Straight-line distance (m) from each district's centroid to the nearest core one."""
    core_idx = np.flatnonzero(sim.is_core)
    if core_idx.size == 0:
        core_idx = np.array([int(np.argmax(sim.counts["pop"][:, year_index(BASE_YEAR)]))])
    xy = np.array([[d.x_m, d.y_m] for d in sim.districts])
    diff = xy[:, None, :] - xy[None, core_idx, :]
    return np.sqrt((diff**2).sum(axis=-1)).min(axis=1)


def service_distance(
    r: np.random.Generator, district: District, pop2020: int, to_core: float, service: str
) -> np.ndarray:
    """Distance series (m) of one district to the nearest facility of one service.

    Villages big enough have their own facility; others use the nearest one in the core
    or, beyond a few kilometres, in a neighbouring place. Small villages may lose
    theirs (closure) or, rarely, gain one during the period.
    """
    core_range, needed, own_range, closure = SERVICES[service]
    far = min(to_core * r.uniform(0.75, 0.95) + r.uniform(200, 500), r.uniform(2500, 5000))
    if district.kind == "core":
        series = np.full(N_YEARS, r.uniform(*core_range))
    else:
        has_own = pop2020 >= needed * r.lognormal(0, 0.3)
        own = r.uniform(*own_range)
        change = int(r.integers(2, N_YEARS - 1))
        before = np.arange(N_YEARS) < change
        small = pop2020 < 2.5 * needed
        if has_own and small and r.random() < closure:
            series = np.where(before, own, far)
        elif not has_own and r.random() < 0.08:
            series = np.where(before, far, own)
        else:
            series = np.full(N_YEARS, own if has_own else far)
    drift = 1.01 ** np.arange(N_YEARS) if service in {"pharmacy", "gp"} else 1.0
    return np.clip(series * drift * np.exp(r.normal(0, 0.01, N_YEARS)), 150, 15000)


def simulate_infrastructure(sim: TownSim) -> None:
    """Distances to services, public transport coverage and childcare places."""
    to_core = distance_to_core(sim)
    pop2020 = sim.counts["pop"][:, year_index(BASE_YEAR)]
    for service in SERVICES:
        rows = [
            service_distance(sim.rng(d, f"dist-{service}"), d, int(pop2020[i]), to_core[i], service)
            for i, d in enumerate(sim.districts)
        ]
        sim.counts[f"dist_{service}"] = np.round(np.array(rows))

    stop = []
    for i, d in enumerate(sim.districts):
        r = sim.rng(d, "dist-pt")
        village_range = (300, 900) if pop2020[i] < 300 else (200, 550)
        base = r.uniform(130, 280) if d.kind == "core" else r.uniform(*village_range)
        better = np.where(YEARS >= 2019, 0.95 if r.random() < 0.3 else 1.0, 1.0)
        stop.append(base * better * np.exp(r.normal(0, 0.01, N_YEARS)))
    sim.counts["dist_pt_stop"] = np.round(np.array(stop))
    within = 1 - np.exp(-600.0 / sim.counts["dist_pt_stop"])
    sim.counts["pt_near"] = np.round(sim.counts["pop"] * within).astype(np.int64)
    simulate_childcare(sim, pop2020)


def simulate_childcare(sim: TownSim, pop2020: np.ndarray) -> None:
    """Kita places: fixed capacities that grow in steps (U3 entitlement 2013, later)."""
    kids = sim.counts["a0_5"][:, 0]
    east = 1.15 if sim.params.east else 1.0
    steps = np.ones(N_YEARS)
    steps[YEARS >= 2013] *= 1.12
    steps[YEARS >= 2018] *= 1.08
    steps[YEARS >= 2022] *= 1.04
    places = []
    for i, d in enumerate(sim.districts):
        r = sim.rng(d, "kita")
        if d.kind == "core":
            capacity = kids[i] * r.uniform(0.55, 0.95) * east
        elif pop2020[i] >= 500 * r.lognormal(0, 0.3):
            capacity = kids[i] * r.uniform(0.45, 0.8) * east
        else:
            capacity = 0.0
        places.append(np.round(capacity * steps / 5) * 5)
    sim.counts["kita_places"] = np.array(places).astype(np.int64)


def sgb2_index(p: TownParams, bump: dict[int, float]) -> np.ndarray:
    """Relative SGB II level: declining until 2019 (refugee bump 2016-18), then flat."""
    values = []
    for y in YEARS:
        y = int(y)
        if y <= 2019:
            values.append((1 + p.sgb2_decline) ** (2019 - y) * bump.get(y, 1.0))
        else:
            values.append(SGB2_AFTER_2019[y])
    return np.array(values)


def simulate_social(sim: TownSim) -> None:
    """SGB II persons, child poverty, unemployment and old-age basic income."""
    p, c = sim.params, sim.counts
    town_pop = c["pop"].sum(axis=0)
    social = (
        sim.kind_value(1.35, 0.35)
        * sim.static("social", lambda r, d: r.lognormal(0, 0.35))
        * sim.walk("social-walk", 0.03)
    )
    foreign_share = c["foreigners"] / np.maximum(c["pop"], 1)
    social = social * (0.5 + foreign_share / max(float(foreign_share.mean()), 1e-9)) ** 0.3

    target, col = sim.target("sgb2_rate")
    index = sgb2_index(p, SGB2_REFUGEE_BUMP)
    rate = target / 100.0 * index / index[col]
    c["sgb2"] = per_year(
        np.round(rate * town_pop), c["pop"] * social, (c["pop"] * 0.6).astype(np.int64)
    )

    target, col = sim.target("child_poverty")
    index = sgb2_index(p, CHILD_REFUGEE_BUMP)
    child_rate = target / 100.0 * index / index[col]
    c["sgb2_u15"] = per_year(
        np.round(child_rate * c["u15"].sum(axis=0)),
        c["u15"] * social**1.15,
        (c["u15"] * 0.9).astype(np.int64),
    )

    covid = np.array([UNEMPLOYMENT_COVID.get(int(y), 1.0) for y in YEARS])
    unemployment = (0.42 * rate * 100 + 1.3) * covid / 100.0
    c["unemployed"] = per_year(
        np.round(unemployment * c["a15_64"].sum(axis=0)),
        c["a15_64"] * social**0.8,
        c["a15_64"] // 2,
    )

    sgb2_2021 = sim.targets["sgb2_rate"][0]
    level = (0.07 * sgb2_2021 + 0.7) if p.east else (0.22 * sgb2_2021 + 1.3)
    elderly = level * 1.03 ** (YEARS - 2021) / 100.0
    c["basic_income_65"] = per_year(
        np.round(elderly * c["a65p"].sum(axis=0)), c["a65p"] * social**0.6, c["a65p"] // 3
    )


def simulate_town(town_id: str, districts: list[District], targets: dict) -> TownSim:
    """Run all simulation steps for one town."""
    sim = TownSim(town_id, districts, TOWN_PARAMS.get(town_id, DEFAULT_PARAMS), targets)
    simulate_population(sim)
    simulate_ages(sim)
    simulate_migration(sim)
    simulate_housing(sim)
    simulate_infrastructure(sim)
    simulate_social(sim)
    return sim


# --------------------------------------------------------------------------- indicators

# indicator id -> (numerator count, denominator count) for rates,
# (value array, weight count) for means, count name for counts
RATES: dict[str, tuple[str, str]] = {
    "vacancy_rate": ("vacant", "dwellings"),
    "living_space_per_capita": ("living_area", "pop"),
    "rental_share": ("rented", "occupied"),
    "pt_600m_share": ("pt_near", "pop"),
    "childcare_rate": ("kita_places", "a0_5"),
    "foreigners_share": ("foreigners", "pop"),
    "migration_background_share": ("migback", "pop"),
    "protection_seekers": ("protection", "pop"),
    "moves_from_abroad": ("moves", "pop"),
    "under18_share": ("u18", "pop"),
    "over65_share": ("a65p", "pop"),
    "over80_share": ("a80p", "pop"),
    "youth_dependency": ("u20", "a20_64"),
    "old_age_dependency": ("a65p", "a20_64"),
    "sgb2_rate": ("sgb2", "pop"),
    "child_poverty": ("sgb2_u15", "u15"),
    "unemployment_share": ("unemployed", "a15_64"),
    "elderly_basic_income": ("basic_income_65", "a65p"),
}
MEANS: dict[str, tuple[str, str]] = {
    "asking_rent": ("rent_mean", "listings"),
    "dist_supermarket": ("dist_supermarket", "pop"),
    "dist_primary_school": ("dist_primary_school", "pop"),
    "dist_gp": ("dist_gp", "pop"),
    "dist_pharmacy": ("dist_pharmacy", "pop"),
    "dist_pt_stop": ("dist_pt_stop", "pop"),
}
COUNTS: dict[str, str] = {"population": "pop", "dwellings": "dwellings"}


def load_catalog(path: Path) -> list[dict[str, str]]:
    """Catalog rows sorted by id; every indicator must be known to the generator."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["id"])
    unknown = [r["id"] for r in rows if r["id"] not in RATES | MEANS | COUNTS]
    if unknown:
        raise ValueError(f"generator does not know catalog indicators: {unknown}")
    return rows


def indicator_rows(sim: TownSim, catalog: list[dict[str, str]]) -> list[list[str]]:
    """Long-format value rows, sorted by district, indicator and year."""
    c = sim.counts
    out: list[list[str]] = []
    for i, d in enumerate(sim.districts):
        for ind in catalog:
            iid, decimals = ind["id"], int(ind["decimals"]) + 2
            scale = float(ind["scale"])
            for j, year in enumerate(YEARS):
                row = [d.district_id, iid, str(int(year))]
                if iid in COUNTS:
                    row += [str(int(c[COUNTS[iid]][i, j])), "", "", ""]
                elif iid in MEANS:
                    value_key, weight_key = MEANS[iid]
                    row += [
                        fmt(c[value_key][i, j], decimals),
                        "",
                        str(int(c[weight_key][i, j])),
                        "",
                    ]
                else:
                    num_key, den_key = RATES[iid]
                    num, den = int(c[num_key][i, j]), int(c[den_key][i, j])
                    value = fmt(num / den * scale, decimals) if den > 0 else ""
                    row += [value, str(num), str(den), "" if den > 0 else "x"]
                out.append([*row, ""])
    return out


def to_csv(rows: Sequence[Sequence[str]]) -> str:
    """CSV text with \\n line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(VALUE_FILE_COLUMNS)
    writer.writerows(rows)
    return buf.getvalue()


# --------------------------------------------------------------------------- calibration


def load_targets(path: Path) -> dict[str, dict[str, tuple[float, int]]]:
    """Reference figures per town: {town_id: {figure: (value, year)}}."""
    targets: dict[str, dict[str, tuple[float, int]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            targets.setdefault(row[TOWN_ID], {})[row[FIGURE]] = (
                float(row[VALUE]),
                int(row[YEAR]),
            )
    return targets


def achieved(sim: TownSim, figure: str) -> float:
    """Town value of a calibrated figure recomputed from the district counts."""
    _, col = sim.target(figure)
    c = sim.counts
    if figure == "population":
        return float(c["pop"][:, col].sum())
    num_key, den_key = RATES[figure]
    return float(c[num_key][:, col].sum() / c[den_key][:, col].sum() * 100)


def calibration_lines(sim: TownSim) -> list[str]:
    """Target vs. achieved per calibrated figure, for the console."""
    lines = []
    for figure in CALIBRATED:
        target, year = sim.targets[figure]
        value = achieved(sim, figure)
        data_year = int(YEARS[year_index(year)])
        lines.append(
            f"{sim.town_id:13} {figure:17} {year}->{data_year} "
            f"target {target:10.3f}  achieved {value:10.3f}  {100 * (value / target - 1):+6.2f} %"
        )
    return lines


# --------------------------------------------------------------------------- main


def load_town_ids(data_dir: Path) -> list[str]:
    """Ids of the demo towns in towns.json, sorted."""
    towns = json.loads((data_dir / "towns.json").read_text(encoding="utf-8"))
    return sorted(t["id"] for t in towns if t.get("data_kind", "demo") == "demo")


def generate(data_dir: Path, out_dir: Path) -> list[str]:
    """Generate all towns' value files; returns the calibration report lines."""
    catalog = load_catalog(data_dir / "indicators" / "catalog.csv")
    targets = load_targets(data_dir / "indicators" / "reference.csv")
    out_dir.mkdir(parents=True, exist_ok=True)
    report = []
    for town_id in load_town_ids(data_dir):
        geo = data_dir / "geo" / "districts" / f"{town_id}.geojson"
        if not geo.exists():
            raise FileNotFoundError(f"missing district geometry {geo}")
        missing = [f for f in CALIBRATED if f not in targets.get(town_id, {})]
        if missing:
            raise ValueError(f"reference.csv lacks {missing} for {town_id}")
        sim = simulate_town(town_id, load_districts(geo), targets[town_id])
        text = to_csv(indicator_rows(sim, catalog))
        write_text(out_dir / f"{town_id}.csv", text)
        report += calibration_lines(sim)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Generate synthetic demo district values.")
    parser.add_argument("--data-dir", type=Path, default=REPO / "data")
    parser.add_argument(
        "--out-dir", type=Path, default=None, help="default: <data-dir>/indicators/values"
    )
    args = parser.parse_args(argv)
    out_dir = args.out_dir or args.data_dir / "indicators" / "values"
    try:
        report = generate(args.data_dir, out_dir)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("calibration (reference year -> data year):")
    print("\n".join(report))
    print(f"wrote values to {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
