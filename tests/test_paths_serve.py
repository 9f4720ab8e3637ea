"""Where the data lives (checkout, installed, per-user seeded copy) and how `serve` binds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sozialraum import paths, serve
from sozialraum.cli import build_parser

from .conftest import MINI, REPO


def test_precedence_explicit_then_environment_then_checkout(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    assert paths.resolve_data_dir(tmp_path / "given") == tmp_path / "given"
    assert paths.resolve_data_dir() == tmp_path / "from-env"
    monkeypatch.delenv(paths.ENV_VAR)
    # These tests run from a source checkout: its data/ is the default (developer flow).
    assert paths.source_checkout() == REPO
    assert paths.resolve_data_dir() == REPO / "data"
    assert paths.demo_data_dir() == REPO / "data"
    assert paths.streamlit_config() == REPO / ".streamlit" / "config.toml"


def test_installed_default_is_a_user_folder_seeded_from_the_demo(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    monkeypatch.setattr(paths, "source_checkout", lambda: None)
    monkeypatch.setattr(paths, "demo_data_dir", lambda: MINI)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    data_dir = paths.resolve_data_dir()
    assert data_dir == tmp_path / "xdg" / "sozialraum" / "data"
    assert (data_dir / "towns.json").read_bytes() == (MINI / "towns.json").read_bytes()
    # Once there, it is the user's: edits survive the next start.
    (data_dir / "towns.json").write_text("[]", encoding="utf-8")
    assert paths.resolve_data_dir() == data_dir
    assert (data_dir / "towns.json").read_text(encoding="utf-8") == "[]"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_seeding_by_many_processes_at_once_gives_one_complete_copy(tmp_path) -> None:
    target = tmp_path / "user" / "data"
    barrier = threading.Barrier(8)

    def seed(_i: int) -> Path:
        barrier.wait()
        return paths.seed_data_dir(target, MINI)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(seed, range(8)))
    assert set(results) == {target}
    assert _tree(target) == _tree(MINI)
    assert sorted(p.name for p in target.parent.iterdir()) == ["data"]  # no staging left


def test_seeding_leaves_an_existing_folder_alone_and_fills_an_empty_one(tmp_path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "notes.txt").write_text("mine", encoding="utf-8")
    paths.seed_data_dir(own, MINI)
    assert [p.name for p in own.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    paths.seed_data_dir(empty, MINI)
    assert _tree(empty) == _tree(MINI)


def _serve_args(*argv: str):
    args = build_parser().parse_args(["serve", *argv])
    return serve.address_for(args)


def test_serve_binds_localhost_unless_told_otherwise() -> None:
    assert _serve_args() == "127.0.0.1"
    assert _serve_args("--network") == "0.0.0.0"
    assert _serve_args("--address", "192.168.1.20") == "192.168.1.20"
    with pytest.raises(SystemExit):
        _serve_args("--network", "--address", "10.0.0.1")


def test_serve_command_runs_streamlit_on_the_data_dir(tmp_path) -> None:
    command = serve.serve_command(tmp_path, port=9123, address="127.0.0.1")
    argv = command.argv
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"
    assert argv[argv.index("--server.port") + 1] == "9123"
    assert command.env[paths.ENV_VAR] == str(tmp_path)
    # From a checkout the repository's app.py runs, in the folder holding .streamlit/.
    assert Path(argv[argv.index("run") + 1]) == REPO / "app.py"
    assert command.cwd == REPO


def test_installed_launcher_carries_the_one_streamlit_config(tmp_path) -> None:
    script = serve.prepare_app_dir(tmp_path / "runtime")
    assert script == tmp_path / "runtime" / "app.py"
    config = tmp_path / "runtime" / ".streamlit" / "config.toml"
    assert config.read_bytes() == (REPO / ".streamlit" / "config.toml").read_bytes()
    assert "from sozialraum.ui.app import main" in script.read_text(encoding="utf-8")
    # Running it again changes nothing (several servers may start at once).
    before = config.stat().st_mtime_ns
    serve.prepare_app_dir(tmp_path / "runtime")
    assert config.stat().st_mtime_ns == before


def test_run_script_serves_through_serve() -> None:
    script = (REPO / "scripts" / "run").read_text(encoding="utf-8")
    assert "sozialraum serve" in script
    assert "0.0.0.0" not in script
