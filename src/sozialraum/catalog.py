"""The indicator catalog: what each indicator means, how it is computed and aggregated."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from sozialraum.errors import ProblemCollector
from sozialraum.i18n import text
from sozialraum.text_tables import read_canonical_table

Kind = Literal["count", "rate", "mean"]
Aggregation = Literal["sum", "ratio", "weighted_mean"]

TOPICS: dict[str, tuple[str, str]] = {
    "housing": ("Wohnen", "Housing"),
    "infrastructure": ("Infrastruktur", "Infrastructure"),
    "migration": ("Migration & Teilhabe", "Migration & participation"),
    "demography": ("Demografie", "Demography"),
    "social": ("Soziale Lage", "Social situation"),
}
KINDS = ("count", "rate", "mean")
AGGREGATIONS = ("sum", "ratio", "weighted_mean")
# Which aggregation is consistent with which kind: a rate is re-computed from its counts,
# a mean is weighted by its base, a count is summed.
_AGGREGATION_FOR_KIND = {"count": "sum", "rate": "ratio", "mean": "weighted_mean"}
INDICATOR_ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,60}$")

# Column order of indicators/catalog.csv (docs/data-format.md); writers use this order.
CATALOG_COLUMNS = (
    "id",
    "topic",
    "label_de",
    "label_en",
    "unit_de",
    "unit_en",
    "definition_de",
    "definition_en",
    "numerator_de",
    "denominator_de",
    "numerator_en",
    "denominator_en",
    "kind",
    "scale",
    "aggregation",
    "polarity",
    "min_count",
    "value_min",
    "value_max",
    "decimals",
    "source",
    "key",
)
REQUIRED_COLUMNS = (
    "id",
    "topic",
    "label_de",
    "label_en",
    "unit_de",
    "unit_en",
    "kind",
    "scale",
    "aggregation",
    "polarity",
    "min_count",
)
OPTIONAL_TEXT_COLUMNS = (
    "definition_de",
    "definition_en",
    "numerator_de",
    "denominator_de",
    "numerator_en",
    "denominator_en",
    "source",
)


@dataclass(frozen=True)
class Indicator:
    """One catalog entry."""

    id: str
    topic: str
    label_de: str
    label_en: str
    unit_de: str
    unit_en: str
    kind: Kind
    scale: float
    aggregation: Aggregation
    polarity: int
    min_count: float
    value_min: float = -math.inf
    value_max: float = math.inf
    decimals: int = 1
    key: bool = False
    definition_de: str = ""
    definition_en: str = ""
    numerator_de: str = ""
    denominator_de: str = ""
    numerator_en: str = ""
    denominator_en: str = ""
    source: str = ""

    def label(self, lang: str = "de") -> str:
        return self.label_de if lang == "de" else self.label_en

    def unit(self, lang: str = "de") -> str:
        return self.unit_de if lang == "de" else self.unit_en

    def definition(self, lang: str = "de") -> str:
        return self.definition_de if lang == "de" else self.definition_en

    def numerator(self, lang: str = "de") -> str:
        return self.numerator_de if lang == "de" else self.numerator_en

    def denominator(self, lang: str = "de") -> str:
        return self.denominator_de if lang == "de" else self.denominator_en

    def formula(self, lang: str = "de") -> str:
        """How a value is computed, in words: ``Zähler ÷ Nenner × 100`` for rates."""
        if self.kind == "rate":
            factor = "" if self.scale == 1 else f" × {self.scale:g}"
            return f"{self.numerator(lang)} ÷ {self.denominator(lang)}{factor}"
        if self.kind == "mean":
            weight = self.denominator(lang)
            return self.definition(lang) + (f" ({weight})" if weight else "")
        return text("m_count", lang)

    def topic_label(self, lang: str = "de") -> str:
        de, en = TOPICS.get(self.topic, (self.topic, self.topic))
        return de if lang == "de" else en

    def format_value(self, value: float | None, lang: str = "de") -> str:
        """A value with the indicator's decimals and locale separators, without unit."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        text = f"{value:,.{self.decimals}f}"
        if lang == "de":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text


