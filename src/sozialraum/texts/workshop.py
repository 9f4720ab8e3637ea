"""Messages of the workshop store (German, English), by problem code."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ws_empty": ("„{column}“ darf nicht leer sein.", "'{column}' must not be empty."),
    "ws_too_long": (
        "„{column}“ ist {length} Zeichen lang; erlaubt sind höchstens {limit}.",
        "'{column}' is {length} characters long; at most {limit} are allowed.",
    ),
    "ws_not_text": ("„{column}“ muss ein Text sein.", "'{column}' must be text."),
    "ws_not_found": (
        "{entity_de} Nr. {value} gibt es nicht.",
        "There is no {entity_en} with id {value}.",
    ),
    "ws_is_deleted": (
        "{entity_de} Nr. {value} ist gelöscht; bitte erst wiederherstellen.",
        "The {entity_en} {value} is deleted; restore it first.",
    ),
    "ws_other_workshop": (
        "{entity_de} Nr. {value} gehört zu einer anderen Werkstatt.",
        "The {entity_en} {value} belongs to another workshop.",
    ),
    "ws_unknown_field": (
        "„{column}“ kann hier nicht geändert werden; möglich sind: {allowed}.",
        "'{column}' cannot be changed here; possible are: {allowed}.",
    ),
    "ws_end_before_start": (
        "Das Ende ({end}) liegt vor dem Beginn ({start}).",
        "The end ({end}) is before the start ({start}).",
    ),
    "ws_bad_date": (
        "„{value}“ ist kein Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT).",
        "'{value}' is not a date (expected: DD.MM.YYYY or YYYY-MM-DD).",
    ),
    "ws_bad_year": (
        "„{value}“ ist kein Jahr zwischen 1900 und 2100.",
        "'{value}' is not a year between 1900 and 2100.",
    ),
    "ws_bad_count": (
        "Die Zahl „{value}“ in „{column}“ muss eine ganze Zahl ≥ 0 sein.",
        "The number '{value}' in '{column}' must be a whole number ≥ 0.",
    ),
    "ws_bad_number": ("„{value}“ ist keine Zahl.", "'{value}' is not a number."),
    "ws_bad_geometry": (
        "Die Geometrie ist ungültig ({detail}); erwartet wird ein Punkt oder Polygon als WKT in Längen-/Breitengrad (EPSG:4326).",
        "The geometry is invalid ({detail}); expected a point or polygon as WKT in longitude/latitude (EPSG:4326).",
    ),
    "ws_duplicate": (
        "„{value}“ kommt in „{column}“ mehrfach vor.",
        "'{value}' appears more than once in '{column}'.",
    ),
    "ws_bad_target": (
        "Ungültiges Indikatorziel „{value}“: erwartet (Indikator, Richtung, Zielwert oder leer).",
        "Invalid indicator target '{value}': expected (indicator, direction, target value or empty).",
    ),
    # importing notes from a table (paper cards)
    "ni_no_text_column": (
        "Keine Spalte mit dem Text der Beiträge gefunden (erwartet z. B. „Text“ oder „Beitrag“); vorhanden: {columns}.",
        "No column with the text of the notes found (expected e.g. 'Text' or 'Note'); present: {columns}.",
    ),
    "ni_unknown_district": (
        "Unbekannter Bezirk „{value}“{suggestion}.",
        "Unknown district '{value}'{suggestion}.",
    ),
    "ni_unknown_indicator": (
        "Unbekannter Indikator „{value}“ (weder ID noch Name im Katalog).",
        "Unknown indicator '{value}' (neither id nor name in the catalogue).",
    ),
    "ni_unknown_field": (
        "Unbekanntes Handlungsfeld „{value}“; vorhanden: {allowed}. Bitte zuerst in der Werkstatt anlegen.",
        "Unknown field of action '{value}'; present: {allowed}. Please create it in the workshop first.",
    ),
    "ni_bad_coordinate": (
        "„{value}“ ist keine Koordinate in Grad.",
        "'{value}' is not a coordinate in degrees.",
    ),
    "ni_half_coordinate": (
        "Längen- und Breitengrad müssen beide angegeben sein.",
        "Longitude and latitude must both be given.",
    ),
    "ni_no_rows": ("Die Tabelle enthält keine Beiträge.", "The table contains no notes."),
}
