"""Helpers for testing and measuring the app: a real server and Debian's chromium.

Used by the browser tests and by ``sozialraum bench``: ``start_server`` runs
``streamlit run`` of the app on a free local port in its own process group; ``launch_chromium``
starts the system browser with flags that keep it off the network (never a downloaded one).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sozialraum.paths import ENV_VAR
from sozialraum.serve import prepare_app_dir

HEALTH_TIMEOUT_S = 90.0
CHROMIUM = Path("/usr/bin/chromium")
# No background networking, component updates, sync or QUIC: the browser makes no request of
# its own, so a test can assert that none leaves localhost.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class ServerError(RuntimeError):
    """The server did not start (the message carries the end of its log)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_status_kb(pid: int, field: str) -> int | None:
    """A ``kB`` field of /proc/<pid>/status (e.g. VmHWM, the peak resident set)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


@dataclass
class AppServer:
    """A running app serving one data directory."""

    data_dir: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def peak_rss_mb(self) -> float | None:
        """VmHWM of the server process (the streamlit Python process itself)."""
        kb = read_status_kb(self.process.pid, "VmHWM")
        return None if kb is None else round(kb / 1024, 1)

    def stop(self) -> None:
        """Terminate the whole process group (only the group this object started)."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass


def start_server(data_dir: Path, log_dir: Path, app: Path | None = None) -> AppServer:
    """Start the app on a free port with ``SOZIALRAUM_DATA_DIR=data_dir``; wait until healthy.

    ``app`` defaults to the checkout's app.py, or the launcher of an installed package.
    """
    app = app or prepare_app_dir()
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"streamlit-{data_dir.name}-{port}.log"
    env = {**os.environ, ENV_VAR: str(data_dir), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # Edits elsewhere in the tree must not trigger reruns during a measurement or test.
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=app.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    server = AppServer(data_dir, port, process, log)
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
        try:
            health = f"{server.url}/_stcore/health"  # always http://127.0.0.1
            with urllib.request.urlopen(health, timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    server.stop()
    raise ServerError(f"streamlit not healthy after {HEALTH_TIMEOUT_S:.0f} s:\n{server.log_tail()}")


def launch_chromium(playwright: Any) -> Any:
    """Debian's chromium through Playwright (``playwright.sync_api``); never a download."""
    if not CHROMIUM.exists():
        raise ServerError(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        )
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class OutboundListener:
    """A local HTTP server that records every request it receives (the "attacker's" host).

    Files and names under test point at it (``http://127.0.0.1:<port>/…``); a test then
    asserts that :attr:`requests` stays empty. It answers 404 and stops with the context.
    """

    def __init__(self, port: int = 0) -> None:
        import http.server
        import threading

        requests: list[str] = []
        self.requests = requests

        class _Recorder(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                requests.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.end_headers()

            do_GET = do_HEAD = do_POST = _record  # noqa: N815 - http.server's naming

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Recorder)
        self._server.timeout = 1
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str = "x") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def __enter__(self) -> OutboundListener:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
