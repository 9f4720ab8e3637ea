"""One benchmark run: build the inputs, measure everything, assemble the result dict."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

import shapely
from shapely.geometry import shape

from sozialraum.bench import _apptest, _loadtime
from sozialraum.bench._geometry import (
    ReceivedGeometry,
    received_geometry,
    tiling_errors,
    vertex_count,
)
from sozialraum.bench._synthetic import (
    SizeSkippedError,
    build_national_town,
    build_voronoi_town,
)
from sozialraum.paths import resolve_data_dir
from sozialraum.serve import prepare_app_dir
from sozialraum.testing import AppServer, start_server

SIZES = ("500", "2000", "national")
FIGURE_KEYS = (
    "load_ms",
    "payload_kb",
    "gap_m2",
    "overlap_m2",
    "rerun_ms",
    "first_map_s",
    "switch_s",
    "floor_rerun_ms",
    "floor_first_map_s",
    "floor_switch_s",
    "rerun_ratio",
    "first_map_ratio",
    "switch_ratio",
    "peak_rss_mb",
)
RESULT_KEYS = (*FIGURE_KEYS, "meta")
DEFAULT_WORK_DIR = Path(tempfile.gettempdir()) / "sozialraum-bench"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Repeats:
    """How often each figure is measured (the reported figure is the median)."""

    cold_loads: int = 5
    warm_loads: int = 5
    reruns: int = 10
    first_maps: int = 3
    switches: int = 5

    @classmethod
    def choose(cls, repeat: int | None, quick: bool) -> Repeats:
        if repeat is not None:
            n = max(1, repeat)
            return cls(n, n, n, n, n)
        if quick:
            return cls(cold_loads=2, warm_loads=3, reruns=5, first_maps=2, switches=3)
        return cls()


@dataclass
class Target:
    """One town to measure, and the data directory (= server) it lives in."""

    label: str  # the key in every per-town figure (the town id)
    data_dir: Path
    town_id: str
    districts: int
    group: str  # which server serves it: "demo" or the synthetic town's id
    size: str | None = None  # "500", "2000", "national" for synthetic towns


@dataclass
class Run:
    """Everything collected during one run (turned into the result dict at the end)."""

    repeats: Repeats
    figures: dict[str, Any] = field(default_factory=lambda: {k: {} for k in FIGURE_KEYS})
    skipped: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    samples: dict[str, dict[str, Any]] = field(default_factory=dict)

    def detail(self, label: str) -> dict[str, Any]:
        return self.details.setdefault(label, {})

    def sample(self, label: str) -> dict[str, Any]:
        return self.samples.setdefault(label, {})


def _median(values: Sequence[float], digits: int = 3) -> float | None:
    return round(float(median(values)), digits) if values else None


def _ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return round(value / floor, 1)


# --------------------------------------------------------------------------- inputs


def _demo_targets(data_dir: Path, towns: Sequence[str] | None) -> list[Target]:
    from sozialraum.towns import load_towns

    known = load_towns(data_dir)
    wanted = list(towns) if towns is not None else [t.id for t in known]
    missing = sorted(set(wanted) - {t.id for t in known})
    if missing:
        raise ValueError(f"unknown towns in {data_dir}: {', '.join(missing)}")
    return [Target(t, data_dir, t, _district_count(data_dir, t), "demo") for t in wanted]


def _district_count(data_dir: Path, town_id: str) -> int:
    path = _districts_file(data_dir, town_id)
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


def _districts_file(data_dir: Path, town_id: str) -> Path:
    from sozialraum.towns import get_town

    town = get_town(data_dir, town_id)
    if town.folder is not None:
        return town.folder / "districts.geojson"
    return data_dir / "geo" / "districts" / f"{town_id}.geojson"


def _data_vertices(target: Target) -> int:
    """Vertices of the district geometries as stored (before any simplification)."""
    path = _districts_file(target.data_dir, target.town_id)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return vertex_count(shape(f["geometry"]) for f in features)


def data_outline(data_dir: Path, town_id: str) -> shapely.Geometry:
    """The town's outline as stored (docs/data-format.md), else the union of its districts."""
    from sozialraum.towns import get_town

    town = get_town(data_dir, town_id)
    path = (
        town.folder / "outline.geojson"
        if town.folder is not None
        else data_dir / "geo" / "municipalities.geojson"
    )
    if path.exists():
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        mine = [
            f for f in features if (f.get("properties") or {}).get("town_id", town_id) == town_id
        ]
        if mine:
            return shapely.union_all([shape(f["geometry"]) for f in mine])
    features = json.loads(_districts_file(data_dir, town_id).read_text(encoding="utf-8"))
    return shapely.union_all([shape(f["geometry"]) for f in features["features"]])


