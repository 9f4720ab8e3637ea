"""Messages of the actor store and the network file readers (merged into MESSAGES)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "actor_not_found": ("Akteur Nr. {value} gibt es nicht.", "There is no actor with id {value}."),
    "relation_not_found": (
        "Beziehung Nr. {value} gibt es nicht.",
        "There is no relation with id {value}.",
    ),
    "actor_is_deleted": (
        "Akteur Nr. {value} ist gelöscht; bitte erst wiederherstellen.",
        "Actor {value} is deleted; restore it first.",
    ),
    "relation_is_deleted": (
        "Beziehung Nr. {value} ist gelöscht; bitte erst wiederherstellen.",
        "Relation {value} is deleted; restore it first.",
    ),
    "actor_other_town": (
        "Akteur Nr. {value} gehört zu einer anderen Stadt.",
        "Actor {value} belongs to another town.",
    ),
    "actor_duplicate_name": (
        "Einen Akteur „{value}“ gibt es in dieser Stadt schon.",
        "There is already an actor '{value}' in this town.",
    ),
    "actor_bad_field": (
        "Handlungsfeld Nr. {value} gibt es in den Werkstätten dieser Stadt nicht.",
        "There is no field of action {value} in this town's workshops.",
    ),
    "actor_role_address": (
        "Eine Funktion steht für eine Person: ihre Adresse wird nicht gespeichert (nur die öffentliche Adresse einer Organisation oder eines Gremiums).",
        "A role stands for a person: its address is not stored (only an organisation's or body's public address).",
    ),
    "actor_bad_strength": (
        "Stärke „{value}“: erlaubt sind 1, 2 oder 3.",
        "Strength '{value}': allowed are 1, 2 or 3.",
    ),
    "actor_bad_since": (
        "„{value}“ ist kein Jahr zwischen {low} und {high}.",
        "'{value}' is not a year between {low} and {high}.",
    ),
    "relation_self": (
        "Ein Akteur kann keine Beziehung zu sich selbst haben.",
        "An actor cannot have a relation with itself.",
    ),
    "relation_duplicate": (
        "Diese Beziehung ({value}) gibt es schon.",
        "This relation ({value}) already exists.",
    ),
    "net_unknown_actor": (
        "„{value}“ ist kein Akteur der Knotenliste.",
        "'{value}' is not an actor of the node list.",
    ),
    "net_duplicate_actor": (
        "„{value}“ kommt in der Knotenliste mehrfach vor.",
        "'{value}' appears more than once in the node list.",
    ),
    "net_bad_value": (
        "„{value}“ ist hier nicht erlaubt; möglich sind: {allowed}.",
        "'{value}' is not allowed here; possible are: {allowed}.",
    ),
    "net_file_count": (
        "Das Format {format} erwartet {count} Datei(en).",
        "The format {format} expects {count} file(s).",
    ),
    "net_no_sheet": (
        "Die Arbeitsmappe hat kein Blatt „{value}“.",
        "The workbook has no sheet '{value}'.",
    ),
    "net_unknown_field_title": (
        "Handlungsfeld „{value}“ gibt es in den Werkstätten dieser Stadt nicht.",
        "There is no field of action '{value}' in this town's workshops.",
    ),
    "net_unknown_district": (
        "Bezirk „{value}“ gibt es in dieser Stadt nicht.",
        "There is no district '{value}' in this town.",
    ),
}
