"""The static geometry cache: concurrent first visits, atomic files, LRU pruning under a cap."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sozialraum import staticcache
from sozialraum.loaders import load_town
from sozialraum.maps import GeometryPayload

THREADS = 20


def _at_once(count: int, job):
    """Run ``job(i)`` in ``count`` threads released together; return results or exceptions."""
    barrier = threading.Barrier(count)

    def run(i: int):
        barrier.wait()
        try:
            return job(i)
        except Exception as exc:  # the test counts every failure
            return exc

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_twenty_first_visits_of_one_town_at_once_all_get_the_map(mini_dir, tmp_path) -> None:
    payload = GeometryPayload.from_frame(load_town(mini_dir, "musterstadt").districts)
    folder = tmp_path / "static" / "cache"
    results = _at_once(THREADS, lambda _i: payload.write(folder))
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    assert {Path(r) for r in results} == {folder / payload.file_name}
    assert (folder / payload.file_name).read_text(encoding="utf-8") == payload.json_text
    assert [p.name for p in folder.iterdir()] == [payload.file_name]  # no temporary left over


def _file(folder: Path, name: str, size: int, age_s: float) -> Path:
    path = folder / name
    path.write_bytes(b"x" * size)
    stamp = time.time() - age_s
    os.utime(path, (stamp, stamp))
    return path


def test_prune_removes_least_recently_used_until_under_the_cap(tmp_path) -> None:
    # Five files of 100 bytes, used 5, 4, 3, 2 and 1 hours ago; cap 250 bytes.
    for hours, name in zip((5, 4, 3, 2, 1), "abcde", strict=True):
        _file(tmp_path, f"geo-{name}.json", 100, hours * 3600)
    removed = staticcache.prune(tmp_path, 250, keep=("geo-a.json",), min_age_s=60)
    # a is the oldest but kept (in use by the current payload); b, c, d go oldest first.
    assert sorted(p.name for p in removed) == ["geo-b.json", "geo-c.json", "geo-d.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geo-a.json", "geo-e.json"]
    assert staticcache.folder_size(tmp_path) == 200


def test_prune_spares_recently_used_files_and_removes_stale_temporaries(tmp_path) -> None:
    _file(tmp_path, "geo-old.json", 100, 7200)
    _file(tmp_path, "geo-new.json", 100, 10)  # fetched by a page seconds ago
    _file(tmp_path, ".geo-x.json.tmp-dead", 100, 2 * 3600)  # a writer that died
    _file(tmp_path, ".geo-y.json.tmp-live", 100, 1)  # a writer at work
    staticcache.prune(tmp_path, 0, min_age_s=600)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".geo-y.json.tmp-live", "geo-new.json"]


def test_publishing_an_existing_file_marks_it_used_so_another_is_pruned(tmp_path) -> None:
    first = _file(tmp_path, "geo-first.json", 100, 7200)
    _file(tmp_path, "geo-second.json", 100, 3600)
    staticcache.publish(tmp_path, "geo-first.json", b"x" * 100, cap=10_000)
    assert time.time() - first.stat().st_mtime < 60  # used now
    staticcache.prune(tmp_path, 150, min_age_s=60)
    assert [p.name for p in tmp_path.iterdir()] == ["geo-first.json"]


def test_new_file_prunes_the_folder_to_the_configured_cap(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(staticcache.CAP_ENV_VAR, str(250 / 1024 / 1024))
    assert staticcache.cap_bytes() == 250
    for hours, name in zip((3, 2, 1), "abc", strict=True):
        _file(tmp_path, f"geo-{name}.json", 100, hours * 3600)
    staticcache.publish(tmp_path, "geo-new.json", b"y" * 100)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["geo-c.json", "geo-new.json"]


def test_concurrent_writers_and_pruners_keep_the_cap_and_the_files_in_use(tmp_path) -> None:
    """Stale files over the cap, then 20 threads publishing: old ones go, no page loses its map."""
    size = 1000
    for i in range(30):
        _file(tmp_path, f"geo-old{i:02}.json", size, 3600 + i)
    cap = 8 * size

    def visit(i: int) -> bytes:
        # Half the visitors open the same town (one payload), half open towns of their own.
        name = "geo-current.json" if i % 2 else f"geo-town{i:02}.json"
        data = name.encode() * (size // len(name) + 1)
        path = staticcache.publish(tmp_path, name, data[:size], cap=cap)
        return path.read_bytes()  # what the browser fetches right after

    results = _at_once(THREADS, visit)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert all(len(r) == size for r in results)
    names = sorted(p.name for p in tmp_path.iterdir())
    fresh = ["geo-current.json"] + [f"geo-town{i:02}.json" for i in range(0, THREADS, 2)]
    # Every file a visitor uses is there; the stale ones were pruned to fit the cap (11 fresh
    # files of 1 kB exceed the 8 kB cap on their own, so no stale file may remain).
    assert names == sorted(fresh)


@pytest.mark.parametrize("raw", ["", "not-a-number"])
def test_cap_falls_back_to_the_default(monkeypatch, raw) -> None:
    monkeypatch.setenv(staticcache.CAP_ENV_VAR, raw)
    assert staticcache.cap_bytes() == int(staticcache.DEFAULT_CAP_MB * 1024 * 1024)
