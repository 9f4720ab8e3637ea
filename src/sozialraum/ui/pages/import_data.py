"""Import a town's own data: check first ("Prüfen"), then import; remove imported towns.

All the work is done by :func:`sozialraum.importers.pipeline.run_import`; this page only
collects the files and options and shows the report.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from sozialraum.catalog import TOPICS, load_catalog_for
from sozialraum.errors import DataError, Problem
from sozialraum.importers.boundaries import list_layers
from sozialraum.importers.indicators import NewIndicator
from sozialraum.importers.inkar import import_inkar
from sozialraum.importers.limits import max_upload_bytes
from sozialraum.importers.pipeline import ImportOptions, ImportResult, run_import
from sozialraum.importers.store import remove_town
from sozialraum.importers.template import (
    TEMPLATE_COLUMNS,
    accepted_indicators,
    kind_text,
    template_bytes,
)
from sozialraum.importers.zensus import METHODS, import_zensus
from sozialraum.loaders import TownData
from sozialraum.markup import escape_markup
from sozialraum.slugs import safe_file_name
from sozialraum.towns import town_id_for
from sozialraum.ui import data
from sozialraum.ui.access import can_edit, edit_access
from sozialraum.ui.app import page
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_lang

lang = current_lang()


st.title(t("import_import_data", lang))
st.markdown(t("import_your_own_district_boundaries", lang))

catalog = load_catalog_for(data.data_dir())
UNKNOWN = "imp_unknown"  # session key: indicator names the last check did not know
NEW = "__new__"  # mapping choice: define a new indicator
LAST_RESULT = "imp_last_result"  # a check result to show after the rerun it caused

with st.expander(t("imp_template_and_recognised_columns", lang)):
    columns_text = ", ".join(
        f"„{de}“" if lang == "de" else f"'{en}'" for de, en in TEMPLATE_COLUMNS
    )
    st.markdown(t("imp_the_safest_is_the_template", lang, columns_text=columns_text))
    t1, t2 = st.columns(2)
    for col, fmt, label in (
        (t1, "csv", t("imp_template_as_csv", lang)),
        (t2, "xlsx", t("imp_template_as_excel_xlsx", lang)),
    ):
        col.download_button(
            label,
            data=template_bytes(catalog, fmt, lang),  # type: ignore[arg-type]
            file_name=f"{t('imp_template', lang)}_indikatoren.{fmt}",
            width="stretch",
            key=f"imp-template-{fmt}",
        )
    st.dataframe(accepted_indicators(catalog, lang), hide_index=True, width="stretch")


def _widget_key(prefix: str, name: str) -> str:
    """A stable widget key for an indicator name from the user's table."""
    return f"{prefix}_{hashlib.sha256(name.encode('utf-8')).hexdigest()[:10]}"


def mapping_controls(names: list[str]) -> None:
    """For each unknown name: map it to a catalog indicator or define a new one."""
    st.subheader(t("imp_3_map_unknown_columns", lang))
    st.caption(t("imp_the_catalog_does_not_know", lang))
    options = ["", NEW, *catalog]
    labels = {
        "": t("imp_please_choose", lang),
        NEW: t("imp_new_indicator", lang),
        **{i: f"{catalog[i].label(lang)} ({i})" for i in catalog},
    }
    for name in names:
        st.text(name)  # plain text: the name comes from the user's file
        st.selectbox(
            t("imp_mapping", lang),
            options,
            key=_widget_key("imp_map", name),
            format_func=labels.__getitem__,
        )
        with st.expander(t("imp_describe_as_a_new_indicator", lang)):
            n1, n2 = st.columns(2)
            st.session_state.setdefault(_widget_key("imp_new_label", name), name)
            n1.text_input(
                t("imp_label_german", lang),
                key=_widget_key("imp_new_label", name),
            )
            n2.text_input(
                t("imp_label_english_empty_german", lang),
                key=_widget_key("imp_new_label_en", name),
            )
            n3, n4, n5, n6 = st.columns(4)
            n3.text_input(
                t("imp_unit_e_g_years", lang),
                key=_widget_key("imp_new_unit", name),
            )
            n4.selectbox(
                t("imp_kind_and_town_value", lang),
                ["mean", "rate", "count"],
                format_func=lambda k: kind_text(k, lang),
                key=_widget_key("imp_new_kind", name),
            )
            n5.selectbox(
                t("imp_polarity", lang),
                [0, 1, -1],
                format_func=lambda p: {
                    0: t("imp_neutral_no_judgement", lang),
                    1: t("imp_higher_is_better", lang),
                    -1: t("imp_higher_is_worse", lang),
                }[p],
                key=_widget_key("imp_new_polarity", name),
            )
            n6.selectbox(
                t("imp_topic", lang),
                list(TOPICS),
                format_func=lambda tp: TOPICS[tp][0 if lang == "de" else 1],
                key=_widget_key("imp_new_topic", name),
            )


