"""``sozialraum serve``: start the Streamlit app, from a checkout or from the installed package.

Streamlit serves ``<main script dir>/static`` and the app writes Leaflet and its geometry cache
there, so an installed package runs a small launcher from a writable per-user folder
(:func:`sozialraum.paths.runtime_dir`) instead of writing into site-packages; in a source
checkout the repository's ``app.py`` runs as before. Either way the Streamlit settings come
from the one ``config.toml`` (the checkout's ``.streamlit/``, shipped in the wheel as package
data), read from the working directory the server starts in.

Binds to 127.0.0.1 unless told otherwise: on a venue's Wi-Fi anyone could otherwise open the
app and import or delete towns. ``--network`` (or ``--address``) serves on the LAN.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sozialraum.atomic import write_text
from sozialraum.paths import ENV_VAR, runtime_dir, source_checkout, streamlit_config

EDIT_KEY_ENV_VAR = "SOZIALRAUM_EDIT_KEY"
LOCAL_ADDRESS = "127.0.0.1"
NETWORK_ADDRESS = "0.0.0.0"  # noqa: S104 - only with the explicit --network option
DEFAULT_PORT = 8501

LAUNCHER = '''"""Sozialraum-Monitor launcher, written by `sozialraum serve`."""

from pathlib import Path

from sozialraum.ui.app import main

main(Path(__file__).parent)
'''


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except FileNotFoundError:
        pass
    write_text(path, text)


def prepare_app_dir(folder: Path | None = None) -> Path:
    """The folder holding the app script and ``.streamlit/config.toml``; return the script.

    A source checkout uses its own ``app.py``; an installed package writes the launcher and a
    copy of the shipped settings into ``folder`` (default: the per-user runtime folder).
    """
    checkout = source_checkout()
    if folder is None and checkout is not None:
        return checkout / "app.py"
    folder = folder or runtime_dir()
    _write_if_changed(folder / "app.py", LAUNCHER)
    _write_if_changed(
        folder / ".streamlit" / "config.toml", streamlit_config().read_text(encoding="utf-8")
    )
    return folder / "app.py"


@dataclass(frozen=True)
class ServeCommand:
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    url: str


def serve_command(
    data_dir: Path,
    *,
    port: int = DEFAULT_PORT,
    address: str = LOCAL_ADDRESS,
    app: Path | None = None,
    extra: list[str] | None = None,
) -> ServeCommand:
    """The ``streamlit run`` command line that serves ``data_dir`` on ``address:port``."""
    script = app or prepare_app_dir()
    argv = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port),
        "--server.address", address,
        *(extra or []),
    ]  # fmt: skip
    env = {**os.environ, ENV_VAR: str(data_dir)}
    host = "localhost" if address in (LOCAL_ADDRESS, "localhost") else address
    return ServeCommand(argv, script.parent, env, f"http://{host}:{port}")


def address_for(args: argparse.Namespace) -> str:
    """The address to bind: ``--address``, else all interfaces with ``--network``, else local."""
    return str(args.address or (NETWORK_ADDRESS if args.network else LOCAL_ADDRESS))


def cmd_serve(args: argparse.Namespace) -> int:
    address = address_for(args)
    command = serve_command(args.data_dir, port=args.port, address=address, extra=args.streamlit)
    de = args.lang == "de"
    print(
        f"Sozialraum-Monitor: {command.url}  (Daten: {args.data_dir})"
        if de
        else f"Sozialraum-Monitor: {command.url}  (data: {args.data_dir})",
        file=sys.stderr,
    )
    if address not in (LOCAL_ADDRESS, "localhost", "::1") and not os.environ.get(EDIT_KEY_ENV_VAR):
        print(
            f"Warnung: im Netz erreichbar ({address}) ohne {EDIT_KEY_ENV_VAR} – jede Person "
            "im Netz kann Städte importieren oder löschen."
            if de
            else f"Warning: reachable on the network ({address}) without {EDIT_KEY_ENV_VAR}: "
            "anyone on the network can import or delete towns.",
            file=sys.stderr,
        )
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":  # become the server: signals and the exit code pass straight through
        os.chdir(command.cwd)
        os.execve(sys.executable, command.argv, command.env)  # noqa: S606
    return subprocess.call(command.argv, cwd=command.cwd, env=command.env)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="start the dashboard (Streamlit) on http://localhost:8501",
        description="Start the dashboard. Binds to 127.0.0.1 unless --network or --address is "
        f"given; when serving on a network, set {EDIT_KEY_ENV_VAR} so that changing data "
        "needs a key.",
    )
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)))
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--network", action="store_true", help=f"serve on all interfaces ({NETWORK_ADDRESS})"
    )
    where.add_argument("--address", default=None, help=f"address to bind (default {LOCAL_ADDRESS})")
    p.add_argument(
        "--streamlit",
        action="append",
        default=[],
        metavar="ARG",
        help="an argument for `streamlit run` (repeatable), e.g. --streamlit=--logger.level=debug",
    )
    p.set_defaults(func=cmd_serve)
