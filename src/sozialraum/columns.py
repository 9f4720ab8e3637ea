"""Column names of the main tables (docs/data-format.md), named once.

Code refers to ``DISTRICT_ID`` rather than ``"district_id"``, so a misspelt column is a
NameError at import (and a mypy error) instead of a KeyError somewhere deep, and renaming a
column is one edit. The tuples give the column order writers use.
"""

from __future__ import annotations

from typing import Final

# --------------------------------------------------------------------------- value tables
# indicators/values/<town_id>.csv, imported/<town_id>/values.csv, layers/<town_id>/*.csv

DISTRICT_ID: Final = "district_id"
INDICATOR_ID: Final = "indicator_id"
YEAR: Final = "year"
VALUE: Final = "value"
NUMERATOR: Final = "numerator"
DENOMINATOR: Final = "denominator"
STATUS: Final = "status"  # empty, or an official sign (text_tables.SIGN_LABELS)
SOURCE: Final = "source"

VALUE_COLUMNS: Final = (DISTRICT_ID, INDICATOR_ID, YEAR, VALUE)
OPTIONAL_VALUE_COLUMNS: Final = (NUMERATOR, DENOMINATOR, STATUS, SOURCE)
VALUE_FILE_COLUMNS: Final = (*VALUE_COLUMNS, *OPTIONAL_VALUE_COLUMNS)

# --------------------------------------------------------------------------- town level
# town_series/<name>.csv, town_series/labels/<name>.csv, indicators/reference.csv

AGS: Final = "ags"
TOWN_ID: Final = "town_id"
FIGURE: Final = "figure"
KUERZEL: Final = "kuerzel"
LABEL_DE: Final = "label_de"
EDITION: Final = "edition"

SERIES_COLUMNS: Final = (AGS, INDICATOR_ID, YEAR, VALUE, SOURCE)
SERIES_LABEL_COLUMNS: Final = (INDICATOR_ID, KUERZEL, LABEL_DE, EDITION)
REFERENCE_COLUMNS: Final = (TOWN_ID, AGS, FIGURE, VALUE, YEAR, SOURCE)
