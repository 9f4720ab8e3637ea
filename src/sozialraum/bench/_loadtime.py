"""Load + join time of towns (``load_town`` + ``wide_table``), run in a fresh process.

``python -m sozialraum.bench._loadtime SPEC_JSON`` prints JSON. SPEC is
``{"towns": [[data_dir, town_id], ...], "warm": N, "warmup": [data_dir, town_id] | null}``.
The process first imports everything and loads the ``warmup`` town (so lazily initialised
libraries do not count), then loads each town once - *cold*: nothing of it is cached in
this process - and then ``warm`` more times (*warm*). The core keeps no caches of its own,
so "warm" differs from "cold" only by what Python, GDAL and the OS keep.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _load_once(data_dir: Path, town_id: str) -> float:
    from sozialraum.loaders import load_town, wide_table

    started = time.perf_counter()
    town = load_town(data_dir, town_id)
    wide_table(town, town.years[-1])
    return (time.perf_counter() - started) * 1000


def main(argv: Sequence[str]) -> int:
    spec = json.loads(argv[0])
    out: dict[str, Any] = {"towns": {}}
    if spec.get("warmup"):
        _load_once(Path(spec["warmup"][0]), spec["warmup"][1])
    for data_dir, town_id in spec["towns"]:
        cold = _load_once(Path(data_dir), town_id)
        warm = [_load_once(Path(data_dir), town_id) for _ in range(int(spec.get("warm", 0)))]
        out["towns"][town_id] = {"cold": cold, "warm": warm}
    print(json.dumps(out))
    return 0


def measure_in_subprocess(
    towns: Sequence[tuple[Path, str]],
    *,
    warm: int,
    warmup: tuple[Path, str] | None,
    timeout_s: float = 900.0,
) -> dict[str, Any]:
    """Run :func:`main` in a fresh interpreter and return its result."""
    spec = {
        "towns": [[str(d), t] for d, t in towns],
        "warm": warm,
        "warmup": [str(warmup[0]), warmup[1]] if warmup else None,
    }
    done = subprocess.run(
        [sys.executable, "-m", "sozialraum.bench._loadtime", json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load-time subprocess failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
