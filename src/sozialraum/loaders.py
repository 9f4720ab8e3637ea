"""Load a town: districts (geopandas) joined with indicator values, checked on the way in.

Every problem is reported with file, row and column, all at once, as one
:class:`~sozialraum.errors.DataError`; a town either loads completely or not at all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sozialraum.catalog import Catalog, Indicator, load_catalog_for
from sozialraum.columns import (
    DENOMINATOR,
    DISTRICT_ID,
    INDICATOR_ID,
    NUMERATOR,
    OPTIONAL_VALUE_COLUMNS,
    SOURCE,
    STATUS,
    TOWN_ID,
    VALUE,
    VALUE_COLUMNS,
    YEAR,
)
from sozialraum.errors import DataError, ProblemCollector
from sozialraum.offline import disable_network
from sozialraum.text_tables import SIGN_LABELS, SUPPRESSED, read_canonical_table
from sozialraum.towns import Town, get_town

# Data directories may come from users too: GDAL must never follow a URL found in a file.
disable_network()

CRS = "EPSG:4326"
MAX_PROBLEMS_PER_KIND = 20
YEAR_RANGE = (1900, 2100)


@dataclass
class TownData:
    """A town's districts and values, ready for maps, charts and export.

    ``values`` is the public long table: rows whose base is below the indicator's
    ``min_count`` carry status ``"."`` and no numbers. Town aggregates are computed from
    the full counts (as statistical offices publish totals even when parts are suppressed).
    """

    town: Town
    catalog: Catalog
    districts: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    values: pd.DataFrame
    counts: pd.DataFrame = field(repr=False)

    @cached_property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.values[YEAR].unique())

    def indicator_ids(self) -> list[str]:
        present = set(self.values[INDICATOR_ID].unique())
        return [ind_id for ind_id in self.catalog if ind_id in present]

    def years_of(self, indicator_id: str) -> list[int]:
        rows = self.values[self.values[INDICATOR_ID] == indicator_id]
        return sorted(int(y) for y in rows[YEAR].unique())

    @cached_property
    def aggregates(self) -> pd.DataFrame:
        return town_aggregates(self.counts, self.catalog)

    def indicators_without_counts(self) -> list[str]:
        """Rates and means whose values came without numerator or denominator.

        Without those counts there is no town value (a mean of rates would mislead), so
        the town line, the district profile's bars and the suppression of small numbers
        are not available for these indicators.
        """
        rows = self.counts[self.counts["status"] == ""]
        needs = {i.id for i in self.catalog.values() if i.aggregation != "sum"}
        rows = rows[rows["indicator_id"].isin(needs) & rows["value"].notna()]
        missing = rows["denominator"].isna() | (
            rows["indicator_id"].map(lambda i: self.catalog[i].aggregation == "ratio")
            & rows["numerator"].isna()
        )
        lacking = set(rows.loc[missing, "indicator_id"])
        return [ind_id for ind_id in self.catalog if ind_id in lacking]

    def series(self, indicator_id: str) -> pd.DataFrame:
        """Long table of one indicator: district_id, name, year, value, status."""
        rows = self.values[self.values[INDICATOR_ID] == indicator_id]
        names = self.districts["name"]
        out = rows[[DISTRICT_ID, YEAR, VALUE, STATUS]].copy()
        out.insert(1, "name", out[DISTRICT_ID].map(names))
        return out.reset_index(drop=True)


# --------------------------------------------------------------------------- districts


def read_districts(path: Path, *, id_column: str = DISTRICT_ID) -> gpd.GeoDataFrame:
    """Read and check a district file; index = district_id, CRS = EPSG:4326."""
    problems = ProblemCollector(str(path))
    if not path.exists():
        problems.add("file_missing")
        problems.raise_if_errors()
    if path.stat().st_size == 0:
        problems.add("empty_file")
        problems.raise_if_errors()
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        problems.add("unreadable_geo", detail=str(exc).splitlines()[0][:200])
        problems.raise_if_errors()
        raise
    check_district_frame(frame, problems, id_column=id_column)
    problems.raise_if_errors()
    frame = frame.rename(columns={id_column: DISTRICT_ID})
    frame[DISTRICT_ID] = frame[DISTRICT_ID].astype(str).str.strip()
    frame["name"] = frame["name"].astype(str).str.strip()
    if frame.crs is not None and not frame.crs.equals(CRS):
        frame = frame.to_crs(CRS)
    frame = frame.set_index(DISTRICT_ID, drop=True)
    for column in ("kind", "geometry_quality"):
        if column not in frame.columns:
            frame[column] = ""
    return frame


def check_district_frame(
    frame: gpd.GeoDataFrame, problems: ProblemCollector, *, id_column: str = DISTRICT_ID
) -> None:
    """Report missing columns, CRS, empty/invalid/non-polygon geometry, duplicate ids."""
    for column in (id_column, "name"):
        if column not in frame.columns:
            problems.add("missing_column", column=column)
    if len(frame) == 0:
        problems.add("no_features")
    if frame.crs is None:
        problems.add("missing_crs")
    if problems.has_errors:
        return
    geoms = frame.geometry.to_numpy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    for i in np.flatnonzero(empty)[:MAX_PROBLEMS_PER_KIND]:
        problems.add("empty_geometry", row=int(i) + 1, column="geometry")
    types = shapely.get_type_id(geoms)
    polygonal = np.isin(types, [3, 6])  # Polygon, MultiPolygon
    for i in np.flatnonzero(~polygonal & ~empty)[:MAX_PROBLEMS_PER_KIND]:
        problems.add(
            "not_polygon", row=int(i) + 1, column="geometry", geom_type=frame.geom_type.iloc[i]
        )
    invalid = ~shapely.is_valid(geoms) & polygonal & ~empty
    for i in np.flatnonzero(invalid)[:MAX_PROBLEMS_PER_KIND]:
        reason = shapely.is_valid_reason(geoms[i])
        problems.add("invalid_geometry", row=int(i) + 1, column="geometry", detail=reason)
    ids = frame[id_column].astype(str).str.strip()
    for i in np.flatnonzero(ids.isin(["", "nan", "None"]))[:MAX_PROBLEMS_PER_KIND]:
        problems.add("empty_cell", row=int(i) + 1, column=id_column)
    duplicated = ids.duplicated(keep="first") & ~ids.isin(["", "nan", "None"])
    for i in np.flatnonzero(duplicated)[:MAX_PROBLEMS_PER_KIND]:
        problems.add("duplicate_district", row=int(i) + 1, column=id_column, value=ids.iloc[i])
    names = frame["name"].astype(str).str.strip()
    for i in np.flatnonzero(names.isin(["", "nan", "None"]))[:MAX_PROBLEMS_PER_KIND]:
        problems.add("empty_cell", row=int(i) + 1, column="name")


# --------------------------------------------------------------------------- values


def _report_rows(
    problems: ProblemCollector, mask: pd.Series, code: str, column: str | None, **params: object
) -> None:
    """Add one problem per flagged row (at most MAX_PROBLEMS_PER_KIND, then a summary)."""
    flagged = mask[mask].index
    for line in flagged[:MAX_PROBLEMS_PER_KIND]:
        problems.add_with(code, params, row=int(line), column=column)
    if len(flagged) > MAX_PROBLEMS_PER_KIND:
        problems.add("more_rows", column=column, count=len(flagged) - MAX_PROBLEMS_PER_KIND)


def _numeric(frame: pd.DataFrame, column: str, problems: ProblemCollector) -> pd.Series:
    text = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
    numbers = pd.to_numeric(text.where(text != "", None), errors="coerce")
    bad = numbers.isna() & (text != "")
    if bad.any():
        comma = bad & text.str.contains(",", regex=False)
        _report_rows(problems, comma, "decimal_comma", column)
        _report_rows(problems, bad & ~comma, "not_a_number", column, value="…")
    return numbers.astype(float)


def parse_values(
    frame: pd.DataFrame, file: str, catalog: Catalog, district_ids: pd.Index
) -> pd.DataFrame:
    """Check a long value table of strings and return it typed (year int, numbers float)."""
    problems = ProblemCollector(file)
    for column in VALUE_COLUMNS:
        if column not in frame.columns:
            problems.add("missing_column", column=column)
    problems.raise_if_errors()
    frame = frame.copy()
    for column in OPTIONAL_VALUE_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""

    unknown_district = ~frame[DISTRICT_ID].isin(district_ids)
    for line in unknown_district[unknown_district].index[:MAX_PROBLEMS_PER_KIND]:
        district = str(frame.at[line, DISTRICT_ID])
        close = difflib.get_close_matches(district, list(district_ids), n=1)
        problems.add(
            "unknown_district_suggest" if close else "unknown_district",
            row=int(line),
            column=DISTRICT_ID,
            value=district,
            suggestion=close[0] if close else "",
        )
    unknown_indicator = ~frame[INDICATOR_ID].isin(list(catalog))
    for line in unknown_indicator[unknown_indicator].index[:MAX_PROBLEMS_PER_KIND]:
        problems.add(
            "unknown_indicator",
            row=int(line),
            column=INDICATOR_ID,
            value=frame.at[line, INDICATOR_ID],
        )

    year = pd.to_numeric(frame[YEAR], errors="coerce")
    bad_year = year.isna() | (year % 1 != 0) | ~year.between(*YEAR_RANGE)
    _report_rows(problems, bad_year, "bad_year", YEAR)

    value = _numeric(frame, VALUE, problems)
    numerator = _numeric(frame, NUMERATOR, problems)
    denominator = _numeric(frame, DENOMINATOR, problems)
    status = frame[STATUS]
    _report_rows(problems, ~status.isin(["", *SIGN_LABELS]), "bad_status", STATUS)
    _report_rows(problems, (status != "") & value.notna(), "status_with_value", VALUE)
    for column, numbers in ((NUMERATOR, numerator), (DENOMINATOR, denominator)):
        _report_rows(problems, numbers < 0, "negative", column)

    known = ~unknown_indicator
    ind = frame[INDICATOR_ID].where(known, None)
    meta = catalog.to_frame().set_index("id")
    kind = ind.map(meta["kind"])
    scale = ind.map(meta["scale"]).astype(float)
    is_rate = kind == "rate"
    # A rate with both counts but no value: compute it (a common form of exports).
    computed = numerator / denominator * scale
    fill = is_rate & value.isna() & numerator.notna() & (denominator > 0) & (status == "")
    value = value.where(~fill, computed)
    _report_rows(problems, (value.isna() & (status == "")), "value_missing", VALUE)
    _report_rows(problems, is_rate & (denominator == 0) & value.notna(), "zero_base", DENOMINATOR)
    decimals = ind.map(meta["decimals"]).astype(float)
    tolerance = 0.5 * 10.0 ** (-decimals.fillna(1)) + 1e-6 * value.abs()
    inconsistent = (
        is_rate & numerator.notna() & (denominator > 0) & ((value - computed).abs() > tolerance)
    )
    _report_rows(problems, inconsistent, "value_inconsistent", VALUE)
    vmin = ind.map(meta["value_min"]).astype(float)
    vmax = ind.map(meta["value_max"]).astype(float)
    out_of_range = value.notna() & ((value < vmin) | (value > vmax))
    for line in out_of_range[out_of_range].index[:MAX_PROBLEMS_PER_KIND]:
        problems.add(
            "out_of_range",
            row=int(line),
            column=VALUE,
            value=value[line],
            low=vmin[line],
            high=vmax[line],
        )

    key = frame[[DISTRICT_ID, INDICATOR_ID, YEAR]]
    duplicated = key.duplicated(keep="first")
    _report_rows(problems, duplicated, "duplicate_value_row", DISTRICT_ID)
    problems.raise_if_errors()

    sources = frame[SOURCE].where(frame[SOURCE] != "", ind.map(meta["source"]).fillna(""))
    return pd.DataFrame(
        {
            DISTRICT_ID: frame[DISTRICT_ID].to_numpy(),
            INDICATOR_ID: frame[INDICATOR_ID].to_numpy(),
            YEAR: year.astype(int).to_numpy(),
            VALUE: value.to_numpy(),
            NUMERATOR: numerator.to_numpy(),
            DENOMINATOR: denominator.to_numpy(),
            STATUS: status.to_numpy(),
            SOURCE: sources.to_numpy(),
        }
    )


def read_values(path: Path, catalog: Catalog, district_ids: pd.Index) -> pd.DataFrame:
    """Read and check one long value file."""
    return parse_values(read_canonical_table(path), str(path), catalog, district_ids)


def suppress(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Mask values whose base is below the indicator's ``min_count`` (status ``"."``)."""
    meta = catalog.to_frame().set_index("id")
    min_count = values[INDICATOR_ID].map(meta["min_count"]).astype(float)
    kind = values[INDICATOR_ID].map(meta["kind"])
    base = values[DENOMINATOR].where(kind != "count", values[VALUE])
    small = (values[STATUS] == "") & base.notna() & (base < min_count)
    out = values.copy()
    out.loc[small, [VALUE, NUMERATOR, DENOMINATOR]] = np.nan
    out.loc[small, STATUS] = SUPPRESSED
    return out


