"""Concurrent writers lose and duplicate nothing; a killed writer loses only its own note.

The same code as ``scripts/stress_workshop.py`` (which prints the full 20 × 200 figures),
with fewer notes to keep the suite fast.
"""

from __future__ import annotations

import pytest

from sozialraum.workshop.stress import kill_writer, run_writers


@pytest.mark.parametrize(("mode", "writers", "notes"), [("threads", 8, 25), ("processes", 3, 15)])
def test_concurrent_writers_lose_nothing(db_url: str, mode: str, writers: int, notes: int) -> None:
    result = run_writers(db_url, writers, notes, mode)  # type: ignore[arg-type]
    assert result.failed_writes == 0
    assert (result.present, result.missing, result.duplicated) == (writers * notes, 0, 0)


def test_writer_killed_in_open_transaction(db_url: str) -> None:
    result = kill_writer(db_url, "in_transaction", acknowledged_before_kill=3)
    assert result.acknowledged == 3
    assert result.present == 3  # the uncommitted fourth note is gone, nothing else
    assert result.integrity in ("ok", "n/a")
    assert result.writable_after


def test_writer_killed_while_writing(db_url: str) -> None:
    result = kill_writer(db_url, "while_writing", acknowledged_before_kill=4)
    assert result.acknowledged >= 4
    assert result.acknowledged <= result.present <= result.acknowledged + 1
    assert result.integrity in ("ok", "n/a")
    assert result.writable_after
