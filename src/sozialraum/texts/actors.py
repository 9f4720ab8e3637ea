"""Texts of the actor store, the network file readers, and the Sozialindex and network pages."""

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
    # app: Sozialindex and network pages, actors' map layer, methods sheet
    "page_index": ("Sozialindex", "Social index"),
    "index_heading": (
        "Sozialindex {town}: Status × Dynamik {base}–{year}",
        "Social index {town}: status × dynamics {base}–{year}",
    ),
    "index_intro": (
        "Nach der Methode des Berliner Monitorings Soziale Stadtentwicklung: Status = Lage im Jahr {year}, Dynamik = Veränderung seit {base} in Prozentpunkten. Höhere Indexwerte bedeuten mehr Benachteiligung bzw. Verschlechterung. Erläuterung und Grenzen auf der Seite „Methodik & Quellen“.",
        "After the method of Berlin's Monitoring Soziale Stadtentwicklung: status = situation in {year}, dynamics = change since {base} in percentage points. Higher index values mean more disadvantage or deterioration. Explanation and limits on the 'Methods & sources' page.",
    ),
    "index_settings": ("Einstellungen des Index", "Index settings"),
    "index_status_inputs": ("Status-Indikatoren", "Status indicators"),
    "index_dynamics_inputs": (
        "Dynamik-Indikatoren (Veränderung über 2 Jahre)",
        "Dynamics indicators (change over 2 years)",
    ),
    "index_year": ("Jahr", "Year"),
    "index_method": ("Standardisierung", "Standardisation"),
    "index_method_districts": (
        "z-Werte über die Bezirke der Stadt (Berliner Verfahren)",
        "z-scores across the town's districts (Berlin method)",
    ),
    "index_method_rank": (
        "Rangbasiert (Normal-Scores der Ränge)",
        "Rank-based (normal scores of the ranks)",
    ),
    "index_method_reference": (
        "Gegen eine Referenz (Gemeinden des Kreises bzw. Landes, INKAR)",
        "Against a reference (municipalities of the county or state, INKAR)",
    ),
    "index_region": ("Referenzraum", "Reference region"),
    "index_region_county": ("Kreis", "County"),
    "index_region_state": ("Land", "State"),
    "index_reference_units": (
        "Referenz: {status} Gemeinden mit allen Status-Werten, {dynamics} mit allen Dynamik-Werten (AGS-Präfix {prefix}).",
        "Reference: {status} municipalities with all status values, {dynamics} with all dynamics values (AGS prefix {prefix}).",
    ),
    "index_few_districts": (
        "Nur {n} Bezirke gehen in die Standardisierung ein. Bei so wenigen Bezirken hängen die z-Werte stark von einzelnen Werten ab – die rangbasierte Variante oder eine Referenz prüfen.",
        "Only {n} districts enter the standardisation. With so few districts the z-scores depend heavily on single values – compare the rank-based variant or a reference.",
    ),
    "index_no_population": (
        "Für dieses Jahr fehlen Einwohnerzahlen: die Regel „unter 300 Einwohner werden nicht bewertet“ konnte nicht angewandt werden.",
        "Population figures are missing for this year: the rule 'districts under 300 inhabitants are not assessed' could not be applied.",
    ),
    "index_no_years": (
        "Für diese Auswahl gibt es kein Jahr mit allen Status-Werten und den Dynamik-Werten zwei Jahre davor.",
        "No year has all status values and the dynamics values two years earlier for this selection.",
    ),
    "index_table": ("Tabelle zur Karte", "Table for the map"),
    "index_err_no_indicators": (
        "Bitte mindestens einen Status- und einen Dynamik-Indikator wählen.",
        "Please choose at least one status and one dynamics indicator.",
    ),
    "index_err_neutral_indicator": (
        "„{indicator}“ hat keine Wertungsrichtung und kann nicht in den Index eingehen.",
        "'{indicator}' has no direction (neutral) and cannot enter the index.",
    ),
    "index_err_unknown_indicator": (
        "Unbekannter Indikator „{indicator}“.",
        "Unknown indicator '{indicator}'.",
    ),
    "index_err_too_few_districts": (
        "Zu wenige Bezirke für die Standardisierung ({part}: {count}; nötig sind mindestens 3 mit allen Werten und mindestens 300 Einwohnern).",
        "Too few districts to standardise ({part}: {count}; at least 3 with all values and at least 300 inhabitants are needed).",
    ),
    "index_err_too_few_reference": (
        "Zu wenige Referenzgemeinden ({part}: {count}; nötig sind mindestens 3). INKAR-Werte aller Gemeinden des Kreises bzw. Landes importieren: `sozialraum import-inkar`.",
        "Too few reference municipalities ({part}: {count}; at least 3 are needed). Import INKAR values of all municipalities of the county or state: `sozialraum import-inkar`.",
    ),
    "index_err_no_reference": (
        "Für diese Stadt gibt es keine Referenz (kein gültiger Gemeindeschlüssel).",
        "There is no reference for this town (no valid municipality key).",
    ),
    "index_err_no_spread": (
        "„{indicator}“ ({part}) ist in allen Bezirken gleich und kann nicht standardisiert werden.",
        "'{indicator}' ({part}) is the same in every district and cannot be standardised.",
    ),
    "index_err_no_base_year": (
        "Für {year} liegen keine Werte der Dynamik-Indikatoren vor.",
        "There are no values of the dynamics indicators for {year}.",
    ),
    "page_network": ("Akteure & Netzwerk", "Actors & network"),
    "net_heading": ("Akteure und Netzwerk: {town}", "Actors and network: {town}"),
    "net_intro": (
        "Wer arbeitet in der Stadt mit wem, in welchen Handlungsfeldern und Bezirken? Farbe = Sektor, Größe = Zahl der Beziehungen. Einen Akteur anklicken, um sein Profil zu sehen. Keine personenbezogenen Kontaktdaten eintragen – Funktionen statt Namen.",
        "Who works with whom in the town, in which fields of action and districts? Colour = sector, size = number of relations. Click an actor to see its profile. Do not enter personal contact data – roles instead of names.",
    ),
    "net_db_error": (
        "Die Datenbank der Akteure ist nicht erreichbar: {detail}",
        "The actors' database cannot be reached: {detail}",
    ),
    "net_filter_field": ("Handlungsfeld", "Field of action"),
    "net_filter_district": ("Bezirk", "District"),
    "net_filter_sector": ("Sektoren", "Sectors"),
    "net_all": ("– alle –", "– all –"),
    "net_empty": (
        "Noch keine Akteure für diese Stadt. Unten „Akteur hinzufügen“ oder eine Datei importieren.",
        "No actors for this town yet. Use 'Add actor' below or import a file.",
    ),
    "net_none_match": ("Kein Akteur passt zu diesem Filter.", "No actor matches this filter."),
    "net_counts": (
        "{actors} Akteure, {relations} Beziehungen",
        "{actors} actors, {relations} relations",
    ),
    "net_profile": ("Profil", "Profile"),
    "net_pick": ("Akteur", "Actor"),
    "net_none": ("– keiner gewählt –", "– none selected –"),
    "net_sector": ("Sektor", "Sector"),
    "net_kind": ("Art", "Kind"),
    "net_districts": ("Aktiv in Bezirken", "Active in districts"),
    "net_point": ("Ort (Längengrad, Breitengrad)", "Place (longitude, latitude)"),
    "net_fields": ("Handlungsfelder", "Fields of action"),
    "net_notes": ("Notizen", "Notes"),
    "net_address": (
        "Öffentliche Adresse (nur Organisation oder Gremium)",
        "Public address (organisation or body only)",
    ),
    "net_relations": ("Beziehungen", "Relations"),
    "net_gaps": ("Lücken im Netzwerk", "Gaps in the network"),
    "net_no_gaps": ("Keine Lücken gefunden.", "No gaps found."),
    "net_gaps_index_missing": (
        "Der Sozialindex lässt sich für diese Stadt nicht berechnen; Bezirke mit hohem Bedarf werden daher nicht geprüft.",
        "The social index cannot be computed for this town, so districts with high need are not checked.",
    ),
    "net_map": ("Akteure auf der Karte", "Actors on the map"),
    "net_edit": ("Akteure und Beziehungen bearbeiten", "Edit actors and relations"),
    "net_who": ("Ihr Kürzel (für die Änderungshistorie)", "Your initials (for the change history)"),
    "net_add_actor": ("Akteur hinzufügen", "Add actor"),
    "net_name": ("Name (Organisation, Gremium oder Funktion)", "Name (organisation, body or role)"),
    "net_lon": ("Längengrad (optional)", "Longitude (optional)"),
    "net_lat": ("Breitengrad (optional)", "Latitude (optional)"),
    "net_save": ("Speichern", "Save"),
    "net_added": ("„{name}“ gespeichert.", "'{name}' saved."),
    "net_add_relation": ("Beziehung hinzufügen", "Add relation"),
    "net_from": ("Von", "From"),
    "net_to": ("Zu", "To"),
    "net_type": ("Art der Beziehung", "Type of relation"),
    "net_strength": ("Stärke (1 schwach – 3 stark)", "Strength (1 weak – 3 strong)"),
    "net_since": ("Seit (Jahr, optional)", "Since (year, optional)"),
    "net_relation_added": ("Beziehung gespeichert.", "Relation saved."),
    "net_delete": ("Gewählten Akteur löschen", "Delete the selected actor"),
    "net_deleted": (
        "„{name}“ gelöscht (wiederherstellbar).",
        "'{name}' deleted (can be restored).",
    ),
    "net_restore": ("Gelöschte Akteure wiederherstellen", "Restore deleted actors"),
    "net_exchange": ("Import und Export", "Import and export"),
    "net_export": ("Exportieren", "Export"),
    "net_import": ("Importieren", "Import"),
    "net_format": ("Format", "Format"),
    "net_files": (
        "Dateien (Kumu: Elemente und Verbindungen; Gephi: Knoten und Kanten; XLSX: eine Arbeitsmappe)",
        "Files (Kumu: elements and connections; Gephi: nodes and edges; XLSX: one workbook)",
    ),
    "net_node_file": ("Knoten / Elemente", "Nodes / elements"),
    "net_edge_file": ("Kanten / Verbindungen (optional)", "Edges / connections (optional)"),
    "net_do_import": ("Importieren", "Import"),
    "net_imported": (
        "Importiert: {created} neue Akteure, {updated} geändert, {relations} Beziehungen.",
        "Imported: {created} new actors, {updated} changed, {relations} relations.",
    ),
    "net_import_error": (
        "Nichts importiert – die Datei hat Fehler:",
        "Nothing imported – the file has errors:",
    ),
    "net_save_error": ("Nicht gespeichert:", "Not saved:"),
    "map_actors": ("Akteure anzeigen", "Show actors"),
    "m_index_heading": (
        "Sozialindex: Status × Dynamik (Verfahren des Berliner Monitorings Soziale Stadtentwicklung)",
        "Social index: status × dynamics (method of Berlin's Monitoring Soziale Stadtentwicklung)",
    ),
    "m_index_text": (
        "**Eingänge.** Status-Indikatoren (Stand im gewählten Jahr) und Dynamik-Indikatoren (ihre Veränderung über die letzten zwei Jahre in Prozentpunkten); voreingestellt SGB-II-Quote, Arbeitslosenanteil und Kinderarmut. Jeder Eingang wird so ausgerichtet, dass ein höherer Wert mehr Benachteiligung bedeutet: Indikatoren, bei denen ein höherer Wert günstig ist (z. B. Kita-Plätze), werden mit −1 multipliziert; Indikatoren ohne Wertungsrichtung (z. B. Ausländeranteil) können nicht eingehen.\n\n**Berechnung.** Jeder Eingang wird über die einbezogenen Bezirke z-standardisiert, z = (x − Mittelwert) / Standardabweichung, ungewichtet (jeder Bezirk zählt gleich, unabhängig von seiner Größe). Die Standardabweichung ist die der Grundgesamtheit (Division durch n, nicht n − 1): Die Bezirke einer Stadt sind alle Einheiten, keine Stichprobe. Die z-Werte werden mit gleichem Gewicht addiert und die Summe erneut z-standardisiert – das ergibt Status- und Dynamikindex.\n\n**Klassen.** Status: hoch ≤ −1 < mittel ≤ +1 < niedrig ≤ +1,5 < sehr niedrig. Dynamik: positiv ≤ −1 < stabil < +1 ≤ negativ. Die 4 × 3 = 12 Kombinationen sind die Gruppen der Karte; dunkler heißt mehr Benachteiligung bzw. Verschlechterung. Grenzwerte werden auf 6 Nachkommastellen gerundet verglichen, damit Rechenrauschen keinen Bezirk über eine Grenze schiebt.\n\n**Ausschlüsse.** Bezirke unter 300 Einwohnern werden nicht bewertet (ihre Quoten beruhen auf wenigen Personen) und in der Karte eigens gekennzeichnet. Ein Bezirk geht nur mit allen Eingängen in eine Standardisierung ein. Ist ein Eingang geheim („.“), ist auch der Index geheim – er wird nie als 0 gerechnet.\n\n**Varianten.** *Rangbasiert:* Jeder Eingang wird durch den Normal-Score seines Rangs ersetzt, Φ⁻¹(Rang / (n + 1)); ein Ausreißer wiegt dann nicht mehr als ein anderer Rang. Abstände zwischen Werten gehen verloren, gleiche Werte teilen sich ihren mittleren Rang. *Gegen eine Referenz:* Mittelwert und Standardabweichung stammen von den Gemeinden des Kreises oder Landes (INKAR-Werte, mit `sozialraum import-inkar` importiert); auch die Summe wird an den Summen dieser Gemeinden gemessen. Ein Bezirk ist dann „niedrig“ im Vergleich zur Region, nicht nur zu den anderen Bezirken. Bezirke streuen stärker als ganze Gemeinden, daher fallen Bezirkswerte gegen eine Gemeinde-Referenz eher extrem aus; Definitionen und Jahre der INKAR-Werte müssen zu den Bezirksdaten passen.\n\n**Grenzen bei wenigen Bezirken.** Mit n Bezirken kann ein z-Wert höchstens √(n − 1) erreichen; bei 5 Bezirken also 2. Jede Standardisierung erzwingt eine Verteilung um 0: Auch in einer Stadt ohne Problemlagen sind relativ zur Stadt einige Bezirke „niedrig“, in einer Stadt mit durchweg hoher Armut vielleicht keiner. Die Klassen beschreiben Abstände zwischen den Bezirken, nicht absolute Lagen – dafür die Referenz-Variante und die Einzelwerte heranziehen. Der Index ersetzt nicht die Kenntnis vor Ort.",
        "**Inputs.** Status indicators (levels in the chosen year) and dynamics indicators (their change over the last two years in percentage points); by default the SGB II rate, the unemployment share and child poverty. Each input is oriented so that a higher value means more disadvantage: indicators where a higher value is favourable (e.g. childcare places) are multiplied by −1; indicators without a direction (e.g. the foreigners share) cannot enter.\n\n**Computation.** Each input is z-standardised across the included districts, z = (x − mean) / standard deviation, unweighted (every district counts the same, whatever its size). The standard deviation is the population one (division by n, not n − 1): the districts of a town are all units, not a sample. The z-scores are added with equal weights and the sum is z-standardised again – giving the status index and the dynamics index.\n\n**Classes.** Status: high ≤ −1 < medium ≤ +1 < low ≤ +1.5 < very low. Dynamics: positive ≤ −1 < stable < +1 ≤ negative. The 4 × 3 = 12 combinations are the map's groups; darker means more disadvantage or deterioration. Bounds are compared after rounding to 6 decimals so that floating-point noise never pushes a district across a bound.\n\n**Exclusions.** Districts under 300 inhabitants are not assessed (their rates rest on a few people) and are marked as such on the map. A district enters a standardisation only with all its inputs. If an input is suppressed ('.'), so is the index – it is never counted as 0.\n\n**Variants.** *Rank-based:* each input is replaced by the normal score of its rank, Φ⁻¹(rank / (n + 1)); an outlier then weighs no more than any other rank. Distances between values are lost; equal values share their mean rank. *Against a reference:* mean and standard deviation come from the municipalities of the county or state (INKAR values imported with `sozialraum import-inkar`); the sum is measured against those municipalities' sums too. A district is then 'low' relative to the region, not only to the other districts. Districts vary more than whole municipalities, so district values tend to look extreme against a municipal reference; definitions and years of the INKAR values must match the district data.\n\n**Limits with few districts.** With n districts a z-score can reach at most √(n − 1); with 5 districts that is 2. Every standardisation forces a spread around 0: even in a town without problems some districts are 'low' relative to the town, and in a town with high poverty throughout perhaps none is. The classes describe distances between districts, not absolute conditions – use the reference variant and the single values for that. The index does not replace local knowledge.",
    ),
}
