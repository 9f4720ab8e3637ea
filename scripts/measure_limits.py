"""Peak memory and time until the importer refuses an over-large table.

Generates (once, cached in ``--dir``) a 1,000,000-row CSV and a 3,000,000-row XLSX of a
plausible long indicator table, then runs a dry-run import of each in a fresh subprocess
and prints wall time and peak resident memory (``VmHWM`` of that process) and the first
problem reported. Usage::

    .venv/bin/python scripts/measure_limits.py [--dir /tmp/sozialraum-limits] [--only csv]

``--pythonpath SRC`` measures another checkout of the package (e.g. the code before a
change, unpacked with ``git archive``). The XLSX takes a few minutes to generate; the files
are reused on later runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CSV_ROWS = 1_000_000
XLSX_ROWS = 3_000_000
HEADER = ["district_id", "indicator_id", "year", "value"]
DISTRICTS = ["altstadt", "winzeln", "hohe-luft", "neuhof"]
BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"district_id": d, "name": d.title()},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [7.60 + i * 0.01, 49.19],
                        [7.61 + i * 0.01, 49.19],
                        [7.61 + i * 0.01, 49.20],
                        [7.60 + i * 0.01, 49.20],
                        [7.60 + i * 0.01, 49.19],
                    ]
                ],
            },
        }
        for i, d in enumerate(DISTRICTS)
    ],
}


def _row(i: int) -> list[object]:
    return [DISTRICTS[i % 4], "population", 1990 + (i // 4) % 35, 1000 + i % 997]


def make_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(";".join(HEADER) + "\n")
        for i in range(rows):
            out.write(";".join(str(c) for c in _row(i)) + "\n")


def make_xlsx(path: Path, rows: int) -> None:
    """A wide table of two columns (district, one indicator): small enough unpacked to pass
    the zip checks (500 MB), so that the rows themselves must be refused."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Daten")
    sheet.append(["Stadtteil", "Einwohner 2021"])
    for i in range(rows):
        sheet.append([DISTRICTS[i % 4], 1000 + i % 997])
    workbook.save(path)


_CHILD = """
import json, sys, time
from pathlib import Path

def status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

started = time.perf_counter()
from sozialraum.importers.pipeline import run_import
imported = time.perf_counter()
baseline = status_mb("VmRSS")
data_dir, boundaries, table = (Path(a) for a in sys.argv[1:4])
result = run_import(data_dir, town_id="neustadt", name="Neustadt", boundaries=boundaries,
                    indicators=table, dry_run=True)
seconds = time.perf_counter() - imported
errors = result.report.errors
first = errors[0].format("en") if errors else "accepted"
first = first.replace(str(table.parent) + "/", "")
print(json.dumps({"seconds": seconds, "import_s": imported - started, "peak_mb": status_mb("VmHWM"),
                  "baseline_mb": baseline, "first": first[:160]}))
"""


def measure(table: Path, boundaries: Path, data_dir: Path, pythonpath: str | None) -> dict:
    env = None
    if pythonpath:
        import os

        env = {**os.environ, "PYTHONPATH": pythonpath}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data_dir), str(boundaries), str(table)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        nan = float("nan")
        return {
            "seconds": nan,
            "import_s": nan,
            "peak_mb": nan,
            "baseline_mb": nan,
            "first": proc.stderr[-300:],
        }
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_dir = Path(tempfile.gettempdir()) / "sozialraum-limits"
    parser.add_argument("--dir", type=Path, default=default_dir)
    parser.add_argument("--only", choices=("csv", "xlsx"), default=None)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--pythonpath", default=None, help="package source to measure")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    cases = {
        "csv": (args.dir / f"rows_{CSV_ROWS}.csv", make_csv, CSV_ROWS),
        "xlsx": (args.dir / f"rows_{XLSX_ROWS}_wide.xlsx", make_xlsx, XLSX_ROWS),
    }
    if args.only:
        cases = {args.only: cases[args.only]}
    for path, make, rows in cases.values():
        if not path.exists():
            started = time.perf_counter()
            partial = path.with_suffix(".partial" + path.suffix)
            make(partial, rows)
            partial.replace(path)
            print(f"generated {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.generate_only:
        return 0
    boundaries = args.dir / "boundaries.geojson"
    boundaries.write_text(json.dumps(BOUNDARIES), encoding="utf-8")
    data_dir = args.dir / "data"  # the real catalog and no towns
    (data_dir / "indicators").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        REPO / "data" / "indicators" / "catalog.csv", data_dir / "indicators" / "catalog.csv"
    )
    (data_dir / "towns.json").write_text("[]", encoding="utf-8")
    # seconds: run_import alone (the app has its modules loaded already); import s: loading
    # the package in a fresh process. peak MB: the process's VmHWM; base MB: RSS after imports.
    head = (
        f"{'case':<6} {'rows':>10} {'MB on disk':>10} {'seconds':>8} {'import s':>8} "
        f"{'peak MB':>8} {'base MB':>8}"
    )
    print(f"{head}  first problem")
    for name, (path, _make, rows) in cases.items():
        figures = measure(path, boundaries, data_dir, args.pythonpath)
        size = path.stat().st_size / 2**20
        print(
            f"{name:<6} {rows:>10,} {size:>10.1f} {figures['seconds']:>8.1f} "
            f"{figures['import_s']:>8.1f} {figures['peak_mb']:>8.0f} "
            f"{figures['baseline_mb']:>8.0f}  {figures['first']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
