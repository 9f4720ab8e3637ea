"""Reliability checks of the workshop store under concurrent writers and killed writers.

Used by ``scripts/stress_workshop.py`` (full figures: 20 writers × 200 notes) and by the
tests (fewer notes, the same code path). Every note a writer adds carries a unique text
``w<writer>-n<index>``, so afterwards the database tells exactly which notes are missing and
which exist twice. Process writers are separate Python processes started with
``python -m sozialraum.workshop.stress``, each with its own engine, as several app processes
sharing one database would be.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine, select, text
from sqlalchemy.pool import NullPool

from sozialraum.db import create_db_engine, is_sqlite, upgrade
from sozialraum.workshop.models import ContributionRow
from sozialraum.workshop.store import WorkshopStore

Mode = Literal["threads", "processes"]
WHO = "stress"


@dataclass(frozen=True)
class StressResult:
    backend: str
    mode: str
    writers: int
    notes_per_writer: int
    present: int
    missing: int
    duplicated: int
    failed_writes: int
    seconds: float
    latencies_ms: tuple[float, ...] = field(repr=False)

    @property
    def expected(self) -> int:
        return self.writers * self.notes_per_writer

    @property
    def ok(self) -> bool:
        return self.present == self.expected and not self.missing and not self.duplicated

    def figures(self) -> dict[str, object]:
        lat = sorted(self.latencies_ms)
        return {
            "backend": self.backend,
            "mode": self.mode,
            "writers": self.writers,
            "notes_per_writer": self.notes_per_writer,
            "expected": self.expected,
            "present": self.present,
            "missing": self.missing,
            "duplicated": self.duplicated,
            "failed_writes": self.failed_writes,
            "seconds": round(self.seconds, 2),
            "notes_per_s": round(self.present / self.seconds, 1) if self.seconds else None,
            "latency_ms_median": round(statistics.median(lat), 1) if lat else None,
            "latency_ms_p95": round(lat[int(0.95 * (len(lat) - 1))], 1) if lat else None,
            "latency_ms_max": round(lat[-1], 1) if lat else None,
        }


@dataclass(frozen=True)
class KillResult:
    backend: str
    scenario: str  # "in_transaction" (killed holding an open insert) or "while_writing"
    acknowledged: int  # notes the killed writer reported as committed
    present: int  # its notes in the database afterwards
    integrity: str  # SQLite's integrity_check, "n/a" on PostgreSQL
    writable_after: bool

    @property
    def ok(self) -> bool:
        # The note in flight may or may not have committed when the signal hit; nothing else
        # may be lost, and the store must accept writes again.
        lost_ok = self.acknowledged <= self.present <= self.acknowledged + 1
        if self.scenario == "in_transaction":
            lost_ok = self.present == self.acknowledged
        return lost_ok and self.integrity in ("ok", "n/a") and self.writable_after

    def figures(self) -> dict[str, object]:
        return {
            "backend": self.backend,
            "scenario": self.scenario,
            "acknowledged": self.acknowledged,
            "present": self.present,
            "lost_uncommitted": max(0, self.acknowledged + 1 - self.present),
            "integrity_check": self.integrity,
            "writable_after": self.writable_after,
        }


@contextmanager
def fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server of ``admin_url``; dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    name = f"sozialraum_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _note_text(writer: int, index: int) -> str:
    return f"w{writer}-n{index}"


def prepare(url: str) -> tuple[Engine, int]:
    """Migrate the database and create the workshop the writers write into."""
    engine = create_db_engine(url)
    upgrade(engine)
    workshop = WorkshopStore(engine).create_workshop(WHO, town_id="stresstown", title="Stress")
    return engine, workshop.id


def _tally(engine: Engine, workshop_id: int, writers: int, per_writer: int) -> tuple[int, int, int]:
    with engine.connect() as conn:
        texts = conn.execute(
            select(ContributionRow.text).where(ContributionRow.workshop_id == workshop_id)
        ).scalars()
        counts = Counter(texts)
    wanted = {_note_text(w, i) for w in range(writers) for i in range(per_writer)}
    present = sum(counts.values())
    missing = len(wanted - set(counts))
    duplicated = sum(n - 1 for n in counts.values() if n > 1)
    return present, missing, duplicated


def _write_notes(
    store: WorkshopStore, workshop_id: int, writer: int, indices: range
) -> tuple[list[float], int]:
    latencies: list[float] = []
    failures = 0
    for index in indices:
        started = time.perf_counter()
        try:
            store.create_contribution(
                WHO, workshop_id=workshop_id, text=_note_text(writer, index), district_id="d1"
            )
        except Exception:  # counted and reported: a failed write is a finding
            failures += 1
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, failures


def run_writers(url: str, writers: int, notes_per_writer: int, mode: Mode) -> StressResult:
    """``writers`` concurrent writers each adding ``notes_per_writer`` notes."""
    engine, workshop_id = prepare(url)
    latencies: list[float] = []
    failures = 0
    if mode == "threads":
        store = WorkshopStore(engine)
        barrier = threading.Barrier(writers + 1)
        lock = threading.Lock()

        def work(writer: int) -> None:
            nonlocal failures
            barrier.wait()
            lat, failed = _write_notes(store, workshop_id, writer, range(notes_per_writer))
            with lock:
                latencies.extend(lat)
                failures += failed

        threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    else:
        procs = [
            _spawn("write", url, workshop_id, writer, notes_per_writer) for writer in range(writers)
        ]
        for proc in procs:  # every process imported everything and connected: start together
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a writer process did not start")
        started = time.perf_counter()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            out, _ = proc.communicate()
            report = json.loads(out.strip().splitlines()[-1])
            latencies.extend(report["latencies_ms"])
            failures += int(report["failures"])
        seconds = time.perf_counter() - started
    present, missing, duplicated = _tally(engine, workshop_id, writers, notes_per_writer)
    engine.dispose()
    return StressResult(
        engine.dialect.name,
        mode,
        writers,
        notes_per_writer,
        present,
        missing,
        duplicated,
        failures,
        seconds,
        tuple(latencies),
    )


def _spawn(
    command: str, url: str, workshop_id: int, writer: int, count: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sozialraum.workshop.stress",
            command,
            url,
            str(workshop_id),
            str(writer),
            str(count),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def integrity(engine: Engine) -> str:
    """SQLite's own consistency check of the whole file ("ok" when sound)."""
    if not is_sqlite(engine):
        return "n/a"
    with engine.connect() as conn:
        return "; ".join(str(r[0]) for r in conn.execute(text("PRAGMA integrity_check")))


