"""UI texts, German first, English second."""

from __future__ import annotations

from sozialraum.ui.i18n_workshop import TEXT_WORKSHOP

TEXT: dict[str, tuple[str, str]] = {
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
    "demo_badge": (
        "Demo-Daten: Bezirke schematisch, Werte synthetisch",
        "Demo data: schematic districts, synthetic values",
    ),
    "imported_badge": ("Importierte Daten: {town}", "Imported data: {town}"),
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
        "Die Daten dieser Stadt können nicht geladen werden:",
        "This town's data cannot be loaded:",
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
    "change_rule_bad": (
        "Blau = Verbesserung, Rot = Verschlechterung",
        "Blue = improvement, red = deterioration",
    ),
    "change_rule_neutral": (
        "Lila = Abnahme, Orange = Zunahme (keine Wertung)",
        "Purple = decrease, orange = increase (no judgement)",
    ),
    # map labels
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
    "compare_basis": ("Grundlage", "Basis"),
    "official_series_heading": (
        "Amtliche Stadtreihen (INKAR)",
        "Official town series (INKAR)",
    ),
    "official_series_explain": (
        "Alle INKAR-Indikatoren, die für mindestens zwei der Städte veröffentlicht sind; Wert "
        "des gewählten Jahres oder des letzten Jahres davor. Quelle: INKAR, © BBSR Bonn, "
        "dl-de/by-2-0.",
        "Every INKAR indicator published for at least two of the towns; value of the chosen "
        "year or the latest year before it. Source: INKAR, © BBSR Bonn, dl-de/by-2-0.",
    ),
    "official_series_pick": ("Amtlicher Indikator", "Official indicator"),
    "compare_indicators": ("Indikatoren", "Indicators"),
    "compare_table": ("Alle Städte, Schlüsselindikatoren", "All towns, key indicators"),
    "reference": ("amtlicher Referenzwert", "official reference"),
    "reference_heading": ("Amtliche Referenzwerte", "Official reference figures"),
    # table page
    "table_heading": ("Alle Werte {town}, {year}", "All values {town}, {year}"),
    "downloads": ("Herunterladen", "Download"),
    "download_csv": ("CSV", "CSV"),
    "download_xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "download_geojson": ("GeoJSON (mit Geometrie)", "GeoJSON (with geometry)"),
    "download_gpkg": ("GeoPackage (mit Geometrie)", "GeoPackage (with geometry)"),
    "suppressed_note": (
        "Leere Zellen: keine Daten oder geheim (zu kleine Fallzahl, Zeichen „.“).",
        "Empty cells: no data or suppressed (too few cases, sign '.').",
    ),
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
}

# The workshop's texts live in their own table (same mechanism, one namespace).
TEXT.update(TEXT_WORKSHOP)


def t(key: str, lang: str = "de", **params: object) -> str:
    """The text for ``key`` in ``lang``; ``params`` fill its placeholders."""
    de, en = TEXT[key]
    text = de if lang == "de" else en
    return text.format(**params) if params else text
