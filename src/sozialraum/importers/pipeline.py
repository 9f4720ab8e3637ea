"""Import a town's own data: the one function the CLI and the app's import page call.

:func:`run_import` never raises for bad input; it returns an :class:`ImportResult` whose
report lists every problem (with file, row and column) and what was detected. With
``dry_run=True`` it checks everything, including loading the staged town with the real
loader, without writing to the data directory (the page's "Prüfen" step).
:func:`import_town` is the same but raises :class:`~sozialraum.errors.DataError` on errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sozialraum.catalog import Catalog, load_catalog_for
from sozialraum.columns import DISTRICT_ID, STATUS
from sozialraum.errors import DataError
from sozialraum.importers.assemble import Assembled, assemble
from sozialraum.importers.boundaries import Boundaries, BoundaryOptions, read_boundaries
from sozialraum.importers.indicators import (
    IndicatorResolver,
    NewIndicator,
    new_indicator_catalog,
)
from sozialraum.importers.limits import check_input_file, max_upload_bytes
from sozialraum.importers.report import CappedCollector, ImportReport, ImportSummary
from sozialraum.importers.safezip import ZipLimits
from sozialraum.importers.store import TownFiles, embedded_town_ids, store_town
from sozialraum.importers.tables import Table, TableOptions, read_table
from sozialraum.limits import ContentLimits
from sozialraum.loaders import TownData
from sozialraum.slugs import safe_file_name, shorten_file_name
from sozialraum.towns import TOWN_ID_PATTERN

MAX_TOWN_NAME_CHARS = 200
MAX_SOURCE_CHARS = 1_000


@dataclass(frozen=True)
class ImportOptions:
    """Everything optional about an import; defaults detect and report what they chose."""

    district_id_column: str | None = None  # in the boundaries
    district_name_column: str | None = None
    layer: str | None = None
    sheet: str | None = None
    table_district_column: str | None = None
    year: int | None = None  # for tables without a year
    indicator: str | None = None  # the indicator of a single-indicator table
    indicator_mapping: Mapping[str, str] = field(default_factory=dict)
    new_indicators: Sequence[NewIndicator] = ()
    state: str = ""
    county: str = ""
    ags: str = ""
    sources: Sequence[str] = ()
    attribution: Sequence[str] = ()
    max_upload_mb: float | None = None  # None: SOZIALRAUM_MAX_UPLOAD_MB or 200
    zip_limits: ZipLimits = field(default_factory=ZipLimits)
    content_limits: ContentLimits = field(default_factory=ContentLimits)
    # Names to show and store instead of the paths' names (uploads arrive as temp files).
    boundaries_filename: str | None = None
    indicators_filename: str | None = None


@dataclass
class ImportResult:
    report: ImportReport
    summary: ImportSummary | None = None
    town_folder: Path | None = None
    dry_run: bool = False
    town: TownData | None = None  # the checked (dry run) or stored town

    @property
    def unknown_indicators(self) -> list[str]:
        """Indicator names of the table the catalog does not know, in order of appearance."""
        codes = ("unknown_indicator", "unknown_indicator_suggest")
        names = [str(p.params.get("value", "")) for p in self.report.problems if p.code in codes]
        return list(dict.fromkeys(n for n in names if n))

    @property
    def ok(self) -> bool:
        return self.report.ok and self.summary is not None


def _display_name(path: Path, given: str | None) -> str:
    """The file's own name (no folders), as the user knows it, for messages."""
    name = given.replace("\\", "/").rsplit("/", 1)[-1] if given else path.name
    return shorten_file_name(name.replace("\x00", "")) or "upload"


def _check_town(
    data_dir: Path, town_id: str, name: str, options: ImportOptions, report: ImportReport
) -> None:
    problems = CappedCollector()
    if not TOWN_ID_PATTERN.match(town_id):
        problems.add("bad_town_id", column="id", value=town_id)
    if not name.strip():
        problems.add("json_missing_field", column="name")
    elif len(name.strip()) > MAX_TOWN_NAME_CHARS:
        problems.add(
            "name_too_long", column="name", length=len(name.strip()), limit=MAX_TOWN_NAME_CHARS
        )
    for text in (*options.sources, *options.attribution, options.state, options.county):
        if len(text) > MAX_SOURCE_CHARS:
            problems.add(
                "value_too_long", column="sources", length=len(text), limit=MAX_SOURCE_CHARS
            )
            break
    if options.ags and not re.fullmatch(r"\d{8}", options.ags):
        problems.add("bad_ags", column="ags", value=options.ags)
    if town_id in embedded_town_ids(data_dir):
        problems.add("town_id_taken", value=town_id)
    report.extend(problems.problems)


def _catalog(
    data_dir: Path, options: ImportOptions, report: ImportReport
) -> tuple[Catalog | None, list[dict[str, str]]]:
    """The base catalog plus the indicators this import defines (checked like a catalog)."""
    try:
        catalog = load_catalog_for(data_dir)
        rows: list[dict[str, str]] = []
        if options.new_indicators:
            extra, rows = new_indicator_catalog(options.new_indicators, catalog)
            catalog = catalog.merged(extra)
    except DataError as exc:
        report.extend(exc.problems)
        return None, []
    return catalog, rows


