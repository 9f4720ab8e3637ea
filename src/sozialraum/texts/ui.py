"""Texts of the app's pages and controls (German, English), by key."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "app_title": ("Sozialraum-Monitor", "Sozialraum-Monitor"),
    "tagline": (
        "Sozialräumliche Indikatoren je Stadtteil für kleine und mittlere Städte",
        "Socio-spatial indicators per district for small and medium-sized towns",
    ),
    # navigation
    "page_map": ("Karte", "Map"),
    "page_profile": ("Bezirksprofil", "District profile"),
    "page_trends": ("Entwicklung", "Trends"),
    "page_compare": ("Städtevergleich", "Town comparison"),
    "page_table": ("Tabelle & Download", "Table & download"),
    "page_methods": ("Methodik & Quellen", "Methods & sources"),
    "page_import": ("Daten importieren", "Import data"),
    "page_grid": ("Zensus-Raster", "Census grid"),
    # controls
    "language": ("Sprache", "Language"),
    "town": ("Stadt", "Town"),
    "topic": ("Themenfeld", "Topic"),
    "indicator": ("Indikator", "Indicator"),
    "year": ("Jahr", "Year"),
    "district": ("Bezirk", "District"),
    "no_district": ("– kein Bezirk gewählt –", "– no district selected –"),
    "classification": ("Klassifizierung", "Classification"),
    "scheme": ("Verfahren", "Method"),
    "classes": ("Anzahl Klassen", "Number of classes"),
    "custom_breaks": ("Klassengrenzen (z. B. 5; 10; 15)", "Class breaks (e.g. 5; 10; 15)"),
    "bad_breaks": (
        "Die Klassengrenzen sind ungültig: bitte aufsteigende Zahlen, getrennt durch Semikolon.",
        "Invalid class breaks: please give increasing numbers separated by semicolons.",
    ),
    "basemap": ("Hintergrundkarte", "Basemap"),
    "basemap_none": (
        "keine (offline, keine externen Anfragen)",
        "none (offline, no external requests)",
    ),
    "basemap_osm": (
        "OpenStreetMap (lädt Kacheln aus dem Internet)",
        "OpenStreetMap (loads tiles online)",
    ),
    "basemap_light": (
        "Hell (CARTO, lädt Kacheln aus dem Internet)",
        "Light (CARTO, loads tiles online)",
    ),
    "present_on": ("Präsentationsmodus", "Presentation mode"),
    "present_off": ("Präsentationsmodus beenden", "Leave presentation mode"),
    "present_exit": ("Beenden", "Exit"),
    "present_help": (
        "Große Schrift, hoher Kontrast, ohne Seitenleiste – für Beamer in Workshops.",
        "Large type, high contrast, no sidebar – for projectors in workshops.",
    ),
    # banners
    "demo_banner": (
        "**Demo-Daten.** Die Gemeindegrenze ist amtlich (BKG VG250), die Stadtteile sind "
        "schematisch (keine amtlichen Grenzen) und alle Bezirkswerte sind synthetisch – "
        "kalibriert auf amtliche Gesamtwerte der Stadt. Für Entscheidungen eigene Daten "
        "importieren.",
        "**Demo data.** The municipal outline is official (BKG VG250); the districts are "
        "schematic (not official boundaries) and all district values are synthetic – "
        "calibrated to official town totals. Import your own data before drawing conclusions.",
    ),
    "imported_banner": ("Importierte Daten: {sources}", "Imported data: {sources}"),
    "data_error": (
        "Die Daten können nicht geladen werden. Diese Dateien sind fehlerhaft (dieselbe Liste "
        "gibt „sozialraum validate“ aus):",
        "The data cannot be loaded. These files are broken (`sozialraum validate` prints the "
        "same list):",
    ),
    # map page
    "map_heading": ("{indicator} in {town}, {year}", "{indicator} in {town}, {year}"),
    "map_help": (
        "Auf einen Bezirk klicken, um sein Profil zu öffnen. Zoom und Ausschnitt bleiben beim "
        "Wechsel von Indikator oder Jahr erhalten.",
        "Click a district to open its profile. Zoom and position are kept when the indicator "
        "or year changes.",
    ),
    "legend": ("Legende", "Legend"),
    "town_value": ("Stadt insgesamt", "Town total"),
    "no_town_value": ("kein Gesamtwert (Zählgrößen fehlen)", "no town value (counts missing)"),
    "table_alternative": ("Tabelle zur Karte", "Table for the map"),
    "ranking": ("Rangfolge der Bezirke", "Ranking of districts"),
    "show_table": ("Tabelle mit allen Einheiten anzeigen", "Show the table of all units"),
    "col_district": ("Bezirk", "District"),
    "col_value": ("Wert", "Value"),
    "col_class": ("Klasse", "Class"),
    "col_rank": ("Rang", "Rank"),
    "col_status": ("Hinweis", "Note"),
    "selected": ("Ausgewählt: {name}", "Selected: {name}"),
    "open_profile": ("Profil öffnen", "Open profile"),
    "no_values": ("Für dieses Jahr liegen keine Werte vor.", "No values for this year."),
    "attribution": ("Quellen", "Sources"),
    # profile
    "profile_heading": ("Profil: {name}", "Profile: {name}"),
    "profile_pick": (
        "Bitte einen Bezirk wählen – in der Seitenleiste oder durch Klick in die Karte.",
        "Please choose a district – in the sidebar or by clicking the map.",
    ),
    "profile_explain": (
        "Balken nach rechts: Wert über dem Stadtwert, nach links: darunter (in "
        "Standardabweichungen der Bezirke). Blau = günstiger, Rot = ungünstiger, Violett = "
        "ohne Wertung.",
        "Bars to the right: above the town value, to the left: below (in standard deviations "
        "across districts). Blue = more favourable, red = less favourable, purple = no "
        "judgement.",
    ),
    "profile_table": ("Alle Indikatoren im Vergleich", "All indicators compared"),
    "col_indicator": ("Indikator", "Indicator"),
    "col_topic": ("Themenfeld", "Topic"),
    "col_unit": ("Einheit", "Unit"),
    "col_town": ("Stadt", "Town"),
    "profile_trend": ("Entwicklung von „{indicator}“", "Trend of '{indicator}'"),
    # trends
    "trend_view": ("Darstellung", "View"),
    "trend_lines": (
        "Linien (ausgewählter Bezirk hervorgehoben)",
        "Lines (selected district highlighted)",
    ),
    "trend_multiples": (
        "Kleine Vielfache (ein Feld je Bezirk)",
        "Small multiples (one panel per district)",
    ),
    "change_heading": ("Veränderung zwischen zwei Jahren", "Change between two years"),
    "change_from": ("von", "from"),
    "change_to": ("bis", "to"),
    "change_mode": ("Maß", "Measure"),
    "change_points": (
        "Differenz (Prozentpunkte bzw. Einheit)",
        "Difference (percentage points or unit)",
    ),
    "change_percent": ("Relative Veränderung in %", "Relative change in %"),
    "change_same_year": (
        "Bitte zwei verschiedene Jahre wählen.",
        "Please choose two different years.",
    ),
    "change_legend": ("Veränderung {a}–{b}", "Change {a}–{b}"),
    # compare
    "compare_heading": ("Die Städte im Vergleich", "The towns compared"),
    "compare_explain": (
        "Amtliche Stadtwerte (INKAR, © BBSR Bonn, dl-de/by-2-0) zuerst, dunkelblau; nur wo es "
        "keine amtliche Reihe gibt, der Wert aus den Bezirksdaten (bei Demo-Städten "
        "synthetisch, hell schraffiert, „Demo“). Rauten: zitierte Referenzwerte.",
        "Official town figures (INKAR, © BBSR Bonn, dl-de/by-2-0) first, dark blue; only where "
        "there is no official series, the value from the district data (synthetic for demo "
        "towns, light and hatched, 'Demo'). Diamonds: cited reference figures.",
    ),
    "compare_indicators": ("Indikatoren", "Indicators"),
    "compare_table": ("Alle Städte, Schlüsselindikatoren", "All towns, key indicators"),
    "reference": ("amtlicher Referenzwert", "official reference"),
    "reference_heading": ("Amtliche Referenzwerte", "Official reference figures"),
    # census grid page
    "grid_heading": ("Zensus-Raster: {town}", "Census grid: {town}"),
    "grid_explain": (
        "Die Zellen des amtlichen Zensus-Gitters innerhalb der Gemeindegrenze, mit den "
        "veröffentlichten Werten – echte amtliche Daten, ohne Stadtteilgrenzen.",
        "The cells of the official census grid inside the municipal outline, with the "
        "published values – real official data, no district boundaries needed.",
    ),
    "grid_add": ("Rasterdatei hinzufügen", "Add a grid file"),
    "grid_upload": (
        "Zensus-Gitter-CSV (z. B. Zensus_spitze_Werte_1km-Gitter.csv)",
        "Census grid CSV (e.g. Zensus_spitze_Werte_1km-Gitter.csv)",
    ),
    "grid_save": ("Speichern", "Save"),
    "grid_none": (
        "Noch keine Rasterdatei. Amtliche Zensus-Gitterdateien in den Ordner „grids“ des "
        "Datenverzeichnisses legen oder oben hochladen.",
        "No grid file yet. Put official census grid files into the data directory's "
        "'grids' folder or upload one above.",
    ),
    "grid_file": ("Rasterdatei", "Grid file"),
    "grid_reading": ("Lese Rasterzellen …", "Reading grid cells …"),
    "grid_cells_note": (
        "{n} Zellen, davon {suppressed} geheim. Quelle: {source}; {attribution}.",
        "{n} cells, {suppressed} suppressed. Source: {source}; {attribution}.",
    ),
    "grid_cell": ("Zelle", "Cell"),
    "grid_share": ("Flächenanteil in der Stadt (%)", "Share of area inside the town (%)"),
    "grid_shipped_file": (
        "Zensus 2011, 1-km-Gitter (amtlich, mitgeliefert)",
        "Census 2011, 1 km grid (official, shipped)",
    ),
    "grid_official": (
        "**Echte amtliche Daten, keine Demo-Werte.** Die Zellen sind das veröffentlichte "
        "1-km-Gitter des Zensus 2011 (Stichtag 9. Mai 2011), mitgeliefert für die sechs "
        "Projektstädte. Zellen am Stadtrand reichen über die Gemeindegrenze hinaus; ihr Wert "
        "gilt für die ganze Zelle. Quelle: {attribution}.",
        "**Real official data, not demo values.** The cells are the published 1 km grid of "
        "the 2011 census (reference date 9 May 2011), shipped for the six project towns. "
        "Cells at the edge reach beyond the municipal boundary; their value describes the "
        "whole cell. Source: {attribution}.",
    ),
    "grid_official_short": (
        "Amtliche Daten (keine Demo-Werte): {attribution}",
        "Official data (not demo values): {attribution}",
    ),
    "grid_no_cells": (
        "Die Rasterdatei „{file}“ hat keine Zellen in {town}. Eine andere Rasterdatei wählen "
        "oder eine hinzufügen.",
        "The grid file '{file}' has no cells in {town}. Choose another grid file or add one.",
    ),
    "m_grid_heading": ("Zensus-Raster (mitgeliefert)", "Census grid (shipped)"),
    "m_grid_text": (
        "Die Seite „Zensus-Raster“ zeigt ab dem ersten Start echte amtliche Daten: die "
        "1-km-Gitterzellen des Zensus 2011 (`Zensus_spitze_Werte_1km-Gitter.csv` der "
        "Statistischen Ämter des Bundes und der Länder, dl-de/by-2-0) für alle Zellen, die "
        "eine der sechs Städte berühren, unverändert übernommen und um Gemeindeschlüssel "
        "(AGS) und Flächenanteil in der Stadt ergänzt (`data/grids/`, erzeugt durch "
        "`scripts/build_zensus_grid.py`). Einschränkungen: Stand ist der 9. Mai 2011, nicht "
        "heute. Zellen am Stadtrand liegen teils außerhalb der Gemeinde; ihr Wert beschreibt "
        "die ganze Zelle, die Karte schneidet sie deshalb nicht ab. Eine Stadtsumme aus "
        "Zellen ist nur eine Näherung: jede Zelle mit ihrem Flächenanteil gewichtet, was "
        "gleichmäßige Besiedlung der Zelle unterstellt (für die sechs Städte 93–107 % der "
        "amtlichen Einwohnerzahl 2020). Zellen ohne Einwohner (-1) bleiben leer, geheim "
        "gehaltene Werte (-9) werden als „geheim“ gezeigt, nie als 0.",
        "From the first start the 'Census grid' page shows real official data: the 1 km grid "
        "cells of the 2011 census (`Zensus_spitze_Werte_1km-Gitter.csv` of the Statistische "
        "Ämter des Bundes und der Länder, dl-de/by-2-0) for every cell touching one of the six "
        "towns, taken over unchanged and extended by the municipality key (AGS) and the share "
        "of the cell's area inside the town (`data/grids/`, built by "
        "`scripts/build_zensus_grid.py`). Caveats: the data describe 9 May 2011, not today. "
        "Cells at the edge lie partly outside the municipality; their value describes the "
        "whole cell, so the map does not clip them. A town total from cells is only an "
        "approximation: each cell weighted by its share of area, which assumes the cell is "
        "settled evenly (93–107 % of the official 2020 population for the six towns). Cells "
        "without inhabitants (-1) stay empty, suppressed values (-9) are shown as "
        "'suppressed', never as 0.",
    ),
    "m_grid_source": (
        "Zensus-Raster (mitgeliefert): 1-km-Gitter, {attribution}",
        "Census grid (shipped): 1 km grid, {attribution}",
    ),
    # import page
    "import_nothing_written": (
        "{count} Fehler – es wurde nichts geschrieben.",
        "{count} errors – nothing was written.",
    ),
    "import_at_most_mb": ("höchstens {limit} MB", "at most {limit} MB"),
    "import_import_data": ("Daten importieren", "Import data"),
    "import_your_own_district_boundaries": (
        "Eigene Stadtteilgrenzen (GeoJSON, GeoPackage oder gezipptes Shapefile, beliebiges Koordinatensystem) und eine Indikatortabelle (CSV oder Excel, lang oder breit; deutsche Schreibweisen wie Semikolon, Dezimalkomma und „.“ für geheim werden erkannt). Zuerst wird alles geprüft; geschrieben wird nur, wenn die Prüfung ohne Fehler ist.",
        "Your own district boundaries (GeoJSON, GeoPackage or zipped Shapefile, any CRS) and an indicator table (CSV or Excel, long or wide; German conventions such as semicolons, decimal commas and '.' for suppressed are recognised). Everything is checked first; nothing is written unless the check finds no errors.",
    ),
    "import_imported_towns": ("Importierte Städte", "Imported towns"),
    "import_1_town": ("1. Stadt", "1. Town"),
    "import_town_name": ("Name der Stadt", "Town name"),
    "import_id_a_z_0": (
        "Kennung (a–z, 0–9, Bindestrich; leer = aus dem Namen)",
        "Id (a–z, 0–9, hyphen; empty = from the name)",
    ),
    "import_state": ("Bundesland", "State"),
    "import_county": ("Kreis", "County"),
    "import_municipality_key_ags_8": (
        "Gemeindeschlüssel (AGS, 8 Ziffern)",
        "Municipality key (AGS, 8 digits)",
    ),
    "import_data_source_shown_in": (
        "Quelle der Daten (wird in der App angezeigt)",
        "Data source (shown in the app)",
    ),
    "import_2_files": ("2. Dateien", "2. Files"),
    "import_district_boundaries": ("Stadtteilgrenzen", "District boundaries"),
    "import_indicator_table": ("Indikatortabelle", "Indicator table"),
    "import_check": ("Prüfen", "Check"),
    "import_check_and_import": ("Prüfen und importieren", "Check and import"),
    "import_none_yet": ("Noch keine.", "None yet."),
    "import_really_remove": ("wirklich entfernen", "really remove"),
    "import_remove": ("Entfernen", "Remove"),
    "import_kind": ("Art", "Kind"),
    "import_file": ("Datei", "File"),
    "import_row": ("Zeile", "Row"),
    "import_column": ("Spalte", "Column"),
    "import_message": ("Meldung", "Message"),
    "import_options": ("Optionen", "Options"),
    "import_district_id_column": ("Spalte mit der Bezirkskennung", "District id column"),
    "import_district_name_column": ("Spalte mit dem Bezirksnamen", "District name column"),
    "import_layer_geopackage": ("Ebene (GeoPackage)", "Layer (GeoPackage)"),
    "import_sheet_excel": ("Tabellenblatt (Excel)", "Sheet (Excel)"),
    "import_year_if_the_table": (
        "Jahr (wenn die Tabelle keines nennt)",
        "Year (if the table has none)",
    ),
    "import_please_give_the_town": (
        "Bitte Namen der Stadt, Grenzdatei und Indikatortabelle angeben.",
        "Please give the town name, a boundary file and an indicator table.",
    ),
    "import_the_year_must_be": ("Das Jahr muss eine Zahl sein.", "The year must be a number."),
    "import_checking": ("Prüfe …", "Checking …"),
    "import_open_the_imported_town": (
        "Zur Karte der importierten Stadt",
        "Open the imported town's map",
    ),
    "import_error": ("Fehler", "Error"),
    "import_warning": ("Warnung", "Warning"),
    "import_check_passed": ("Prüfung ohne Fehler: ", "Check passed: "),
    "import_imported": ("Importiert: ", "Imported: "),
    "import_layers_in_the_geopackage": (
        "Ebenen in der GeoPackage-Datei: ",
        "Layers in the GeoPackage: ",
    ),
    # table page
    "table_heading": ("Alle Werte {town}, {year}", "All values {town}, {year}"),
    "downloads": ("Herunterladen", "Download"),
    "download_csv": ("CSV", "CSV"),
    "download_xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "download_geojson": ("GeoJSON (mit Geometrie)", "GeoJSON (with geometry)"),
    "download_gpkg": ("GeoPackage (mit Geometrie)", "GeoPackage (with geometry)"),
    # methods
    "methods_heading": ("Methodik und Quellen", "Methods and sources"),
    "methods_intro": (
        "Für jeden Indikator: Definition, Berechnung, Einheit, Quelle, Jahre, Lesehilfe und "
        "Geheimhaltungsregel.",
        "For each indicator: definition, formula, unit, source, years, how to read it, and the "
        "suppression rule.",
    ),
    "m_definition": ("Definition", "Definition"),
    "m_formula": ("Berechnung", "Formula"),
    "m_unit": ("Einheit", "Unit"),
    "m_source": ("Quelle", "Source"),
    "m_years": ("Jahre", "Years"),
    "m_reading": ("Lesehilfe", "How to read"),
    "m_suppression": ("Geheimhaltung", "Suppression"),
    "m_aggregation": ("Stadtwert", "Town value"),
    "m_suppression_rule": (
        "Werte mit einer Bezugsgröße unter {n} werden nicht ausgewiesen („geheim“).",
        "Values whose base is below {n} are not shown ('suppressed').",
    ),
    "m_no_suppression": ("keine Mindestfallzahl", "no minimum count"),
    "agg_sum": ("Summe der Bezirke", "sum of districts"),
    "agg_ratio": ("Summe der Zähler ÷ Summe der Nenner", "sum of numerators ÷ sum of denominators"),
    "agg_weighted_mean": (
        "mit der Bezugsgröße gewichteter Mittelwert",
        "mean weighted by the base",
    ),
    "m_count": ("Anzahl", "count"),
    "m_provenance": ("Herkunft der angezeigten Werte", "Provenance of the values shown"),
    "m_indicators": ("Indikatoren", "Indicators"),
    "m_values": ("Werte", "Values"),
    "m_sources": ("Datenquellen und Lizenzen", "Data sources and licences"),
    "m_demo": (
        "Die eingebetteten Bezirkswerte sind synthetische Demo-Daten, erzeugt durch "
        "`scripts/generate_demo.py` und kalibriert auf die amtlichen Stadtwerte in "
        "`data/indicators/reference.csv`. Die Stadtteilgrenzen sind schematisch "
        "(Voronoi-Zellen um Ortslagen, `scripts/build_geo.py`).",
        "The embedded district values are synthetic demo data, generated by "
        "`scripts/generate_demo.py` and calibrated to the official town figures in "
        "`data/indicators/reference.csv`. District boundaries are schematic (Voronoi cells "
        "around localities, `scripts/build_geo.py`).",
    ),
    # ux: profile without counts, CSV dialect and all-years downloads
    "profile_no_counts": (
        "Das Profil vergleicht jeden Wert des Bezirks mit dem Stadtwert. Für {names} fehlen in den importierten Daten Zähler und Nenner, daher gibt es keinen Stadtwert und keinen Balken. Die Werte stehen in der Tabelle unten; mit Zähler und Nenner importiert (Langformat, siehe Vorlage auf der Importseite) erscheint das Profil.",
        "The profile compares each value of the district with the town value. The imported data have no numerator and denominator for {names}, so there is no town value and no bar. The values are in the table below; imported with numerator and denominator (long format, see the template on the import page) the profile appears.",
    ),
    "profile_no_bars": (
        "Für {year} gibt es keinen Wert, der sich mit dem Stadtwert vergleichen lässt.",
        "For {year} there is no value that can be compared with the town value.",
    ),
    "csv_dialect": ("CSV-Format", "CSV format"),
    "csv_dialect_excel_de": (
        "Excel (deutsch): Semikolon, Dezimalkomma",
        "Excel (German): semicolon, decimal comma",
    ),
    "csv_dialect_plain": ("Standard: Komma, Dezimalpunkt", "Standard: comma, decimal point"),
    "download_year_note": (
        "Das Jahr {year} mit einer Spalte je Indikator:",
        "The year {year} with one column per indicator:",
    ),
    "download_all_years_note": (
        "Alle Jahre im Langformat (eine Zeile je Bezirk, Indikator und Jahr, mit Zähler, Nenner und Zeichen):",
        "All years in long format (one row per district, indicator and year, with numerator, denominator and signs):",
    ),
    "download_all_csv": ("Alle Jahre: CSV", "All years: CSV"),
    "download_all_xlsx": ("Alle Jahre: Excel (XLSX)", "All years: Excel (XLSX)"),
    # import page: template, column mapping, new indicators, counts note
    "imp_template_and_recognised_columns": (
        "Vorlage und erkannte Spalten",
        "Template and recognised columns",
    ),
    "imp_the_safest_is_the_template": (
        "Am sichersten ist das Langformat der Vorlage mit den Spalten {columns_text}: eine Zeile je Stadtteil, Indikator und Jahr. Nur mit **Zähler und Nenner** kann die App den Stadtwert berechnen, kleine Fallzahlen geheim halten und das Bezirksprofil zeichnen. Breite Tabellen (eine Spalte je Indikator, z. B. „Ausländeranteil 2021“) gehen auch. Als Indikator wird jeder Name der Liste unten erkannt (deutsch, englisch oder ID, auch mit Einheit); andere Spalten können nach dem Prüfen zugeordnet oder als neue Indikatoren angelegt werden.",
        "The safest is the template's long format with the columns {columns_text}: one row per district, indicator and year. Only with **numerator and denominator** can the app compute the town value, suppress small numbers and draw the district profile. Wide tables (one column per indicator, e.g. 'Ausländeranteil 2021') work too. Every name in the list below is recognised as an indicator (German, English or id, also with a unit); other columns can be mapped or defined as new indicators after the check.",
    ),
    "imp_3_map_unknown_columns": ("3. Unbekannte Spalten zuordnen", "3. Map unknown columns"),
    "imp_the_catalog_does_not_know": (
        "Diese Namen kennt der Katalog nicht. Bitte je Spalte einen Indikator wählen oder „Neuer Indikator“ und ihn unten beschreiben; dann erneut prüfen.",
        "The catalog does not know these names. Please choose an indicator for each column, or 'New indicator' and describe it below; then check again.",
    ),
    "imp_please_choose": ("– bitte wählen –", "– please choose –"),
    "imp_new_indicator": ("Neuer Indikator …", "New indicator …"),
    "imp_without_numerator_and_denominator_these": (
        "Ohne Zähler und Nenner: {names}. Für diese Indikatoren gibt es deshalb keinen Stadtwert (Zeile „Stadt insgesamt“, Stadtlinie im Trend, Städtevergleich), keine Balken im Bezirksprofil und keine Geheimhaltung kleiner Fallzahlen. Die Karte und die Tabellen zeigen die Werte. Abhilfe: die Tabelle im Langformat mit den Spalten „Zähler“ und „Nenner“ importieren (siehe Vorlage).",
        "Without numerator and denominator: {names}. These indicators therefore have no town value (the 'whole town' line, the town line in trends, the town comparison), no bars in the district profile and no suppression of small numbers. The map and the tables show the values. Remedy: import the table in long format with the columns 'Numerator' and 'Denominator' (see the template).",
    ),
    "imp_template_as_csv": ("Vorlage als CSV (Excel)", "Template as CSV"),
    "imp_template_as_excel_xlsx": ("Vorlage als Excel (XLSX)", "Template as Excel (XLSX)"),
    "imp_mapping": ("Zuordnung", "Mapping"),
    "imp_unknown_columns_please_map_them": (
        "Unbekannte Spalten: bitte oben im Formular unter „3.“ zuordnen oder als neue Indikatoren beschreiben und erneut prüfen.",
        "Unknown columns: please map them in the form above under '3.' or describe them as new indicators, and check again.",
    ),
    "imp_describe_as_a_new_indicator": (
        "Als neuen Indikator beschreiben",
        "Describe as a new indicator",
    ),
    "imp_label_german": ("Bezeichnung (deutsch)", "Label (German)"),
    "imp_label_english_empty_german": (
        "Bezeichnung (englisch, leer = wie deutsch)",
        "Label (English, empty = German)",
    ),
    "imp_unit_e_g_years": ("Einheit (z. B. %, Jahre)", "Unit (e.g. %, years)"),
    "imp_kind_and_town_value": ("Art und Stadtwert", "Kind and town value"),
    "imp_polarity": ("Wertung", "Polarity"),
    "imp_topic": ("Themenfeld", "Topic"),
    "imp_column_please_give_a_label": (
        "Spalte „{name}“: Bitte eine Bezeichnung für den neuen Indikator angeben.",
        "Column '{name}': please give a label for the new indicator.",
    ),
    "imp_template": ("vorlage", "template"),
    "imp_neutral_no_judgement": ("neutral (keine Wertung)", "neutral (no judgement)"),
    "imp_higher_is_better": ("höher ist günstiger", "higher is better"),
    "imp_higher_is_worse": ("höher ist ungünstiger", "higher is worse"),
    # planner features: official series, names, playing the years, pairs, map export
    "compare_basis": ("Grundlage", "Basis"),
    "official_series_heading": ("Amtliche Stadtreihen (INKAR)", "Official town series (INKAR)"),
    "official_series_explain": (
        "Alle INKAR-Indikatoren, die für mindestens zwei der Städte veröffentlicht sind; Wert "
        "des gewählten Jahres oder des letzten Jahres davor. Quelle: INKAR, © BBSR Bonn, "
        "dl-de/by-2-0.",
        "Every INKAR indicator published for at least two of the towns; value of the chosen "
        "year or the latest year before it. Source: INKAR, © BBSR Bonn, dl-de/by-2-0.",
    ),
    "official_series_pick": ("Amtlicher Indikator", "Official indicator"),
    "demo_badge": (
        "Demo-Daten: Bezirke schematisch, Werte synthetisch",
        "Demo data: schematic districts, synthetic values",
    ),
    "imported_badge": ("Importierte Daten: {town}", "Imported data: {town}"),
    "map_names": ("Bezirksnamen", "District names"),
    "map_names_help": (
        "Namen auf der Karte zeigen; überlappt ein Name den eines größeren Bezirks, wird er "
        "bei dieser Zoomstufe ausgeblendet (hineinzoomen zeigt ihn).",
        "Show names on the map; a name that would overlap a larger district's name is hidden "
        "at this zoom (zoom in to see it).",
    ),
    "map_play": ("Jahre abspielen", "Play the years"),
    "map_play_help": (
        "Die Karte zeigt die Jahre nacheinander (eine Klassifizierung für alle Jahre, damit "
        "gleiche Farben gleiche Werte bedeuten); das Jahr steht oben rechts auf der Karte.",
        "The map shows the years one after another (one classification for all years, so the "
        "same colour means the same value); the year is shown top right on the map.",
    ),
    "map_play_legend": (
        "Klassen gemeinsam für {first}–{last}; Anzahlen: Bezirke über alle Jahre.",
        "Classes shared by {first}–{last}; counts: districts over all years.",
    ),
    "profile_compare_with": ("Vergleichen mit Bezirk", "Compare with district"),
    "export_map": ("Karte exportieren", "Export map"),
    "export_format": ("Format", "Format"),
    "export_paper": ("Seite", "Page"),
    "export_paper_a4": ("A4 quer", "A4 landscape"),
    "export_paper_slide": ("Folie 16:9", "Slide 16:9"),
    "export_make": ("Karte erstellen", "Make the map"),
    "export_download": ("Herunterladen", "Download"),
    "page_error": (
        "Diese Seite konnte nicht angezeigt werden ({kind}). Die Daten sind unverändert. Bitte eine andere Auswahl treffen oder die Seite neu laden; die Einzelheiten stehen im Protokoll des Servers.",
        "This page could not be shown ({kind}). The data is unchanged. Please choose something else or reload the page; the details are in the server's log.",
    ),
}
