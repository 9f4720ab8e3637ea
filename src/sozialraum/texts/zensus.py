"""Messages of the Zensus and INKAR importers and the grid view (German, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Zensus grid files
    "zensus_unknown_layout": (
        "Keine Zensus-Gitterdatei: die Spalten Gitter-ID und Zellmittelpunkt "
        "(z. B. „Gitter_ID_1km“, „x_mp_1km“, „y_mp_1km“) fehlen.",
        "Not a census grid file: the grid id and cell centre columns "
        "(e.g. 'Gitter_ID_1km', 'x_mp_1km', 'y_mp_1km') are missing.",
    ),
    "zensus_no_feature": (
        "Die Datei enthält kein bekanntes Merkmal (erwartet z. B. {expected}).",
        "The file contains no known feature (expected e.g. {expected}).",
    ),
    "zensus_unreadable": (
        "Die Gitterdatei kann nicht gelesen werden ({detail}).",
        "The grid file cannot be read ({detail}).",
    ),
    "zensus_unknown_year": (
        "Das Zensusjahr ist nicht zu erkennen; bitte mit --year 2011 oder 2022 angeben.",
        "Cannot tell the census year; please give it with --year 2011 or 2022.",
    ),
    "zensus_mixed_cell_sizes": (
        "Die Gitterdateien des Zensus {year} haben verschiedene Zellgrößen ({sizes}); "
        "bitte nur Dateien einer Gitterweite gemeinsam importieren.",
        "The grid files of census {year} have different cell sizes ({sizes}); "
        "please import files of one cell size together.",
    ),
    "zensus_duplicate_feature": (
        "Das Merkmal „{value}“ (Zensus {year}) steht in mehr als einer Datei.",
        "Feature '{value}' (census {year}) appears in more than one file.",
    ),
    "zensus_bad_resolution": (
        "Unbekannte Gitterweite „{value}“; erlaubt: {allowed}.",
        "Unknown grid resolution '{value}'; allowed: {allowed}.",
    ),
    "zensus_wrong_resolution": (
        "Die Datei hat die Gitterweite {found}, gewählt ist {value}.",
        "The file's grid resolution is {found}, but {value} was chosen.",
    ),
    "zensus_zip_no_grid": (
        "Das ZIP-Archiv enthält keine Zensus-Gitterdatei (CSV mit Spalte „GITTER_ID_…“).",
        "The ZIP archive holds no census grid file (CSV with a 'GITTER_ID_…' column).",
    ),
    "zensus_pick_resolution": (
        "Das ZIP-Archiv enthält mehrere Gitterweiten ({available}); bitte eine wählen "
        "(--resolution).",
        "The ZIP archive holds several grid resolutions ({available}); please choose one "
        "(--resolution).",
    ),
    "zensus_zip_no_resolution": (
        "Das ZIP-Archiv enthält keine Datei mit der Gitterweite {value}; vorhanden: {available}.",
        "The ZIP archive holds no file of grid resolution {value}; available: {available}.",
    ),
    "zensus_zip_too_large": (
        "Die Datei im ZIP-Archiv wäre entpackt {size} MB groß; das ist keine Zensus-Gitterdatei.",
        "The file in the ZIP archive would unpack to {size} MB; that is no census grid file.",
    ),
    "zensus_mixed_years": (
        "Die Gitterdateien stammen aus verschiedenen Zensus-Jahren ({years}); eine Ebene "
        "kann nur Dateien eines Zensus zusammenführen.",
        "The grid files come from different censuses ({years}); one layer can only join "
        "files of one census.",
    ),
    "zensus_no_cells": (
        "Keine Gitterzelle der Datei liegt in „{value}“. Passt die Datei zur Stadt?",
        "No grid cell of the file lies in '{value}'. Does the file belong to this town?",
    ),
    "zensus_feature_skipped": (
        "„{value}“ wird nicht berechnet: dafür fehlt das Merkmal „{missing}“ "
        "(die passende Gitterdatei mit importieren).",
        "'{value}' is not computed: it needs feature '{missing}' "
        "(import the matching grid file as well).",
    ),
    "zensus_few_cells": (
        "Bezirk „{district}“, {value}: nur {known} Gitterzelle(n) mit Wert, mindestens "
        "{minimum} nötig – als geheim („.“) markiert.",
        "District '{district}', {value}: only {known} grid cell(s) with a value, at least "
        "{minimum} needed – marked as suppressed ('.').",
    ),
    "zensus_suppressed_share": (
        "Bezirk „{district}“, {value}: {share:.0%} der Einwohner leben in Zellen mit "
        "geheim gehaltenem Wert (höchstens {limit:.0%}) – als geheim („.“) markiert.",
        "District '{district}', {value}: {share:.0%} of residents live in cells whose value "
        "is suppressed (at most {limit:.0%}) – marked as suppressed ('.').",
    ),
    "zensus_uncertain_cells": (
        "{count} Zellen mit eingeschränkter Aussagekraft („KLAMMERN“) wurden übernommen.",
        "{count} cells of limited reliability ('KLAMMERN') were used.",
    ),
    "zensus_unknown_sign": (
        "Unbekanntes werterläuterndes Zeichen „{value}“ ({count}×); der Wert wird übernommen.",
        "Unknown explanatory sign '{value}' ({count}×); the value is used.",
    ),
    "zensus_indicator_not_in_grid": (
        "Die Gitterdatei enthält „{value}“ nicht; vorhanden: {available}.",
        "The grid file does not contain '{value}'; available: {available}.",
    ),
    "zensus_bad_method": (
        "Unbekannte Methode „{value}“; erlaubt: area (flächengewichtet), centre (Zellmittelpunkt).",
        "Unknown method '{value}'; allowed: area (area-weighted), centre (cell centre).",
    ),
    # INKAR
    "inkar_unknown_layout": (
        "Das INKAR-Format ist nicht zu erkennen: erwartet wird die Langform "
        "(ags, level, kuerzel, year, value), der Gesamtdownload (Bereich; ID; Indikator; "
        "Raumbezug; Kennziffer; Kennziffer_EU; Name; Zeitbezug; Wert) oder ein Export des "
        "INKAR-Webtools (Kennziffer; Raumeinheit; Aggregat; …).",
        "Unknown INKAR layout: expected the long form (ags, level, kuerzel, year, value), "
        "the bulk download (Bereich; ID; Indikator; Raumbezug; Kennziffer; Kennziffer_EU; "
        "Name; Zeitbezug; Wert) or an export of the INKAR web tool (Kennziffer; "
        "Raumeinheit; Aggregat; …).",
    ),
    "inkar_skipped_level": (
        "{count} Zeilen der Ebene „{value}“ übersprungen: nur Werte für Gemeinden "
        "(und kreisfreie Städte) werden übernommen.",
        "{count} rows of level '{value}' skipped: only values for municipalities "
        "(and district-free cities) are used.",
    ),
    "inkar_period_year": (
        "{count} Werte mit Zeitraum statt Jahr (z. B. „{value}“) dem letzten Jahr des "
        "Zeitraums zugeordnet.",
        "{count} values with a period instead of a year (e.g. '{value}') assigned to the "
        "period's last year.",
    ),
    "inkar_bad_year": (
        "„{value}“ ist kein Jahr; Zeile übersprungen.",
        "'{value}' is not a year; row skipped.",
    ),
    "inkar_unreadable": (
        "Die INKAR-Datei kann nicht gelesen werden ({detail}).",
        "The INKAR file cannot be read ({detail}).",
    ),
    "inkar_no_rows": (
        "Die Datei enthält keine Werte für Gemeinden.",
        "The file contains no values for municipalities.",
    ),
    # import page: official data as published
    "impo_heading": (
        "Amtliche Daten: Zensus-Gitter und INKAR",
        "Official data: census grid and INKAR",
    ),
    "impo_explain": (
        "Die Dateien so, wie sie veröffentlicht sind: Zensus-2022-Themen-ZIPs "
        "(z. B. „Zensus2022_Bevoelkerungszahl.zip“ mit 10-km-, 1-km- und 100-m-Datei; mehrere "
        "Themen auf einmal), Gitter-CSV des Zensus 2011 oder 2022, und den INKAR-"
        "Gesamtdownload (Bereich; ID; Indikator; Raumbezug; Kennziffer; …). Die Gitterzellen "
        "werden auf die Bezirke der gewählten Stadt verteilt; „–“ gilt als nicht "
        "veröffentlicht (nie als 0), „KLAMMERN“-Werte werden übernommen und gemeldet.",
        "The files as published: Zensus 2022 topic ZIPs (e.g. "
        "'Zensus2022_Bevoelkerungszahl.zip' with the 10 km, 1 km and 100 m files; several "
        "topics at once), census grid CSV files of 2011 or 2022, and the INKAR bulk download "
        "(Bereich; ID; Indikator; Raumbezug; Kennziffer; …). Grid cells are assigned to the "
        "districts of the chosen town; '–' counts as not published (never as 0), 'KLAMMERN' "
        "values are used and reported.",
    ),
    "impo_town": ("Stadt", "Town"),
    "impo_resolution": ("Gitterweite (aus ZIP-Archiven)", "Grid resolution (from ZIP archives)"),
    "impo_method": ("Zuordnung zu Bezirken", "Assignment to districts"),
    "impo_method_auto": ("automatisch", "automatic"),
    "impo_method_area": ("flächengewichtet", "area-weighted"),
    "impo_method_centre": ("nach Zellmittelpunkt", "by cell centre"),
    "impo_grid_files": (
        "Zensus-Dateien (ZIP oder CSV, mehrere möglich)",
        "Census files (ZIP or CSV, several allowed)",
    ),
    "impo_import_zensus": ("Zensus importieren", "Import census"),
    "impo_no_grid_files": (
        "Bitte mindestens eine Zensus-Datei hochladen.",
        "Please upload at least one census file.",
    ),
    "impo_reading_grid": ("Lese Gitterzellen …", "Reading grid cells …"),
    "impo_zensus_done": (
        "Importiert für {town} (Zensus {years}): {shown} Werte, {hidden} ohne Wert "
        "(„.“/„-“); {rows} Zeilen gelesen, {kept} Zellen übernommen.",
        "Imported for {town} (census {years}): {shown} values, {hidden} without value "
        "('.'/'-'); {rows} rows read, {kept} cells kept.",
    ),
    "impo_inkar_file": (
        "INKAR-Datei (Gesamtdownload, Langform oder Webtool-Export)",
        "INKAR file (bulk download, long form or web-tool export)",
    ),
    "impo_inkar_ags": (
        "Nur diese Gemeinden (AGS, durch Komma getrennt; leer = alle)",
        "Only these municipalities (AGS, comma-separated; empty = all)",
    ),
    "impo_inkar_replace": ("bisherige ersetzen", "replace previous"),
    "impo_import_inkar": ("INKAR importieren", "Import INKAR"),
    "impo_no_inkar_file": ("Bitte eine INKAR-Datei hochladen.", "Please upload an INKAR file."),
    "impo_bad_ags": (
        "Gemeindeschlüssel bestehen aus bis zu 8 Ziffern.",
        "Municipality keys consist of up to 8 digits.",
    ),
    "impo_inkar_done": (
        "INKAR importiert: {rows} Werte, {towns} Gemeinden, {indicators} Indikatoren.",
        "INKAR imported: {rows} values, {towns} municipalities, {indicators} indicators.",
    ),
    # grid view: uncertain values (KLAMMERN)
    "grid_uncertain_short": ("eingeschränkt verlässlich", "of limited reliability"),
    "grid_uncertain_note": (
        "{n} Zellen mit eingeschränkt verlässlichem Wert („KLAMMERN“): in der Karte "
        "schraffiert und gestrichelt umrandet, in der Tabelle in Klammern.",
        "{n} cells with a value of limited reliability ('KLAMMERN'): hatched with a "
        "dashed outline on the map, in brackets in the table.",
    ),
    "grid_bracket_sign": (
        "„(12,5)“ = Wert mit eingeschränkter Aussagekraft.",
        "'(12.5)' = value of limited reliability.",
    ),
    # methods page: official files as published
    "m_official_heading": (
        "Amtliche Dateien: Zensus-2022-Gitter und INKAR",
        "Official files: Zensus 2022 grid and INKAR",
    ),
    "m_official_text": (
        "**Zensus 2022, Gitterzellen.** Gelesen werden die Themen-ZIPs so, wie die "
        "Statistischen Ämter sie veröffentlichen (je eine 10-km-, 1-km- und 100-m-Datei und "
        "eine Beschreibung); die Gitterweite wird gewählt. Die gewählte Datei wird in "
        "Abschnitten aus dem ZIP gelesen, und nur Zellen, die die Stadt berühren, bleiben "
        "erhalten – auch die bundesweite 100-m-Datei (rund 3 Mio. Zeilen) braucht so wenig "
        "Speicher. Mehrere Themen werden über die Zellkennung zu einer Ebene verbunden. "
        "Trennzeichen, Dezimalkomma und Zeichensatz (UTF-8 oder Windows-1252) werden "
        "erkannt.\n\n"
        "**„–“ (kein Wert).** Die Zeichenerklärung verwendet den Strich für geheim gehaltene "
        "Werte wie für Nullfälle, und die Datei unterscheidet beide nicht. Eine solche Zelle "
        "gilt deshalb als unbekannt („.“), nie als 0: Sie trägt zu keinem Bezirkswert bei, und "
        "ein Bezirkswert wird zurückgehalten („.“), wenn mehr als 25 % seiner Einwohner in "
        "solchen Zellen leben oder zu wenige Zellen einen Wert haben (100 m: mindestens 3).\n\n"
        "**„KLAMMERN“ (eingeschränkte Aussagekraft).** Der Wert wird verwendet, aber als "
        "unsicher markiert: in Tabellen in Klammern, „(12,5)“, in der Rasterkarte schraffiert, "
        "gestrichelt umrandet und im Tooltip benannt; der Import meldet die Zahl solcher Zellen.\n\n"
        "**INKAR-Gesamtdownload.** Die Kennziffer verliert in der Datei führende Nullen; sie "
        "werden je Raumbezug ergänzt (Gemeinden 8, Gemeindeverbände 9, Kreise 5, Länder 2 "
        "Stellen). Ein Gemeindeverband zählt als Stadt, wenn er nur aus ihr besteht "
        "(Schlüssel Kreis + 0 + Gemeindenummer), ein Kreis nur als kreisfreie Stadt. "
        "Zeiträume wie „2018-2020“ werden dem letzten Jahr zugeordnet.",
        "**Zensus 2022, grid cells.** The topic ZIPs are read as the statistical offices "
        "publish them (a 10 km, a 1 km and a 100 m file and a description each); the grid "
        "resolution is chosen. The chosen file is read from the ZIP in chunks and only cells "
        "touching the town are kept – so even the national 100 m file (about 3 million rows) "
        "needs little memory. Several topics are joined on the cell id into one layer. "
        "Separator, decimal comma and encoding (UTF-8 or Windows-1252) are detected.\n\n"
        "**'–' (no value).** The legend uses the dash for suppressed values and for zero "
        "cases alike, and the file does not tell them apart. Such a cell therefore counts as "
        "unknown ('.'), never as 0: it adds to no district value, and a district value is "
        "withheld ('.') when more than 25 % of its residents live in such cells or too few "
        "cells have a value (100 m: at least 3).\n\n"
        "**'KLAMMERN' (limited reliability).** The value is used but marked as uncertain: in "
        "brackets in tables, '(12.5)', hatched with a dashed outline and a tooltip note on "
        "the grid map; the import reports the number of such cells.\n\n"
        "**INKAR bulk download.** The Kennziffer loses its leading zeros in the file; they are "
        "restored per Raumbezug (Gemeinden 8, Gemeindeverbände 9, Kreise 5, Länder 2 digits). "
        "A Gemeindeverband counts as the town when it consists of the town alone (key Kreis "
        "+ 0 + municipality number), a Kreis only as a district-free city. Periods such as "
        "'2018-2020' are assigned to their last year.",
    ),
    "grid_resolution": ("Gitterweite", "Grid resolution"),
}
