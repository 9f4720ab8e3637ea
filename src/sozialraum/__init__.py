"""Sozialraum-Monitor: socio-spatial district indicators for small and medium-sized towns.

The core (this package without :mod:`sozialraum.ui`) is plain Python: data model, loaders,
validation, classification, importers, and pure figure/map builders. The Streamlit app in
:mod:`sozialraum.ui` is a thin layer on top.
"""

from sozialraum.catalog import Catalog, Indicator, load_catalog
from sozialraum.errors import DataError, Problem
from sozialraum.loaders import TownData, load_town, town_aggregates, wide_table
from sozialraum.paths import default_data_dir, resolve_data_dir
from sozialraum.towns import Town, load_towns

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "DataError",
    "Indicator",
    "Problem",
    "Town",
    "TownData",
    "__version__",
    "default_data_dir",
    "load_catalog",
    "load_town",
    "load_towns",
    "resolve_data_dir",
    "town_aggregates",
    "wide_table",
]