def _synthetic_targets(
    sizes: Sequence[str], work_dir: Path, run: Run, progress: Progress
) -> list[Target]:
    targets = []
    for size in sizes:
        progress(f"building the synthetic town: {size}")
        try:
            built = (
                build_national_town(work_dir)
                if size == "national"
                else build_voronoi_town(work_dir, int(size))
            )
        except SizeSkippedError as exc:
            run.skipped[size] = str(exc)
            progress(f"  skipped: {exc}")
            continue
        targets.append(
            Target(
                built.town_id, built.data_dir, built.town_id, built.districts, built.town_id, size
            )
        )
    return targets


# --------------------------------------------------------------------------- load, rerun


def _measure_loads(targets: Sequence[Target], run: Run, work_dir: Path, progress: Progress) -> None:
    warmup = build_voronoi_town(work_dir, 30)
    pairs = [(t.data_dir, t.town_id) for t in targets]
    cold: dict[str, list[float]] = {t.town_id: [] for t in targets}
    warm: dict[str, list[float]] = {}
    for i in range(run.repeats.cold_loads):
        progress(f"load + join, fresh process {i + 1}/{run.repeats.cold_loads}")
        result = _loadtime.measure_in_subprocess(
            pairs,
            warm=run.repeats.warm_loads if i == 0 else 0,
            warmup=(warmup.data_dir, warmup.town_id),
        )
        for town_id, times in result["towns"].items():
            cold[town_id].append(times["cold"])
            warm.setdefault(town_id, times["warm"])
    for t in targets:
        run.figures["load_ms"][t.label] = {
            "cold": _median(cold[t.town_id], 1),
            "warm": _median(warm.get(t.town_id, []), 1),
        }
        run.sample(t.label)["load_ms"] = {"cold": cold[t.town_id], "warm": warm.get(t.town_id)}


def _measure_reruns(
    targets: Sequence[Target], run: Run, work_dir: Path, app: Path, progress: Progress
) -> None:
    floor_app = _apptest.write_floor_app(work_dir / "floor-app")
    progress("rerun floor: a one-line Streamlit app through AppTest")
    floor = _apptest.measure_in_subprocess(floor_app, None, [None], switches=run.repeats.reruns)
    floor_ms = _median(floor[""]["switch_ms"], 2)
    run.figures["floor_rerun_ms"] = floor_ms
    run.samples.setdefault("_floor", {})["rerun_ms"] = floor[""]["switch_ms"]
    groups: dict[Path, list[Target]] = {}
    for t in targets:
        groups.setdefault(t.data_dir, []).append(t)
    for data_dir, members in groups.items():
        progress(
            f"rerun after an indicator switch (AppTest): {', '.join(m.label for m in members)}"
        )
        try:
            result = _apptest.measure_in_subprocess(
                app, data_dir, [m.town_id for m in members], switches=run.repeats.reruns
            )
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            run.errors.append(f"rerun {data_dir.name}: {str(exc)[-500:]}")
            continue
        for m in members:
            times = result[m.town_id]["switch_ms"]
            run.figures["rerun_ms"][m.label] = _median(times, 1)
            run.figures["rerun_ratio"][m.label] = _ratio(_median(times, 1), floor_ms)
            run.sample(m.label)["rerun_ms"] = times
            run.detail(m.label)["first_run_ms"] = round(result[m.town_id]["first_run_ms"], 1)


# --------------------------------------------------------------------------- browser


