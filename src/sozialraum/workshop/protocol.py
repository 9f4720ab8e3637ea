"""The Werkstattprotokoll (DOCX, Markdown) and the data exports of a workshop.

- **Protocol** (:func:`protocol_docx`, :func:`protocol_markdown`): header (town, title, date,
  place), participants by sector, the indicator maps the notes refer to (PNG from
  :mod:`sozialraum.mapimage`, same classification as the app, with legend and sources), the
  notes grouped by field of action and by district, and the table of goals and measures.
- **Data** (:func:`contributions_csv`, :func:`contributions_xlsx`,
  :func:`contributions_geojson`): one row per note with district, indicators and the pinned
  geometry as WKT; GeoJSON (EPSG:4326) of the notes pinned to a point or polygon.

Participant text is untrusted: Markdown escapes Markdown and HTML, DOCX writes plain text
runs, CSV/XLSX neutralise cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from sozialraum.errors import DataError
from sozialraum.loaders import TownData, load_town
from sozialraum.workshop.model import (
    Contribution,
    FieldOfAction,
    Goal,
    Measure,
    Sector,
    Workshop,
)
from sozialraum.workshop.store import WorkshopStore

Format = Literal["docx", "md", "csv", "xlsx", "geojson"]
FORMATS: tuple[Format, ...] = ("docx", "md", "csv", "xlsx", "geojson")
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
# More maps than this make the protocol a map atlas; the rest are listed by name.
MAX_MAPS = 12

_T: dict[str, tuple[str, str]] = {
    "protocol": ("Werkstattprotokoll", "Workshop protocol"),
    "town": ("Stadt", "Town"),
    "date": ("Datum", "Date"),
    "place": ("Ort", "Place"),
    "participants": ("Teilnehmende nach Bereich", "Participants by sector"),
    "sector": ("Bereich", "Sector"),
    "count": ("Anzahl", "Number"),
    "total": ("Gesamt", "Total"),
    "no_participants": ("Keine Angaben.", "Not recorded."),
    "maps": ("Besprochene Indikatorkarten", "Indicator maps discussed"),
    "no_maps": ("Die Beiträge verweisen auf keine Indikatoren.", "No note refers to an indicator."),
    "more_maps": ("Weitere besprochene Indikatoren", "Further indicators discussed"),
    "unknown_indicator": ("nicht im Katalog", "not in the catalogue"),
    "by_field": ("Beiträge nach Handlungsfeld", "Notes by field of action"),
    "unassigned": ("Ohne Handlungsfeld", "Without field of action"),
    "by_district": ("Beiträge nach Bezirk", "Notes by district"),
    "whole_town": ("Ganze Stadt", "Whole town"),
    "no_notes": ("Keine Beiträge.", "No notes."),
    "measures": ("Ziele und Maßnahmen", "Goals and measures"),
    "no_measures": ("Noch keine Ziele oder Maßnahmen.", "No goals or measures yet."),
    "field": ("Handlungsfeld", "Field of action"),
    "goal": ("Ziel", "Goal"),
    "measure": ("Maßnahme", "Measure"),
    "status": ("Status", "Status"),
    "responsible": ("Verantwortlich", "Responsible"),
    "period": ("Zeitraum", "Period"),
    "districts": ("Bezirke", "Districts"),
    "targets": ("Indikatorziele", "Indicator targets"),
    "sources": ("aus Beiträgen", "from notes"),
    "no_town_data": (
        "Die Daten der Stadt „{town}“ sind nicht (mehr) vorhanden: "
        "keine Karten, Bezirke als Kennung.",
        "The data of town '{town}' is not available: no maps, districts by id.",
    ),
}


def _t(key: str, lang: str, **params: object) -> str:
    de, en = _T[key]
    return (de if lang == "de" else en).format(**params)


@dataclass(frozen=True)
class WorkshopRecord:
    """Everything a protocol shows, read from the store in one go (deleted items left out)."""

    workshop: Workshop
    notes: tuple[Contribution, ...]
    fields: tuple[FieldOfAction, ...]
    goals: tuple[Goal, ...]
    measures: tuple[Measure, ...]

    @classmethod
    def read(cls, store: WorkshopStore, workshop_id: int) -> WorkshopRecord:
        fields = store.list_fields(workshop_id)
        goals = [
            g
            for g in store.list_goals(workshop_id=workshop_id)
            if g.field_id in {f.id for f in fields}
        ]
        measures = [
            m
            for m in store.list_measures(workshop_id=workshop_id)
            if m.goal_id in {g.id for g in goals}
        ]
        return cls(
            store.get_workshop(workshop_id),
            tuple(store.list_contributions(workshop_id)),
            tuple(fields),
            tuple(goals),
            tuple(measures),
        )


def town_data_for(data_dir: Path, town_id: str) -> TownData | None:
    """The town's data for maps and district names; None when the town is gone."""
    try:
        return load_town(data_dir, town_id)
    except (DataError, KeyError, FileNotFoundError):
        return None


