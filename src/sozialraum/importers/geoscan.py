"""A streaming pre-scan of an uploaded GeoJSON file, before any parser builds it in memory.

``json.loads`` and GDAL both build the whole document: a file nested 200,000 arrays deep
exhausts Python's recursion limit, and a file of 10 million vertices takes gigabytes. This scan
reads the bytes once with a streaming parser (ijson, C backend), keeping only a few counters,
and stops at the first limit exceeded (:class:`~sozialraum.limits.ContentLimits`):
nesting depth, number of features, number of vertices, length of a text value. It also checks
what GDAL would otherwise act on:

* a ``crs`` member (at any level: GDAL reads it on the collection, on features and on
  geometries) must name a CRS (``EPSG:25832``, ``urn:ogc:def:crs:EPSG::25832``); a ``link``
  or a URL/path would make GDAL fetch or read it — refused before GDAL sees the file;
* coordinates must be finite (``1e999`` is valid JSON and reads as infinity).

Problems name the feature (``row`` = feature number, as in the rest of the importer).
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ijson

from sozialraum.importers.report import CappedCollector
from sozialraum.limits import ContentLimits

_CHUNK = 1 << 16
# What a named CRS may look like: an EPSG-style code or an OGC URN, never a URL or a path.
_CRS_NAME = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9_]{0,15}:{1,2}\d{1,6}"
    r"|urn:ogc:def:crs:[A-Za-z0-9_]{1,16}:[0-9.]{0,16}:[A-Za-z0-9_]{1,32})",
    re.IGNORECASE,
)
_MAX_CRS_EVENTS = 64
# Broken JSON is re-read by the standard parser for a line number only up to this size.
_MAX_DETAIL_BYTES = (
    20 * 1024 * 1024
)  # a named CRS is a handful of events; anything bigger is not one


class _Stop(Exception):  # noqa: N818 - control flow, not an error
    """A limit was exceeded or a refused member found; the problem is already collected."""


@dataclass
class GeoJSONScan:
    """What the scan learned; ``ok`` is False when a problem was collected."""

    ok: bool
    top_type: str | None = None
    features: int = 0
    vertices: int = 0


def _utf8_chunks(path: Path, problems: CappedCollector) -> Iterator[bytes]:
    """The file's bytes (BOM removed), checked to be UTF-8 as they stream past."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    lines = 1  # the line the current chunk starts on, for the message
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if first and chunk.startswith(codecs.BOM_UTF8):
                chunk = chunk[len(codecs.BOM_UTF8) :]
            first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                start = max(0, min(exc.start, len(chunk)))
                problems.add("not_utf8", row=lines + chunk.count(b"\n", 0, start))
                raise _Stop from None
            lines += chunk.count(b"\n")
            yield chunk
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        problems.add("not_utf8", row=lines)
        raise _Stop from None


