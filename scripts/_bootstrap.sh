# Shared by scripts/run and scripts/test: make sure `uv` exists, then sync .venv to uv.lock.
# `uv sync --locked` installs exactly the committed lock and fails if pyproject.toml and the
# lock disagree, so every machine (and CI) runs the same versions.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
export UV_PYTHON_DOWNLOADS=never  # use the machine's Python; never download an interpreter

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Sozialraum-Monitor needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi

# uv from PyPI, in a private venv of its own when the machine has none.
UV="$(command -v uv || true)"
if [ -z "$UV" ]; then
  TOOLS="$ROOT/.tools"
  if [ ! -x "$TOOLS/bin/uv" ]; then
    echo "uv not found: installing it from PyPI into $TOOLS …" >&2
    if ! "$PYTHON" -m venv "$TOOLS" 2>/dev/null; then
      # Debian/Ubuntu ship venv separately.
      rm -rf "$TOOLS"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      "$PYTHON" -m venv "$TOOLS"
    fi
    "$TOOLS/bin/python" -m pip install --quiet uv
  fi
  UV="$TOOLS/bin/uv"
fi
export UV
"$UV" sync --quiet --locked --all-extras --python "$PYTHON" --project "$ROOT"
export PATH="$ROOT/.venv/bin:$PATH"
cd "$ROOT"
