"""The town comparison: which indicators to compare, and each town's value beside an
official figure for it.

The town value is computed from the district data (:attr:`TownData.aggregates`). The
official figure is the imported town series (e.g. INKAR) for that year where there is one,
else the cited reference figure (``indicators/reference.csv``, any year).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

import pandas as pd

from sozialraum.catalog import Catalog
from sozialraum.columns import (
    AGS,
    FIGURE,
    INDICATOR_ID,
    SOURCE,
    TOWN_ID,
    VALUE,
    YEAR,
)
from sozialraum.display import cell_text
from sozialraum.i18n import text
from sozialraum.loaders import TownData
from sozialraum.reference import EXTRA_FIGURES
from sozialraum.town_series import official_series

DEFAULT_SHOWN = 4
# Reference figures that are not catalog indicators: (German, English) label.
TABLE_COLUMNS = (
    "town",
    "kind",
    VALUE,
    "reference",
    "reference_year",
    "reference_source",
    "shown",
    "shown_year",
    "basis",
    "shown_source",
)
# What a shown town figure rests on: an official town series, or the district data
# (synthetic demo data, or imported district data).
OFFICIAL: Final = "official"
DEMO: Final = "demo"
DISTRICTS: Final = "districts"


def one_per_municipality(towns: Sequence[TownData], current: str) -> list[TownData]:
    """One data set per municipality (AGS): the current town's, else the first listed.

    A town may have several data sets (the demo and the Sozialräume built from the census
    grid share the AGS); a comparison of towns shows each town once. Towns without AGS
    are all kept.
    """
    chosen: dict[str, TownData] = {}
    out: list[TownData] = []
    for town in towns:
        ags = town.town.ags
        if not ags:
            out.append(town)
        elif ags not in chosen or town.town.id == current:
            chosen[ags] = town
    keep = {id(t) for t in chosen.values()}
    return [t for t in towns if id(t) in keep or not t.town.ags]


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


@dataclass(frozen=True)
class ShownFigure:
    """The figure a town is shown with: official where there is one, else from districts."""

    value: float
    year: int
    basis: str  # OFFICIAL, DEMO or DISTRICTS
    source: str


def nearest_year(years: Sequence[int], year: int) -> int | None:
    """``year`` if present, else the latest earlier one, else the earliest later one."""
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return max(earlier) if earlier else min(years)


def official_first(
    town: TownData, indicator_id: str, year: int, town_series: pd.DataFrame
) -> ShownFigure:
    """The town's official series value (for ``year`` or the nearest year before it, as
    published figures lag), else the value computed from its district data.

    A planner compares towns with official numbers; district data (synthetic in the demo)
    only fills in where no official series exists.
    """
    if town.town.ags:
        series = official_series(town_series, town.town.ags, indicator_id)
        chosen = nearest_year(sorted(int(y) for y in series[YEAR]), year)
        if chosen is not None:
            row = series[series[YEAR] == chosen].iloc[0]
            return ShownFigure(float(row[VALUE]), chosen, OFFICIAL, str(row[SOURCE]))
    basis = DEMO if town.town.is_demo else DISTRICTS
    source = "; ".join(town.town.sources)
    return ShownFigure(town_value(town, indicator_id, year), year, basis, source)


def basis_label(basis: str, source: str, lang: str) -> str:
    """'amtlich (INKAR)' / 'Demo (synthetisch)' / 'aus Bezirksdaten' (and in English)."""
    if basis == OFFICIAL:
        return text("basis_official_inkar" if "INKAR" in source else "basis_official", lang)
    return text("basis_demo" if basis == DEMO else "basis_districts", lang)


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
    """One row per town: name, data kind, town value from districts (NaN if none), the
    official figure, and the figure shown first (``shown``: official where there is one)."""
    rows = []
    for town in towns:
        official = official_figure(town, indicator_id, year, town_series, reference)
        shown = official_first(town, indicator_id, year, town_series)
        rows.append(
            {
                "town": town.town.name,
                "kind": town.town.data_kind,
                VALUE: town_value(town, indicator_id, year),
                "reference": official.value,
                "reference_year": official.year,
                "reference_source": official.source,
                "shown": shown.value,
                "shown_year": shown.year,
                "basis": shown.basis,
                "shown_source": shown.source,
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
    labels.update({figure: text(f"figure_{figure}", lang) for figure in EXTRA_FIGURES})
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


SUMMARY_COLUMNS = ("town", INDICATOR_ID, VALUE, YEAR, "basis", SOURCE)


def official_first_summary(
    towns: Sequence[TownData],
    indicator_ids: Sequence[str],
    year: int,
    catalog: Catalog,
    town_series: pd.DataFrame,
    lang: str,
) -> pd.DataFrame:
    """Every town on every indicator, official first: town, indicator (label), value
    (rounded), year, basis (labelled) and source; one row per town and indicator."""
    rows = []
    for indicator_id in indicator_ids:
        indicator = catalog[indicator_id]
        for town in towns:
            shown = official_first(town, indicator_id, year, town_series)
            rows.append(
                {
                    "town": town.town.name,
                    INDICATOR_ID: f"{indicator.label(lang)} ({indicator.unit(lang)})",
                    # Text, as the other tables: "–" where a town has no value.
                    VALUE: cell_text(shown.value, "", partial(indicator.format_value, lang=lang)),
                    YEAR: shown.year,
                    "basis": basis_label(shown.basis, shown.source, lang),
                    SOURCE: shown.source,
                }
            )
    frame = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    return frame.astype({YEAR: int})


def official_only_ids(town_series: pd.DataFrame, min_towns: int = 2) -> list[str]:
    """Series ids published for at least ``min_towns`` towns (comparable across towns)."""
    counts = town_series.groupby(INDICATOR_ID)[AGS].nunique()
    return sorted(counts[counts >= min_towns].index)


def official_town_table(
    towns: Sequence[TownData], town_series: pd.DataFrame, indicator_id: str, year: int
) -> pd.DataFrame:
    """Each town's official value of one series for ``year`` or the nearest year before:
    town, value, year, source (NaN / no year where the town has no value)."""
    rows = []
    for town in towns:
        series = official_series(town_series, town.town.ags, indicator_id)
        chosen = nearest_year(sorted(int(y) for y in series[YEAR]), year)
        hit = series[series[YEAR] == chosen] if chosen is not None else series.iloc[0:0]
        rows.append(
            {
                "town": town.town.name,
                VALUE: float(hit[VALUE].iloc[0]) if len(hit) else float("nan"),
                YEAR: chosen,
                SOURCE: str(hit[SOURCE].iloc[0]) if len(hit) else "",
            }
        )
    return pd.DataFrame(rows, columns=["town", VALUE, YEAR, SOURCE]).astype({YEAR: "Int64"})