def chosen_mapping(names: list[str]) -> tuple[dict[str, str], list[NewIndicator], list[str]]:
    """The user's mapping and new indicators from the widgets, and what is incomplete."""
    mapping: dict[str, str] = {}
    new: list[NewIndicator] = []
    errors: list[str] = []
    for name in names:
        target = st.session_state.get(_widget_key("imp_map", name), "")
        if target == NEW:
            label = str(st.session_state.get(_widget_key("imp_new_label", name), "")).strip()
            if not label:
                errors.append(t("imp_column_please_give_a_label", lang, name=name))
                continue
            indicator = NewIndicator(
                label=label,
                label_en=str(st.session_state.get(_widget_key("imp_new_label_en", name), "")),
                unit=str(st.session_state.get(_widget_key("imp_new_unit", name), "")),
                kind=st.session_state.get(_widget_key("imp_new_kind", name), "mean"),
                polarity=int(st.session_state.get(_widget_key("imp_new_polarity", name), 0)),
                topic=str(st.session_state.get(_widget_key("imp_new_topic", name), "social")),
            )
            new.append(indicator)
            mapping[name] = indicator.indicator_id
        elif target:
            mapping[name] = str(target)
    return mapping, new, errors


def counts_note(town: TownData) -> None:
    """Say which indicators came without counts and what that switches off."""
    lacking = town.indicators_without_counts()
    if not lacking:
        return
    names = ", ".join(town.catalog[i].label(lang) for i in lacking)
    st.warning(
        t("imp_without_numerator_and_denominator_these", lang, names=names),
        icon="ℹ️",
    )


# Checking writes nothing and stays open to everyone; importing and removing need edit access.
allowed = edit_access(lang, key="import")


def upload_suffix(name: str) -> str:
    """The upload's suffix if it is a plain short one (".geojson"), else none: the name is
    chosen by the user and must not shape a path on disk."""
    suffix = Path(name.replace("\x00", "")).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("import_kind", lang): [
                t("import_error", lang) if p.severity == "error" else t("import_warning", lang)
                for p in problems
            ],
            t("import_file", lang): [Path(p.file).name if p.file else "" for p in problems],
            t("import_row", lang): [p.row if p.row is not None else "" for p in problems],
            t("import_column", lang): [p.column or "" for p in problems],
            t("import_message", lang): [p.message(lang) for p in problems],
        }
    )


def show_result(result: ImportResult) -> None:
    report = result.report
    for note in report.notes:
        st.caption(escape_markup(note.message(lang)))
    if report.problems:
        st.dataframe(problem_table(report.problems), hide_index=True, width="stretch")
    if not result.ok:
        st.error(t("import_nothing_written", lang, count=len(report.errors)))
    else:
        # A successful check or import always has a summary.
        summary = result.summary.format(lang, len(report.warnings)) if result.summary else ""
        if result.dry_run:
            st.success(t("import_check_passed", lang) + escape_markup(summary))
        else:
            st.success(t("import_imported", lang) + escape_markup(summary))
    if result.ok and result.town is not None:
        counts_note(result.town)


with st.form("import"):
    st.subheader(t("import_1_town", lang))
    c1, c2 = st.columns(2)
    name = c1.text_input(t("import_town_name", lang), key="imp_name")
    town_id = c2.text_input(
        t("import_id_a_z_0", lang),
        key="imp_id",
    )
    c3, c4, c5 = st.columns(3)
    state = c3.text_input(t("import_state", lang), key="imp_state")
    county = c4.text_input(t("import_county", lang), key="imp_county")
    ags = c5.text_input(t("import_municipality_key_ags_8", lang), key="imp_ags")
    source = st.text_input(
        t("import_data_source_shown_in", lang),
        key="imp_source",
    )

    st.subheader(t("import_2_files", lang))
    limit_mb = max_upload_bytes() // 1_000_000
    boundaries = st.file_uploader(
        t("import_district_boundaries", lang),
        type=["geojson", "json", "gpkg", "zip"],
        key="imp_boundaries",
        help=t("import_at_most_mb", lang, limit=limit_mb),
    )
    table = st.file_uploader(
        t("import_indicator_table", lang),
        type=["csv", "txt", "xlsx"],
        key="imp_table",
        help=t("import_at_most_mb", lang, limit=limit_mb),
    )
    with st.expander(t("import_options", lang)):
        o1, o2 = st.columns(2)
        id_column = o1.text_input(t("import_district_id_column", lang), key="imp_idcol")
        name_column = o2.text_input(t("import_district_name_column", lang), key="imp_namecol")
        o3, o4, o5 = st.columns(3)
        layer = o3.text_input(t("import_layer_geopackage", lang), key="imp_layer")
        sheet = o4.text_input(t("import_sheet_excel", lang), key="imp_sheet")
        year_text = o5.text_input(
            t("import_year_if_the_table", lang),
            key="imp_year",
        )
    unknown = list(st.session_state.get(UNKNOWN, []))
    if unknown:
        mapping_controls(unknown)
    b1, b2 = st.columns(2)
    check = b1.form_submit_button(t("import_check", lang), width="stretch")
    commit = b2.form_submit_button(
        t("import_check_and_import", lang),
        type="primary",
        width="stretch",
        disabled=not allowed,
    )

