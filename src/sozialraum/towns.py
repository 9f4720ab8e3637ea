"""The town registry: embedded towns (``towns.json``) and imported ones (``imported/*/``)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from sozialraum.errors import DataError, ProblemCollector
from sozialraum.slugs import slugify

DataKind = Literal["demo", "imported", "zensus-grid"]
# demo: synthetic values; imported: the user's own data; zensus-grid: districts built from
# the official census grid (sozialraum.regions), real official figures.
DATA_KINDS: tuple[DataKind, ...] = ("demo", "imported", "zensus-grid")
TOWN_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
BKG_ATTRIBUTION = "© GeoBasis-DE / BKG (Daten verändert), dl-de/by-2-0"

_REQUIRED = ("id", "name")
_ID_FROM_NAME_MAX = 40


def town_id_for(name: str, given: str = "") -> str:
    """The id the user gave, else one made from the name (``"Bad Hersfeld"`` → ``"bad-hersfeld"``).

    The result is not checked here: :data:`TOWN_ID_PATTERN` is enforced where it is stored.
    """
    return given.strip() or slugify(name, max_length=_ID_FROM_NAME_MAX)


@dataclass(frozen=True)
class Town:
    """A town and where its data comes from."""

    id: str
    name: str
    state: str = ""
    county: str = ""
    ags: str = ""
    data_kind: DataKind = "demo"
    geometry_quality: str = "schematic"
    sources: tuple[str, ...] = ()
    attribution: tuple[str, ...] = ()
    # Folder holding this town's files when imported; None for embedded towns.
    folder: Path | None = field(default=None, compare=False)

    @property
    def is_demo(self) -> bool:
        return self.data_kind == "demo"

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("folder")
        data["sources"] = list(self.sources)
        data["attribution"] = list(self.attribution)
        return data


def _town_from_dict(raw: object, problems: ProblemCollector, row: int) -> Town | None:
    if not isinstance(raw, dict):
        problems.add("json_not_object", row=row)
        return None
    for key in _REQUIRED:
        if not isinstance(raw.get(key), str) or not raw.get(key):
            problems.add("json_missing_field", row=row, column=key)
            return None
    town_id = raw["id"]
    if not TOWN_ID_PATTERN.match(town_id):
        problems.add("bad_town_id", row=row, column="id", value=town_id)
        return None
    kind = raw.get("data_kind", "demo")
    if kind not in DATA_KINDS:
        problems.add(
            "bad_enum", row=row, column="data_kind", value=kind, allowed=", ".join(DATA_KINDS)
        )
        return None
    ags = str(raw.get("ags", ""))
    if ags and not re.fullmatch(r"\d{8}", ags):
        problems.add("bad_ags", row=row, column="ags", value=ags)
        return None
    return Town(
        id=town_id,
        name=raw["name"],
        state=str(raw.get("state", "")),
        county=str(raw.get("county", "")),
        ags=ags,
        data_kind=kind,
        geometry_quality=str(raw.get("geometry_quality", "schematic")),
        sources=tuple(str(s) for s in raw.get("sources", ())),
        attribution=tuple(str(s) for s in raw.get("attribution", ())),
    )


def _read_json(path: Path, problems: ProblemCollector) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add("file_missing", file=str(path))
    except UnicodeDecodeError:
        problems.add("not_utf8", file=str(path))
    except json.JSONDecodeError as exc:
        problems.add("bad_json", file=str(path), row=exc.lineno, detail=exc.msg)
    return None


def load_towns(data_dir: Path) -> list[Town]:
    """All towns in ``data_dir``: embedded first (file order), then imported (by id).

    Raises :class:`DataError` listing every broken entry.
    """
    problems = ProblemCollector()
    towns: list[Town] = []
    registry = data_dir / "towns.json"
    if registry.exists():
        problems.file = str(registry)
        raw = _read_json(registry, problems)
        if raw is not None and not isinstance(raw, list):
            problems.add("json_not_list")
        elif raw is not None:
            for i, entry in enumerate(raw, start=1):
                town = _town_from_dict(entry, problems, i)
                if town is not None:
                    towns.append(town)
    imported = data_dir / "imported"
    if imported.is_dir():
        for folder in sorted(p for p in imported.iterdir() if p.is_dir()):
            if folder.name.startswith("."):
                continue  # staging folders of an import in progress
            meta = folder / "town.json"
            problems.file = str(meta)
            raw = _read_json(meta, problems)
            if raw is None:
                continue
            town = _town_from_dict(raw, problems, 1)
            if town is None:
                continue
            if town.id != folder.name:
                problems.add("town_folder_mismatch", row=1, column="id", value=town.id)
                continue
            towns.append(_with_folder(town, folder))
    seen: set[str] = set()
    for town in towns:
        if town.id in seen:
            problems.add("duplicate_town", file=str(data_dir), value=town.id)
        seen.add(town.id)
    problems.raise_if_errors()
    return towns


def _with_folder(town: Town, folder: Path) -> Town:
    return Town(**{**town.__dict__, "folder": folder})


def get_town(data_dir: Path, town_id: str) -> Town:
    for town in load_towns(data_dir):
        if town.id == town_id:
            return town
    problems = ProblemCollector(str(data_dir))
    problems.add("unknown_town", value=town_id)
    raise DataError(problems.problems)
