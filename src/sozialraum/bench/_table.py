"""The result as a plain-text table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

COLUMNS: tuple[tuple[str, str], ...] = (
    ("town", "<"),
    ("districts", ">"),
    ("vertices sent/stored", ">"),
    ("load cold/warm ms", ">"),
    ("page KB", ">"),
    ("switch KB", ">"),
    ("gap m²", ">"),
    ("overlap m²", ">"),
    ("rerun ms (×floor)", ">"),
    ("first map s (floor, ×)", ">"),
    ("switch s (floor, ×)", ">"),
)


def _num(value: Any, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or digits == 0:
        return f"{round(float(value)):,}".replace(",", " ")
    return f"{float(value):.{digits}f}"


def _pair(value: Any, floor: Any, ratio: Any, digits: int) -> str:
    if value is None:
        return "–"
    return f"{_num(value, digits)} ({_num(floor, digits)}, {_num(ratio, 1)}×)"


def _row(label: str, r: dict[str, Any]) -> list[str]:
    load = r["load_ms"].get(label) or {}
    payload = r["payload_kb"].get(label) or {}
    towns = r.get("meta", {}).get("towns", {})
    rerun = r["rerun_ms"].get(label)
    return [
        label,
        _num(payload.get("districts", towns.get(label, {}).get("districts"))),
        f"{_num(payload.get('vertices'))} / {_num(payload.get('vertices_data'))}",
        f"{_num(load.get('cold'))} / {_num(load.get('warm'))}" if load else "–",
        _num(payload.get("page"), 1),
        _num(payload.get("switch"), 1),
        _num(r["gap_m2"].get(label), 1),
        _num(r["overlap_m2"].get(label), 1),
        f"{_num(rerun, 1)} ({_num(r['rerun_ratio'].get(label), 1)}×)" if rerun else "–",
        _pair(
            r["first_map_s"].get(label),
            r["floor_first_map_s"].get(label),
            r["first_map_ratio"].get(label),
            2,
        ),
        _pair(
            r["switch_s"].get(label),
            r["floor_switch_s"].get(label),
            r["switch_ratio"].get(label),
            3,
        ),
    ]


def _render(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    aligns = [a for _name, a in COLUMNS]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(cells, aligns, widths, strict=True))

    return [line(header), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def format_table(result: dict[str, Any]) -> str:
    """The figures of ``run_benchmark`` as a table, with the floors and notes below it."""
    meta = result.get("meta", {})
    labels = list(meta.get("towns") or {})
    for key in ("load_ms", "payload_kb", "rerun_ms", "first_map_s", "switch_s"):
        labels += [label for label in result.get(key, {}) if label not in labels]
    lines = _render([name for name, _align in COLUMNS], [_row(label, result) for label in labels])
    lines.append("")
    lines.append(f"floor rerun (one-line app, AppTest): {_num(result.get('floor_rerun_ms'), 2)} ms")
    rss = ", ".join(f"{k} {_num(v)} MB" for k, v in (result.get("peak_rss_mb") or {}).items())
    lines.append(f"peak RSS of the server (VmHWM): {rss or '–'}")
    for size, reason in (meta.get("skipped") or {}).items():
        lines.append(f"skipped {size}: {reason}")
    for error in meta.get("errors") or []:
        lines.append(f"error: {error}")
    repeats = meta.get("repeats") or {}
    if repeats:
        lines.append(
            "medians of: "
            + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in repeats.items())
            + f"; run took {_num(meta.get('duration_s'))} s"
        )
    return "\n".join(lines)