class Catalog(Mapping[str, Indicator]):
    """Indicators by id, in catalog order."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self._items = {ind.id: ind for ind in indicators}

    def __getitem__(self, key: str) -> Indicator:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def by_topic(self, topic: str) -> list[Indicator]:
        return [ind for ind in self._items.values() if ind.topic == topic]

    def topics(self) -> list[str]:
        seen = dict.fromkeys(ind.topic for ind in self._items.values())
        return list(seen)

    def merged(self, other: Catalog) -> Catalog:
        """This catalog plus the entries of ``other`` (which win on equal ids)."""
        return Catalog([*{**self._items, **other._items}.values()])

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([ind.__dict__ for ind in self._items.values()])


def _parse_float(text: str, problems: ProblemCollector, row: int, column: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        problems.add("not_a_number", row=row, column=column, value=text)
        return None


def parse_catalog(frame: pd.DataFrame, file: str) -> Catalog:
    """Build a catalog from a table of strings, checking every cell."""
    problems = ProblemCollector(file)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    for column in missing:
        problems.add("missing_column", column=column)
    problems.raise_if_errors()

    indicators: list[Indicator] = []
    seen: set[str] = set()
    for row, rec in zip(frame.index, frame.to_dict("records"), strict=True):
        before = len(problems.problems)
        ind_id = rec["id"].strip()
        if not INDICATOR_ID_PATTERN.match(ind_id):
            problems.add("bad_indicator_id", row=row, column="id", value=ind_id)
        elif ind_id in seen:
            problems.add("duplicate_indicator", row=row, column="id", value=ind_id)
        seen.add(ind_id)
        if rec["topic"] not in TOPICS and not rec["topic"].strip():
            problems.add("empty_cell", row=row, column="topic")
        for column in ("label_de", "label_en"):
            if not rec[column].strip():
                problems.add("empty_cell", row=row, column=column)
        kind = rec["kind"]
        if kind not in KINDS:
            problems.add("bad_enum", row=row, column="kind", value=kind, allowed=", ".join(KINDS))
        aggregation = rec["aggregation"]
        if aggregation not in AGGREGATIONS:
            problems.add(
                "bad_enum",
                row=row,
                column="aggregation",
                value=aggregation,
                allowed=", ".join(AGGREGATIONS),
            )
        elif kind in KINDS and _AGGREGATION_FOR_KIND[kind] != aggregation:
            problems.add("aggregation_mismatch", row=row, column="aggregation", kind=kind)
        if rec["polarity"] not in ("-1", "0", "1"):
            problems.add(
                "bad_enum", row=row, column="polarity", value=rec["polarity"], allowed="-1, 0, 1"
            )
        scale = _parse_float(rec["scale"], problems, row, "scale")
        if scale is not None and scale <= 0:
            problems.add("must_be_positive", row=row, column="scale", value=rec["scale"])
        min_count = _parse_float(rec["min_count"] or "0", problems, row, "min_count")
        value_min = _parse_float(rec.get("value_min") or "-inf", problems, row, "value_min")
        value_max = _parse_float(rec.get("value_max") or "inf", problems, row, "value_max")
        decimals_text = rec.get("decimals") or "1"
        if not decimals_text.isdigit():
            problems.add("not_an_integer", row=row, column="decimals", value=decimals_text)
        if len(problems.problems) > before:
            continue
        indicators.append(
            Indicator(
                id=ind_id,
                topic=rec["topic"],
                label_de=rec["label_de"].strip(),
                label_en=rec["label_en"].strip(),
                unit_de=rec["unit_de"].strip(),
                unit_en=rec["unit_en"].strip(),
                kind=kind,
                scale=float(scale or 1.0),
                aggregation=aggregation,
                polarity=int(rec["polarity"]),
                min_count=float(min_count or 0.0),
                value_min=float(value_min if value_min is not None else -math.inf),
                value_max=float(value_max if value_max is not None else math.inf),
                decimals=int(decimals_text),
                key=rec.get("key", "0").strip() in ("1", "true", "True"),
                **{c: rec.get(c, "").strip() for c in OPTIONAL_TEXT_COLUMNS},
            )
        )
    problems.raise_if_errors()
    return Catalog(indicators)


def load_catalog(path: Path) -> Catalog:
    """Read and check a catalog CSV."""
    frame = read_canonical_table(path)
    return parse_catalog(frame, str(path))


def load_catalog_for(data_dir: Path, town_folder: Path | None = None) -> Catalog:
    """The base catalog of ``data_dir`` plus the indicators an imported town defines.

    Importers of official data (e.g. Zensus) add their own indicators in
    ``indicators/catalog_<name>.csv``; these are merged in name order after the base.
    """
    base_path = data_dir / "indicators" / "catalog.csv"
    catalog = load_catalog(base_path) if base_path.exists() else Catalog([])
    for extra in sorted((data_dir / "indicators").glob("catalog_*.csv")):
        catalog = catalog.merged(load_catalog(extra))
    if town_folder is not None and (town_folder / "catalog.csv").exists():
        catalog = catalog.merged(load_catalog(town_folder / "catalog.csv"))
    if not catalog:
        problems = ProblemCollector(str(base_path))
        problems.add("file_missing")
        problems.raise_if_errors()
    return catalog
