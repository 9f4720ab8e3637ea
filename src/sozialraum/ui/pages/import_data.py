"""Import a town's own data: check first ("Prüfen"), then import; remove imported towns.

All the work is done by :func:`sozialraum.importers.pipeline.run_import`; this page only
collects the files and options and shows the report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from sozialraum.errors import DataError, Problem
from sozialraum.importers.boundaries import list_layers
from sozialraum.importers.limits import max_upload_bytes
from sozialraum.importers.pipeline import ImportOptions, ImportResult, run_import
from sozialraum.importers.store import remove_town
from sozialraum.towns import town_id_for
from sozialraum.ui import data
from sozialraum.ui.access import can_edit, edit_access
from sozialraum.ui.app import page
from sozialraum.ui.i18n import t
from sozialraum.ui.state import current_lang

lang = current_lang()
DE = lang == "de"


def tr(de: str, en: str) -> str:
    return de if DE else en


st.title(tr("Daten importieren", "Import data"))
st.markdown(
    tr(
        "Eigene Stadtteilgrenzen (GeoJSON, GeoPackage oder gezipptes Shapefile, beliebiges "
        "Koordinatensystem) und eine Indikatortabelle (CSV oder Excel, lang oder breit; "
        "deutsche Schreibweisen wie Semikolon, Dezimalkomma und „.“ für geheim werden "
        "erkannt). Zuerst wird alles geprüft; geschrieben wird nur, wenn die Prüfung ohne "
        "Fehler ist.",
        "Your own district boundaries (GeoJSON, GeoPackage or zipped Shapefile, any CRS) and "
        "an indicator table (CSV or Excel, long or wide; German conventions such as "
        "semicolons, decimal commas and '.' for suppressed are recognised). Everything is "
        "checked first; nothing is written unless the check finds no errors.",
    )
)


# Checking writes nothing and stays open to everyone; importing and removing need edit access.
allowed = edit_access(lang, key="import")


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("Art", "Kind"): [
                tr("Fehler", "Error") if p.severity == "error" else tr("Warnung", "Warning")
                for p in problems
            ],
            tr("Datei", "File"): [Path(p.file).name if p.file else "" for p in problems],
            tr("Zeile", "Row"): [p.row if p.row is not None else "" for p in problems],
            tr("Spalte", "Column"): [p.column or "" for p in problems],
            tr("Meldung", "Message"): [p.message(lang) for p in problems],  # type: ignore[arg-type]
        }
    )


def show_result(result: ImportResult) -> None:
    report = result.report
    for note in report.notes:
        st.caption(note.message(lang))  # type: ignore[arg-type]
    if report.problems:
        st.dataframe(problem_table(report.problems), hide_index=True, width="stretch")
    if not result.ok:
        st.error(
            tr(
                f"{len(report.errors)} Fehler – es wurde nichts geschrieben.",
                f"{len(report.errors)} errors – nothing was written.",
            )
        )
    elif result.dry_run:
        st.success(
            tr("Prüfung ohne Fehler: ", "Check passed: ")
            + result.summary.format(lang, len(report.warnings))
        )  # type: ignore[union-attr,arg-type]
    else:
        st.success(
            tr("Importiert: ", "Imported: ") + result.summary.format(lang, len(report.warnings))
        )  # type: ignore[union-attr,arg-type]


with st.form("import"):
    st.subheader(tr("1. Stadt", "1. Town"))
    c1, c2 = st.columns(2)
    name = c1.text_input(tr("Name der Stadt", "Town name"), key="imp_name")
    town_id = c2.text_input(
        tr(
            "Kennung (a–z, 0–9, Bindestrich; leer = aus dem Namen)",
            "Id (a–z, 0–9, hyphen; empty = from the name)",
        ),
        key="imp_id",
    )
    c3, c4, c5 = st.columns(3)
    state = c3.text_input(tr("Bundesland", "State"), key="imp_state")
    county = c4.text_input(tr("Kreis", "County"), key="imp_county")
    ags = c5.text_input(
        tr("Gemeindeschlüssel (AGS, 8 Ziffern)", "Municipality key (AGS, 8 digits)"), key="imp_ags"
    )
    source = st.text_input(
        tr("Quelle der Daten (wird in der App angezeigt)", "Data source (shown in the app)"),
        key="imp_source",
    )

    st.subheader(tr("2. Dateien", "2. Files"))
    limit_mb = max_upload_bytes() // 1_000_000
    boundaries = st.file_uploader(
        tr("Stadtteilgrenzen", "District boundaries"),
        type=["geojson", "json", "gpkg", "zip"],
        key="imp_boundaries",
        help=tr(f"höchstens {limit_mb} MB", f"at most {limit_mb} MB"),
    )
    table = st.file_uploader(
        tr("Indikatortabelle", "Indicator table"),
        type=["csv", "txt", "xlsx"],
        key="imp_table",
        help=tr(f"höchstens {limit_mb} MB", f"at most {limit_mb} MB"),
    )
    with st.expander(tr("Optionen", "Options")):
        o1, o2 = st.columns(2)
        id_column = o1.text_input(
            tr("Spalte mit der Bezirkskennung", "District id column"), key="imp_idcol"
        )
        name_column = o2.text_input(
            tr("Spalte mit dem Bezirksnamen", "District name column"), key="imp_namecol"
        )
        o3, o4, o5 = st.columns(3)
        layer = o3.text_input(tr("Ebene (GeoPackage)", "Layer (GeoPackage)"), key="imp_layer")
        sheet = o4.text_input(tr("Tabellenblatt (Excel)", "Sheet (Excel)"), key="imp_sheet")
        year_text = o5.text_input(
            tr("Jahr (wenn die Tabelle keines nennt)", "Year (if the table has none)"),
            key="imp_year",
        )
    b1, b2 = st.columns(2)
    check = b1.form_submit_button(tr("Prüfen", "Check"), width="stretch")
    commit = b2.form_submit_button(
        tr("Prüfen und importieren", "Check and import"),
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
        st.error(
            tr(
                "Bitte Namen der Stadt, Grenzdatei und Indikatortabelle angeben.",
                "Please give the town name, a boundary file and an indicator table.",
            )
        )
        st.stop()
    year = None
    if year_text.strip():
        if not year_text.strip().isdigit():
            st.error(tr("Das Jahr muss eine Zahl sein.", "The year must be a number."))
            st.stop()
        year = int(year_text.strip())
    with tempfile.TemporaryDirectory(prefix="sozialraum-upload-") as tmp:
        # Uploads get neutral names on disk; the user's names are only shown and stored.
        suffix_b = Path(boundaries.name).suffix.lower()
        suffix_t = Path(table.name).suffix.lower()
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
                    tr("Ebenen in der GeoPackage-Datei: ", "Layers in the GeoPackage: ")
                    + ", ".join(layers)
                )
        options = ImportOptions(
            district_id_column=id_column.strip() or None,
            district_name_column=name_column.strip() or None,
            layer=layer.strip() or None,
            sheet=sheet.strip() or None,
            year=year,
            state=state.strip(),
            county=county.strip(),
            ags=ags.strip(),
            sources=(source.strip(),) if source.strip() else (),
            boundaries_filename=boundaries.name,
            indicators_filename=table.name,
        )
        with st.spinner(tr("Prüfe …", "Checking …")):
            result = run_import(
                data.data_dir(),
                town_id=town_id_final,
                name=name,
                boundaries=boundary_path,
                indicators=table_path,
                options=options,
                dry_run=not commit,
            )
    show_result(result)
    if result.ok and not result.dry_run:
        st.session_state["q_town"] = town_id_final
        st.session_state.pop("w_town", None)
        st.page_link(
            page("map.py"),
            label=tr("Zur Karte der importierten Stadt", "Open the imported town's map"),
        )

imported = [town for town in data.towns() if not town.is_demo]
st.subheader(tr("Importierte Städte", "Imported towns"))
if not imported:
    st.caption(tr("Noch keine.", "None yet."))
for town in imported:
    c1, c2, c3 = st.columns([3, 2, 1.4])
    c1.text(f"{town.name} ({town.id})")  # plain text: names come from user files
    confirm = c2.checkbox(
        tr("wirklich entfernen", "really remove"),
        key=f"rm-confirm-{town.id}",
        disabled=not allowed,
    )
    if c3.button(
        tr("Entfernen", "Remove"), key=f"rm-{town.id}", disabled=not confirm or not allowed
    ):
        if not can_edit():
            st.error(t("edit_locked", lang))
            st.stop()
        try:
            remove_town(data.data_dir(), town.id)
        except DataError as exc:
            st.error(exc.report(lang))  # type: ignore[arg-type]
        else:
            st.session_state.pop("w_town", None)
            st.rerun()
