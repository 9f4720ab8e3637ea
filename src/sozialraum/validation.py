"""Check a whole data directory: every file the app reads, through the app's own readers.

Covered: ``towns.json`` and imported ``town.json`` files, the catalog (``catalog.csv``,
``catalog_*.csv``, imported ``catalog.csv``), each town's boundaries (districts, outline),
values and layers, ``indicators/reference.csv``, the town series and their labels
(``town_series/``), and the grid files of the grid view (``grids/*.csv``, read completely).
Because the app reads the same files with the same functions, a file that passes here loads
in the app, and a file that fails shows the same report there.
"""

from __future__ import annotations

from pathlib import Path

from sozialraum.catalog import Catalog, load_catalog_for
from sozialraum.errors import DataError, Problem
from sozialraum.grid import check_grid_files
from sozialraum.loaders import load_town
from sozialraum.reference import check_reference_links, load_reference, reference_path
from sozialraum.town_series import load_town_series
from sozialraum.towns import Town, load_towns


def validate_data_dir(data_dir: Path) -> list[Problem]:
    """All problems found in ``data_dir`` (no problem of severity "error" = valid)."""
    problems: list[Problem] = []
    towns: list[Town] = []
    try:
        towns = load_towns(data_dir)
    except DataError as exc:
        problems.extend(exc.problems)
    catalog: Catalog | None = None
    try:
        catalog = load_catalog_for(data_dir)
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        # Towns and values are checked against the registry and the catalog: with either
        # broken every value row would be reported again. Files that stand alone still are.
        return [*problems, *_standalone_files(data_dir, None, None)]
    if not towns:
        problems.append(Problem("no_towns", file=str(data_dir)))
    for town in towns:
        try:
            load_town(data_dir, town.id)
        except DataError as exc:
            problems.extend(exc.problems)
    return [*problems, *_standalone_files(data_dir, towns, catalog)]


def _standalone_files(
    data_dir: Path, towns: list[Town] | None, catalog: Catalog | None
) -> list[Problem]:
    """Reference figures, town series and grid files."""
    problems: list[Problem] = []
    try:
        reference = load_reference(data_dir)
    except DataError as exc:
        problems.extend(exc.problems)
    else:
        if towns is not None and catalog is not None:
            problems.extend(
                check_reference_links(
                    reference,
                    str(reference_path(data_dir)),
                    [town.id for town in towns],
                    list(catalog),
                )
            )
    try:
        load_town_series(data_dir)
    except DataError as exc:
        problems.extend(exc.problems)
    problems.extend(check_grid_files(data_dir))
    return problems
