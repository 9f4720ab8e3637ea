"""Messages of the importer (German, English), by problem or note code.

Codes starting with ``note_`` are not problems but notes: what the importer detected or
decided on its own, shown so that the user can check it.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ files and limits
    "file_too_large": (
        "Die Datei ist {size} groß; erlaubt sind höchstens {limit}.",
        "The file is {size}; at most {limit} is allowed.",
    ),
    "unsupported_format": (
        "Das Dateiformat „{suffix}“ wird nicht unterstützt; möglich sind: {supported}.",
        "The file format '{suffix}' is not supported; possible are: {supported}.",
    ),
    "old_spreadsheet_format": (
        "Das Format „{suffix}“ wird nicht unterstützt. Bitte in Excel als „.xlsx“ speichern.",
        "The format '{suffix}' is not supported. Please save it as '.xlsx' in Excel.",
    ),
    "shapefile_needs_zip": (
        "Ein Shapefile besteht aus mehreren Dateien (.shp, .shx, .dbf, .prj). Bitte alle "
        "zusammen als ZIP-Datei hochladen.",
        "A Shapefile consists of several files (.shp, .shx, .dbf, .prj). Please upload them "
        "together as one zip file.",
    ),
    # ------------------------------------------------------------------ content limits
    "too_many_rows": (
        "Die Tabelle hat mehr als {limit} Zeilen; abgebrochen (Grenze: SOZIALRAUM_MAX_ROWS).",
        "The table has more than {limit} rows; stopped (limit: SOZIALRAUM_MAX_ROWS).",
    ),
    "too_many_columns": (
        "Die Tabelle hat {count} Spalten; erlaubt sind höchstens {limit} (SOZIALRAUM_MAX_COLUMNS).",
        "The table has {count} columns; at most {limit} are allowed (SOZIALRAUM_MAX_COLUMNS).",
    ),
    "value_too_long": (
        "Ein Eintrag ist {length} Zeichen lang; erlaubt sind höchstens {limit} "
        "(SOZIALRAUM_MAX_CELL_CHARS).",
        "An entry is {length} characters long; at most {limit} are allowed "
        "(SOZIALRAUM_MAX_CELL_CHARS).",
    ),
    "too_many_features": (
        "Die Datei enthält mehr als {limit} Flächen; abgebrochen (SOZIALRAUM_MAX_FEATURES).",
        "The file contains more than {limit} features; stopped (SOZIALRAUM_MAX_FEATURES).",
    ),
    "too_many_vertices": (
        "Die Grenzen haben mehr als {limit} Stützpunkte; abgebrochen. Bitte im GIS "
        "vereinfachen (Grenze: SOZIALRAUM_MAX_VERTICES).",
        "The boundaries have more than {limit} vertices; stopped. Please simplify them in "
        "your GIS (limit: SOZIALRAUM_MAX_VERTICES).",
    ),
    "json_too_deep": (
        "Die Datei ist tiefer als {limit} Ebenen verschachtelt; so sieht keine GeoJSON-Datei "
        "aus (Grenze: SOZIALRAUM_MAX_JSON_DEPTH).",
        "The file is nested deeper than {limit} levels; no GeoJSON file looks like this "
        "(limit: SOZIALRAUM_MAX_JSON_DEPTH).",
    ),
    "non_finite_coordinate": (
        "Eine Koordinate ist keine endliche Zahl („{value}“).",
        "A coordinate is not a finite number ('{value}').",
    ),
    "crs_reference": (
        "Das Koordinatensystem („crs“) verweist auf eine Adresse oder Datei („{value}“). Solche "
        "Verweise werden aus Sicherheitsgründen nicht abgerufen; bitte ohne „crs“ (WGS84) oder "
        "mit einem EPSG-Code speichern.",
        "The coordinate reference system ('crs') refers to an address or file ('{value}'). "
        "Such references are never fetched, for safety; please save without 'crs' (WGS84) or "
        "with an EPSG code.",
    ),
    "remote_path": (
        "Pfade zu Netzwerkquellen („{value}“) werden nicht gelesen.",
        "Paths to network sources ('{value}') are not read.",
    ),
    "unreadable_file": (
        "Die Datei kann nicht gelesen werden ({detail}).",
        "The file cannot be read ({detail}).",
    ),
    "name_too_long": (
        "Der Name ist {length} Zeichen lang; erlaubt sind höchstens {limit}.",
        "The name is {length} characters long; at most {limit} are allowed.",
    ),
    # ------------------------------------------------------------------ zip archives
    "bad_zip": (
        "Die ZIP-Datei ist beschädigt oder unvollständig ({detail}).",
        "The zip file is damaged or incomplete ({detail}).",
    ),
    "zip_absolute_path": (
        "Die ZIP-Datei enthält „{member}“ mit absolutem Pfad; aus Sicherheitsgründen abgelehnt.",
        "The zip file contains '{member}' with an absolute path; refused for safety.",
    ),
    "zip_path_traversal": (
        "Die ZIP-Datei enthält „{member}“, das aus dem Zielordner hinausführt („..“); aus "
        "Sicherheitsgründen abgelehnt.",
        "The zip file contains '{member}', which leads out of the target folder ('..'); "
        "refused for safety.",
    ),
    "zip_symlink": (
        "Die ZIP-Datei enthält den symbolischen Link „{member}“; aus Sicherheitsgründen abgelehnt.",
        "The zip file contains the symbolic link '{member}'; refused for safety.",
    ),
    "zip_encrypted": (
        "„{member}“ in der ZIP-Datei ist verschlüsselt. Bitte ohne Passwort packen.",
        "'{member}' in the zip file is encrypted. Please pack it without a password.",
    ),
    "zip_duplicate_member": (
        "Die ZIP-Datei enthält „{member}“ mehrfach.",
        "The zip file contains '{member}' more than once.",
    ),
    "zip_too_many_files": (
        "Die ZIP-Datei enthält {count} Dateien; erlaubt sind höchstens {limit}.",
        "The zip file contains {count} files; at most {limit} are allowed.",
    ),
    "zip_too_large": (
        "Die ZIP-Datei ist entpackt größer als {limit}; abgebrochen.",
        "The zip file unpacks to more than {limit}; stopped.",
    ),
    "zip_bomb": (
        "„{member}“ in der ZIP-Datei ist über {ratio}-fach komprimiert (mögliche ZIP-Bombe); "
        "abgebrochen.",
        "'{member}' in the zip file is compressed more than {ratio} times (possible zip bomb); "
        "stopped.",
    ),
    "zip_no_geodata": (
        "Die ZIP-Datei enthält kein Shapefile (.shp), kein GeoPackage und kein GeoJSON.",
        "The zip file contains no Shapefile (.shp), GeoPackage or GeoJSON.",
    ),
    # ------------------------------------------------------------------ boundaries
    "not_geojson": (
        "Die Datei ist JSON, aber kein GeoJSON (erwartet: „FeatureCollection“).",
        "The file is JSON but not GeoJSON (expected: 'FeatureCollection').",
    ),
    "several_layers": (
        "Die Datei enthält mehrere Ebenen: {layers}. Bitte eine auswählen (--layer).",
        "The file contains several layers: {layers}. Please choose one (--layer).",
    ),
    "unknown_layer": (
        "Die Ebene „{value}“ gibt es nicht; vorhanden: {layers}.",
        "There is no layer '{value}'; available: {layers}.",
    ),
    "column_not_found": (
        "Die angegebene Spalte „{value}“ gibt es nicht; vorhanden: {columns}.",
        "The given column '{value}' does not exist; available: {columns}.",
    ),
    "no_name_column": (
        "Keine Spalte mit dem Namen der Bezirke gefunden (gesucht: name, bezeichnung, "
        "stadtteil, …). Bitte angeben (--district-name-column); vorhanden: {columns}.",
        "No column with the district names found (looked for: name, bezeichnung, stadtteil, "
        "…). Please name it (--district-name-column); available: {columns}.",
    ),
    "name_missing": (
        "Der Bezirk „{value}“ hat keinen Namen; seine ID wird als Name verwendet.",
        "District '{value}' has no name; its id is used as the name.",
    ),
    "geometry_repaired": (
        "Ungültige Fläche ({detail}) automatisch repariert; die Fläche änderte sich um weniger "
        "als 1 %. Bitte im GIS prüfen.",
        "Invalid area ({detail}) repaired automatically; its area changed by less than 1 %. "
        "Please check it in your GIS.",
    ),
    "coordinates_out_of_range": (
        "Die Koordinaten sind keine Längen-/Breitengrade, aber ein Koordinatensystem ist nicht "
        "angegeben (GeoJSON ohne „crs“?). Bitte mit Koordinatensystem exportieren.",
        "The coordinates are not longitude/latitude, but no coordinate reference system is "
        "declared (GeoJSON without 'crs'?). Please export with a coordinate system.",
    ),
    "outside_germany": (
        "Die Bezirke liegen nicht in Deutschland. Ist das Koordinatensystem (.prj) richtig?",
        "The districts are not in Germany. Is the coordinate reference system (.prj) right?",
    ),
    # ------------------------------------------------------------------ tables: reading
    "unreadable_table": (
        "Die Excel-Datei kann nicht gelesen werden ({detail}).",
        "The Excel file cannot be read ({detail}).",
    ),
    "several_sheets": (
        "Die Arbeitsmappe hat mehrere Tabellenblätter: {sheets}. Bitte eines auswählen (--sheet).",
        "The workbook has several sheets: {sheets}. Please choose one (--sheet).",
    ),
    "unknown_sheet": (
        "Das Tabellenblatt „{value}“ gibt es nicht; vorhanden: {sheets}.",
        "There is no sheet '{value}'; available: {sheets}.",
    ),
    "no_header": (
        "Keine Kopfzeile gefunden (eine Zeile mit mindestens zwei Spaltennamen).",
        "No header row found (a row with at least two column names).",
    ),
    "no_data_rows": (
        "Unter der Kopfzeile stehen keine Werte.",
        "There are no values below the header row.",
    ),
    "empty_header": (
        "Die Spalte hat Werte, aber keinen Namen in der Kopfzeile.",
        "The column has values but no name in the header row.",
    ),
    "no_district_column": (
        "Keine Spalte mit Bezirken gefunden (z. B. „Stadtteil“, „Bezirk“, „district_id“); "
        "vorhanden: {columns}.",
        "No district column found (e.g. 'Stadtteil', 'Bezirk', 'district_id'); available: "
        "{columns}.",
    ),
    "no_value_columns": (
        "Neben der Bezirksspalte gibt es keine Spalten mit Werten.",
        "Apart from the district column there are no value columns.",
    ),
    "year_missing": (
        "Zu welchem Jahr gehören die Werte? Bitte eine Spalte „Jahr“ ergänzen, das Jahr an den "
        "Spaltennamen anhängen (z. B. „{column} 2021“) oder beim Import angeben (--year).",
        "Which year do the values belong to? Please add a 'year' column, append the year to "
        "the column name (e.g. '{column} 2021') or give it when importing (--year).",
    ),
    # ------------------------------------------------------------------ tables: numbers
    "decimal_comma_separator": (
        "„{value}“ enthält ein Dezimalkomma, die Datei verwendet aber Komma als Trennzeichen. "
        "Bitte mit Semikolon als Trennzeichen speichern oder den Wert in Anführungszeichen setzen.",
        "'{value}' contains a decimal comma, but the file uses comma as separator. Please save "
        "with semicolon as separator or quote the value.",
    ),
    "mixed_number_format": (
        "„{value}“ ist anders geschrieben als die übrigen Zahlen der Spalte (z. B. „{example}“); "
        "Dezimalkomma und Dezimalpunkt gemischt. Bitte einheitlich schreiben.",
        "'{value}' is written differently from the other numbers of the column (e.g. "
        "'{example}'); decimal comma and decimal point are mixed. Please use one format.",
    ),
    "not_a_number_or_sign": (
        "„{value}“ ist weder eine Zahl noch eines der Zeichen „.“ (geheim), „-“ (nichts "
        "vorhanden), „x“ (nicht sinnvoll), „...“ (fällt später an).",
        "'{value}' is neither a number nor one of the signs '.' (suppressed), '-' (none), "
        "'x' (not applicable), '...' (not yet available).",
    ),
    # ------------------------------------------------------------------ matching
    "unknown_indicator_suggest": (
        "Unbekannter Indikator „{value}“ – gemeint ist vielleicht „{suggestion}“? Sonst bitte "
        "zuordnen oder als neuen Indikator anlegen.",
        "Unknown indicator '{value}' – did you mean '{suggestion}'? Otherwise please map it or "
        "define it as a new indicator.",
    ),
    "indicator_for_years_missing": (
        "Die Tabelle hat eine Spalte je Jahr, nennt aber den Indikator nicht. Bitte angeben "
        "(--indicator).",
        "The table has one column per year but does not name the indicator. Please give it "
        "(--indicator).",
    ),
    "mapping_target_unknown": (
        "Die Zuordnung „{value}“ → „{target}“ zeigt auf keinen Indikator im Katalog.",
        "The mapping '{value}' → '{target}' points at no indicator in the catalog.",
    ),
    "new_indicator_exists": (
        "Den Indikator „{value}“ gibt es schon im Katalog; bitte eine andere ID wählen.",
        "Indicator '{value}' already exists in the catalog; please choose another id.",
    ),
    "duplicate_table_district": (
        "Der Bezirk „{value}“ kommt mehrfach vor (zuerst in Zeile {first}).",
        "District '{value}' appears more than once (first in row {first}).",
    ),
    "district_without_values": (
        "Für den Bezirk „{value}“ enthält die Tabelle keine Werte; die Karte zeigt ihn als "
        "„keine Daten“.",
        "The table has no values for district '{value}'; the map shows it as 'no data'.",
    ),
    # ------------------------------------------------------------------ towns
    "town_id_taken": (
        "Die Stadt-ID „{value}“ gehört zu einer eingebauten Stadt; bitte eine andere wählen.",
        "Town id '{value}' belongs to an embedded town; please choose another one.",
    ),
    "cannot_remove_embedded": (
        "„{value}“ ist eine eingebaute Stadt und kann nicht entfernt werden; entfernen lassen "
        "sich nur importierte Städte.",
        "'{value}' is an embedded town and cannot be removed; only imported towns can.",
    ),
    # ------------------------------------------------------------------ notes
    "note_encoding": ("Zeichenkodierung erkannt: {encoding}.", "Detected encoding: {encoding}."),
    "note_separator": (
        "Trennzeichen erkannt: {separator}.",
        "Detected separator: {separator}.",
    ),
    "note_separator_semicolon": (
        "Trennzeichen erkannt: Semikolon.",
        "Detected separator: semicolon.",
    ),
    "note_separator_comma": ("Trennzeichen erkannt: Komma.", "Detected separator: comma."),
    "note_separator_tab": ("Trennzeichen erkannt: Tabulator.", "Detected separator: tab."),
    "note_separator_bar": (
        "Trennzeichen erkannt: senkrechter Strich.",
        "Detected separator: vertical bar.",
    ),
    "note_sheet": ("Tabellenblatt „{sheet}“ gelesen.", "Read sheet '{sheet}'."),
    "note_percent_cells": (
        "{count} als Prozent formatierte Zellen mit 100 multipliziert (so wie angezeigt).",
        "{count} cells formatted as percent multiplied by 100 (as displayed).",
    ),
    "note_title_rows": (
        "{count} Titelzeile(n) übersprungen; die Kopfzeile ist Zeile {line}.",
        "Skipped {count} title line(s); the header is line {line}.",
    ),
    "note_unit_row": (
        "Zeile {line} enthält Einheiten und wurde übersprungen.",
        "Line {line} holds units and was skipped.",
    ),
    "note_skipped_rows": (
        "{count} Zeile(n) mit höchstens einem Eintrag (Zwischenüberschriften, Fußnoten) "
        "übersprungen.",
        "Skipped {count} row(s) with at most one entry (sub-headings, footnotes).",
    ),
    "note_layout_long": (
        "Tabellenaufbau: Langformat (eine Zeile je Bezirk, Indikator und Jahr).",
        "Table layout: long format (one row per district, indicator and year).",
    ),
    "note_layout_long_single": (
        "Tabellenaufbau: Langformat für einen Indikator (Bezirk, Jahr, Wert).",
        "Table layout: long format of one indicator (district, year, value).",
    ),
    "note_layout_wide": (
        "Tabellenaufbau: Breitformat (eine Spalte je Indikator).",
        "Table layout: wide format (one column per indicator).",
    ),
    "note_layout_wide_year_suffix": (
        "Tabellenaufbau: Breitformat mit Jahr im Spaltennamen (z. B. „Einwohner 2021“).",
        "Table layout: wide format with the year in the column name (e.g. 'Einwohner 2021').",
    ),
    "note_layout_wide_two_row_header": (
        "Tabellenaufbau: Breitformat mit zweizeiligem Kopf (Indikatoren, darunter Jahre).",
        "Table layout: wide format with a two-row header (indicators, years below).",
    ),
    "note_layout_wide_by_year": (
        "Tabellenaufbau: Breitformat für einen Indikator (eine Spalte je Jahr).",
        "Table layout: wide format of one indicator (one column per year).",
    ),
    "note_numbers_de": (
        "Zahlen im deutschen Format gelesen (Dezimalkomma, Tausenderpunkt).",
        "Numbers read in German format (decimal comma, thousands point).",
    ),
    "note_numbers_en": (
        "Zahlen im englischen Format gelesen (Dezimalpunkt).",
        "Numbers read in English format (decimal point).",
    ),
    "note_district_column_guessed": (
        "Die Bezirke werden in der ersten Spalte „{column}“ erwartet.",
        "Districts are expected in the first column '{column}'.",
    ),
    "note_total_rows": (
        "{count} Wert(e) aus Summenzeilen („insgesamt“) übersprungen; Gesamtwerte werden aus "
        "den Bezirken berechnet.",
        "Skipped {count} value(s) of total rows ('insgesamt'); town totals are computed from "
        "the districts.",
    ),
    "note_suppressed": (
        "{count} Wert(e) mit zu kleiner Fallzahl werden als „geheim“ (.) angezeigt.",
        "{count} value(s) with too few cases will be shown as suppressed (.).",
    ),
    "note_layer": ("Ebene „{layer}“ gelesen.", "Read layer '{layer}'."),
    "note_crs": (
        "Koordinatensystem {crs}; umgerechnet nach WGS 84 (EPSG:4326).",
        "Coordinate reference system {crs}; transformed to WGS 84 (EPSG:4326).",
    ),
    "note_id_column": (
        "Bezirks-ID aus Spalte „{column}“ (automatisch erkannt).",
        "District id from column '{column}' (detected).",
    ),
    "note_name_column": (
        "Bezirksname aus Spalte „{column}“ (automatisch erkannt).",
        "District name from column '{column}' (detected).",
    ),
    "note_ids_from_names": (
        "Keine ID-Spalte gefunden; IDs werden aus den Namen in „{column}“ gebildet.",
        "No id column found; ids are made from the names in '{column}'.",
    ),
}
