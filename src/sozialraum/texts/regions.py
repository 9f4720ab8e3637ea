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
}
