"""``sozialraum workshop`` and ``sozialraum db``: create, import paper cards, list, export."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document

from sozialraum.cli import main
from sozialraum.db import ENV_DB_URL, create_db_engine
from sozialraum.workshop import WorkshopStore

CARDS = (
    "Text;Art;Autor;Stadtteil;Indikator;Jahr;Handlungsfeld;Länge;Breite\n"
    "Zu wenig Bänke am Markt;Beobachtung;Frau K.;Nordwest;Leerstandsquote;2022;;10,01;51,03\n"
    "=1+1;Idee;;nord-ost;sgb2_rate, vacancy_rate;2021;Wohnen;;\n"
    "Wer kümmert sich?;Frage;;;;;;;\n"
)


@pytest.fixture
def data_dir(mini_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENV_DB_URL, raising=False)
    return mini_dir


def _store(data_dir: Path) -> WorkshopStore:
    return WorkshopStore(create_db_engine(f"sqlite:///{data_dir / 'sozialraum.sqlite'}"))


def _create(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code = main(
        [
            "workshop",
            "create",
            "--data-dir",
            str(data_dir),
            "--town",
            "musterstadt",
            "--title",
            "Werkstatt Nord",
            "--date",
            "12.03.2026",
            "--participants",
            "Verwaltung=3, Bewohnerschaft=9",
        ]
    )
    assert code == 0
    return int(capsys.readouterr().out.strip())


def test_db_upgrade_and_current(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current", "--data-dir", str(data_dir)]) == 1  # not yet migrated
    before = capsys.readouterr().out
    assert ": - (head " in before  # no revision yet
    assert main(["db", "upgrade", "--data-dir", str(data_dir)]) == 0
    assert main(["db", "current", "--data-dir", str(data_dir)]) == 0
    after = capsys.readouterr().out.strip().splitlines()[-1]
    # At head after the upgrade, whichever revision the head is.
    current = re.search(r": (\S+) \(head (\S+)\)$", after)
    assert current is not None, after
    assert current.group(1) == current.group(2) != "-"


def test_create_and_list(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop_id = _create(data_dir, capsys)
    assert main(["workshop", "list", "--data-dir", str(data_dir), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["title"], r["date"]) for r in rows] == [
        (workshop_id, "Werkstatt Nord", "2026-03-12")
    ]
    assert rows[0]["participants"] == {"Verwaltung": 3, "Bewohnerschaft": 9}
    history = _store(data_dir).history("workshop", workshop_id)
    assert history[0].who.startswith("CLI")


def test_create_unknown_town_fails(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["workshop", "create", "--data-dir", str(data_dir), "--town", "x", "--title", "t"])
    assert code == 1
    assert "Unbekannte Stadt" in capsys.readouterr().err


def test_import_paper_cards(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop_id = _create(data_dir, capsys)
    store = _store(data_dir)
    field = store.create_field("test", workshop_id=workshop_id, title="Wohnen")
    cards = data_dir / "karten.csv"
    cards.write_bytes(CARDS.encode("cp1252"))
    args = ["workshop", "--who", "Tisch 4", "import", "--data-dir", str(data_dir)]
    args += ["--id", str(workshop_id), "--file", str(cards)]
    assert main([*args, "--dry-run"]) == 0
    assert store.count_contributions(workshop_id) == 0
    assert main(args) == 0
    notes = store.list_contributions(workshop_id)
    assert [n.text for n in notes] == ["Zu wenig Bänke am Markt", "=1+1", "Wer kümmert sich?"]
    first, second, third = notes
    assert (first.kind.value, first.author_label, first.district_id) == (
        "observation",
        "Frau K.",
        "nord-west",
    )
    assert first.indicator_ids == ("vacancy_rate",)
    assert first.geometry_wkt == "POINT (10.01 51.03)"
    assert second.indicator_ids == ("sgb2_rate", "vacancy_rate")
    assert (second.years, second.field_id) == ((2021,), field.id)
    assert (third.kind.value, third.district_id) == ("question", None)
    assert store.history("contribution", first.id)[0].who == "Tisch 4"


def test_import_reports_every_bad_row_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop_id = _create(data_dir, capsys)
    cards = data_dir / "karten.csv"
    cards.write_text(
        "Text;Art;Stadtteil;Jahr;Indikator;Handlungsfeld\n"
        "gut;Idee;Nordwest;2022;;\n"
        ";Idee;Nordwst;2022;;\n"
        "auch;Wunsch;nord-ost;1700;Glück;Mobilität\n",
        encoding="utf-8",
    )
    code = main(
        [
            "workshop",
            "import",
            "--data-dir",
            str(data_dir),
            "--id",
            str(workshop_id),
            "--file",
            str(cards),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    for expected in (
        "karten.csv, Zeile 3, Spalte Text: „Text“ darf nicht leer sein",
        "Zeile 3, Spalte Stadtteil: Unbekannter Bezirk „Nordwst“ – Nordwest?",
        "Zeile 4, Spalte Art: Ungültiger Wert „Wunsch“",
        "Zeile 4, Spalte Jahr: „1700“ ist kein Jahr",
        "Zeile 4, Spalte Indikator: Unbekannter Indikator „Glück“",
        "Zeile 4, Spalte Handlungsfeld: Unbekanntes Handlungsfeld „Mobilität“",
    ):
        assert expected in err, expected
    assert _store(data_dir).count_contributions(workshop_id) == 0


def test_import_needs_a_text_column(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workshop_id = _create(data_dir, capsys)
    cards = data_dir / "karten.csv"
    cards.write_text("Titel;Art\nx;Idee\n", encoding="utf-8")
    args = ["workshop", "import", "--data-dir", str(data_dir), "--id", str(workshop_id)]
    assert main([*args, "--file", str(cards), "--lang", "en"]) == 1
    assert "No column with the text of the notes" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["docx", "md", "csv", "xlsx", "geojson"])
def test_export_every_format(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    workshop_id = _create(data_dir, capsys)
    store = _store(data_dir)
    store.create_contribution(
        "t",
        workshop_id=workshop_id,
        text="Spielplatz <script>",
        district_id="sued-ost",
        geometry_wkt="POINT (10.03 51.01)",
        indicator_ids=["sgb2_rate"],
    )
    out = tmp_path / f"protokoll.{fmt}"
    args = ["workshop", "export", "--data-dir", str(data_dir), "--id", str(workshop_id)]
    assert main([*args, "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    if fmt == "docx":
        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        assert "Spielplatz <script>" in text
    if fmt == "md":
        assert (tmp_path / "protokoll_karten" / "sgb2_rate_2022.png").is_file()
        assert "<script>" not in out.read_text(encoding="utf-8")


def test_export_unknown_workshop(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["workshop", "export", "--data-dir", str(data_dir), "--id", "99", "--format", "csv"]
    assert main([*args, "--out", str(data_dir / "x.csv"), "--lang", "en"]) == 1
    assert "There is no workshop with id 99" in capsys.readouterr().err
