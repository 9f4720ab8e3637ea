"""Reliability figures of the workshop store: concurrent writers and killed writers.

    .venv/bin/python scripts/stress_workshop.py [--writers 20] [--notes 200] [--json]

Runs against SQLite (a fresh file) and, when ``--pg-url`` or ``SOZIALRAUM_TEST_PG_URL``
names a PostgreSQL server, against a fresh database there. To start a throwaway cluster
the way the tests do:

    bash -c 'source scripts/_postgres.sh && .venv/bin/python scripts/stress_workshop.py'

Each scenario prints notes expected/present/missing/duplicated and the write latencies;
the exit code is 1 if any note was lost or duplicated or a killed writer broke the store.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from sozialraum.workshop.stress import fresh_postgres_database, kill_writer, run_writers

WRITE_COLUMNS = (
    "backend", "mode", "writers", "notes_per_writer", "expected", "present", "missing",
    "duplicated", "failed_writes", "seconds", "notes_per_s", "latency_ms_median",
    "latency_ms_p95", "latency_ms_max",
)  # fmt: skip
KILL_COLUMNS = (
    "backend", "scenario", "acknowledged", "present", "lost_uncommitted", "integrity_check",
    "writable_after",
)  # fmt: skip


def _table(rows: list[dict[str, object]], columns: tuple[str, ...]) -> str:
    cells = [list(columns)] + [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = ["  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--notes", type=int, default=200, help="notes per writer")
    parser.add_argument("--modes", default="threads,processes")
    parser.add_argument("--kills", type=int, default=3, help="kill runs per scenario")
    parser.add_argument("--pg-url", default=os.environ.get("SOZIALRAUM_TEST_PG_URL", ""))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    results: list[dict[str, object]] = []
    ok = True
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        backends = {"sqlite": lambda n: f"sqlite:///{tmp / f'stress{n}.sqlite'}"}
        if args.pg_url:
            backends["postgresql"] = lambda _n: stack.enter_context(
                fresh_postgres_database(args.pg_url)
            )
        else:
            print("PostgreSQL: no --pg-url / SOZIALRAUM_TEST_PG_URL, skipped", file=sys.stderr)
        run = 0
        for make_url in backends.values():
            for mode in args.modes.split(","):
                run += 1
                result = run_writers(make_url(run), args.writers, args.notes, mode)  # type: ignore[arg-type]
                ok &= result.ok and result.failed_writes == 0
                results.append(result.figures())
                print(json.dumps(result.figures()), file=sys.stderr)
            for scenario in ("in_transaction", "while_writing"):
                for _ in range(args.kills):
                    run += 1
                    killed = kill_writer(make_url(run), scenario)
                    ok &= killed.ok
                    results.append(killed.figures())
                    print(json.dumps(killed.figures()), file=sys.stderr)

    if args.json:
        print(json.dumps(results, indent=2))
    else:
        writes = [r for r in results if "mode" in r]
        kills = [r for r in results if "scenario" in r]
        print(_table(writes, WRITE_COLUMNS))
        print()
        print(_table(kills, KILL_COLUMNS))
    print("OK" if ok else "FAILED: notes lost or duplicated, or the store broke", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
