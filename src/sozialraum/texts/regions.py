"""Texts of the grid-built Sozialräume (``sozialraum regions``): problems and CLI lines."""

MESSAGES: dict[str, tuple[str, str]] = {
    "regions_no_cells": (
        "Das Raster enthält keine bewohnten Zellen der Stadt (AGS {value}).",
        "The grid holds no populated cells of the town (AGS {value}).",
    ),
    "regions_bad_floor": (
        "Die Mindestgröße je Sozialraum muss größer als 0 sein (angegeben: {value}).",
        "The minimum size per region must be greater than 0 (given: {value}).",
    ),
    "regions_below_floor": (
        "Die ganze Stadt erreicht nur {value} und damit nicht die Mindestgröße {floor} je "
        "Sozialraum. Bitte eine kleinere Mindestgröße wählen.",
        "The whole town only reaches {value}, below the minimum {floor} per region. Please "
        "choose a smaller minimum.",
    ),
    "regions_no_population": (
        "Für „{value}“ fehlt die amtliche Einwohnerzahl (indicators/reference.csv, Kennzahl "
        "population), die die Einwohner der Zellen aus den Wohnungen schätzt; das Raster hat "
        "keine Spalte „Einwohner“.",
        "The official population of '{value}' is missing (indicators/reference.csv, figure "
        "population), needed to estimate the cells' residents from their dwellings; the grid "
        "has no column 'Einwohner'.",
    ),
    "regions_no_grid": (
        "Keine Rasterdatei angegeben (--grid) und keine unter {value} gefunden.",
        "No grid file given (--grid) and none found at {value}.",
    ),
    "cli_regions_header": (
        "{town}: {regions} Sozialräume aus {cells} Zellen ({parts} Siedlungsteile), "
        "Größe min {size_min} / Median {size_median} / max {size_max}, {seconds} s",
        "{town}: {regions} regions from {cells} cells ({parts} settlement parts), "
        "size min {size_min} / median {size_median} / max {size_max}, {seconds} s",
    ),
    "cli_regions_stored": ("Gespeichert als Stadt „{value}“.", "Stored as town '{value}'."),
    # methods page
    "m_regions_heading": ("Sozialräume aus dem Zensus-Raster", "Districts from the census grid"),
    "m_regions_text": (
        "Die Datensätze „Zensus 2011, Sozialräume aus dem Raster“ sind **echte amtliche "
        "Daten**, keine Demo: `scripts/build_zensus_regions.py` (bzw. `sozialraum regions "
        "--town … --min-pop …` für jede Stadt) bildet aus den bewohnten 100-m-Zellen des "
        "Zensus 2011 zusammenhängende Sozialräume.\n\n"
        "1. **Zellen:** jede veröffentlichte 100-m-Zelle der Stadt als Quadrat, an der "
        "Gemeindegrenze (BKG VG250) abgeschnitten. Nachbarn sind Zellen mit gemeinsamer Kante "
        "(Rook). Abgesetzte Siedlungsteile (Weiler, Ortsteile jenseits von Wald) werden über "
        "eine Verbindung zur nächstgelegenen Zelle angehängt; ein Sozialraum kann daher aus "
        "einem Ortsteil und dem nächsten Stück Stadt bestehen.\n"
        "2. **Größe:** Das 100-m-Raster von 2011 enthält keine Einwohnerzahlen. Jede Zelle "
        "erhält geschätzte Einwohner = Wohnungen × Personen je Wohnung der Stadt (amtliche "
        "Einwohnerzahl ÷ Wohnungen aller Zellen). Die Schätzung summiert sich genau zur "
        "amtlichen Einwohnerzahl, weicht aber in einzelnen Zellen ab, wo Haushaltsgröße oder "
        "Leerstand vom Stadtdurchschnitt abweichen.\n"
        "3. **Regionalisierung:** max-p (PySAL `spopt`, Heuristik von Wei, Rey & Knaap): "
        "möglichst viele zusammenhängende Sozialräume mit je mindestens 1.000 geschätzten "
        "Einwohnern; unter diesen werden Räume bevorzugt, deren Zellen sich in Ausländer-, "
        "Leerstands- und Altbauanteil (standardisiert) ähneln. Die Heuristik ist zufallsbasiert "
        "(fester Startwert, daher wiederholbar) und findet eine gute, nicht nachweislich die "
        "beste Lösung.\n"
        "4. **Grenzen und Namen:** Die Zellen eines Sozialraums werden vereinigt und als "
        "lückenlose Überdeckung vereinfacht; die Grenzen folgen dem 100-m-Raster, nicht "
        "Straßen oder amtlichen Stadtteilen. Namen: der Stadt- oder Ortsteil, in dem die "
        "meisten Einwohner des Sozialraums wohnen (bei den Beispielstädten die Teilgebiete "
        "um die ungefähre Lage der bekannten Stadt- und Ortsteile, also der nächstgelegene "
        "bekannte Ort), sonst der nächstgelegene Ort aus GeoNames; bei mehreren Räumen mit "
        "Himmelsrichtung und Nummer.\n"
        "5. **Werte:** Summen der Zellen je Sozialraum, Quoten aus den Summen neu berechnet. "
        "Zellen mit weniger als 3 Fällen sind im Zensus geheim gehalten; Summen sind daher "
        "**Untergrenzen** und Quoten eher zu niedrig. Fehlt ein Merkmal in allen Zellen eines "
        "Raums oder ist die Basis zu klein, steht „.“ statt eines Werts (nie 0).\n\n"
        "**Grenzen der Aussage:** Stand 9.5.2011; keine amtlichen Stadtteile; Einwohner nur "
        "geschätzt. Quelle: Statistische Ämter des Bundes und der Länder, Zensus 2011, "
        "dl-de/by-2-0; Gemeindegrenzen © GeoBasis-DE / BKG (Daten verändert), dl-de/by-2-0.",
        'The data sets "Zensus 2011, Sozialräume aus dem Raster" are **real official data**, '
        "not demo: `scripts/build_zensus_regions.py` (or `sozialraum regions --town … "
        "--min-pop …` for any town) forms contiguous districts from the populated 100 m cells "
        "of the 2011 census.\n\n"
        "1. **Cells:** each published 100 m cell of the town as a square, clipped to the "
        "municipal boundary (BKG VG250). Neighbours share an edge (rook). Detached settlements "
        "are joined by one link to the nearest cell, so a district may combine a hamlet with "
        "the nearest part of town.\n"
        "2. **Size:** the 2011 100 m grid has no population. Each cell gets estimated "
        "residents = dwellings × the town's persons per dwelling (official population ÷ "
        "dwellings of all cells). The estimates add up to the official population but differ "
        "per cell where household size or vacancy differ from the town average.\n"
        "3. **Regionalisation:** max-p (PySAL `spopt`, heuristic of Wei, Rey & Knaap): as many "
        "contiguous districts as possible with at least 1,000 estimated residents each, "
        "preferring districts whose cells are similar in foreigners, vacancy and old-building "
        "shares (standardised). The heuristic is randomised (fixed seed, so repeatable) and "
        "finds a good, not a provably optimal, solution.\n"
        "4. **Boundaries and names:** a district's cells are merged and simplified as a "
        "gap-free coverage; boundaries follow the 100 m grid, not streets or official "
        "districts. Names: the Stadtteil or Ortsteil where most of the district's residents "
        "live (for the example towns the areas around the approximate positions of their "
        "known Stadtteile and Ortsteile, i.e. the nearest known locality), otherwise the "
        "nearest GeoNames locality; with compass direction and number when several districts "
        "share it.\n"
        "5. **Values:** sums of the cells per district, rates recomputed from the sums. Cells "
        "with fewer than 3 cases are suppressed in the census, so sums are **lower bounds** "
        "and rates tend to be low. Where no cell of a district published a figure, or the base "
        'is too small, "." is shown instead of a value (never 0).\n\n'
        "**Limits:** reference date 9 May 2011; not official districts; residents only "
        "estimated. Source: Statistische Ämter des Bundes und der Länder, Zensus 2011, "
        "dl-de/by-2-0; boundaries © GeoBasis-DE / BKG (Daten verändert), dl-de/by-2-0.",
    ),
}
