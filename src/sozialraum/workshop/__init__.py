"""The workshop (Werkstatt): what the room says about the town, and what it decides.

A workshop holds contributions (notes pinned to a district, a drawn point or polygon, or the
whole town, linked to indicators and years) and a tree of fields of action → goals →
measures. :class:`WorkshopStore` reads and writes them; the values it returns are frozen
dataclasses, so callers never hold live database objects.
"""

from sozialraum.workshop.model import (
    Contribution,
    ContributionKind,
    DistrictCounts,
    FieldOfAction,
    Goal,
    HistoryEntry,
    IndicatorTarget,
    Measure,
    MeasureStatus,
    Sector,
    TargetDirection,
    Workshop,
    WorkshopError,
)
from sozialraum.workshop.store import WorkshopStore

__all__ = [
    "Contribution",
    "ContributionKind",
    "DistrictCounts",
    "FieldOfAction",
    "Goal",
    "HistoryEntry",
    "IndicatorTarget",
    "Measure",
    "MeasureStatus",
    "Sector",
    "TargetDirection",
    "Workshop",
    "WorkshopError",
    "WorkshopStore",
]
