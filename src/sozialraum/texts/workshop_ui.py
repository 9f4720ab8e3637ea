"""Texts of the workshop (Werkstatt) pages and of edit access (German, English), by key."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # edit access
    "edit_locked": (
        "Nur Lesen: Änderungen brauchen den Bearbeitungsschlüssel dieser Installation.",
        "Read-only: changes need this installation's edit key.",
    ),
    "edit_key": ("Bearbeitungsschlüssel", "Edit key"),
    "edit_unlock": ("Freischalten", "Unlock"),
    "edit_key_wrong": ("Der Schlüssel stimmt nicht.", "The key is not correct."),
    "edit_unlocked": (
        "Bearbeiten ist für diese Sitzung freigeschaltet.",
        "Editing is unlocked for this session.",
    ),
    "edit_lock": ("Sperren", "Lock"),
    # workshop page
    "page_workshop": ("Werkstatt", "Workshop"),
    "ws_heading": ("Werkstatt {town}", "Workshop {town}"),
    "ws_intro": (
        "Was der Raum sagt, direkt an der Karte festhalten: Beiträge zu Bezirken, Orten oder "
        "der ganzen Stadt, daraus Handlungsfelder, Ziele und Maßnahmen – und am Ende das "
        "Protokoll.",
        "Capture what the room says right on the map: notes on districts, places or the whole "
        "town, then fields of action, goals and measures – and finally the protocol.",
    ),
    "ws_pick": ("Werkstatt", "Workshop"),
    "ws_new": ("Neue Werkstatt anlegen", "Create a workshop"),
    "ws_edit": ("Werkstatt bearbeiten", "Edit workshop"),
    "ws_title": ("Titel", "Title"),
    "ws_date": ("Datum", "Date"),
    "ws_place_field": ("Ort", "Venue"),
    "ws_participants": ("Teilnehmende nach Bereich", "Participants by sector"),
    "ws_create": ("Werkstatt anlegen", "Create workshop"),
    "ws_save": ("Speichern", "Save"),
    "ws_created": ("Werkstatt angelegt.", "Workshop created."),
    "ws_saved": ("Gespeichert.", "Saved."),
    "ws_none": (
        "Für diese Stadt gibt es noch keine Werkstatt. Bitte oben eine anlegen.",
        "This town has no workshop yet. Please create one above.",
    ),
    "ws_meta": ("{date} · {place} · {n} Teilnehmende", "{date} · {place} · {n} participants"),
    "ws_no_date": ("ohne Datum", "no date"),
    "ws_who": (
        "Ihr Name für die Änderungshistorie (optional)",
        "Your name for the change history (optional)",
    ),
    "ws_refused": (
        "Die Änderung wurde nicht gespeichert:",
        "The change was not saved:",
    ),
    "ws_tab_notes": ("Karte und Beiträge", "Map and notes"),
    "ws_tab_fields": ("Handlungsfelder, Ziele, Maßnahmen", "Fields of action, goals, measures"),
    "ws_tab_export": ("Protokoll", "Protocol"),
    "ws_map_help": (
        "Beiträge werden mit Indikator, Jahr und gewähltem Bezirk verknüpft. Mit den "
        "Werkzeugen links auf der Karte einen Punkt setzen oder eine Fläche zeichnen. "
        "Schraffur und Zahl: Beiträge zu einem Bezirk.",
        "Notes are linked to the indicator, year and selected district. Use the tools on the "
        "left of the map to drop a point or draw an area. Hatching and number: notes on a "
        "district.",
    ),
    # notes
    "ws_add_heading": ("Beitrag notieren", "Add a note"),
    "ws_note_text": ("Beitrag", "Note"),
    "ws_kind": ("Art", "Kind"),
    "ws_author": ("Von (optional)", "By (optional)"),
    "ws_place": ("Verortung", "Pinned to"),
    "ws_place_drawn": ("gezeichneter Ort", "drawn place"),
    "ws_place_district": ("Bezirk {name}", "district {name}"),
    "ws_place_town": ("ganz {name}", "all of {name}"),
    "ws_link_indicator": (
        "mit „{indicator}“ ({year}) verknüpfen",
        "link to '{indicator}' ({year})",
    ),
    "ws_add_note": ("Beitrag speichern", "Save note"),
    "ws_note_added": ("Beitrag gespeichert.", "Note saved."),
    "ws_notes_heading": ("Beiträge ({n})", "Notes ({n})"),
    "ws_filter_district": ("Bezirk", "District"),
    "ws_filter_topic": ("Themenfeld", "Topic"),
    "ws_filter_kind": ("Art", "Kind"),
    "ws_filter_all": ("alle", "all"),
    "ws_show_deleted": ("gelöschte zeigen", "show deleted"),
    "ws_whole_town": ("ganze Stadt", "whole town"),
    "ws_drawn_place": ("gezeichneter Ort", "drawn place"),
    "ws_no_notes": ("Noch keine Beiträge.", "No notes yet."),
    "ws_no_match": ("Kein Beitrag passt zum Filter.", "No note matches the filter."),
    "ws_field": ("Handlungsfeld", "Field of action"),
    "ws_no_field": ("– ohne Handlungsfeld –", "– no field of action –"),
    "ws_edit_note": ("Bearbeiten", "Edit"),
    "ws_delete": ("Löschen", "Delete"),
    "ws_restore": ("Wiederherstellen", "Restore"),
    "ws_deleted": ("gelöscht", "deleted"),
    "ws_edited": ("bearbeitet", "edited"),
    "ws_badge": (
        "Werkstatt: {notes} · {measures} in diesem Bezirk",
        "Workshop: {notes} · {measures} in this district",
    ),
    "ws_n_notes": ("{n} Beiträge", "{n} notes"),
    "ws_n_note": ("1 Beitrag", "1 note"),
    "ws_n_measures": ("{n} Maßnahmen", "{n} measures"),
    "ws_n_measure": ("1 Maßnahme", "1 measure"),
    "ws_map_note": (
        "Beitrag zur Werkstatt notieren",
        "Add a note to the workshop",
    ),
    "ws_map_no_workshop": (
        "Noch keine Werkstatt für diese Stadt – auf der Seite „Werkstatt“ anlegen.",
        "No workshop for this town yet – create one on the 'Workshop' page.",
    ),
    "ws_open_page": ("Zur Werkstatt", "Open the workshop"),
    # fields, goals, measures
    "ws_new_field": ("Neues Handlungsfeld", "New field of action"),
    "ws_description": ("Beschreibung", "Description"),
    "ws_add_field": ("Handlungsfeld anlegen", "Add field of action"),
    "ws_no_fields": (
        "Noch keine Handlungsfelder. Beiträge werden in der Liste einem Handlungsfeld zugeordnet.",
        "No fields of action yet. Notes are assigned to a field in the list of notes.",
    ),
    "ws_field_notes": ("Beiträge in diesem Handlungsfeld: {n}", "Notes in this field: {n}"),
    "ws_goal": ("Ziel", "Goal"),
    "ws_new_goal": ("Neues Ziel", "New goal"),
    "ws_add_goal": ("Ziel anlegen", "Add goal"),
    "ws_measure": ("Maßnahme", "Measure"),
    "ws_new_measure": ("Neue Maßnahme", "New measure"),
    "ws_add_measure": ("Maßnahme anlegen", "Add measure"),
    "ws_status": ("Stand", "Status"),
    "ws_responsible": ("Verantwortlich", "Responsible"),
    "ws_start": ("Beginn", "Start"),
    "ws_end": ("Ende", "End"),
    "ws_districts": ("Bezirke", "Districts"),
    "ws_target_indicator": ("Indikator (Zielgröße)", "Indicator (target)"),
    "ws_no_indicator": ("– kein Indikator –", "– no indicator –"),
    "ws_direction": ("Richtung", "Direction"),
    "ws_target_value": ("Zielwert (optional)", "Target value (optional)"),
    "ws_sources": ("Aus den Beiträgen", "From the notes"),
    "ws_measures_table": ("Ziele und Maßnahmen", "Goals and measures"),
    "ws_col_goal": ("Ziel", "Goal"),
    "ws_col_measure": ("Maßnahme", "Measure"),
    "ws_col_status": ("Stand", "Status"),
    "ws_col_responsible": ("Verantwortlich", "Responsible"),
    "ws_col_period": ("Zeitraum", "Period"),
    "ws_col_districts": ("Bezirke", "Districts"),
    "ws_col_targets": ("Indikatoren", "Indicators"),
    "ws_bad_target_number": (
        "Der Zielwert muss eine Zahl sein (z. B. 12,5).",
        "The target value must be a number (e.g. 12.5).",
    ),
    # protocol
    "ws_export_intro": (
        "Das Werkstattprotokoll mit Kopf, Teilnehmenden, besprochenen Karten, Beiträgen nach "
        "Handlungsfeld und Bezirk und der Tabelle der Ziele und Maßnahmen; dazu alle Beiträge "
        "als Tabelle und die verorteten Beiträge als GeoJSON (QGIS).",
        "The workshop protocol with header, participants, maps discussed, notes by field of "
        "action and district and the table of goals and measures; plus all notes as a table "
        "and the pinned notes as GeoJSON (QGIS).",
    ),
    "ws_export_docx": ("Protokoll (Word, DOCX)", "Protocol (Word, DOCX)"),
    "ws_export_md": ("Protokoll (Markdown)", "Protocol (Markdown)"),
    "ws_export_csv": ("Beiträge (CSV)", "Notes (CSV)"),
    "ws_export_xlsx": ("Beiträge (Excel)", "Notes (Excel)"),
    "ws_export_geojson": ("Verortete Beiträge (GeoJSON)", "Pinned notes (GeoJSON)"),
    # district profile
    "ws_profile_heading": ("Was die Werkstatt sagte", "What the workshop said"),
    "ws_profile_none": (
        "Zu diesem Bezirk gibt es noch keine Beiträge.",
        "No notes on this district yet.",
    ),
    "ws_profile_measures": ("Maßnahmen für diesen Bezirk", "Measures for this district"),
}
