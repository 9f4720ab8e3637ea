"""Protocol and data exports of a workshop, read back with python-docx, openpyxl, geopandas."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from docx import Document
from PIL import Image

from sozialraum.db import create_db_engine, upgrade
from sozialraum.loaders import load_town
from sozialraum.mapimage import render_indicator_map
from sozialraum.workshop import WorkshopStore
from sozialraum.workshop.protocol import (
    WorkshopRecord,
    discussed_maps,
    export_bytes,
    export_workshop,
    md_escape,
    neutralise_formula,
)

WHO = "Moderation"
XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","klick")'


@pytest.fixture
def sqlite_store(tmp_path: Path) -> WorkshopStore:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'ws.sqlite'}")
    upgrade(engine)
    return WorkshopStore(engine)


@pytest.fixture
def filled(sqlite_store: WorkshopStore) -> tuple[WorkshopStore, int]:
    """A workshop in the mini town with notes, a field, a goal and a measure."""
    store = sqlite_store
    workshop = store.create_workshop(
        WHO,
        town_id="musterstadt",
        title="Stadtteilwerkstatt Nord",
        date="2026-03-12",
        place="Bürgerhaus",
        participants={"Verwaltung": 3, "Bewohnerschaft": 9},
    )
    wid = workshop.id
    first = store.create_contribution(
        WHO,
        workshop_id=wid,
        text="Viele leere Läden in der Hauptstraße",
        kind="observation",
        district_id="nord-west",
        geometry_wkt="POINT (10.01 51.03)",
        indicator_ids=["vacancy_rate"],
        years=[2022],
    )
    store.create_contribution(
        WHO,
        workshop_id=wid,
        text=XSS,
        kind="concern",
        author_label="**Gast**",
        district_id="nord-ost",
        indicator_ids=["sgb2_rate"],
    )
    store.create_contribution(
        WHO,
        workshop_id=wid,
        text=FORMULA,
        kind="idea",
        geometry_wkt="POLYGON ((10.02 51.0, 10.03 51.0, 10.03 51.01, 10.02 51.0))",
    )
    deleted = store.create_contribution(WHO, workshop_id=wid, text="gelöschte Notiz")
    store.delete_contribution(deleted.id, WHO)
    field = store.create_field(WHO, workshop_id=wid, title="Leerstand & Einzelhandel")
    store.assign_contribution(first.id, field.id, WHO)
    goal = store.create_goal(WHO, field_id=field.id, title="Innenstadt beleben")
    store.create_measure(
        WHO,
        goal_id=goal.id,
        title="Zwischennutzung leerer Läden",
        status="planned",
        responsible="Wirtschaftsförderung",
        start="2026-05-01",
        end="2027-04-30",
        district_ids=["nord-west"],
        indicator_targets=[("vacancy_rate", "decrease", 5)],
        contribution_ids=[first.id],
    )
    return store, wid


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_docx_holds_everything(filled: tuple[WorkshopStore, int]) -> None:
    store, wid = filled
    data = export_bytes(store, wid, Path("tests/data/mini"), "docx")
    doc = Document(io.BytesIO(data))
    text = _docx_text(data)
    for expected in (
        "Stadtteilwerkstatt Nord",
        "Musterstadt",
        "12.03.2026",
        "Bürgerhaus",
        "Verwaltung",
        "Bewohnerschaft",
        "Leerstand & Einzelhandel",
        "Viele leere Läden in der Hauptstraße",
        "Innenstadt beleben",
        "Zwischennutzung leerer Läden",
        "geplant",
        "Wirtschaftsförderung",
        "01.05.2026 – 30.04.2027",
        "Nordwest",
        "Ohne Handlungsfeld",
        XSS,  # kept as plain text, never markup
        FORMULA,
    ):
        assert expected in text, expected
    assert "gelöschte Notiz" not in text
    # Participants table: 3 + 9 = 12.
    participants = doc.tables[0]
    assert [c.text for c in participants.rows[-1].cells] == ["Gesamt", "12"]
    # One map per (indicator, year) the notes refer to, rendered as a picture.
    assert len(doc.inline_shapes) == 2
    measures = doc.tables[-1]
    row = [c.text for c in measures.rows[1].cells]
    assert row[:4] == [
        "Leerstand & Einzelhandel",
        "Innenstadt beleben",
        "Zwischennutzung leerer Läden",
        "geplant",
    ]
    assert "senken → 5" in row[7]


def test_discussed_maps_use_note_years_else_latest(filled: tuple[WorkshopStore, int]) -> None:
    store, wid = filled
    record = WorkshopRecord.read(store, wid)
    data = load_town(Path("tests/data/mini"), "musterstadt")
    assert discussed_maps(record, data) == [("sgb2_rate", 2022), ("vacancy_rate", 2022)]
    assert discussed_maps(record, None) == []


def test_markdown_escapes_participant_text(
    filled: tuple[WorkshopStore, int], tmp_path: Path
) -> None:
    store, wid = filled
    out = tmp_path / "protokoll.md"
    written = export_workshop(store, wid, Path("tests/data/mini"), "md", out)
    text = out.read_text(encoding="utf-8")
    assert "<img" not in text
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in text
    assert "\\*\\*Gast\\*\\*" in text
    assert "Viele leere Läden in der Hauptstraße" in text
    images = [p for p in written if p.suffix == ".png"]
    assert len(images) == 2
    for image in images:
        assert f"]({image.parent.name}/{image.name})" in text
        assert Image.open(image).size[0] > 600


def test_markdown_bytes_embed_the_maps(filled: tuple[WorkshopStore, int]) -> None:
    store, wid = filled
    text = export_bytes(store, wid, Path("tests/data/mini"), "md").decode()
    assert text.count("](data:image/png;base64,") == 2


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a *b* _c_", "a \\*b\\* \\_c\\_"),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
        ("<script>", "&lt;script&gt;"),
        ("# Titel", "\\# Titel"),
        ("1. Punkt", "1\\. Punkt"),
        ("Zeile 1\nZeile 2", "Zeile 1  \n  Zeile 2"),
        ("a | b", "a \\| b"),
        ("- Liste\n+ Plus\n===", "\\- Liste  \n  \\+ Plus  \n  \\==="),
        ("12.03.2026 und A-B", "12.03.2026 und A-B"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+49 123", "'+49 123"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("normal", "normal"),
        (5, 5),
    ],
)
def test_neutralise_formula(raw: object, safe: object) -> None:
    assert neutralise_formula(raw) == safe


def test_csv_one_row_per_live_note(filled: tuple[WorkshopStore, int]) -> None:
    store, wid = filled
    data = export_bytes(store, wid, Path("tests/data/mini"), "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 3
    by_text = {r["text"]: r for r in rows}
    assert "'" + FORMULA in by_text
    assert by_text[XSS]["author_label"] == "**Gast**"
    first = by_text["Viele leere Läden in der Hauptstraße"]
    assert first["district_name"] == "Nordwest"
    assert first["indicator_ids"] == "vacancy_rate"
    assert first["years"] == "2022"
    assert first["field_of_action"] == "Leerstand & Einzelhandel"
    assert first["geometry_wkt"] == "POINT (10.01 51.03)"


def test_xlsx_neutralises_formulas(filled: tuple[WorkshopStore, int]) -> None:
    store, wid = filled
    data = export_bytes(store, wid, Path("tests/data/mini"), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'" + FORMULA in texts
    assert all(c.data_type != "f" for c in cells)
    assert len(list(sheet.iter_rows())) == 4  # header + 3 notes


def test_geojson_has_the_pinned_notes(filled: tuple[WorkshopStore, int], tmp_path: Path) -> None:
    store, wid = filled
    out = tmp_path / "notes.geojson"
    export_workshop(store, wid, Path("tests/data/mini"), "geojson", out)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    frame = gpd.read_file(out)
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame.geom_type) == ["Point", "Polygon"]
    assert frame.loc[frame.geom_type == "Point"].geometry.iloc[0].coords[0] == (10.01, 51.03)


def test_protocol_without_town_data(sqlite_store: WorkshopStore, tmp_path: Path) -> None:
    workshop = sqlite_store.create_workshop(WHO, town_id="gone", title="Alt")
    sqlite_store.create_contribution(
        WHO, workshop_id=workshop.id, text="x", district_id="d9", indicator_ids=["sgb2_rate"]
    )
    text = _docx_text(export_bytes(sqlite_store, workshop.id, Path("tests/data/mini"), "docx"))
    assert "nicht (mehr) vorhanden" in text
    assert "d9" in text
    assert "sgb2_rate" in text


def test_map_image_draws_the_app_classes() -> None:
    data = load_town(Path("tests/data/mini"), "musterstadt")
    image = render_indicator_map(data, "sgb2_rate", 2022, k=4)
    picture = Image.open(io.BytesIO(image.png)).convert("RGB")
    assert image.title.startswith("SGB")
    assert "DEMO" in image.caption
    # The district fills use the app's palette: each class colour appears in the picture.
    from sozialraum.classify import classify
    from sozialraum.colors import sequential
    from sozialraum.loaders import indicator_frame

    frame = indicator_frame(data, data.catalog["sgb2_rate"], 2022)
    classes = classify(frame["value"].to_numpy(dtype=float), "quantiles", 4)
    palette = sequential(classes.k, data.catalog["sgb2_rate"].polarity)
    colours = {"#{:02x}{:02x}{:02x}".format(*c) for _, c in picture.getcolors(1 << 20)}
    assert set(palette) <= colours