def _read_inputs(
    boundaries: Path,
    indicators: Path,
    options: ImportOptions,
    names: tuple[str, str],
    report: ImportReport,
) -> tuple[Boundaries | None, Table | None]:
    """Read both files, collecting the problems of both (a user fixes them in one go)."""
    limit = max_upload_bytes(options.max_upload_mb)
    b_name, t_name = names
    bnd = tbl = None
    b_check, t_check = CappedCollector(b_name), CappedCollector(t_name)
    if check_input_file(boundaries, b_check, limit):
        b_opts = BoundaryOptions(
            options.district_id_column,
            options.district_name_column,
            options.layer,
            options.zip_limits,
            options.content_limits,
        )
        try:
            bnd = read_boundaries(boundaries, b_opts, display_name=b_name)
            report.notes.extend(bnd.notes)
            report.extend(bnd.warnings)
        except DataError as exc:
            report.extend(exc.problems)
    if check_input_file(indicators, t_check, limit):
        t_opts = TableOptions(
            options.sheet,
            options.table_district_column,
            options.year,
            options.indicator,
            options.zip_limits,
            options.content_limits,
        )
        try:
            tbl = read_table(indicators, t_opts, display_name=t_name)
            report.notes.extend(tbl.notes)
        except DataError as exc:
            report.extend(exc.problems)
    report.extend([*b_check.problems, *t_check.problems])
    return bnd, tbl


def _town_json(
    town_id: str, name: str, options: ImportOptions, names: tuple[str, str]
) -> dict[str, object]:
    sources = list(options.sources) or [
        f"Eigener Import: Grenzen aus {names[0]}, Indikatoren aus {names[1]}"
    ]
    return {
        "id": town_id,
        "name": name.strip(),
        "state": options.state,
        "county": options.county,
        "ags": options.ags,  # towns.json field
        "data_kind": "imported",
        "geometry_quality": "official",
        "sources": sources,
        "attribution": list(options.attribution),
    }


def _summary(
    town_id: str, name: str, data: TownData, assembled: Assembled, rows: list[dict[str, str]]
) -> ImportSummary:
    values = assembled.values
    return ImportSummary(
        town_id=town_id,
        name=name,
        districts=len(data.districts),
        indicators=tuple(data.indicator_ids()),
        years=tuple(data.years),
        values=len(values),
        signs=int((values[STATUS] != "").sum()),
        new_indicators=tuple(r["id"] for r in rows),
    )


def run_import(
    data_dir: Path,
    *,
    town_id: str,
    name: str,
    boundaries: Path,
    indicators: Path,
    options: ImportOptions | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Check and (unless ``dry_run``) store a town's boundaries and indicator table.

    Nothing is written to ``data_dir`` unless every check passes, including loading the
    staged town with :func:`sozialraum.loaders.load_town`.
    """
    options = options or ImportOptions()
    report = ImportReport()
    names = (
        _display_name(boundaries, options.boundaries_filename),
        _display_name(indicators, options.indicators_filename),
    )
    _check_town(data_dir, town_id, name, options, report)
    catalog, catalog_rows = _catalog(data_dir, options, report)
    bnd, tbl = _read_inputs(boundaries, indicators, options, names, report)
    if catalog is None or bnd is None or tbl is None or not report.ok:
        return ImportResult(report, dry_run=dry_run)
    resolver = IndicatorResolver(catalog, options.indicator_mapping)
    mapping_problems = CappedCollector(tbl.file)  # the mapping is about the table's columns
    resolver.check_mapping(mapping_problems)
    report.extend(mapping_problems.problems)
    assembled = assemble(tbl.layout, tbl.file, bnd, catalog, resolver)
    report.notes.extend(assembled.notes)
    report.extend(assembled.problems)
    if not report.ok:
        return ImportResult(report, dry_run=dry_run)
    stored = [safe_file_name(n) for n in names]
    if stored[0] == stored[1]:
        stored[1] = f"indicators-{stored[1]}"
    originals = [(boundaries, stored[0]), (indicators, stored[1])]
    files = TownFiles(
        town=_town_json(town_id, name, options, names),
        districts=bnd.districts[[DISTRICT_ID, "name", "geometry"]],
        values=assembled.values,
        catalog_rows=catalog_rows,
        originals=originals,
    )
    try:
        data = store_town(data_dir, files, dry_run=dry_run)
    except DataError as exc:
        report.extend(exc.problems)
        return ImportResult(report, dry_run=dry_run)
    summary = _summary(town_id, name.strip(), data, assembled, catalog_rows)
    folder = None if dry_run else data_dir / "imported" / town_id
    return ImportResult(report, summary, folder, dry_run, data)


def import_town(
    data_dir: Path,
    *,
    town_id: str,
    name: str,
    boundaries: Path,
    indicators: Path,
    options: ImportOptions | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """:func:`run_import`, raising DataError (with all problems) if the import failed."""
    result = run_import(
        data_dir,
        town_id=town_id,
        name=name,
        boundaries=boundaries,
        indicators=indicators,
        options=options,
        dry_run=dry_run,
    )
    result.report.raise_if_errors()
    return result
