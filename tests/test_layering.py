"""The core (``sozialraum`` minus ``ui`` and ``importers``) depends on neither."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import sozialraum

_ALLOWED_TO_IMPORT_IMPORTERS = {
    "sozialraum.cli",  # registers the importer subcommands
    # Grid-built Sozialräume end as a new imported town: the build and its CLI write through
    # the importers' store (all or nothing, checked by the loader), as an importer does. The
    # computing modules (cells, regionalise, naming, aggregate) stay in the checked core.
    "sozialraum.regions.build",
    "sozialraum.regions.cli",
}


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(sozialraum.__path__, "sozialraum."):
        name = info.name
        if name.startswith(("sozialraum.ui", "sozialraum.importers", "sozialraum.bench")):
            continue
        # Alembic's migration scripts only run inside Alembic's context (they read its config).
        if name.startswith("sozialraum.db.migrations"):
            continue
        if name in _ALLOWED_TO_IMPORT_IMPORTERS or name == "sozialraum.testing":
            continue
        if name == "sozialraum.db.migrations.env":
            continue  # Alembic's environment script: run by Alembic, not importable on its own
        names.append(name)
    return names


def test_core_modules_import_neither_importers_nor_streamlit() -> None:
    modules = _core_modules()
    assert {"sozialraum.grid", "sozialraum.loaders", "sozialraum.census_grid"} <= set(modules)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.startswith('sozialraum.importers') or m.split('.')[0] == 'streamlit')\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == ""