def _fallback_geometry(target: Target) -> Callable[[], ReceivedGeometry | None]:
    """Recompute what the app sends with its public GeometryPayload (when nothing parsed)."""

    def compute() -> ReceivedGeometry | None:
        from sozialraum.loaders import load_town
        from sozialraum.maps import GeometryPayload

        town = load_town(target.data_dir, target.town_id)
        try:
            payload = GeometryPayload.from_frame(town.districts, town.outline)
        except TypeError:
            payload = GeometryPayload.from_frame(town.districts)
        texts = [
            value if isinstance(value, str) else json.dumps(value, default=str)
            for value in vars(payload).values()
        ]
        found = received_geometry(texts, [str(i) for i in town.districts.index], "")
        if found is not None:
            found.source = "GeometryPayload.from_frame (recomputed, not parsed from traffic)"
        return found

    return compute


def _measure_browser(
    targets: Sequence[Target], run: Run, work_dir: Path, app: Path, progress: Progress
) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # the optional extra: pip install "sozialraum[bench]"
        reason = 'playwright not installed (pip install "sozialraum[bench]"): no browser figures'
        run.skipped["browser"] = reason
        progress(reason)
        return

    from sozialraum.bench import _browser
    from sozialraum.testing import CHROMIUM

    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: browser figures not measured"
        run.skipped["browser"] = reason
        progress(reason)
        return
    groups: dict[str, list[Target]] = {}
    for t in targets:
        groups.setdefault(t.group, []).append(t)
    with sync_playwright() as playwright:
        browser = _browser.launch(playwright)
        try:
            for group, members in groups.items():
                progress(f"starting the app for {group}")
                try:
                    server = start_server(members[0].data_dir, work_dir / "logs", app)
                except RuntimeError as exc:
                    run.errors.append(f"server {group}: {str(exc)[-800:]}")
                    continue
                try:
                    for target in members:
                        _measure_town(browser, server, target, run, work_dir, progress)
                finally:
                    run.figures["peak_rss_mb"][group] = server.peak_rss_mb()
                    server.stop()
        finally:
            browser.close()


def _measure_town(
    browser: Any, server: AppServer, target: Target, run: Run, work_dir: Path, progress: Progress
) -> None:
    from sozialraum.bench import _browser

    label = target.label
    progress(f"browser: {label} ({target.districts} districts)")
    try:
        planner = _browser.SwitchPlanner.from_data(target.data_dir, target.town_id)
        app = _browser.measure_app(
            browser,
            server.url,
            target.town_id,
            target.districts,
            first_maps=run.repeats.first_maps,
            switches=run.repeats.switches,
            planner=planner,
            fallback=_fallback_geometry(target),
            log=lambda message: progress(f"  {message}"),
        )
    except Exception as exc:  # one town failing must not lose the others' figures
        run.errors.append(f"browser {label}: {type(exc).__name__}: {str(exc)[:500]}")
        progress(f"  failed: {type(exc).__name__}: {str(exc)[:200]}")
        return
    first = [w.seconds for w in app.navigations]
    switch = [w.seconds for w in app.switches]
    run.figures["first_map_s"][label] = _median(first)
    run.figures["switch_s"][label] = _median(switch)
    visit = app.first_visit
    run.figures["payload_kb"][label] = {
        "page": visit.data_kb if visit else None,
        "page_ws": visit.ws_kb if visit else None,
        "page_http": visit.http_kb if visit else None,
        "page_repeat": _median([w.data_kb for w in app.navigations], 1),
        "switch": _median([w.data_kb for w in app.switches], 1),
        "switch_max": max((w.data_kb for w in app.switches), default=None),
        "switch_ws_total": _median([w.ws_total_kb for w in app.switches], 1),
        "vertices": app.received.vertices if app.received else None,
        "vertices_data": _data_vertices(target),
        "districts": target.districts,
    }
    run.sample(label).update(
        first_map_s=first,
        switch_s=switch,
        switch_targets=app.targets,
        navigation_windows=[vars(w) for w in app.navigations],
        switch_windows=[vars(w) for w in app.switches],
        first_visit_window=vars(visit) if visit else None,
    )
    detail = run.detail(label)
    detail.update(
        renderer=app.renderer,
        map_size_px=list(app.map_size),
        first_visit_assets_kb=visit.assets_kb if visit else None,
        notes=app.notes,
        geometry_source=app.received.source if app.received else "none found",
    )
    if app.received is None:
        run.errors.append(f"{label}: no district geometry found in the traffic")
        return
    _measure_tiling(target, app.received, run)
    progress(f"  floor: bare Leaflet page with the same {len(app.received.districts)} shapes")
    try:
        site = _browser.write_floor_site(work_dir / "floor" / label, app.received, app.map_size)
        floor = _browser.measure_floor(
            browser,
            site,
            len(app.received.districts),
            first_maps=run.repeats.first_maps,
            switches=run.repeats.switches,
        )
    except Exception as exc:
        run.errors.append(f"floor {label}: {type(exc).__name__}: {str(exc)[:500]}")
        return
    floor_first = _median(floor.first_map_s)
    floor_switch = _median(floor.switch_s)
    run.figures["floor_first_map_s"][label] = floor_first
    run.figures["floor_switch_s"][label] = floor_switch
    run.figures["first_map_ratio"][label] = _ratio(run.figures["first_map_s"][label], floor_first)
    run.figures["switch_ratio"][label] = _ratio(run.figures["switch_s"][label], floor_switch)
    run.sample(label).update(floor_first_map_s=floor.first_map_s, floor_switch_s=floor.switch_s)