class _Reader:
    """File-like object over the checked chunks, for ijson."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson probes the type of the stream with read(0)
            return b""
        return next(self._chunks, b"")


def _crs_value(events: list[tuple[str, Any]]) -> Any:
    """Rebuild the small ``crs`` object from its captured events."""
    stack: list[Any] = []
    key: list[str | None] = []
    root: Any = None

    def put(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        else:
            stack[-1][key[-1]] = value

    for event, value in events:
        if event in ("start_map", "start_array"):
            container: Any = {} if event == "start_map" else []
            put(container)
            stack.append(container)
            key.append(None)
        elif event in ("end_map", "end_array"):
            stack.pop()
            key.pop()
        elif event == "map_key":
            key[-1] = value
        else:
            put(value)
    return root


def check_crs_member(crs: Any, problems: CappedCollector, feature: int | None) -> bool:
    """A ``crs`` member GDAL may read safely: a name, not a link, URL or file path."""
    if crs is None:
        return True
    props = crs.get("properties") if isinstance(crs, dict) else None
    kind = crs.get("type") if isinstance(crs, dict) else None
    if kind == "name" and isinstance(props, dict):
        name = props.get("name")
        if isinstance(name, str) and _CRS_NAME.fullmatch(name.strip()):
            return True
    href = ""
    if isinstance(props, dict):
        href = str(props.get("href") or props.get("name") or "")[:120]
    problems.add("crs_reference", row=feature, column="crs", value=href or str(kind)[:40])
    return False


class _Scanner:
    def __init__(self, limits: ContentLimits, problems: CappedCollector) -> None:
        self.limits = limits
        self.problems = problems
        self.depth = 0
        self.keys: list[str | None] = []  # per open container: the current key (maps)
        self.positions: list[bool] = []  # per open array: already counted as a vertex
        self.coordinates_depth = 0  # depth of the open "coordinates" array, 0 outside
        self.features_depth = 0  # depth of the top-level "features" array, 0 outside
        self.crs_events: list[tuple[str, Any]] | None = None
        self.crs_depth = 0
        self.scan = GeoJSONScan(ok=True)

    @property
    def feature(self) -> int | None:
        return self.scan.features or None

    def stop(self, code: str, **params: Any) -> None:
        self.problems.add(code, row=self.feature, **params)
        raise _Stop

    def event(self, event: str, value: Any) -> None:
        if self.crs_events is not None:
            self._crs_event(event, value)
            return
        if event in ("start_map", "start_array"):
            self._open(event)
        elif event in ("end_map", "end_array"):
            self._close(event)
        elif event == "map_key":
            self.keys[-1] = value
            if value == "crs":
                self.crs_events, self.crs_depth = [], self.depth
        else:
            self._scalar(event, value)

    def _open(self, event: str) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            self.stop("json_too_deep", limit=self.limits.max_depth, column="geometry")
        parent_key = self.keys[-1] if self.keys else None
        if event == "start_array":
            if parent_key == "coordinates" and not self.coordinates_depth:
                self.coordinates_depth = self.depth
            if parent_key == "features" and self.depth == 2:
                self.features_depth = self.depth
            self.positions.append(False)
        elif self.features_depth and self.depth == self.features_depth + 1:
            self.scan.features += 1
            if self.scan.features > self.limits.max_features:
                self.stop("too_many_features", limit=self.limits.max_features)
        self.keys.append(None)

    def _close(self, event: str) -> None:
        if event == "end_array":
            self.positions.pop()
            if self.depth == self.coordinates_depth:
                self.coordinates_depth = 0
            if self.depth == self.features_depth:
                self.features_depth = 0
        self.keys.pop()
        self.depth -= 1

    def _scalar(self, event: str, value: Any) -> None:
        if self.depth == 1 and self.keys and self.keys[-1] == "type" and event == "string":
            self.scan.top_type = value
        if event == "string" and len(value) > self.limits.max_cell_chars:
            self.stop(
                "value_too_long",
                column=str(self.keys[-1] if self.keys else "")[:80],
                length=len(value),
                limit=self.limits.max_cell_chars,
            )
        if event == "number" and self.coordinates_depth:
            if self.positions and not self.positions[-1]:
                self.positions[-1] = True
                self.scan.vertices += 1
                if self.scan.vertices > self.limits.max_vertices:
                    self.stop(
                        "too_many_vertices", limit=self.limits.max_vertices, column="geometry"
                    )
            if not math.isfinite(value):
                self.stop("non_finite_coordinate", column="geometry", value=str(value))

    def _crs_event(self, event: str, value: Any) -> None:
        assert self.crs_events is not None
        self.crs_events.append((event, value))
        if len(self.crs_events) > _MAX_CRS_EVENTS:
            self.stop("crs_reference", column="crs", value="…")
        if event in ("start_map", "start_array"):
            self.depth += 1
        elif event in ("end_map", "end_array"):
            self.depth -= 1
        if self.depth == self.crs_depth:  # the member's value is complete
            crs = _crs_value(self.crs_events)
            self.crs_events = None
            if not check_crs_member(crs, self.problems, self.feature):
                raise _Stop


def _syntax_detail(
    path: Path, problems: CappedCollector, fallback: str, feature: int | None
) -> None:
    """Report broken JSON with a line number (ijson has none): the standard parser stops at
    the same spot, and everything before it passed the depth limit."""

    def refuse_constant(name: str) -> float:
        raise ValueError(name)

    if path.stat().st_size > _MAX_DETAIL_BYTES:
        problems.add("bad_json", detail=fallback[:200])
        return
    try:
        json.loads(path.read_bytes().decode("utf-8-sig"), parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        problems.add("bad_json", row=exc.lineno, detail=exc.msg)
        return
    except ValueError as exc:  # NaN, Infinity: not JSON, though Python would read them
        problems.add("non_finite_coordinate", row=feature, column="geometry", value=str(exc))
        return
    except RecursionError:
        pass
    problems.add("bad_json", detail=fallback[:200])


def scan_geojson(
    path: Path, problems: CappedCollector, limits: ContentLimits | None = None
) -> GeoJSONScan:
    """Stream through ``path`` once; collect the first problem found (``ok`` False then)."""
    scanner = _Scanner(limits or ContentLimits(), problems)
    try:
        events = ijson.basic_parse(_Reader(_utf8_chunks(path, problems)), use_float=True)
        for event, value in events:
            scanner.event(event, value)
    except _Stop:
        scanner.scan.ok = False
        return scanner.scan
    except ijson.JSONError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "overflow" in message and scanner.coordinates_depth:  # 1e999: infinite as a float
            problems.add(
                "non_finite_coordinate", row=scanner.feature, column="geometry", value="±inf"
            )
        else:
            _syntax_detail(path, problems, message, scanner.feature)
        scanner.scan.ok = False
        return scanner.scan
    if scanner.scan.top_type not in ("FeatureCollection", "Feature"):
        problems.add("not_geojson")
        scanner.scan.ok = False
    return scanner.scan
