"""Check a whole data directory: registry, catalog and every town."""

from __future__ import annotations

from pathlib import Path

from sozialraum.catalog import load_catalog_for
from sozialraum.errors import DataError, Problem
from sozialraum.loaders import load_town
from sozialraum.towns import load_towns


def validate_data_dir(data_dir: Path) -> list[Problem]:
    """All problems found in ``data_dir`` (empty list = valid)."""
    try:
        towns = load_towns(data_dir)
    except DataError as exc:
        return exc.problems
    problems: list[Problem] = []
    try:
        load_catalog_for(data_dir)
    except DataError as exc:
        return exc.problems
    if not towns:
        problems.append(Problem("no_towns", file=str(data_dir)))
    for town in towns:
        try:
            load_town(data_dir, town.id)
        except DataError as exc:
            problems.extend(exc.problems)
    return problems
