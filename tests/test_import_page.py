"""The import page end to end: unknown columns mapped or defined in the UI, the template,
the note about missing counts, and the profile page explaining an empty chart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sozialraum import load_town
from sozialraum.catalog import load_catalog_for
from sozialraum.importers.pipeline import run_import
from sozialraum.importers.template import template_bytes

from .conftest import REPO
from .test_app import _capture_downloads, page_path, start

GOOD = REPO / "tests" / "data" / "good"
DISTRICTS = ("Altstadt", "Winzeln", "Hohe Luft", "Neuhof")
# A wide table with a column the catalog does not know (Durchschnittsalter) and one whose
# name is a near miss of a catalog label (Auslaenderquote → Ausländeranteil).
TABLE = (
    "Stadtteil;Einwohner 2021;Durchschnittsalter 2021;Auslaenderquote 2021\n"
    "Altstadt;1.250;41,5;12,5\n"
    "Winzeln;2.345;44,0;8,3\n"
    "Hohe Luft;980;47,2;6,1\n"
    "Neuhof;610;39,8;4,0\n"
)


def _boundaries(tmp_path: Path) -> bytes:
    collection = json.loads((GOOD / "xss_districts.geojson").read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["name"] = "Altstadt"
    return json.dumps(collection).encode("utf-8")


def _open_import(mini_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    at.text_input(key="imp_name").input("Neustadt")
    at.file_uploader(key="imp_boundaries").upload(
        "stadtteile.geojson", _boundaries(tmp_path), "application/geo+json"
    )
    at.file_uploader(key="imp_table").upload("statistik.csv", TABLE.encode("utf-8"), "text/csv")
    return at


def _click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]


def _mapping_box(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    """The mapping selectbox that follows the plain-text name of ``column``."""
    texts = [x.value for x in at.text]
    assert column in texts, texts
    boxes = [b for b in at.selectbox if b.label == "Zuordnung"]
    names = [x for x in texts if x in ("Durchschnittsalter", "Auslaenderquote")]
    return boxes[names.index(column)]


def test_unknown_columns_are_mapped_and_defined_in_the_ui(mini_dir, monkeypatch, tmp_path):
    at = _open_import(mini_dir, monkeypatch, tmp_path)
    _click(at, "Prüfen")
    # The check names both columns and the form now offers their mapping.
    assert "Unbekannte Spalten" in at.info[0].value
    problems = " ".join(at.dataframe[-1].value["Meldung"])
    assert "Durchschnittsalter" in problems
    assert not (mini_dir / "imported").exists()
    _mapping_box(at, "Auslaenderquote").set_value("foreigners_share")
    _mapping_box(at, "Durchschnittsalter").set_value("__new__")
    # Describe the new indicator: the label is prefilled with the column name.
    labels = [x for x in at.text_input if x.label == "Bezeichnung (deutsch)"]
    assert [x.value for x in labels] == ["Durchschnittsalter", "Auslaenderquote"]
    next(x for x in at.text_input if x.label == "Bezeichnung (englisch, leer = wie deutsch)").input(
        "Mean age"
    )
    next(x for x in at.text_input if x.label.startswith("Einheit")).input("Jahre")
    _click(at, "Prüfen und importieren")
    assert at.success, [e.value for e in at.error]
    assert at.success[0].value.startswith("Importiert")
    data = load_town(mini_dir, "neustadt")
    age = data.catalog["durchschnittsalter"]
    assert (age.label_de, age.label_en, age.unit_de, age.kind) == (
        "Durchschnittsalter",
        "Mean age",
        "Jahre",
        "mean",
    )
    values = data.values.set_index(["district_id", "indicator_id", "year"])["value"]
    assert values[("hohe-luft", "durchschnittsalter", 2021)] == pytest.approx(47.2)
    assert values[("winzeln", "foreigners_share", 2021)] == pytest.approx(8.3)
    # Rates without counts: the page says what that disables.
    note = " ".join(w.value for w in at.warning)
    assert "Ohne Zähler und Nenner" in note
    assert "Ausländeranteil" in note
    assert "Durchschnittsalter" in note
    assert "keine Balken im Bezirksprofil" in note
    # The new indicator appears in the app's controls for the new town.
    fresh = start(mini_dir, monkeypatch, town="neustadt", indicator="durchschnittsalter")
    assert fresh.title[0].value == "Durchschnittsalter in Neustadt, 2021"
    assert "(Jahre)" in next(m.value for m in fresh.markdown if "<figure" in m.value)


def test_a_new_indicator_without_label_is_refused_with_a_message(
    mini_dir, monkeypatch, tmp_path
) -> None:
    at = _open_import(mini_dir, monkeypatch, tmp_path)
    _click(at, "Prüfen")
    _mapping_box(at, "Durchschnittsalter").set_value("__new__")
    next(x for x in at.text_input if x.label == "Bezeichnung (deutsch)").input("  ")
    _click(at, "Prüfen und importieren")
    assert "Durchschnittsalter" in at.error[0].value
    assert "Bezeichnung" in at.error[0].value
    assert not (mini_dir / "imported").exists()


def test_template_downloads_import_as_they_are_after_naming_the_districts(
    mini_dir, monkeypatch, tmp_path
) -> None:
    files = _capture_downloads(monkeypatch)
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    listed = next(df.value for df in at.dataframe if "ID" in df.value.columns)
    catalog = load_catalog_for(mini_dir)
    assert set(listed["ID"]) == set(catalog)
    assert "Ausländeranteil" in set(listed["Spaltenname (deutsch)"])
    csv_bytes, xlsx_bytes = files["vorlage_indikatoren.csv"], files["vorlage_indikatoren.xlsx"]
    assert csv_bytes == template_bytes(catalog, "csv", "de")
    header = next(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig")), delimiter=";"))
    assert header == ["Stadtteil", "Indikator", "Jahr", "Wert", "Zähler", "Nenner", "Zeichen"]
    sheets = pd.ExcelFile(io.BytesIO(xlsx_bytes)).sheet_names
    assert sheets == ["Werte", "Indikatoren"]
    # The template imports once its example districts are the town's own.
    text = csv_bytes.decode("utf-8-sig")
    for example, real in zip(("Altstadt", "Neustadt", "Kleindorf"), DISTRICTS, strict=False):
        text = text.replace(example, real)
    table = tmp_path / "vorlage.csv"
    table.write_text(text, encoding="utf-8")
    boundaries = tmp_path / "districts.geojson"
    boundaries.write_bytes(_boundaries(tmp_path))
    result = run_import(
        mini_dir, town_id="vorlage", name="Vorlage", boundaries=boundaries, indicators=table
    )
    assert result.ok, result.report.format("de")
    assert result.town is not None
    assert result.town.indicators_without_counts() == []  # the template carries the counts


def test_profile_page_explains_an_empty_chart_for_rates_without_counts(
    mini_dir, monkeypatch, tmp_path
) -> None:
    table = tmp_path / "raten.csv"
    table.write_text(
        "Stadtteil;Ausländeranteil 2021\nAltstadt;12,5\nWinzeln;8,3\nHohe Luft;6,1\nNeuhof;4,0\n",
        encoding="utf-8",
    )
    boundaries = tmp_path / "districts.geojson"
    boundaries.write_bytes(_boundaries(tmp_path))
    result = run_import(
        mini_dir, town_id="raten", name="Ratenstadt", boundaries=boundaries, indicators=table
    )
    assert result.ok, result.report.format("de")
    at = start(mini_dir, monkeypatch, town="raten", district="winzeln")
    at.switch_page(page_path("profile")).run()
    assert not at.exception
    info = " ".join(i.value for i in at.info)
    assert "Zähler und Nenner" in info
    assert "Ausländeranteil" in info
