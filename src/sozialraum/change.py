"""Change of an indicator between two years, per district: what the change map shows.

Two measures: the difference in the indicator's unit (for rates: percentage points), or the
relative change in %. A district without a value in either year has no change; where that
is because a value is suppressed (``.``), the change is suppressed too, so the map tells
"secret" from "no data" as the value maps do.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from sozialraum.catalog import Indicator
from sozialraum.columns import (
    STATUS,
    VALUE,
)
from sozialraum.loaders import TownData, indicator_frame
from sozialraum.text_tables import SUPPRESSED

Measure = Literal["points", "percent"]
MEASURES: tuple[Measure, ...] = ("points", "percent")


@dataclass(frozen=True)
class Change:
    """The change map's data: ``frame`` (index district_id; name, value, status, rank)
    and an indicator describing the change (label, unit, at least one decimal)."""

    frame: pd.DataFrame
    indicator: Indicator
    unit: str


def change_unit(indicator: Indicator, measure: Measure, lang: str) -> str:
    """``%`` for relative change; for differences the indicator's unit, with percentage
    points (``Pp.`` / ``pp``) for a difference of two percentages."""
    if measure == "percent":
        return "%"
    unit = indicator.unit(lang)
    if unit == "%":
        return "Pp." if lang == "de" else "pp"
    return unit


def change_values(before: pd.Series, after: pd.Series, measure: Measure) -> pd.Series:
    """District changes; NaN where a year has no value or a relative change is undefined."""
    if measure == "points":
        return after - before
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (after / before - 1.0) * 100.0
    return change.replace([np.inf, -np.inf], np.nan)


def district_change(
    town: TownData,
    indicator: Indicator,
    year_from: int,
    year_to: int,
    measure: Measure,
    *,
    label: str,
    lang: str,
) -> Change:
    """The change of ``indicator`` from ``year_from`` to ``year_to`` in every district.

    ``label`` names the change (e.g. "Veränderung 2018–2022") in legends and tooltips.
    """
    before = indicator_frame(town, indicator, year_from)
    after = indicator_frame(town, indicator, year_to)
    frame = after[["name"]].copy()
    frame[VALUE] = change_values(before[VALUE], after[VALUE], measure)
    suppressed = (before[STATUS] == SUPPRESSED) | (after[STATUS] == SUPPRESSED)
    frame[STATUS] = np.where(suppressed & frame[VALUE].isna(), SUPPRESSED, "")
    frame["rank"] = frame[VALUE].rank(ascending=False, method="min")
    unit = change_unit(indicator, measure, lang)
    described = dataclasses.replace(
        indicator,
        unit_de=unit,
        unit_en=unit,
        label_de=label,
        label_en=label,
        decimals=max(indicator.decimals, 1),
    )
    return Change(frame=frame, indicator=described, unit=unit)
