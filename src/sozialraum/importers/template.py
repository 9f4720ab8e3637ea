"""What an indicator table may contain: a fillable template and the list of known indicators.

The template is a long table (one row per district, indicator and year) because only the
long layout carries the counts behind a rate (numerator and denominator), which the town
value, the suppression of small numbers and the district profile need. Its column names are
the ones the importer recognises (see :data:`sozialraum.importers.layout.ROLES`).
"""

from __future__ import annotations

import io
from typing import Literal

import pandas as pd

from sozialraum.catalog import Catalog
from sozialraum.export import csv_bytes

TemplateFormat = Literal["csv", "xlsx"]
# (German, English) header of each column of the template.
TEMPLATE_COLUMNS = (
    ("Stadtteil", "District"),
    ("Indikator", "Indicator"),
    ("Jahr", "Year"),
    ("Wert", "Value"),
    ("Zähler", "Numerator"),
    ("Nenner", "Denominator"),
    ("Zeichen", "Status"),
)
_KIND_TEXT = {
    "count": ("Anzahl (Stadtwert = Summe)", "count (town value = sum)"),
    "rate": (
        "Quote (Stadtwert = Summe Zähler ÷ Summe Nenner)",
        "rate (town value = sum of numerators ÷ sum of denominators)",
    ),
    "mean": (
        "Mittelwert (Stadtwert = mit dem Nenner gewichtet)",
        "mean (town value = weighted by the denominator)",
    ),
}


def kind_text(kind: str, lang: str = "de") -> str:
    """How an indicator of ``kind`` is aggregated to the town, in words."""
    de, en = _KIND_TEXT.get(kind, (kind, kind))
    return de if lang == "de" else en


def accepted_indicators(catalog: Catalog, lang: str = "de") -> pd.DataFrame:
    """The catalog as the import sees it: the names a column may have, unit, kind, counts."""
    de = lang == "de"
    rows = []
    for ind in catalog.values():
        counts = (
            f"{ind.numerator_de or '–'} / {ind.denominator_de or '–'}"
            if de
            else f"{ind.numerator_en or '–'} / {ind.denominator_en or '–'}"
        )
        rows.append(
            {
                ("Spaltenname (deutsch)" if de else "Column name (German)"): ind.label_de,
                ("Spaltenname (englisch)" if de else "Column name (English)"): ind.label_en,
                "ID": ind.id,
                ("Einheit" if de else "Unit"): ind.unit(lang) or "–",
                ("Art" if de else "Kind"): kind_text(ind.kind, lang),
                ("Zähler / Nenner" if de else "Numerator / denominator"): (
                    "–" if ind.kind == "count" else counts
                ),
            }
        )
    return pd.DataFrame(rows)


def template_frame(catalog: Catalog, lang: str = "de") -> pd.DataFrame:
    """Example rows: two districts, a count and a rate with its counts, one year."""
    headers = [de if lang == "de" else en for de, en in TEMPLATE_COLUMNS]
    count = next((i for i in catalog.values() if i.kind == "count"), None)
    rate = next((i for i in catalog.values() if i.kind == "rate"), None)
    rows: list[list[object]] = []
    for district, people, share_base in (("Altstadt", 1250, 1250), ("Neustadt", 2500, 2500)):
        if count is not None:
            rows.append([district, count.label(lang), 2023, people, None, None, None])
        if rate is not None:
            numerator = round(share_base * 0.08)
            value = round(numerator / share_base * rate.scale, 1)
            rows.append([district, rate.label(lang), 2023, value, numerator, share_base, None])
    if rate is not None:  # a suppressed value: the sign instead of a number
        rows.append(["Kleindorf", rate.label(lang), 2023, None, None, None, "."])
    return pd.DataFrame(rows, columns=headers)


def template_bytes(catalog: Catalog, fmt: TemplateFormat, lang: str = "de") -> bytes:
    """The template as CSV (German Excel dialect) or XLSX (with a sheet of known indicators)."""
    table = template_frame(catalog, lang)
    if fmt == "csv":
        return csv_bytes(table, "excel-de" if lang == "de" else "plain")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="Werte" if lang == "de" else "Values", index=False)
        accepted_indicators(catalog, lang).to_excel(
            writer, sheet_name="Indikatoren" if lang == "de" else "Indicators", index=False
        )
    return buffer.getvalue()
