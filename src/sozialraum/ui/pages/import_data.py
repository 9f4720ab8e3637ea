"""Import a town's own data: check first ("Prüfen"), then import; remove imported towns.

All the work is done by :func:`sozialraum.importers.pipeline.run_import`; this page only
collects the files and options and shows the report.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from sozialraum.catalog import TOPICS, load_catalog_for
from sozialraum.errors import DataError, Problem
from sozialraum.importers.boundaries import list_layers
from sozialraum.importers.indicators import NewIndicator
from sozialraum.importers.limits import max_upload_bytes
from sozialraum.importers.pipeline import ImportOptions, ImportResult, run_import
from sozialraum.importers.store import remove_town
from sozialraum.importers.template import (
    TEMPLATE_COLUMNS,
    accepted_indicators,
    kind_text,
    template_bytes,
)
from sozialraum.loaders import TownData
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

catalog = load_catalog_for(data.data_dir())
UNKNOWN = "imp_unknown"  # session key: indicator names the last check did not know
NEW = "__new__"  # mapping choice: define a new indicator
LAST_RESULT = "imp_last_result"  # a check result to show after the rerun it caused

with st.expander(tr("Vorlage und erkannte Spalten", "Template and recognised columns")):
    columns_text = ", ".join(f"„{de}“" if DE else f"'{en}'" for de, en in TEMPLATE_COLUMNS)
    st.markdown(
        tr(
            f"Am sichersten ist das Langformat der Vorlage mit den Spalten {columns_text}: "
            "eine Zeile je Stadtteil, Indikator und Jahr. Nur mit **Zähler und Nenner** "
            "kann die App den Stadtwert berechnen, kleine Fallzahlen geheim halten und das "
            "Bezirksprofil zeichnen. Breite Tabellen (eine Spalte je Indikator, z. B. "
            "„Ausländeranteil 2021“) gehen auch. Als Indikator wird jeder Name der Liste "
            "unten erkannt (deutsch, englisch oder ID, auch mit Einheit); andere Spalten "
            "können nach dem Prüfen zugeordnet oder als neue Indikatoren angelegt werden.",
            f"The safest is the template's long format with the columns {columns_text}: one "
            "row per district, indicator and year. Only with **numerator and denominator** "
            "can the app compute the town value, suppress small numbers and draw the district "
            "profile. Wide tables (one column per indicator, e.g. 'Ausländeranteil 2021') work "
            "too. Every name in the list below is recognised as an indicator (German, English "
            "or id, also with a unit); other columns can be mapped or defined as new "
            "indicators after the check.",
        )
    )
    t1, t2 = st.columns(2)
    for col, fmt, label in (
        (t1, "csv", tr("Vorlage als CSV (Excel)", "Template as CSV")),
        (t2, "xlsx", tr("Vorlage als Excel (XLSX)", "Template as Excel (XLSX)")),
    ):
        col.download_button(
            label,
            data=template_bytes(catalog, fmt, lang),  # type: ignore[arg-type]
            file_name=f"{tr('vorlage', 'template')}_indikatoren.{fmt}",
            width="stretch",
            key=f"imp-template-{fmt}",
        )
    st.dataframe(accepted_indicators(catalog, lang), hide_index=True, width="stretch")


def _widget_key(prefix: str, name: str) -> str:
    """A stable widget key for an indicator name from the user's table."""
    return f"{prefix}_{hashlib.sha256(name.encode('utf-8')).hexdigest()[:10]}"


