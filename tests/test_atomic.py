"""Atomic writes: all or nothing, no temp files left behind, safe under concurrent writers."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from sozialraum import atomic


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_text_creates_folders_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.csv"
    atomic.write_text(target, "x,y\n1,2\n")
    atomic.write_text(target, "x,y\n3,4\n")
    assert target.read_bytes() == b"x,y\n3,4\n"  # no newline translation
    assert _names(target.parent) == ["b.csv"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b.csv"
    target.write_text("old", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert _names(tmp_path) == ["b.csv"]


def test_write_files_replaces_nothing_unless_every_file_was_written(tmp_path: Path) -> None:
    first, second = tmp_path / "one.csv", tmp_path / "two.csv"
    first.write_text("old one", encoding="utf-8")

    class Unencodable(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:
            raise UnicodeEncodeError("utf-8", "", 0, 1, "test")

    with pytest.raises(UnicodeEncodeError):
        atomic.write_files({first: "new one", second: Unencodable("x")})
    assert first.read_text(encoding="utf-8") == "old one"
    assert _names(tmp_path) == ["one.csv"]
    written = atomic.write_files({first: "new one", second: b"two"})
    assert written == [first, second]
    assert (first.read_text(encoding="utf-8"), second.read_bytes()) == ("new one", b"two")


def test_concurrent_writers_of_one_target_all_succeed_with_a_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "geo.json"
    contents = [f"writer {i} ".encode() * 50_000 for i in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(contents))

    def write(data: bytes) -> None:
        barrier.wait()
        try:
            for _ in range(5):
                atomic.write_bytes(target, data)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(c,)) for c in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_bytes() in contents  # one writer's complete content, never a mix
    assert _names(tmp_path) == ["geo.json"]


def test_replace_dir_swaps_a_folder_and_keeps_the_old_one_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "town"
    target.mkdir()
    (target / "v.csv").write_text("old", encoding="utf-8")
    staged = atomic.staging_dir(target)
    (staged / "v.csv").write_text("new", encoding="utf-8")
    atomic.replace_dir(staged, target)
    assert (target / "v.csv").read_text(encoding="utf-8") == "new"
    assert _names(tmp_path) == ["town"]

    staged = atomic.staging_dir(target)
    real_replace = Path.replace

    def failing_replace(self: Path, other: Path) -> Path:
        if self == staged:
            raise OSError("cross-device")
        return real_replace(self, other)

    monkeypatch.setattr(Path, "replace", failing_replace)
    with pytest.raises(OSError, match="cross-device"):
        atomic.replace_dir(staged, target)
    monkeypatch.undo()
    assert (target / "v.csv").read_text(encoding="utf-8") == "new"
    assert sorted(_names(tmp_path)) == sorted(["town", staged.name])


def test_remove_dir(tmp_path: Path) -> None:
    folder = tmp_path / "town"
    folder.mkdir()
    (folder / "x").write_text("1", encoding="utf-8")
    atomic.remove_dir(folder)
    assert _names(tmp_path) == []


def test_checked_write_moves_the_file_in_only_when_the_check_passes(tmp_path: Path) -> None:
    target = tmp_path / "grid.csv"
    with atomic.checked_write(target, b"good") as tmp:
        assert tmp.read_bytes() == b"good"
        assert not target.exists()
    assert target.read_bytes() == b"good"
    with pytest.raises(ValueError, match="bad"), atomic.checked_write(target, b"bad"):
        raise ValueError("bad")
    assert target.read_bytes() == b"good"
    assert _names(tmp_path) == ["grid.csv"]
