"""Print-ready map pages (sozialraum.mapimage.export_indicator_map, ``sozialraum map``):
the exported image shows the same classes as the app's map."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from sozialraum import load_town
from sozialraum.cli import main
from sozialraum.mapimage import export_indicator_map
from sozialraum.ui.common import choropleth
from sozialraum.ui.state import View


def _app_view(town_id: str, indicator_id: str, year: int, topic: str) -> View:
    """The app's view with its default classification (quantiles, 5 classes)."""
    return View(
        lang="de", town_id=town_id, topic=topic, indicator_id=indicator_id, year=year,
        district=None, scheme="quantiles", k=5, breaks="", basemap="none", present=False,
    )  # fmt: skip


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


@pytest.mark.parametrize(("paper", "size"), [("a4", (1753, 1240)), ("slide", (2000, 1125))])
def test_png_pixels_at_district_points_have_the_apps_class_colours(
    repo_data_dir: Path, monkeypatch: pytest.MonkeyPatch, paper: str, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("SOZIALRAUM_DATA_DIR", str(repo_data_dir))
    town = load_town(repo_data_dir, "bad-hersfeld")
    indicator = town.catalog["sgb2_rate"]
    page = export_indicator_map(town, "sgb2_rate", 2023, fmt="png", paper=paper, names=False)
    image = Image.open(io.BytesIO(page.data)).convert("RGB")
    assert image.size == size == page.size_px
    on_screen = choropleth(
        town, _app_view("bad-hersfeld", "sgb2_rate", 2023, indicator.topic), "sgb2_rate", 2023
    ).frame["color"]
    assert len(page.points_px) == len(town.districts)
    for district_id, (x, y) in page.points_px.items():
        pixel = image.getpixel((round(x), round(y)))
        expected = _rgb(on_screen[district_id])
        assert max(abs(a - b) for a, b in zip(pixel, expected, strict=True)) <= 2, district_id
    # five classes on screen, five colours in the image
    assert len(set(on_screen)) == 5


def test_pdf_is_one_landscape_page_with_title_legend_and_attribution(repo_data_dir: Path) -> None:
    town = load_town(repo_data_dir, "pirmasens")
    page = export_indicator_map(town, "child_poverty", 2023, fmt="pdf", paper="a4")
    pdf = pypdf.PdfReader(io.BytesIO(page.data))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(297 / 210, rel=0.01)
    text = pdf.pages[0].extract_text()
    for part in ("Kinderarmut", "2023", "Pirmasens", "Klassifizierung: Quantile", "km",
                 "N", "Erstellt am", "DEMO-DATEN", "© GeoBasis-DE / BKG"):  # fmt: skip
        assert part in text, part


def test_cli_writes_a_slide_png_and_refuses_other_extensions(
    repo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "karte.png"
    common = ["--data-dir", str(repo_data_dir), "--town", "merzig", "--indicator", "sgb2_rate"]
    assert main(["map", *common, "--year", "2020", "--out", str(out), "--format", "slide"]) == 0
    assert Image.open(out).size == (2000, 1125)
    assert main(["map", *common, "--out", str(tmp_path / "karte.svg")]) == 2
    assert "muss auf .png oder .pdf enden" in capsys.readouterr().err
    assert not (tmp_path / "karte.svg").exists()
    assert main(["map", *common, "--year", "1990", "--out", str(tmp_path / "x.pdf")]) == 1
    assert not (tmp_path / "x.pdf").exists()
