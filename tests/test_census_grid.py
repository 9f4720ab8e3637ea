"""Census grid files: layout from the header, encodings, and storing an uploaded file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sozialraum.census_grid import add_grid_file, sniff_layout
from sozialraum.errors import DataError

HEADER_2011 = "Gitter_ID_1km;x_mp_1km;y_mp_1km;Einwohner;Auslaender_A\n"
ROW = "CRS3035RES1000mN2691000E4337000;4337500;2691500;12;-1\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_layout_from_the_header_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "Zensus_spitze_Werte_1km-Gitter.csv"
    path.write_bytes((HEADER_2011 + ROW + "Hinweis: Größe;1;2;3;4\n").encode(encoding))
    layout = sniff_layout(path)
    assert (layout.year, layout.cell_size, layout.sep) == (2011, 1000, ";")
    assert layout.features == {"Einwohner": "population", "Auslaender_A": "foreigners_share"}
    assert layout.encoding == ("cp1252" if encoding == "cp1252" else encoding)


def test_comma_separated_2022_header(tmp_path: Path) -> None:
    path = tmp_path / "Zensus2022_Bevoelkerungszahl_100m-Gitter.csv"
    path.write_text(
        "GITTER_ID_100m,x_mp_100m,y_mp_100m,Einwohner\nCRS3035RES100mN1E2,4337550,2691550,7\n",
        encoding="utf-8",
    )
    layout = sniff_layout(path)
    assert (layout.year, layout.cell_size, layout.sep) == (2022, 100, ",")


def test_an_uploaded_grid_file_is_stored_only_if_its_header_is_a_grid(tmp_path: Path) -> None:
    grids = tmp_path / "grids"
    layout = add_grid_file(grids, "../../Zensus_spitze_Werte_1km-Gitter.csv", HEADER_2011.encode())
    assert layout.path == grids / "Zensus_spitze_Werte_1km-Gitter.csv"
    assert sorted(p.name for p in grids.iterdir()) == ["Zensus_spitze_Werte_1km-Gitter.csv"]
    with pytest.raises(DataError) as caught:
        add_grid_file(grids, "liste.csv", b"Name;Wert\nNord;1\n")
    assert [(p.code, p.file) for p in caught.value.problems] == [
        ("zensus_unknown_layout", "liste.csv")
    ]
    assert sorted(p.name for p in grids.iterdir()) == ["Zensus_spitze_Werte_1km-Gitter.csv"]


def _topic_zip(rows_100m: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "Zensus2022_Bevoelkerungszahl_100m-Gitter.csv",
            "GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner\n" + rows_100m,
        )
        archive.writestr(
            "Zensus2022_Bevoelkerungszahl_1km-Gitter.csv",
            "GITTER_ID_1km;x_mp_1km;y_mp_1km;Einwohner\n"
            "CRS3035RES1000mN2691000E4337000;4337500;2691500;12\n",
        )
        archive.writestr("Datensatzbeschreibung_Bevoelkerungszahl.xlsx", b"PK\x05\x06" + bytes(18))
    return buffer.getvalue()


def test_an_uploaded_topic_zip_is_stored_as_it_is_and_checked_at_each_resolution(
    tmp_path: Path,
) -> None:
    from sozialraum.census_grid import check_grid

    grids = tmp_path / "grids"
    good = _topic_zip("CRS3035RES100mN2691000E4337000;4337050;2691050;7\n")
    layout = add_grid_file(grids, "Zensus2022_Bevoelkerungszahl.zip", good)
    assert (layout.cell_size, layout.year) == (100, 2022)
    assert (grids / "Zensus2022_Bevoelkerungszahl.zip").read_bytes() == good
    assert check_grid(grids / "Zensus2022_Bevoelkerungszahl.zip") == []
    broken = _topic_zip("CRS3035RES100mN2691000E4337000;4337050;2691050;sieben\n")
    (grids / "broken.zip").write_bytes(broken)
    [problem] = check_grid(grids / "broken.zip")
    assert (problem.code, problem.row, problem.column) == ("not_a_number", 2, "Einwohner")
    assert problem.file is not None
    assert problem.file.endswith("broken.zip:Zensus2022_Bevoelkerungszahl_100m-Gitter.csv")
