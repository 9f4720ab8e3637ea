"""The town comparison: which indicators to compare, and each town's value beside an
official figure for it.

The town value is computed from the district data (:attr:`TownData.aggregates`). The
official figure is the imported town series (e.g. INKAR) for that year where there is one,
else the cited reference figure (``indicators/reference.csv``, any year).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sozialraum.catalog import Catalog
from sozialraum.columns import (
    FIGURE,
    INDICATOR_ID,
    SOURCE,
    TOWN_ID,
    VALUE,
    YEAR,
)
from sozialraum.loaders import TownData
from sozialraum.town_series import official_series

DEFAULT_SHOWN = 4
# Reference figures that are not catalog indicators: (German, English) label.
EXTRA_FIGURES: dict[str, tuple[str, str]] = {"area_ha": ("Fläche (ha)", "Area (ha)")}
TABLE_COLUMNS = ("town", "kind", VALUE, "reference", "reference_year", "reference_source")


def comparable_ids(catalog: Catalog, current: str) -> list[str]:
    """The key indicators, led by the current one when it is not a key indicator itself."""
    key_ids = [i for i in catalog if catalog[i].key]
    return key_ids if current in key_ids else [current, *key_ids]


def default_selection(comparable: Sequence[str], current: str) -> list[str]:
    """The current indicator and the first other comparable ones, at most DEFAULT_SHOWN."""
    others = [i for i in comparable if i != current]
    return [current, *others[: DEFAULT_SHOWN - 1]]


@dataclass(frozen=True)
class OfficialFigure:
    value: float
    year: int | None
    source: str


def official_figure(
    town: TownData,
    indicator_id: str,
    year: int,
    town_series: pd.DataFrame,
    reference: pd.DataFrame,
) -> OfficialFigure:
    """The town series' value for ``year`` if there is one, else the cited reference figure."""
    if town.town.ags:
        series = official_series(town_series, town.town.ags, indicator_id)
        same_year = series[series[YEAR] == year]
        if len(same_year):
            row = same_year.iloc[0]
            return OfficialFigure(float(row[VALUE]), year, str(row[SOURCE]))
    mine = reference[TOWN_ID] == town.town.id
    cited = reference[mine & (reference[FIGURE] == indicator_id)]
    if not len(cited):
        return OfficialFigure(float("nan"), None, "")
    row = cited.iloc[0]
    return OfficialFigure(float(row[VALUE]), int(row[YEAR]), str(row[SOURCE]))


def town_value(town: TownData, indicator_id: str, year: int) -> float:
    """The town's value computed from its districts; NaN if there is none."""
    agg = town.aggregates
    hit = agg[(agg[INDICATOR_ID] == indicator_id) & (agg[YEAR] == year)]
    return float(hit[VALUE].iloc[0]) if len(hit) else float("nan")


def town_table(
    towns: Sequence[TownData],
    indicator_id: str,
    year: int,
    town_series: pd.DataFrame,
    reference: pd.DataFrame,
) -> pd.DataFrame:
    """One row per town: name, data kind, town value (NaN if none) and official figure."""
    rows = []
    for town in towns:
        official = official_figure(town, indicator_id, year, town_series, reference)
        rows.append(
            {
                "town": town.town.name,
                "kind": town.town.data_kind,
                VALUE: town_value(town, indicator_id, year),
                "reference": official.value,
                "reference_year": official.year,
                "reference_source": official.source,
            }
        )
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def reference_rows(
    reference: pd.DataFrame, towns: Sequence[TownData], catalog: Catalog, lang: str
) -> pd.DataFrame:
    """The cited figures of the compared towns: town, figure (labelled), value, year, source."""
    names = pd.DataFrame(
        {TOWN_ID: [t.town.id for t in towns], "town": [t.town.name for t in towns]}
    )
    rows = reference.merge(names, on=TOWN_ID)
    labels = {i: catalog[i].label(lang) for i in catalog}
    labels.update({k: de if lang == "de" else en for k, (de, en) in EXTRA_FIGURES.items()})
    rows = rows.assign(figure=rows[FIGURE].map(labels).fillna(rows[FIGURE]))
    return rows[["town", FIGURE, VALUE, YEAR, SOURCE]]


def summary_table(
    towns: Sequence[TownData], indicator_ids: Sequence[str], year: int, catalog: Catalog
) -> pd.DataFrame:
    """Town values side by side: ``town`` and one column per indicator, rounded for display."""
    out = pd.DataFrame({"town": [t.town.name for t in towns]})
    for indicator_id in indicator_ids:
        decimals = catalog[indicator_id].decimals
        out[indicator_id] = [round(town_value(t, indicator_id, year), decimals) for t in towns]
    return out
