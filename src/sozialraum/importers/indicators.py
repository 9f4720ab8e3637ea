"""Map the indicator names of a user's table to catalog ids, or define new indicators.

Tables name indicators by the catalog's German or English label ("Ausländeranteil",
"Share of foreign nationals"), often with a unit ("Ausländeranteil (%)", "… in %"), or by
id. A mapping given by the user wins. Indicators the catalog lacks can be defined; they
become rows of the town's own ``catalog.csv``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sozialraum.catalog import (
    CATALOG_COLUMNS,
    INDICATOR_ID_PATTERN,
    KINDS,
    TOPICS,
    Catalog,
    Kind,
    parse_catalog,
)
from sozialraum.errors import ProblemCollector
from sozialraum.importers._text import normalize_label
from sozialraum.slugs import ascii_fold, slugify

# Column order of indicators/catalog.csv (see docs/data-format.md).
_UNIT_SUFFIX = re.compile(r"\s*(\([^()]*\)|\[[^\[\]]*\]|\bin\s+\S+|\bje\s+.+)\s*$")
_SCALES = {"%": 100, "‰": 1000}
_AGGREGATION = {"count": "sum", "rate": "ratio", "mean": "weighted_mean"}
CATALOG_FILE = "catalog.csv"


@dataclass(frozen=True)
class NewIndicator:
    """An indicator the catalog does not have, defined by the user at import."""

    label: str
    unit: str = ""
    kind: Kind = "rate"
    polarity: int = 0
    source: str = ""
    id: str = ""  # default: derived from the label
    label_en: str = ""
    unit_en: str = ""
    topic: str = "social"
    definition: str = ""
    value_min: float | None = None
    value_max: float | None = None
    decimals: int | None = None

    @property
    def indicator_id(self) -> str:
        if self.id:
            return self.id
        slug = slugify(self.label, "_", max_length=50)
        return slug if slug[:1].isalpha() else f"ind_{slug}"

    @classmethod
    def from_mapping(cls, raw: Mapping[str, object]) -> NewIndicator:
        """From JSON-like input (the CLI's ``--new-indicator``); unknown keys are refused."""
        known = set(cls.__dataclass_fields__)
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
        # ``raw`` is parsed JSON: the field names are checked above, their types are not.
        return cls(**raw)  # type: ignore[arg-type]

    def catalog_row(self) -> dict[str, str]:
        """The row for the town's catalog.csv, with defaults that fit the kind and unit."""
        scale = _SCALES.get(self.unit.strip(), 1) if self.kind == "rate" else 1
        low = (
            self.value_min if self.value_min is not None else (0 if self.kind == "count" else None)
        )
        decimals = (
            self.decimals if self.decimals is not None else (0 if self.kind == "count" else 1)
        )
        return {
            "id": self.indicator_id,
            "topic": self.topic,
            "label_de": self.label.strip(),
            "label_en": (self.label_en or self.label).strip(),
            "unit_de": self.unit.strip(),
            "unit_en": (self.unit_en or self.unit).strip(),
            "definition_de": self.definition,
            "definition_en": "",
            "numerator_de": "",
            "denominator_de": "",
            "numerator_en": "",
            "denominator_en": "",
            "kind": self.kind,
            "scale": str(scale),
            "aggregation": _AGGREGATION.get(self.kind, ""),
            "polarity": str(self.polarity),
            "min_count": "0",
            "value_min": _num(low),
            "value_max": _num(self.value_max),
            "decimals": str(decimals),
            "source": self.source,
            "key": "0",
        }


def _num(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isinf(value)):
        return ""
    return f"{value:g}"


def new_indicator_catalog(
    new: Sequence[NewIndicator], base: Catalog
) -> tuple[Catalog, list[dict[str, str]]]:
    """Check the definitions with the real catalog parser; return them as catalog and rows."""
    rows = [ind.catalog_row() for ind in new]
    problems = ProblemCollector("catalog.csv")
    for line, (ind, row) in enumerate(zip(new, rows, strict=True), start=2):
        if row["id"] in base:
            problems.add("new_indicator_exists", row=line, column="id", value=row["id"])
        if ind.kind not in KINDS:
            problems.add(
                "bad_enum", row=line, column="kind", value=ind.kind, allowed=", ".join(KINDS)
            )
        if ind.topic not in TOPICS:
            problems.add(
                "bad_enum", row=line, column="topic", value=ind.topic, allowed=", ".join(TOPICS)
            )
        if not INDICATOR_ID_PATTERN.match(row["id"]):
            problems.add("bad_indicator_id", row=line, column="id", value=row["id"])
    problems.raise_if_errors()
    frame = pd.DataFrame(rows, columns=list(CATALOG_COLUMNS), dtype=object)
    frame.index = pd.Index(range(2, len(rows) + 2), name="line")
    return parse_catalog(frame, "catalog.csv"), rows


def _keys(text: str) -> list[str]:
    """Comparison keys of a label: as is, without a unit suffix, and ASCII-folded."""
    plain = normalize_label(text)
    bare = _UNIT_SUFFIX.sub("", plain).strip()
    return list(dict.fromkeys(k for k in (plain, bare, ascii_fold(plain), ascii_fold(bare)) if k))


class IndicatorResolver:
    """Finds a catalog id for a column or cell text; the user's mapping comes first."""

    def __init__(self, catalog: Catalog, mapping: Mapping[str, str] | None = None) -> None:
        self.catalog = catalog
        self._given = dict(mapping or {})
        self._mapping = {normalize_label(k): v for k, v in self._given.items()}
        self._index: dict[str, str | None] = {}
        self._labels: dict[str, str] = {}
        for ind in catalog.values():
            for text in (ind.id, ind.label_de, ind.label_en):
                for key in _keys(text):
                    known = self._index.get(key, ind.id)
                    self._index[key] = ind.id if known == ind.id else None
            self._labels[normalize_label(ind.label_de)] = ind.id
            self._labels[normalize_label(ind.label_en)] = ind.id

    def check_mapping(self, problems: ProblemCollector) -> None:
        for source, target in self._given.items():
            if target not in self.catalog:
                problems.add("mapping_target_unknown", value=source, target=target)

    def resolve(self, text: str) -> str | None:
        if not text:
            return None
        for key in _keys(text):
            if self._mapping.get(key) in self.catalog:
                return self._mapping[key]
        for key in _keys(text):
            if self._index.get(key):
                return self._index[key]
        return None

    def suggest(self, text: str) -> str | None:
        """``"label (id)"`` of the closest catalog label, if any is close enough."""
        keys = _keys(text)
        close = difflib.get_close_matches(
            keys[-1] if keys else "", list(self._labels), n=1, cutoff=0.7
        )
        if not close:
            return None
        ind = self.catalog[self._labels[close[0]]]
        return f"{ind.label_de} ({ind.id})"