if commit and not can_edit():  # a stale form submitted after the key changed
    st.error(t("edit_locked", lang))
    st.stop()

if check or commit:
    town_id_final = town_id_for(name, town_id)
    if not name.strip() or boundaries is None or table is None:
        st.error(t("import_please_give_the_town", lang))
        st.stop()
    year = None
    if year_text.strip():
        if not year_text.strip().isdigit():
            st.error(t("import_the_year_must_be", lang))
            st.stop()
        year = int(year_text.strip())
    mapping, new_indicators, mapping_errors = chosen_mapping(unknown)
    if mapping_errors:
        for message in mapping_errors:
            st.error(message)
        st.stop()
    with tempfile.TemporaryDirectory(prefix="sozialraum-upload-") as tmp:
        # Uploads get neutral names on disk; the user's names are only shown and stored.
        suffix_b = upload_suffix(boundaries.name)
        suffix_t = upload_suffix(table.name)
        boundary_path = Path(tmp, "boundaries" + suffix_b)
        table_path = Path(tmp, "indicators" + suffix_t)
        boundary_path.write_bytes(boundaries.getvalue())
        table_path.write_bytes(table.getvalue())
        if suffix_b == ".gpkg" and not layer.strip():
            try:
                layers = list_layers(boundary_path)
            except DataError:
                layers = []
            if len(layers) > 1:
                st.info(
                    t("import_layers_in_the_geopackage", lang) + escape_markup(", ".join(layers))
                )
        options = ImportOptions(
            district_id_column=id_column.strip() or None,
            district_name_column=name_column.strip() or None,
            layer=layer.strip() or None,
            sheet=sheet.strip() or None,
            year=year,
            indicator_mapping=mapping,
            new_indicators=tuple(new_indicators),
            state=state.strip(),
            county=county.strip(),
            ags=ags.strip(),
            sources=(source.strip(),) if source.strip() else (),
            boundaries_filename=boundaries.name,
            indicators_filename=table.name,
        )
        with st.spinner(t("import_checking", lang)):
            result = run_import(
                data.data_dir(),
                town_id=town_id_final,
                name=name,
                boundaries=boundary_path,
                indicators=table_path,
                options=options,
                dry_run=not commit,
            )
    # Names the catalog does not know are remembered; the rerun draws the form again with
    # their mapping section and shows this result below it.
    new_unknown = [n for n in result.unknown_indicators if n not in unknown]
    if result.ok and not result.dry_run:
        st.session_state[UNKNOWN] = []
    elif new_unknown:
        st.session_state[UNKNOWN] = [*unknown, *new_unknown]
        st.session_state[LAST_RESULT] = result
        st.rerun()
    show_result(result)
    if result.ok and not result.dry_run:
        st.session_state["q_town"] = town_id_final
        st.session_state.pop("w_town", None)
        st.page_link(
            page("map.py"),
            label=t("import_open_the_imported_town", lang),
        )

elif LAST_RESULT in st.session_state:
    st.info(t("imp_unknown_columns_please_map_them", lang))
    show_result(st.session_state.pop(LAST_RESULT))


# --------------------------------------------------------------------------- official data


def stored_uploads(
    folder: str, uploads: list[st.runtime.uploaded_file_manager.UploadedFile]
) -> list[Path]:
    """Each upload in a folder of its own under its (made safe) name: the name may tell the
    census year and is what messages show."""
    paths = []
    for i, upload in enumerate(uploads):
        path = Path(folder, str(i), safe_file_name(upload.name))
        path.parent.mkdir()
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def show_problems(problems: list[Problem], failed: bool) -> None:
    if failed:
        st.error(
            t("import_nothing_written", lang, count=sum(p.severity == "error" for p in problems))
        )
    if problems:
        st.dataframe(problem_table(problems), hide_index=True, width="stretch")