def mapping_controls(names: list[str]) -> None:
    """For each unknown name: map it to a catalog indicator or define a new one."""
    st.subheader(tr("3. Unbekannte Spalten zuordnen", "3. Map unknown columns"))
    st.caption(
        tr(
            "Diese Namen kennt der Katalog nicht. Bitte je Spalte einen Indikator wählen oder "
            "„Neuer Indikator“ und ihn unten beschreiben; dann erneut prüfen.",
            "The catalog does not know these names. Please choose an indicator for each "
            "column, or 'New indicator' and describe it below; then check again.",
        )
    )
    options = ["", NEW, *catalog]
    labels = {
        "": tr("– bitte wählen –", "– please choose –"),
        NEW: tr("Neuer Indikator …", "New indicator …"),
        **{i: f"{catalog[i].label(lang)} ({i})" for i in catalog},
    }
    for name in names:
        st.text(name)  # plain text: the name comes from the user's file
        st.selectbox(
            tr("Zuordnung", "Mapping"),
            options,
            key=_widget_key("imp_map", name),
            format_func=labels.__getitem__,
        )
        with st.expander(tr("Als neuen Indikator beschreiben", "Describe as a new indicator")):
            n1, n2 = st.columns(2)
            st.session_state.setdefault(_widget_key("imp_new_label", name), name)
            n1.text_input(
                tr("Bezeichnung (deutsch)", "Label (German)"),
                key=_widget_key("imp_new_label", name),
            )
            n2.text_input(
                tr("Bezeichnung (englisch, leer = wie deutsch)", "Label (English, empty = German)"),
                key=_widget_key("imp_new_label_en", name),
            )
            n3, n4, n5, n6 = st.columns(4)
            n3.text_input(
                tr("Einheit (z. B. %, Jahre)", "Unit (e.g. %, years)"),
                key=_widget_key("imp_new_unit", name),
            )
            n4.selectbox(
                tr("Art und Stadtwert", "Kind and town value"),
                ["mean", "rate", "count"],
                format_func=lambda k: kind_text(k, lang),
                key=_widget_key("imp_new_kind", name),
            )
            n5.selectbox(
                tr("Wertung", "Polarity"),
                [0, 1, -1],
                format_func=lambda p: {
                    0: tr("neutral (keine Wertung)", "neutral (no judgement)"),
                    1: tr("höher ist günstiger", "higher is better"),
                    -1: tr("höher ist ungünstiger", "higher is worse"),
                }[p],
                key=_widget_key("imp_new_polarity", name),
            )
            n6.selectbox(
                tr("Themenfeld", "Topic"),
                list(TOPICS),
                format_func=lambda tp: TOPICS[tp][0 if DE else 1],
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
                errors.append(
                    tr(
                        f"Spalte „{name}“: Bitte eine Bezeichnung für den neuen Indikator angeben.",
                        f"Column '{name}': please give a label for the new indicator.",
                    )
                )
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
        tr(
            f"Ohne Zähler und Nenner: {names}. Für diese Indikatoren gibt es deshalb keinen "
            "Stadtwert (Zeile „Stadt insgesamt“, Stadtlinie im Trend, Städtevergleich), keine "
            "Balken im Bezirksprofil und keine Geheimhaltung kleiner Fallzahlen. Die Karte "
            "und die Tabellen zeigen die Werte. Abhilfe: die Tabelle im Langformat mit den "
            "Spalten „Zähler“ und „Nenner“ importieren (siehe Vorlage).",
            f"Without numerator and denominator: {names}. These indicators therefore have no "
            "town value (the 'whole town' line, the town line in trends, the town "
            "comparison), no bars in the district profile and no suppression of small "
            "numbers. The map and the tables show the values. Remedy: import the table in "
            "long format with the columns 'Numerator' and 'Denominator' (see the template).",
        ),
        icon="ℹ️",
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
    if result.ok and result.town is not None:
        counts_note(result.town)


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
    unknown = list(st.session_state.get(UNKNOWN, []))
    if unknown:
        mapping_controls(unknown)
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
    mapping, new_indicators, mapping_errors = chosen_mapping(unknown)
    if mapping_errors:
        for message in mapping_errors:
            st.error(message)
        st.stop()
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
            indicator_mapping=mapping,
            new_indicators=tuple(new_indicators),
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
            label=tr("Zur Karte der importierten Stadt", "Open the imported town's map"),
        )

elif LAST_RESULT in st.session_state:
    st.info(
        tr(
            "Unbekannte Spalten: bitte oben im Formular unter „3.“ zuordnen oder als neue "
            "Indikatoren beschreiben und erneut prüfen.",
            "Unknown columns: please map them in the form above under '3.' or describe them "
            "as new indicators, and check again.",
        )
    )
    show_result(st.session_state.pop(LAST_RESULT))

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