# --------------------------------------------------------------------------- shared content


def _district_name(data: TownData | None, district_id: str | None, lang: str) -> str:
    if district_id is None:
        return _t("whole_town", lang)
    if data is not None and district_id in data.districts.index:
        return str(data.districts.at[district_id, "name"])
    return district_id


def _indicator_name(data: TownData | None, indicator_id: str, lang: str) -> str:
    if data is not None and indicator_id in data.catalog:
        return data.catalog[indicator_id].label(lang)
    return indicator_id


def discussed_maps(record: WorkshopRecord, data: TownData | None) -> list[tuple[str, int]]:
    """(indicator, year) pairs the notes refer to, most referred first.

    A note without a year refers to the indicator's latest year; indicators or years the
    town's data does not have are left out (they are listed by name in the protocol).
    """
    if data is None:
        return []
    counts: Counter[tuple[str, int]] = Counter()
    for note in record.notes:
        for indicator_id in note.indicator_ids:
            if indicator_id not in data.catalog:
                continue
            available = data.years_of(indicator_id)
            if not available:
                continue
            years = [y for y in note.years if y in available] or [available[-1]]
            for year in years:
                counts[(indicator_id, year)] += 1
    return [pair for pair, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _note_markers(record: WorkshopRecord, indicator_id: str) -> list[str]:
    return [
        n.geometry_wkt
        for n in record.notes
        if n.geometry_wkt and (indicator_id in n.indicator_ids or not n.indicator_ids)
    ]


def _note_districts(record: WorkshopRecord, indicator_id: str) -> list[str]:
    return sorted(
        {n.district_id for n in record.notes if n.district_id and indicator_id in n.indicator_ids}
    )


def _period(measure: Measure) -> str:
    start = measure.start.strftime("%d.%m.%Y") if measure.start else ""
    end = measure.end.strftime("%d.%m.%Y") if measure.end else ""
    return f"{start} – {end}" if start or end else ""


def _targets(measure: Measure, data: TownData | None, lang: str) -> str:
    parts = []
    for target in measure.indicator_targets:
        text = f"{_indicator_name(data, target.indicator_id, lang)}: {target.direction.label(lang)}"
        if target.target_value is not None:
            value = f"{target.target_value:g}"
            text += f" → {value.replace('.', ',') if lang == 'de' else value}"
        parts.append(text)
    return "; ".join(parts)


def _measure_rows(record: WorkshopRecord, data: TownData | None, lang: str) -> list[list[str]]:
    fields = {f.id: f for f in record.fields}
    goals = {g.id: g for g in record.goals}
    rows = []
    for field in record.fields:
        field_goals = [g for g in record.goals if g.field_id == field.id]
        for goal in field_goals:
            measures: list[Measure | None] = [
                m for m in record.measures if m.goal_id == goal.id
            ] or [None]
            for measure in measures:
                if measure is None:
                    rows.append([field.title, goal.title, "", "", "", "", "", "", ""])
                    continue
                rows.append(
                    [
                        fields[goals[measure.goal_id].field_id].title,
                        goal.title,
                        measure.title
                        + (f" – {measure.description}" if measure.description else ""),
                        measure.status.label(lang),
                        measure.responsible,
                        _period(measure),
                        ", ".join(_district_name(data, d, lang) for d in measure.district_ids),
                        _targets(measure, data, lang),
                        ", ".join(f"#{i}" for i in measure.contribution_ids),
                    ]
                )
    return rows


def _measure_header(lang: str) -> list[str]:
    keys = (
        "field",
        "goal",
        "measure",
        "status",
        "responsible",
        "period",
        "districts",
        "targets",
        "sources",
    )
    return [_t(k, lang) for k in keys]


def _note_line(
    note: Contribution, data: TownData | None, lang: str, *, district: bool
) -> tuple[str, str]:
    """(label, text) of a note: "#12 Idee (Frau K.; Horeb; SGB-II-Quote 2023)" and its text."""
    details = []
    if note.author_label:
        details.append(note.author_label)
    if district:
        details.append(_district_name(data, note.district_id, lang))
    if note.indicator_ids:
        names = ", ".join(_indicator_name(data, i, lang) for i in note.indicator_ids)
        years = ", ".join(str(y) for y in note.years)
        details.append(f"{names} {years}".strip())
    label = f"#{note.id} {note.kind.label(lang)}"
    if details:
        label += f" ({'; '.join(details)})"
    return label, note.text


def _notes_by_field(record: WorkshopRecord, lang: str) -> list[tuple[str, list[Contribution]]]:
    groups = [(f.title, [n for n in record.notes if n.field_id == f.id]) for f in record.fields]
    live = {f.id for f in record.fields}
    rest = [n for n in record.notes if n.field_id not in live]
    if rest:
        groups.append((_t("unassigned", lang), rest))
    return groups


def _notes_by_district(
    record: WorkshopRecord, data: TownData | None, lang: str
) -> list[tuple[str, list[Contribution]]]:
    order: list[str | None] = []
    if data is not None:
        order.extend(str(d) for d in data.districts.index)
    order.extend(sorted({n.district_id for n in record.notes if n.district_id} - set(order)))
    order.append(None)
    groups = []
    for district_id in order:
        notes = [n for n in record.notes if n.district_id == district_id]
        if notes:
            groups.append((_district_name(data, district_id, lang), notes))
    return groups


def _participant_rows(workshop: Workshop, lang: str) -> list[tuple[str, int]]:
    return [
        (sector.label(lang), workshop.participants[sector.value])
        for sector in Sector
        if workshop.participants.get(sector.value)
    ]


def _header_lines(workshop: Workshop, data: TownData | None, lang: str) -> list[tuple[str, str]]:
    town = data.town.name if data is not None else workshop.town_id
    lines = [(_t("town", lang), town)]
    if workshop.date:
        lines.append((_t("date", lang), workshop.date.strftime("%d.%m.%Y")))
    if workshop.place:
        lines.append((_t("place", lang), workshop.place))
    return lines


@dataclass(frozen=True)
class _Map:
    indicator_id: str
    year: int
    title: str
    caption: str
    png: bytes
    file_name: str


def _render_maps(
    record: WorkshopRecord, data: TownData | None, lang: str
) -> tuple[list[_Map], list[str]]:
    from sozialraum.mapimage import render_indicator_map

    pairs = discussed_maps(record, data)
    maps: list[_Map] = []
    for indicator_id, year in pairs[:MAX_MAPS]:
        assert data is not None
        image = render_indicator_map(
            data,
            indicator_id,
            year,
            lang=lang,
            markers_wkt=_note_markers(record, indicator_id),
            highlight=_note_districts(record, indicator_id),
        )
        maps.append(
            _Map(
                indicator_id,
                year,
                image.title,
                image.caption,
                image.png,
                f"{indicator_id}_{year}.png",
            )
        )
    shown = {indicator_id for indicator_id, _ in pairs[:MAX_MAPS]}
    others = sorted({i for n in record.notes for i in n.indicator_ids} - shown)
    labels = [
        _indicator_name(data, i, lang)
        + ("" if data is not None and i in data.catalog else f" ({_t('unknown_indicator', lang)})")
        for i in others
    ]
    return maps, labels


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
# List markers and setext underlines only count at the start of a line ("- x", "1. x", "===").
_LINE_START_MARKER = re.compile(r"^([-+=])", re.MULTILINE)
_LINE_START_NUMBER = re.compile(r"^(\d+)\.(?=\s|$)", re.MULTILINE)


def md_escape(text: str) -> str:
    """Plain text for Markdown: no markup, no HTML, no links; line breaks kept."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [_LINE_START_NUMBER.sub(r"\1\\.", _LINE_START_MARKER.sub(r"\\\1", x)) for x in lines]
    return "  \n  ".join(line for line in lines if line)


def _md_cell(text: str) -> str:
    return md_escape(text).replace("  \n  ", " / ")


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines.extend("| " + " | ".join(_md_cell(str(c)) for c in row) + " |" for row in rows)
    return lines


@dataclass(frozen=True)
class MarkdownProtocol:
    """The Markdown text and the map images it links to (relative paths ``<folder>/<file>``)."""

    text: str
    images: dict[str, bytes]


def protocol_markdown(
    record: WorkshopRecord, data: TownData | None, *, lang: str = "de", image_folder: str = "karten"
) -> MarkdownProtocol:
    workshop = record.workshop
    out = [f"# {_t('protocol', lang)}: {md_escape(workshop.title)}", ""]
    out.extend(
        f"- **{label}:** {md_escape(value)}" for label, value in _header_lines(workshop, data, lang)
    )
    if data is None:
        out += ["", f"> {md_escape(_t('no_town_data', lang, town=workshop.town_id))}"]
    out += ["", f"## {_t('participants', lang)}", ""]
    participants = _participant_rows(workshop, lang)
    if participants:
        rows = [*participants, (_t("total", lang), workshop.participant_total)]
        out += _md_table([_t("sector", lang), _t("count", lang)], rows)
    else:
        out.append(_t("no_participants", lang))

    out += ["", f"## {_t('maps', lang)}", ""]
    maps, others = _render_maps(record, data, lang)
    images: dict[str, bytes] = {}
    for item in maps:
        path = f"{image_folder}/{item.file_name}"
        images[path] = item.png
        out += [f"### {md_escape(item.title)}", "", f"![{md_escape(item.title)}]({path})", ""]
        out += [f"*{md_escape(item.caption)}*", ""]
    if not maps and not others:
        out.append(_t("no_maps", lang))
    if others:
        out += [f"**{_t('more_maps', lang)}:** " + ", ".join(md_escape(o) for o in others), ""]

    for heading, groups in (
        (_t("by_field", lang), _notes_by_field(record, lang)),
        (_t("by_district", lang), _notes_by_district(record, data, lang)),
    ):
        out += ["", f"## {heading}", ""]
        if not record.notes:
            out.append(_t("no_notes", lang))
        for title, notes in groups:
            out += [f"### {md_escape(title)}", ""]
            if not notes:
                out.append(f"- {_t('no_notes', lang)}")
            for note in notes:
                label, text = _note_line(note, data, lang, district=heading == _t("by_field", lang))
                out.append(f"- **{md_escape(label)}:** {md_escape(text)}")
            out.append("")

    out += ["", f"## {_t('measures', lang)}", ""]
    measure_rows = _measure_rows(record, data, lang)
    out += (
        _md_table(_measure_header(lang), measure_rows)
        if measure_rows
        else [_t("no_measures", lang)]
    )
    return MarkdownProtocol("\n".join(out).rstrip() + "\n", images)


# --------------------------------------------------------------------------- DOCX

# XML 1.0 forbids most control characters; Word files with them do not open.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def protocol_docx(record: WorkshopRecord, data: TownData | None, *, lang: str = "de") -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    workshop = record.workshop
    doc = Document()
    doc.core_properties.title = xml_safe(f"{_t('protocol', lang)}: {workshop.title}")
    doc.add_heading(xml_safe(f"{_t('protocol', lang)}: {workshop.title}"), level=0)
    for label, value in _header_lines(workshop, data, lang):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(xml_safe(value))
    if data is None:
        doc.add_paragraph(xml_safe(_t("no_town_data", lang, town=workshop.town_id)))

    doc.add_heading(_t("participants", lang), level=1)
    participants = _participant_rows(workshop, lang)
    if participants:
        table = doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = _t("sector", lang)
        table.rows[0].cells[1].text = _t("count", lang)
        for sector, count in [*participants, (_t("total", lang), workshop.participant_total)]:
            cells = table.add_row().cells
            cells[0].text = sector
            cells[1].text = str(count)
    else:
        doc.add_paragraph(_t("no_participants", lang))

    doc.add_heading(_t("maps", lang), level=1)
    maps, others = _render_maps(record, data, lang)
    for item in maps:
        doc.add_heading(xml_safe(item.title), level=2)
        doc.add_picture(io.BytesIO(item.png), width=Cm(16))
        caption = doc.add_paragraph()
        run = caption.add_run(xml_safe(item.caption))
        run.italic = True
        run.font.size = Pt(8)
    if not maps and not others:
        doc.add_paragraph(_t("no_maps", lang))
    if others:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{_t('more_maps', lang)}: ").bold = True
        paragraph.add_run(xml_safe(", ".join(others)))

    for heading, groups, with_district in (
        (_t("by_field", lang), _notes_by_field(record, lang), True),
        (_t("by_district", lang), _notes_by_district(record, data, lang), False),
    ):
        doc.add_heading(heading, level=1)
        if not record.notes:
            doc.add_paragraph(_t("no_notes", lang))
        for title, notes in groups:
            doc.add_heading(xml_safe(title), level=2)
            if not notes:
                doc.add_paragraph(_t("no_notes", lang), style="List Bullet")
            for note in notes:
                label, text = _note_line(note, data, lang, district=with_district)
                paragraph = doc.add_paragraph(style="List Bullet")
                paragraph.add_run(xml_safe(label) + ": ").bold = True
                paragraph.add_run(xml_safe(text))

    doc.add_heading(_t("measures", lang), level=1)
    rows = _measure_rows(record, data, lang)
    if rows:
        header = _measure_header(lang)
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = xml_safe(text)
    else:
        doc.add_paragraph(_t("no_measures", lang))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- data exports

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Text a spreadsheet would evaluate (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a
    leading apostrophe, so it shows as text and never runs."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def contributions_table(
    record: WorkshopRecord, data: TownData | None, lang: str = "de"
) -> pd.DataFrame:
    """One row per live note (raw values; see :func:`_safe_table` for spreadsheets)."""
    fields = {f.id: f.title for f in record.fields}
    rows = [
        {
            "id": n.id,
            "workshop_id": n.workshop_id,
            "created_at": n.created_at.isoformat(timespec="seconds"),
            "edited_at": n.edited_at.isoformat(timespec="seconds") if n.edited_at else "",
            "kind": n.kind.value,
            "kind_label": n.kind.label(lang),
            "text": n.text,
            "author_label": n.author_label or "",
            "district_id": n.district_id or "",
            "district_name": _district_name(data, n.district_id, lang) if n.district_id else "",
            "indicator_ids": ";".join(n.indicator_ids),
            "indicator_labels": "; ".join(_indicator_name(data, i, lang) for i in n.indicator_ids),
            "years": ";".join(str(y) for y in n.years),
            "field_id": n.field_id if n.field_id in fields else None,
            "field_of_action": fields.get(n.field_id, "") if n.field_id else "",
            "geometry_wkt": n.geometry_wkt or "",
        }
        for n in record.notes
    ]
    columns = [
        "id", "workshop_id", "created_at", "edited_at", "kind", "kind_label", "text",
        "author_label", "district_id", "district_name", "indicator_ids", "indicator_labels",
        "years", "field_id", "field_of_action", "geometry_wkt",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    frame["field_id"] = frame["field_id"].astype("Int64")
    return frame


def _safe_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised for spreadsheets (whatever the column's dtype)."""
    safe = frame.astype(object)
    for column in safe.columns:
        safe[column] = safe[column].map(
            lambda v: neutralise_formula(xml_safe(v)) if isinstance(v, str) else v
        )
    return safe


def contributions_csv(record: WorkshopRecord, data: TownData | None, lang: str = "de") -> bytes:
    # UTF-8 with BOM: Excel then opens the umlauts correctly.
    return (
        _safe_table(contributions_table(record, data, lang)).to_csv(index=False).encode("utf-8-sig")
    )


def contributions_xlsx(record: WorkshopRecord, data: TownData | None, lang: str = "de") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        sheet = "Beiträge" if lang == "de" else "Notes"
        _safe_table(contributions_table(record, data, lang)).to_excel(
            writer, sheet_name=sheet, index=False
        )
    return buffer.getvalue()


def contributions_geojson(record: WorkshopRecord, data: TownData | None, lang: str = "de") -> bytes:
    """The notes pinned to a drawn point or polygon, as GeoJSON in EPSG:4326 (RFC 7946)."""
    import geopandas as gpd

    table = contributions_table(record, data, lang)
    pinned = table[table["geometry_wkt"] != ""].reset_index(drop=True)
    frame = gpd.GeoDataFrame(
        pinned.drop(columns="geometry_wkt"),
        geometry=gpd.GeoSeries.from_wkt(pinned["geometry_wkt"].tolist(), crs="EPSG:4326"),
        crs="EPSG:4326",
    )
    geojson: str = frame.to_json(drop_id=True, ensure_ascii=False)
    return geojson.encode("utf-8")


# --------------------------------------------------------------------------- one entry point


def export_bytes(
    store: WorkshopStore, workshop_id: int, data_dir: Path, fmt: Format, *, lang: str = "de"
) -> bytes:
    """The export as bytes (for download buttons). Markdown is returned with its images
    embedded as ``data:`` URIs so that one file holds everything; :func:`export_workshop`
    writes them as files next to the ``.md`` instead."""
    record = WorkshopRecord.read(store, workshop_id)
    data = town_data_for(data_dir, record.workshop.town_id)
    if fmt == "docx":
        return protocol_docx(record, data, lang=lang)
    if fmt == "md":
        import base64

        md = protocol_markdown(record, data, lang=lang)
        text = md.text
        for path, png in md.images.items():
            text = text.replace(
                f"]({path})", f"](data:image/png;base64,{base64.b64encode(png).decode()})"
            )
        return text.encode("utf-8")
    if fmt == "csv":
        return contributions_csv(record, data, lang)
    if fmt == "xlsx":
        return contributions_xlsx(record, data, lang)
    if fmt == "geojson":
        return contributions_geojson(record, data, lang)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export_workshop(
    store: WorkshopStore,
    workshop_id: int,
    data_dir: Path,
    fmt: Format,
    out: Path,
    *,
    lang: str = "de",
) -> list[Path]:
    """Write the export to ``out``; Markdown maps go to ``<out stem>_karten/``. Returns the
    files written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt != "md":
        out.write_bytes(export_bytes(store, workshop_id, data_dir, fmt, lang=lang))
        return [out]
    record = WorkshopRecord.read(store, workshop_id)
    data = town_data_for(data_dir, record.workshop.town_id)
    folder = f"{out.stem}_karten" if lang == "de" else f"{out.stem}_maps"
    md = protocol_markdown(record, data, lang=lang, image_folder=folder)
    out.write_text(md.text, encoding="utf-8")
    written = [out]
    for relative, png in md.images.items():
        target = out.parent / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
        written.append(target)
    return written
