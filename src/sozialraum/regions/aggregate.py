"""Region figures from cell counts: sums of counts, rates recomputed from the sums.

Cells with fewer than 3 cases are suppressed at source in the Zensus 2011 100 m data, so a
region's sum is a lower bound of the true count. A region value is published as ``"."``
(no value, not 0) when none of its cells published the numerator, or when the base is
below the indicator's ``min_count``.

The size of a cell is its population when the grid has one (``Einwohner``), else an
estimate: the cell's dwellings times the town's persons per dwelling (official town
population ÷ the dwellings summed over the town's cells). This dasymetric estimate spreads
the official total over the cells in proportion to their dwellings; the estimates add up to
the town's population exactly, and differ from the true cell populations where household
size, vacancy or suppressed dwellings differ from the town average.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sozialraum.columns import (
    DENOMINATOR,
    DISTRICT_ID,
    INDICATOR_ID,
    NUMERATOR,
    SOURCE,
    STATUS,
    VALUE,
    YEAR,
)
from sozialraum.text_tables import SUPPRESSED

POPULATION = "Einwohner"
DWELLINGS = "dwellings_total_from_floorspace"
SIZE_ESTIMATE = "population_estimate"
CENSUS_2011 = "Zensus 2011 (9.5.2011), 100-m-Gitter"
ATTRIBUTION = "Statistische Ämter des Bundes und der Länder, Zensus 2011, dl-de/by-2-0"


@dataclass(frozen=True)
class Figure:
    """One indicator built from cell columns: ``numerator`` summed, over ``denominator``."""

    id: str
    numerator: tuple[str, ...]
    denominator: str = ""  # a column, or SIZE_ESTIMATE; empty for a count
    catalog: tuple[tuple[str, str], ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        extra = (self.denominator,) if self.denominator not in ("", SIZE_ESTIMATE) else ()
        return (*self.numerator, *extra)


def _row(**fields: str) -> tuple[tuple[str, str], ...]:
    return tuple(fields.items())


_SOURCE = f"{CENSUS_2011}, summiert über die Zellen des Sozialraums; {ATTRIBUTION}"
_LOWER = (
    " Summe über die 100-m-Zellen; Zellen mit weniger als 3 Fällen sind geheim gehalten, "
    "die Summe ist daher eine Untergrenze."
)
_LOWER_EN = (
    " Sum over the 100 m cells; cells with fewer than 3 cases are suppressed, so the sum is a "
    "lower bound."
)
_EST = (
    " Nenner geschätzt: Wohnungen × Personen je Wohnung der Stadt (amtliche Einwohnerzahl ÷ "
    "Wohnungen aller Zellen)."
)
_EST_EN = (
    " Denominator estimated: dwellings × the town's persons per dwelling (official population "
    "÷ dwellings of all cells)."
)

FIGURES: tuple[Figure, ...] = (
    Figure(
        "dwellings",
        (DWELLINGS,),
        catalog=_row(
            topic="housing",
            label_de="Wohnungen",
            label_en="Dwellings",
            unit_de="Wohnungen",
            unit_en="dwellings",
            definition_de="Wohnungen (nach Wohnfläche gezählt), Zensus 2011." + _LOWER,
            definition_en="Dwellings (counted by floor area), census 2011." + _LOWER_EN,
            kind="count",
            scale="1",
            aggregation="sum",
            polarity="0",
            min_count="0",
            value_min="0",
            value_max="100000",
            decimals="0",
            key="1",
        ),
    ),
    Figure(
        SIZE_ESTIMATE,
        (SIZE_ESTIMATE,),
        catalog=_row(
            topic="demography",
            label_de="Einwohner (geschätzt)",
            label_en="Population (estimated)",
            unit_de="Personen",
            unit_en="persons",
            definition_de="Wohnungen der Zellen × Personen je Wohnung der Stadt (amtliche "
            "Einwohnerzahl ÷ Wohnungen aller Zellen der Stadt); keine Zählung.",
            definition_en="Dwellings of the cells × the town's persons per dwelling (official "
            "population ÷ dwellings of all the town's cells); not a count.",
            kind="count",
            scale="1",
            aggregation="sum",
            polarity="0",
            min_count="0",
            value_min="0",
            value_max="200000",
            decimals="0",
            key="1",
        ),
    ),
    Figure(
        "vacancy_rate",
        ("dwellings_NUTZUNG_DETAIL_HHGEN_4",),
        DWELLINGS,
        catalog=_row(
            topic="housing",
            label_de="Leerstandsquote",
            label_en="Vacancy rate",
            unit_de="%",
            unit_en="%",
            definition_de="Leer stehende Wohnungen je 100 Wohnungen, Zensus 2011 (9.5.2011)."
            + _LOWER
            + " Bei weniger als 30 Wohnungen nicht ausgewiesen.",
            definition_en="Vacant dwellings per 100 dwellings, census 2011 (9 May 2011)."
            + _LOWER_EN
            + " Not shown for fewer than 30 dwellings.",
            numerator_de="leer stehende Wohnungen",
            denominator_de="Wohnungen",
            numerator_en="vacant dwellings",
            denominator_en="dwellings",
            kind="rate",
            scale="100",
            aggregation="ratio",
            polarity="-1",
            min_count="30",
            value_min="0",
            value_max="100",
            decimals="1",
            key="1",
        ),
    ),
    Figure(
        "foreigners_share_estimated",
        ("demography_STAATSANGE_KURZ_2",),
        SIZE_ESTIMATE,
        catalog=_row(
            topic="migration",
            label_de="Ausländeranteil (geschätzter Nenner)",
            label_en="Share of foreign nationals (estimated base)",
            unit_de="%",
            unit_en="%",
            definition_de="Einwohner ohne deutsche Staatsangehörigkeit (Zensus 2011) je 100 "
            "geschätzte Einwohner." + _LOWER + _EST + " Neutral dargestellt.",
            definition_en="Residents without German citizenship (census 2011) per 100 "
            "estimated residents." + _LOWER_EN + _EST_EN + " Shown as neutral.",
            numerator_de="Ausländerinnen und Ausländer",
            denominator_de="Einwohner (geschätzt)",
            numerator_en="foreign nationals",
            denominator_en="residents (estimated)",
            kind="rate",
            scale="100",
            aggregation="ratio",
            polarity="0",
            min_count="50",
            value_min="0",
            value_max="100",
            decimals="1",
            key="1",
        ),
    ),
    Figure(
        "cooperative_municipal_share",
        ("dwellings_EIGENTUM_3", "dwellings_EIGENTUM_4"),
        DWELLINGS,
        catalog=_row(
            topic="housing",
            label_de="Wohnungen von Genossenschaften und Kommunen",
            label_en="Cooperative and municipal dwellings",
            unit_de="%",
            unit_en="%",
            definition_de="Wohnungen in Gebäuden von Wohnungsgenossenschaften oder Kommunen "
            "bzw. kommunalen Wohnungsunternehmen je 100 Wohnungen, Zensus 2011." + _LOWER,
            definition_en="Dwellings in buildings owned by housing cooperatives or "
            "municipalities/municipal housing companies per 100 dwellings, census 2011."
            + _LOWER_EN,
            numerator_de="Wohnungen von Genossenschaften und Kommunen",
            denominator_de="Wohnungen",
            numerator_en="cooperative and municipal dwellings",
            denominator_en="dwellings",
            kind="rate",
            scale="100",
            aggregation="ratio",
            polarity="0",
            min_count="30",
            value_min="0",
            value_max="100",
            decimals="1",
            key="0",
        ),
    ),
    Figure(
        "buildings_pre1949_share",
        ("buildings_BAUJAHR_MZ_1", "buildings_BAUJAHR_MZ_2"),
        "buildings_total_from_constr_year",
        catalog=_row(
            topic="housing",
            label_de="Gebäude vor 1949",
            label_en="Buildings before 1949",
            unit_de="%",
            unit_en="%",
            definition_de="Gebäude mit Wohnraum, errichtet vor 1949, je 100 Gebäude, "
            "Zensus 2011." + _LOWER + " Bei weniger als 20 Gebäuden nicht ausgewiesen.",
            definition_en="Buildings with dwellings built before 1949 per 100 buildings, "
            "census 2011." + _LOWER_EN + " Not shown for fewer than 20 buildings.",
            numerator_de="Gebäude vor 1949",
            denominator_de="Gebäude",
            numerator_en="buildings before 1949",
            denominator_en="buildings",
            kind="rate",
            scale="100",
            aggregation="ratio",
            polarity="0",
            min_count="20",
            value_min="0",
            value_max="100",
            decimals="1",
            key="0",
        ),
    ),
)


def catalog_rows(figures: Sequence[Figure] = FIGURES) -> list[dict[str, str]]:
    """Catalog entries of the figures (they replace base entries of the same id)."""
    return [{"id": f.id, **dict(f.catalog), "source": _SOURCE} for f in figures]


def available(frame: pd.DataFrame, figures: Sequence[Figure] = FIGURES) -> list[Figure]:
    """The figures whose columns the grid has (the size estimate is always there)."""
    have = set(frame.columns) | {SIZE_ESTIMATE}
    return [f for f in figures if set(f.columns) <= have]


def cell_sizes(frame: pd.DataFrame, town_population: float | None) -> tuple[np.ndarray, float]:
    """Size per cell and persons per dwelling (NaN when the grid has population)."""
    if POPULATION in frame.columns:
        return pd.to_numeric(frame[POPULATION], errors="coerce").fillna(0).to_numpy(float), np.nan
    dwellings = pd.to_numeric(frame[DWELLINGS], errors="coerce").fillna(0).to_numpy(float)
    if town_population is None or dwellings.sum() <= 0:
        raise ValueError("town population and dwellings are needed for the size estimate")
    ppd = float(town_population) / float(dwellings.sum())
    return dwellings * ppd, ppd


def _fmt(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def region_values(
    frame: pd.DataFrame,
    labels: np.ndarray,
    district_ids: Sequence[str],
    size: np.ndarray,
    *,
    year: int = 2011,
    figures: Sequence[Figure] = FIGURES,
) -> pd.DataFrame:
    """Long value table (text columns) of every available figure for every region."""
    data = frame.copy()
    data[SIZE_ESTIMATE] = size
    data["_region"] = labels
    data.groupby("_region")
    rows: list[dict[str, str]] = []
    for figure in available(data, figures):
        meta = dict(figure.catalog)
        decimals = int(meta.get("decimals", "1"))
        scale = float(meta.get("scale", "1"))
        min_count = float(meta.get("min_count", "0"))
        numerator_cells = data[list(figure.numerator)].apply(pd.to_numeric, errors="coerce")
        published = numerator_cells.notna().any(axis=1).groupby(data["_region"]).sum()
        numerator = numerator_cells.sum(axis=1, min_count=1).groupby(data["_region"]).sum()
        if figure.denominator:
            column = pd.to_numeric(data[figure.denominator], errors="coerce")
            denominator = column.groupby(data["_region"]).sum()
        for region, name in enumerate(district_ids):
            # The source is the catalog entry's (the loader fills it in): one text, not one per row.
            row = {DISTRICT_ID: name, INDICATOR_ID: figure.id, YEAR: str(year), SOURCE: ""}
            num = float(numerator.get(region, 0.0))
            no_value = published.get(region, 0) == 0
            if not figure.denominator:
                if figure.id == SIZE_ESTIMATE:
                    num = round(num)
                if no_value:
                    rows.append(
                        {**row, VALUE: "", NUMERATOR: "", DENOMINATOR: "", STATUS: SUPPRESSED}
                    )
                else:
                    rows.append(
                        {**row, VALUE: _fmt(num, 0), NUMERATOR: "", DENOMINATOR: "", STATUS: ""}
                    )
                continue
            den = float(denominator.get(region, 0.0))
            if figure.denominator == SIZE_ESTIMATE:
                den = round(den)
            if no_value or den < max(min_count, 1) or num > den:
                rows.append({**row, VALUE: "", NUMERATOR: "", DENOMINATOR: "", STATUS: SUPPRESSED})
                continue
            value = round(num / den * scale, decimals)
            rows.append(
                {
                    **row,
                    VALUE: _fmt(value, decimals),
                    NUMERATOR: _fmt(num, 0),
                    DENOMINATOR: _fmt(den, 0),
                    STATUS: "",
                }
            )
    return pd.DataFrame(
        rows,
        columns=[DISTRICT_ID, INDICATOR_ID, YEAR, VALUE, NUMERATOR, DENOMINATOR, STATUS, SOURCE],
    )