def _measure_tiling(target: Target, received: ReceivedGeometry, run: Run) -> None:
    started = time.perf_counter()
    tiling = tiling_errors(
        list(received.districts.values()),
        {
            "received": received.outline,
            "data": data_outline(target.data_dir, target.town_id),
        },
    )
    gaps = tiling.gaps_m2
    # The outline the browser draws, if it came along; else the stored outline.
    gap = gaps["received"] if gaps["received"] is not None else gaps["data"]
    run.figures["gap_m2"][target.label] = round(gap or 0.0, 1)
    run.figures["overlap_m2"][target.label] = round(tiling.overlap_m2, 1)
    run.detail(target.label).update(
        gap_outline="received" if gaps["received"] is not None else "data",
        gap_vs_received_outline_m2=_round(gaps["received"]),
        gap_vs_data_outline_m2=_round(gaps["data"]),
        gap_interior_holes_m2=_round(gaps["shell"]),
        valid_coverage=tiling.valid_coverage,
        tiling_s=round(time.perf_counter() - started, 1),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --------------------------------------------------------------------------- the run


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("streamlit", "streamlit-folium", "folium", "shapely", "playwright"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "-"
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20
        )
        out["chromium"] = chromium.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out["chromium"] = "-"
    return out


def _stderr(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_benchmark(
    *,
    sizes: Sequence[str] = SIZES,
    towns: Sequence[str] | None = None,
    repeat: int | None = None,
    quick: bool = False,
    data_dir: Path | None = None,
    work_dir: Path | None = None,
    app: Path | None = None,
    browser: bool = True,
    progress: Progress | None = _stderr,
) -> dict[str, Any]:
    """Measure everything once and return the result (see the package docstring)."""
    say = progress or (lambda _message: None)
    app = app or prepare_app_dir()
    started = time.time()
    unknown = [s for s in sizes if s not in SIZES and not s.isdigit()]
    if unknown:
        raise ValueError(f"unknown sizes: {', '.join(unknown)} (use numbers or 'national')")
    work = (work_dir or DEFAULT_WORK_DIR).resolve()
    work.mkdir(parents=True, exist_ok=True)
    demo_dir = resolve_data_dir(data_dir)
    run = Run(Repeats.choose(repeat, quick))
    targets = _demo_targets(demo_dir, towns) + _synthetic_targets(sizes, work, run, say)
    if targets:
        _measure_loads(targets, run, work, say)
        _measure_reruns(targets, run, work, app, say)
        if browser:
            _measure_browser(targets, run, work, app, say)
        else:
            run.skipped["browser"] = "browser figures not requested"
    result: dict[str, Any] = dict(run.figures)
    result["meta"] = {
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "duration_s": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "versions": _versions(),
        "data_dir": str(demo_dir),
        "work_dir": str(work),
        "repeats": vars(run.repeats),
        "towns": {
            t.label: {"districts": t.districts, "size": t.size, "server": t.group} for t in targets
        },
        "sizes": {t.size: t.label for t in targets if t.size},
        "skipped": run.skipped,
        "errors": run.errors,
        "details": run.details,
        "samples": run.samples,
    }
    return result
