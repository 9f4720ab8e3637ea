"""Server time of one script run after an indicator switch, through Streamlit's AppTest.

``python -m sozialraum.bench._apptest SPEC_JSON`` prints JSON; SPEC is
``{"app": path, "data_dir": path | null, "towns": [id, ...] | [null], "switches": N,
"label": "Indikator", "warmup": K}``. For each town the app runs once (filling the
caches), then the selectbox labelled ``label`` is switched to its next option ``warmup``
times untimed and ``switches`` times timed (each ``AppTest.run()`` alone).

AppTest polls for the end of the run every millisecond and parses the messages into an
element tree; the floor (a one-line app with one selectbox, measured the same way) shows
that overhead. Run in a subprocess so the app's caches do not live in the benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sozialraum.paths import ENV_VAR

FLOOR_APP = 'import streamlit as st; st.selectbox("Indikator", ["a", "b", "c"])\n'
RUN_TIMEOUT_S = 600.0


def _switch_times(
    app: str, town: str | None, label: str, switches: int, warmup: int
) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=RUN_TIMEOUT_S)
    if town:
        at.query_params["town"] = town
    started = time.perf_counter()
    at.run()
    first = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"{town}: {[e.value for e in at.exception]}")
    times: list[float] = []
    for i in range(warmup + switches):
        boxes = [s for s in at.selectbox if s.label == label]
        if not boxes:
            raise RuntimeError(f"{town}: no selectbox labelled {label!r}")
        box = boxes[0]
        box.select_index(((box.index or 0) + 1) % len(box.options))
        started = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        if at.exception:
            raise RuntimeError(f"{town}: {[e.value for e in at.exception]}")
        if i >= warmup:
            times.append(elapsed)
    return {"first_run_ms": first, "switch_ms": times}


def main(argv: Sequence[str]) -> int:
    spec = json.loads(argv[0])
    if spec.get("data_dir"):
        os.environ[ENV_VAR] = spec["data_dir"]
    out = {
        town or "": _switch_times(
            spec["app"], town, spec["label"], int(spec["switches"]), int(spec.get("warmup", 1))
        )
        for town in spec["towns"]
    }
    print(json.dumps(out))
    return 0


def measure_in_subprocess(
    app: Path,
    data_dir: Path | None,
    towns: Sequence[str | None],
    *,
    switches: int,
    warmup: int = 2,
    label: str = "Indikator",
    timeout_s: float = 1800.0,
) -> dict[str, Any]:
    spec = {
        "app": str(app),
        "data_dir": str(data_dir) if data_dir else None,
        "towns": list(towns),
        "switches": switches,
        "warmup": warmup,
        "label": label,
    }
    done = subprocess.run(
        [sys.executable, "-m", "sozialraum.bench._apptest", json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
        cwd=app.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"AppTest subprocess failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def write_floor_app(directory: Path) -> Path:
    """The floor: a one-line Streamlit app with one selectbox."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "floor_app.py"
    path.write_text(FLOOR_APP, encoding="utf-8")
    return path


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