# --------------------------------------------------------------------------- aggregates


def town_aggregates(counts: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Town values per indicator and year, computed from district counts.

    ``sum`` adds values; ``ratio`` divides summed numerators by summed denominators;
    ``weighted_mean`` weights each value by its denominator. Where the needed counts are
    missing the town value is NaN rather than a misleading mean of rates.
    """
    columns = [INDICATOR_ID, YEAR, VALUE, NUMERATOR, DENOMINATOR, "districts"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    meta = catalog.to_frame().set_index("id")
    rows = counts[counts[STATUS] == ""].copy()
    rows["aggregation"] = rows[INDICATOR_ID].map(meta["aggregation"])
    rows["scale"] = rows[INDICATOR_ID].map(meta["scale"]).astype(float)
    rows["weighted"] = rows[VALUE] * rows[DENOMINATOR]
    grouped = rows.groupby([INDICATOR_ID, YEAR], sort=True)
    sums = grouped[[VALUE, NUMERATOR, DENOMINATOR, "weighted"]].sum(min_count=1)
    firsts = grouped[["aggregation", "scale"]].first()
    complete = grouped[[NUMERATOR, DENOMINATOR]].count()
    n = grouped.size()
    agg = firsts["aggregation"]
    # Ratios and weighted means are only meaningful when every district has its counts.
    has_num = complete[NUMERATOR] == n
    has_den = complete[DENOMINATOR] == n
    result = np.where(
        agg == "sum",
        sums[VALUE],
        np.where(
            agg == "ratio",
            np.where(
                has_num & has_den, sums[NUMERATOR] / sums[DENOMINATOR] * firsts["scale"], np.nan
            ),
            np.where(has_den, sums["weighted"] / sums[DENOMINATOR], np.nan),
        ),
    )
    out = pd.DataFrame(
        {
            VALUE: result.astype(float),
            NUMERATOR: sums[NUMERATOR].where(agg == "ratio"),
            DENOMINATOR: sums[DENOMINATOR].where(agg != "sum"),
            "districts": n,
        },
        index=sums.index,
    ).reset_index()
    return out[columns]


# --------------------------------------------------------------------------- town


def _town_files(data_dir: Path, town: Town) -> tuple[Path, Path | None, list[Path]]:
    """District file, outline file (None = union of districts) and value files of a town."""
    layers = sorted((data_dir / "layers" / town.id).glob("*.csv"))
    if town.folder is not None:
        outline = town.folder / "outline.geojson"
        return (
            town.folder / "districts.geojson",
            outline if outline.exists() else None,
            [town.folder / "values.csv", *layers],
        )
    return (
        data_dir / "geo" / "districts" / f"{town.id}.geojson",
        data_dir / "geo" / "municipalities.geojson",
        [data_dir / "indicators" / "values" / f"{town.id}.csv", *layers],
    )


def _read_outline(path: Path | None, town: Town, districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if path is None:
        geom = shapely.union_all(districts.geometry.to_numpy())
        return gpd.GeoDataFrame({"town_id": [town.id]}, geometry=[geom], crs=CRS)
    problems = ProblemCollector(str(path))
    try:
        outlines = gpd.read_file(path)
    except Exception as exc:
        problems.add("unreadable_geo", detail=str(exc).splitlines()[0][:200])
        problems.raise_if_errors()
        raise
    if TOWN_ID in outlines.columns:
        outlines = outlines[outlines[TOWN_ID] == town.id]
    if outlines.empty:
        problems.add("outline_missing", value=town.id)
        problems.raise_if_errors()
    return outlines.to_crs(CRS) if outlines.crs and not outlines.crs.equals(CRS) else outlines


def load_town(data_dir: Path, town_id: str) -> TownData:
    """Load one town completely, or raise DataError listing every problem found."""
    town = get_town(data_dir, town_id)
    catalog = load_catalog_for(data_dir, town.folder)
    district_path, outline_path, value_paths = _town_files(data_dir, town)
    districts = read_districts(district_path)
    outline = _read_outline(outline_path, town, districts)
    problems = ProblemCollector()
    parts: list[pd.DataFrame] = []
    for path in value_paths:
        if not path.exists():
            if path == value_paths[0]:
                problems.add("file_missing", file=str(path))
            continue
        try:
            parts.append(read_values(path, catalog, districts.index))
        except DataError as exc:
            problems.extend(exc.problems)
    problems.raise_if_errors()
    counts = pd.concat(parts, ignore_index=True)
    # A later layer (e.g. a Zensus import) replaces the same district/indicator/year.
    counts = counts.drop_duplicates([DISTRICT_ID, INDICATOR_ID, YEAR], keep="last")
    counts = counts.sort_values([INDICATOR_ID, YEAR, DISTRICT_ID], ignore_index=True)
    return TownData(
        town=town,
        catalog=catalog,
        districts=districts,
        outline=outline,
        values=suppress(counts, catalog),
        counts=counts,
    )


def wide_table(data: TownData, year: int) -> gpd.GeoDataFrame:
    """Districts with one column per indicator for ``year`` (NaN = no value)."""
    rows = data.values[data.values[YEAR] == year]
    wide = rows.pivot(index=DISTRICT_ID, columns=INDICATOR_ID, values=VALUE)
    ordered = [ind_id for ind_id in data.catalog if ind_id in wide.columns]
    wide = wide.reindex(index=data.districts.index, columns=ordered)
    out = data.districts[["name", "kind", "geometry_quality", "geometry"]].join(wide)
    statuses = rows[rows[STATUS] != ""]
    for ind_id, group in statuses.groupby(INDICATOR_ID):
        out[f"{ind_id}_status"] = group.set_index(DISTRICT_ID)[STATUS].reindex(out.index).fillna("")
    out.insert(3, "demo_data", data.town.is_demo)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=CRS)


def value_sources(data: TownData, lang: str = "de") -> pd.DataFrame:
    """Where the town's values come from: per source the indicators (labelled), the first
    and last year and the number of values."""
    label_of = {i: data.catalog[i].label(lang) for i in data.catalog}
    return (
        data.values.groupby(SOURCE)
        .agg(
            indicators=(INDICATOR_ID, lambda s: ", ".join(sorted({label_of.get(i, i) for i in s}))),
            first=(YEAR, "min"),
            last=(YEAR, "max"),
            rows=(YEAR, "size"),
        )
        .reset_index()
    )


def indicator_frame(data: TownData, indicator: Indicator, year: int) -> pd.DataFrame:
    """One indicator in one year for all districts: value, status, rank (1 = highest)."""
    rows = data.values[(data.values[INDICATOR_ID] == indicator.id) & (data.values[YEAR] == year)]
    frame = rows.set_index(DISTRICT_ID)[[VALUE, STATUS, NUMERATOR, DENOMINATOR]]
    frame = frame.reindex(data.districts.index)
    frame[STATUS] = frame[STATUS].fillna("")
    frame.insert(0, "name", data.districts["name"])
    frame["rank"] = frame[VALUE].rank(ascending=False, method="min")
    return frame