def kill_writer(url: str, scenario: str, acknowledged_before_kill: int = 5) -> KillResult:
    """Start a writer process, let it commit some notes, then SIGKILL it.

    ``in_transaction``: the writer holds an open transaction with an inserted, flushed but
    uncommitted note when the signal arrives. ``while_writing``: the writer adds notes in a
    loop and is killed at an arbitrary moment after ``acknowledged_before_kill`` commits.
    """
    engine, workshop_id = prepare(url)
    command = "hold" if scenario == "in_transaction" else "write"
    proc = _spawn(
        command, url, workshop_id, 0, 10_000 if command == "write" else acknowledged_before_kill
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        raise RuntimeError("the writer process did not start")
    proc.stdin.write("go\n")
    proc.stdin.flush()
    acknowledged = 0
    for line in proc.stdout:
        if line.startswith("ack "):
            acknowledged += 1
            if command == "write" and acknowledged >= acknowledged_before_kill:
                break
        elif line.strip() == "in-transaction":
            break
    if command == "write":
        # Somewhere inside the next write: its BEGIN, INSERT, history row or COMMIT.
        time.sleep(random.uniform(0, 0.05))  # noqa: S311 - timing jitter, not security
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Lines written before the signal are acknowledgements too (a commit happened).
    acknowledged += sum(1 for line in proc.stdout if line.startswith("ack "))
    engine.dispose()
    fresh = create_db_engine(url)  # opens the file (or server) again, as a restarted app would
    check = integrity(fresh)
    with fresh.connect() as conn:
        rows = conn.execute(
            select(ContributionRow.id).where(ContributionRow.workshop_id == workshop_id)
        ).all()
    present = len(rows)
    try:
        WorkshopStore(fresh).create_contribution(WHO, workshop_id=workshop_id, text="after")
        writable = True
    except Exception:  # reported as a finding
        writable = False
    fresh.dispose()
    return KillResult(fresh.dialect.name, scenario, acknowledged, present, check, writable)


# --------------------------------------------------------------------------- child processes


def _child(argv: Sequence[str]) -> int:
    command, url, workshop_id, writer, count = argv
    engine = create_db_engine(url)
    store = WorkshopStore(engine)
    with engine.connect():
        pass  # connect once before "ready", so start-up cost is not measured
    print("ready", flush=True)
    sys.stdin.readline()
    if command == "write":
        latencies: list[float] = []
        failures = 0
        for index in range(int(count)):
            lat, failed = _write_notes(
                store, int(workshop_id), int(writer), range(index, index + 1)
            )
            if lat:
                print(f"ack {index}", flush=True)
            latencies.extend(lat)
            failures += failed
        print(json.dumps({"latencies_ms": latencies, "failures": failures}), flush=True)
        return 0
    # "hold": commit ``count`` notes, then die inside an open write transaction.
    for index in range(int(count)):
        store.create_contribution(WHO, workshop_id=int(workshop_id), text=_note_text(0, index))
        print(f"ack {index}", flush=True)
    with store._write() as session:  # the store's own write path
        session.add(
            ContributionRow(
                workshop_id=int(workshop_id),
                text="uncommitted",
                kind="observation",
                indicator_ids=[],
                years=[],
                created_at=dt.datetime.now(dt.UTC),
            )
        )
        session.flush()
        print("in-transaction", flush=True)
        time.sleep(600)
    return 1


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(_child(sys.argv[1:]))
