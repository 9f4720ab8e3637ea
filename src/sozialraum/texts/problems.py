"""Messages of input problems found by the loaders (German, English), by problem code.

Templates may use ``{column}`` and the problem's parameters. Keep them plain sentences a
planner understands: what is wrong, and what to do where that is not obvious.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # files
    "file_missing": ("Datei nicht gefunden.", "File not found."),
    "empty_file": ("Die Datei ist leer.", "The file is empty."),
    "not_utf8": (
        "Die Datei ist nicht UTF-8-kodiert.",
        "The file is not UTF-8 encoded.",
    ),
    "not_text": (
        "Die Datei ist keine Textdatei (CSV). Bitte als CSV oder XLSX speichern.",
        "The file is not a text (CSV) file. Please save it as CSV or XLSX.",
    ),
    "xlsx_as_csv": (
        "Die Datei ist eine Excel-Datei mit der Endung .csv. Bitte in „.xlsx“ umbenennen.",
        "The file is an Excel file named .csv. Please rename it to '.xlsx'.",
    ),
    "mixed_encoding": (
        "Die Datei mischt zwei Zeichenkodierungen (UTF-8 und Windows-1252); ab hier "
        "abweichend. Bitte einheitlich als UTF-8 speichern.",
        "The file mixes two encodings (UTF-8 and Windows-1252); this line differs. Please "
        "save it as UTF-8 throughout.",
    ),
    "csv_syntax": (
        "Die CSV-Datei ist fehlerhaft aufgebaut ({detail}), z. B. ein nicht geschlossenes "
        "Anführungszeichen.",
        "The CSV file is malformed ({detail}), e.g. an unclosed quotation mark.",
    ),
    "bad_json": ("Kein gültiges JSON ({detail}).", "Not valid JSON ({detail})."),
    "json_not_list": ("Erwartet wird eine JSON-Liste.", "Expected a JSON list."),
    "json_not_object": ("Erwartet wird ein JSON-Objekt.", "Expected a JSON object."),
    "json_missing_field": (
        "Pflichtfeld „{column}“ fehlt oder ist leer.",
        "Required field '{column}' is missing or empty.",
    ),
    "unreadable_geo": (
        "Die Geodatei kann nicht gelesen werden ({detail}).",
        "The geodata file cannot be read ({detail}).",
    ),
    "duplicate_column": (
        "Die Spalte „{column}“ kommt mehrfach vor.",
        "Column '{column}' appears more than once.",
    ),
    "wrong_field_count": (
        "Die Zeile hat {found} Felder, die Kopfzeile {expected}.",
        "The row has {found} fields, the header {expected}.",
    ),
    "missing_column": ("Die Spalte „{column}“ fehlt.", "Column '{column}' is missing."),
    "empty_cell": ("Das Feld „{column}“ ist leer.", "Field '{column}' is empty."),
    "more_rows": (
        "… und {count} weitere Zeilen mit demselben Problem.",
        "… and {count} more rows with the same problem.",
    ),
    # towns
    "bad_town_id": (
        "Ungültige Stadt-ID „{value}“: nur Kleinbuchstaben, Ziffern und Bindestriche, 2–41 Zeichen.",
        "Invalid town id '{value}': lower-case letters, digits and hyphens only, 2–41 characters.",
    ),
    "bad_ags": (
        "Ungültiger Gemeindeschlüssel „{value}“: erwartet werden 8 Ziffern.",
        "Invalid municipality key '{value}': expected 8 digits.",
    ),
    "town_folder_mismatch": (
        "Die Stadt-ID „{value}“ passt nicht zum Ordnernamen.",
        "Town id '{value}' does not match its folder name.",
    ),
    "duplicate_town": (
        "Die Stadt-ID „{value}“ ist doppelt vergeben.",
        "Town id '{value}' is used twice.",
    ),
    "no_towns": ("Im Datenverzeichnis ist keine Stadt.", "The data directory contains no town."),
    "unknown_town": ("Unbekannte Stadt „{value}“.", "Unknown town '{value}'."),
    "outline_missing": (
        "Für „{value}“ gibt es keine Gemeindegrenze.",
        "There is no municipal outline for '{value}'.",
    ),
    # catalog
    "bad_indicator_id": (
        "Ungültige Indikator-ID „{value}“: Kleinbuchstaben, Ziffern, Unterstrich; Beginn mit Buchstabe.",
        "Invalid indicator id '{value}': lower-case letters, digits, underscore; starting with a letter.",
    ),
    "duplicate_indicator": (
        "Die Indikator-ID „{value}“ ist doppelt vergeben.",
        "Indicator id '{value}' is used twice.",
    ),
    "bad_enum": (
        "Ungültiger Wert „{value}“ in „{column}“; erlaubt: {allowed}.",
        "Invalid value '{value}' in '{column}'; allowed: {allowed}.",
    ),
    "aggregation_mismatch": (
        "Die Aggregation passt nicht zur Art „{kind}“ (count → sum, rate → ratio, mean → weighted_mean).",
        "The aggregation does not fit kind '{kind}' (count → sum, rate → ratio, mean → weighted_mean).",
    ),
    "must_be_positive": ("„{value}“ muss größer als 0 sein.", "'{value}' must be greater than 0."),
    "not_a_number": ("„{value}“ ist keine Zahl.", "'{value}' is not a number."),
    "not_an_integer": ("„{value}“ ist keine ganze Zahl.", "'{value}' is not a whole number."),
    # geometry
    "no_features": ("Die Datei enthält keine Flächen.", "The file contains no features."),
    "missing_crs": (
        "Das Koordinatensystem fehlt (z. B. .prj-Datei). Bitte angeben statt raten lassen.",
        "The coordinate reference system is missing (e.g. .prj file). Please provide it; it is not guessed.",
    ),
    "empty_geometry": ("Die Geometrie ist leer.", "The geometry is empty."),
    "not_polygon": (
        "Erwartet wird eine Fläche (Polygon), gefunden: {geom_type}.",
        "Expected an area (polygon), found: {geom_type}.",
    ),
    "invalid_geometry": ("Ungültige Geometrie: {detail}.", "Invalid geometry: {detail}."),
    "duplicate_district": (
        "Die Bezirks-ID „{value}“ ist doppelt vergeben.",
        "District id '{value}' is used twice.",
    ),
    # values
    "decimal_comma": (
        "Dezimalkomma gefunden; in dieser Datei wird der Punkt als Dezimaltrennzeichen erwartet.",
        "Decimal comma found; this file expects a point as decimal separator.",
    ),
    "unknown_district": (
        "Unbekannter Bezirk „{value}“.",
        "Unknown district '{value}'.",
    ),
    "unknown_district_suggest": (
        "Unbekannter Bezirk „{value}“ – gemeint ist vielleicht „{suggestion}“?",
        "Unknown district '{value}' – did you mean '{suggestion}'?",
    ),
    "unknown_indicator": (
        "Unbekannter Indikator „{value}“ (nicht im Katalog).",
        "Unknown indicator '{value}' (not in the catalog).",
    ),
    "bad_year": (
        "Das Jahr muss eine ganze Zahl zwischen 1900 und 2100 sein.",
        "The year must be a whole number between 1900 and 2100.",
    ),
    "bad_status": (
        "Unbekanntes Zeichen in „status“; erlaubt: leer, „.“ (geheim), „-“ (nichts vorhanden), „x“ (nicht sinnvoll), „...“ (fällt später an).",
        "Unknown sign in 'status'; allowed: empty, '.' (suppressed), '-' (none), 'x' (not applicable), '...' (not yet available).",
    ),
    "status_with_value": (
        "Ein Wert und ein Zeichen für „kein Wert“ zugleich.",
        "Both a value and a 'no value' sign.",
    ),
    "negative": ("Anzahlen dürfen nicht negativ sein.", "Counts must not be negative."),
    "value_missing": (
        "Der Wert fehlt. Ohne Wert bitte ein Zeichen in „status“ angeben (z. B. „.“ für geheim).",
        "The value is missing. Without a value, give a sign in 'status' (e.g. '.' for suppressed).",
    ),
    "zero_base": (
        "Die Bezugsgröße ist 0, ein Anteil lässt sich nicht berechnen.",
        "The base is 0; a rate cannot be computed.",
    ),
    "value_inconsistent": (
        "Der Wert passt nicht zu Zähler und Nenner.",
        "The value does not match numerator and denominator.",
    ),
    "out_of_range": (
        "Der Wert {value:g} liegt außerhalb des plausiblen Bereichs {low:g} bis {high:g}.",
        "The value {value:g} is outside the plausible range {low:g} to {high:g}.",
    ),
    "duplicate_value_row": (
        "Bezirk, Indikator und Jahr kommen mehrfach vor.",
        "District, indicator and year appear more than once.",
    ),
    # reference figures and town series
    "duplicate_reference_row": (
        "Stadt, Kennzahl und Jahr kommen mehrfach vor.",
        "Town, figure and year appear more than once.",
    ),
    "reference_unknown_town": (
        "Die Stadt „{value}“ gibt es im Datenverzeichnis nicht; die Zeile wird nicht angezeigt.",
        "There is no town '{value}' in the data directory; the row is not shown.",
    ),
    "reference_unknown_figure": (
        "Die Kennzahl „{value}“ steht nicht im Indikatorkatalog; sie wird ohne Bezeichnung angezeigt.",
        "Figure '{value}' is not in the indicator catalog; it is shown without a label.",
    ),
    "duplicate_series_row": (
        "Gemeindeschlüssel, Indikator und Jahr kommen mehrfach vor.",
        "Municipality key, indicator and year appear more than once.",
    ),
}
