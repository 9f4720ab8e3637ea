"""The import page takes official files as published: Zensus 2022 topic ZIPs (several at
once, one resolution chosen) and the INKAR bulk download."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import shapely

from sozialraum.census_grid import GRID_CRS
from sozialraum.loaders import load_town
from sozialraum.town_series import load_town_series

from .test_app import page_path, start

INKAR_BULK = (
    "Bereich;ID;Indikator;Raumbezug;Kennziffer;Kennziffer_EU;Name;Zeitbezug;Wert\n"
    "Bevölkerung;q_bev_fl;Einwohner je km²;Gemeinden;7317000;DEB3J;Pirmasens, Stadt;2021;1.234,5\n"
    "Bevölkerung;q_bev_fl;Einwohner je km²;Gemeinden;6632002;DE732;Bad Hersfeld;2021;404\n"
    "Bevölkerung;q_bev_fl;Einwohner je km²;Kreise;6632;DE732;Hersfeld-Rotenburg;2021;91\n"
)


def topic_zip(topic: str, header: str, rows: list[str]) -> bytes:
    """A Zensus 2022 topic ZIP: the same cells at 100 m, plus 1 km and 10 km files."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"Zensus2022_{topic}_100m-Gitter.csv", "\n".join([header, *rows]) + "\n")
        for res in ("1km", "10km"):
            coarse = header.replace("100m", res)
            archive.writestr(f"Zensus2022_{topic}_{res}-Gitter.csv", coarse + "\n")
        archive.writestr(f"Datensatzbeschreibung_{topic}.xlsx", b"PK\x05\x06" + bytes(18))
    return buffer.getvalue()


def cells_in(outline: shapely.Geometry) -> list[tuple[str, int, int]]:
    """(id, centre x, centre y) of the 100 m cells whose centre lies in ``outline``."""
    minx, miny, maxx, maxy = (int(v) // 100 * 100 for v in outline.bounds)
    out = []
    for east in range(minx, maxx + 100, 100):
        for north in range(miny, maxy + 100, 100):
            if outline.contains(shapely.Point(east + 50, north + 50)):
                out.append((f"CRS3035RES100mN{north}E{east}", east + 50, north + 50))
    return out


def _submit(at, label: str):  # type: ignore[no-untyped-def]
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_zensus_topic_zips_imported_from_the_page(mini_dir, monkeypatch):  # type: ignore[no-untyped-def]
    town = load_town(mini_dir, "musterstadt")
    outline = shapely.union_all(town.outline.to_crs(GRID_CRS).geometry.to_numpy())
    cells = cells_in(outline)
    assert len(cells) > 1000
    population = [f"{cid};{x};{y};7" for cid, x, y in cells]
    foreign = [
        f"{cid};{x};{y};{'–' if i % 10 == 0 else '12,5'};{'KLAMMERN' if i % 10 == 1 else ''}"
        for i, (cid, x, y) in enumerate(cells)
    ]
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    at.selectbox(key="impo_town").set_value("musterstadt")
    at.selectbox(key="impo_resolution").set_value("100m")
    pop_header = "GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner"
    rate_header = "GITTER_ID_100m;x_mp_100m;y_mp_100m;AnteilAuslaender;werterlaeuternde_Zeichen"
    uploader = at.file_uploader(key="impo_grid")
    uploader.upload(
        "Zensus2022_Bevoelkerungszahl.zip",
        topic_zip("Bevoelkerungszahl", pop_header, population),
        "application/zip",
    )
    uploader.upload(
        "Zensus2022_Anteil_Auslaender.zip",
        topic_zip("Anteil_Auslaender", rate_header, foreign),
        "application/zip",
    )
    _submit(at, "Zensus importieren")
    assert "Importiert für Musterstadt (Zensus 2022)" in at.success[0].value
    messages = " ".join(at.dataframe[-1].value["Meldung"])
    assert "KLAMMERN" in messages
    files = " ".join(at.dataframe[-1].value["Datei"])
    assert "Zensus2022_Anteil_Auslaender.zip:Zensus2022_Anteil_Auslaender_100m-Gitter.csv" in files
    data = load_town(mini_dir, "musterstadt")
    pop = data.series("population").query("year == 2022")
    assert pop["value"].sum() == pytest.approx(7 * len(cells))
    share = data.series("foreigners_share").query("year == 2022")
    assert share["value"].dropna().tolist() == pytest.approx([12.5] * 4, abs=1e-3)


def test_zip_without_the_chosen_resolution_writes_nothing(mini_dir, monkeypatch):  # type: ignore[no-untyped-def]
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "Zensus2022_Bevoelkerungszahl_1km-Gitter.csv",
            "GITTER_ID_1km;x_mp_1km;y_mp_1km;Einwohner\n",
        )
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    at.selectbox(key="impo_town").set_value("musterstadt")
    at.file_uploader(key="impo_grid").upload(
        "Bevoelkerung.zip", buffer.getvalue(), "application/zip"
    )
    _submit(at, "Zensus importieren")
    assert "nichts geschrieben" in at.error[0].value
    assert "keine Datei mit der Gitterweite 100m" in " ".join(at.dataframe[-1].value["Meldung"])
    assert not (mini_dir / "layers").exists()


def test_inkar_bulk_file_imported_from_the_page(mini_dir, monkeypatch):  # type: ignore[no-untyped-def]
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    at.file_uploader(key="impo_inkar").upload(
        "inkar_gesamt.csv", INKAR_BULK.encode("cp1252"), "text/csv"
    )
    at.text_input(key="impo_inkar_ags").input("7317000")
    _submit(at, "INKAR importieren")
    assert "1 Werte, 1 Gemeinden" in at.success[0].value
    series = load_town_series(mini_dir)
    assert series[["ags", "indicator_id", "value"]].values.tolist() == [
        ["07317000", "inkar_q_bev_fl", 1234.5]
    ]
    assert (Path(mini_dir) / "town_series" / "inkar.csv").exists()
