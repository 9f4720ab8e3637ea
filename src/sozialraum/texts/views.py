"""Texts of the maps, legends, rankings, charts and command-line summaries (German, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # legend and map
    "legend_aria": ("Legende", "Legend"),
    "legend_suppressed": ("geheim (zu kleine Fallzahl)", "suppressed (too few cases)"),
    "no_data": ("keine Daten", "no data"),
    "count_districts_one": ("{count} Bezirk", "{count} district"),
    "count_districts_many": ("{count} Bezirke", "{count} districts"),
    "count_cells_one": ("{count} Zelle", "{count} cell"),
    "count_cells_many": ("{count} Zellen", "{count} cells"),
    "rank_of": ("{rank} von {total}", "{rank} of {total}"),
    "tooltip_district": ("Bezirk", "District"),
    "tooltip_year": ("Jahr", "Year"),
    "tooltip_rank": ("Rang", "Rank"),
    "reading_higher_worse": (
        "dunkler = höherer Wert = ungünstiger",
        "darker = higher value = less favourable",
    ),
    "reading_lower_worse": (
        "dunkler = niedrigerer Wert = ungünstiger",
        "darker = lower value = less favourable",
    ),
    "reading_neutral": (
        "dunkler = höherer Wert (keine Wertung)",
        "darker = higher value (no judgement)",
    ),
    # reference figures that are not catalog indicators (sozialraum.reference.EXTRA_FIGURES)
    "figure_area_ha": ("Fläche (ha)", "Area (ha)"),
    # ranking
    "ranking_title": ("Rangfolge: {indicator}", "Ranking: {indicator}"),
    "ranking_more": ("⋯ {count} weitere ⋯", "⋯ {count} more ⋯"),
    # charts
    "chart_town_total": ("{town} (gesamt)", "{town} (total)"),
    "chart_town_official": ("{town} (amtlich)", "{town} (official)"),
    "chart_town_official_source": ("{town} (amtlich: {source})", "{town} (official: {source})"),
    "chart_profile_hover": (
        "{label}: {district} (Stadt: {town}) {unit}",
        "{label}: {district} (town: {town}) {unit}",
    ),
    "chart_profile_title": (
        "{name} im Vergleich zur Stadt ({year})",
        "{name} compared with the town ({year})",
    ),
    "chart_profile_axis": (
        "unter dem Stadtwert ←  Standardabweichungen  → über dem Stadtwert",
        "below town value ←  standard deviations  → above town value",
    ),
    "chart_from_districts": ("aus Bezirksdaten", "from district data"),
    "chart_town_total_demo": ("{town} (gesamt, Demo)", "{town} (total, demo)"),
    "chart_town_official_inkar": ("{town}: amtlich (INKAR)", "{town}: official (INKAR)"),
    "chart_pair_title": (
        "{first} und {second} im Vergleich zur Stadt ({year})",
        "{first} and {second} compared with the town ({year})",
    ),
    # what a town figure in the comparison rests on (sozialraum.comparison.basis_label)
    "basis_official_inkar": ("amtlich (INKAR)", "official (INKAR)"),
    "basis_official": ("amtlich", "official"),
    "basis_demo": ("Demo (synthetisch)", "Demo (synthetic)"),
    "basis_districts": ("aus Bezirksdaten", "from district data"),
    "chart_from_districts_demo": (
        "aus Bezirksdaten (Demo: synthetisch)",
        "from district data (demo: synthetic)",
    ),
    "chart_official_figure": ("amtlicher Wert", "official figure"),
    # command line
    "export_classification": (
        "Klassifizierung: {scheme}, {k} Klassen",
        "Classification: {scheme}, {k} classes",
    ),
    "export_made_on": ("Erstellt am {date}", "Made on {date}"),
    "cli_map_bad_out": (
        "--out muss auf .png oder .pdf enden: {out}",
        "--out must end in .png or .pdf: {out}",
    ),
    "cli_unknown_indicator": ("Unbekannter Indikator: {id}", "Unknown indicator: {id}"),
    "cli_year_missing": (
        "Jahr {year} nicht vorhanden; vorhanden: {years}",
        "Year {year} not available; available: {years}",
    ),
    "cli_errors_in": ("{count} Fehler in {where}", "{count} errors in {where}"),
    "cli_checked_only": ("Nur geprüft, nichts gespeichert.", "Checked only, nothing stored."),
    "cli_zensus_summary": (
        "{shown} Werte, {hidden} ohne Wert („.“/„-“), {rows} Zeilen gelesen",
        "{shown} values, {hidden} without value ('.'/'-'), {rows} rows read",
    ),
    "import_counts": (
        "{errors} Fehler, {warnings} Warnungen.",
        "{errors} errors, {warnings} warnings.",
    ),
    "import_summary": (
        "{name} ({town_id}): {districts} Bezirke, {n_indicators} Indikatoren ({indicators}), "
        "Jahre {years}, {values} Werte, davon {signs} mit Zeichen statt Zahl, {warnings} Warnungen.",
        "{name} ({town_id}): {districts} districts, {n_indicators} indicators ({indicators}), "
        "years {years}, {values} values, {signs} of them a sign instead of a number, "
        "{warnings} warnings.",
    ),
}