st.subheader(t("impo_heading", lang))
st.markdown(t("impo_explain", lang))
all_towns = data.towns()
town_names = {town.id: town.name for town in all_towns}
with st.form("import_zensus"):
    z1, z2, z3 = st.columns([2, 1, 1])
    zensus_town = z1.selectbox(
        t("impo_town", lang), list(town_names), format_func=town_names.__getitem__, key="impo_town"
    )
    resolution = z2.selectbox(
        t("impo_resolution", lang), ["100m", "1km", "10km"], key="impo_resolution"
    )
    method = z3.selectbox(
        t("impo_method", lang),
        ["", *METHODS],
        format_func=lambda m: t(f"impo_method_{m or 'auto'}", lang),
        key="impo_method",
    )
    grid_uploads = st.file_uploader(
        t("impo_grid_files", lang),
        type=["zip", "csv", "txt"],
        accept_multiple_files=True,
        key="impo_grid",
        help=t("import_at_most_mb", lang, limit=max_upload_bytes() // 1_000_000),
    )
    zensus_go = st.form_submit_button(
        t("impo_import_zensus", lang), type="primary", disabled=not allowed
    )

if zensus_go:
    if not can_edit():
        st.error(t("edit_locked", lang))
        st.stop()
    if not grid_uploads or zensus_town is None:
        st.error(t("impo_no_grid_files", lang))
    else:
        with (
            tempfile.TemporaryDirectory(prefix="sozialraum-zensus-") as tmp,
            st.spinner(t("impo_reading_grid", lang)),
        ):
            try:
                zensus = import_zensus(
                    data.data_dir(),
                    zensus_town,
                    stored_uploads(tmp, list(grid_uploads)),
                    method=method or None,  # type: ignore[arg-type]
                    resolution=resolution,
                )
            except DataError as exc:
                show_problems(exc.problems, failed=True)
            else:
                values = zensus.values
                shown_values = int((values["status"] == "").sum()) if len(values) else 0
                years = ", ".join(str(y) for y in sorted(set(values["year"])))
                st.success(
                    t(
                        "impo_zensus_done",
                        lang,
                        town=escape_markup(town_names[zensus_town]),
                        years=years,
                        shown=shown_values,
                        hidden=len(values) - shown_values,
                        rows=zensus.stats.rows_read,
                        kept=zensus.stats.rows_kept,
                    )
                )
                show_problems(zensus.problems, failed=False)

with st.form("import_inkar"):
    inkar_upload = st.file_uploader(
        t("impo_inkar_file", lang), type=["csv", "txt"], key="impo_inkar"
    )
    i1, i2 = st.columns([3, 1])
    ags_text = i1.text_input(t("impo_inkar_ags", lang), key="impo_inkar_ags")
    replace_series = i2.checkbox(t("impo_inkar_replace", lang), key="impo_inkar_replace")
    inkar_go = st.form_submit_button(
        t("impo_import_inkar", lang), type="primary", disabled=not allowed
    )

if inkar_go:
    if not can_edit():
        st.error(t("edit_locked", lang))
        st.stop()
    keys = [k for k in re.split(r"[\s,;]+", ags_text.strip()) if k]
    if inkar_upload is None:
        st.error(t("impo_no_inkar_file", lang))
    elif any(not re.fullmatch(r"\d{1,8}", k) for k in keys):
        st.error(t("impo_bad_ags", lang))
    else:
        with tempfile.TemporaryDirectory(prefix="sozialraum-inkar-") as tmp:
            [inkar_path] = stored_uploads(tmp, [inkar_upload])
            try:
                inkar = import_inkar(
                    data.data_dir(), inkar_path, replace=replace_series, only_ags=keys or None
                )
            except DataError as exc:
                show_problems(exc.problems, failed=True)
            else:
                st.success(
                    t(
                        "impo_inkar_done",
                        lang,
                        rows=len(inkar.series),
                        towns=inkar.series["ags"].nunique(),
                        indicators=inkar.series["indicator_id"].nunique(),
                    )
                )
                show_problems(inkar.problems, failed=False)

imported = [town for town in data.towns() if not town.is_demo]
st.subheader(t("import_imported_towns", lang))
if not imported:
    st.caption(t("import_none_yet", lang))
for town in imported:
    c1, c2, c3 = st.columns([3, 2, 1.4])
    c1.text(f"{town.name} ({town.id})")  # plain text: names come from user files
    confirm = c2.checkbox(
        t("import_really_remove", lang),
        key=f"rm-confirm-{town.id}",
        disabled=not allowed,
    )
    if c3.button(
        t("import_remove", lang), key=f"rm-{town.id}", disabled=not confirm or not allowed
    ):
        if not can_edit():
            st.error(t("edit_locked", lang))
            st.stop()
        try:
            remove_town(data.data_dir(), town.id)
        except DataError as exc:
            st.error(escape_markup(exc.report(lang)))
        else:
            st.session_state.pop("w_town", None)
            st.rerun()
