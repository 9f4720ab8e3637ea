"""Edit access: the key check itself, and the import page locked and unlocked (AppTest)."""

from __future__ import annotations

import pytest

from sozialraum.access import EDIT_KEY_VAR, check_edit_key, edit_key_required

from .conftest import REPO, tree_digest
from .test_app import page_path, start

KEY = "Werkstatt-2026 äöü"


def test_without_a_key_everything_is_open(monkeypatch) -> None:
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    assert not edit_key_required()
    assert check_edit_key(None)
    assert check_edit_key("anything")
    monkeypatch.setenv(EDIT_KEY_VAR, "")  # an empty variable locks nothing either
    assert not edit_key_required()


def test_with_a_key_only_the_exact_key_unlocks(monkeypatch) -> None:
    monkeypatch.setenv(EDIT_KEY_VAR, KEY)
    assert edit_key_required()
    assert check_edit_key(KEY)
    for wrong in (None, "", KEY[:-1], KEY + " ", KEY.upper(), "Werkstatt-2026 aou"):
        assert not check_edit_key(wrong), wrong


def _import_hostile_town(data_dir) -> None:
    from sozialraum.importers.pipeline import run_import

    good = REPO / "tests" / "data" / "good"
    result = run_import(
        data_dir,
        town_id="xss",
        name="<b>Neustadt</b>",
        boundaries=good / "xss_districts.geojson",
        indicators=good / "xss_values.csv",
    )
    assert result.ok, result.report.format("en")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_import_page_is_read_only_until_the_key_is_entered(mini_dir, monkeypatch, lang) -> None:
    _import_hostile_town(mini_dir)
    monkeypatch.setenv(EDIT_KEY_VAR, KEY)
    before = tree_digest(mini_dir)
    at = start(mini_dir, monkeypatch, lang=lang)
    at.switch_page(page_path("import_data")).run()
    note = "Nur Lesen" if lang == "de" else "Read-only"
    assert at.info[0].value.startswith(note)
    commit = next(b for b in at.button if b.label in ("Prüfen und importieren", "Check and import"))
    assert commit.disabled
    assert at.button(key="rm-xss").disabled
    assert at.checkbox(key="rm-confirm-xss").disabled

    at.text_input(key="edit-key-import").input("wrong")
    next(b for b in at.button if b.label in ("Freischalten", "Unlock")).click().run()
    wrong = "Der Schlüssel stimmt nicht." if lang == "de" else "The key is not correct."
    assert wrong in [e.value for e in at.error]
    assert at.button(key="rm-xss").disabled
    assert tree_digest(mini_dir) == before

    at.text_input(key="edit-key-import").input(KEY)
    next(b for b in at.button if b.label in ("Freischalten", "Unlock")).click().run()
    assert not at.exception
    assert not at.info or not at.info[0].value.startswith(note)
    at.checkbox(key="rm-confirm-xss").check().run()
    at.button(key="rm-xss").click().run()
    assert not at.exception
    assert not (mini_dir / "imported" / "xss").exists()


def test_changing_the_key_locks_an_unlocked_session(mini_dir, monkeypatch) -> None:
    _import_hostile_town(mini_dir)
    monkeypatch.setenv(EDIT_KEY_VAR, KEY)
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    at.text_input(key="edit-key-import").input(KEY)
    next(b for b in at.button if b.label == "Freischalten").click().run()
    assert not at.checkbox(key="rm-confirm-xss").disabled
    monkeypatch.setenv(EDIT_KEY_VAR, "a new key")
    at.run()
    assert at.checkbox(key="rm-confirm-xss").disabled
    assert at.info[0].value.startswith("Nur Lesen")


def test_without_a_key_the_import_page_shows_no_lock(mini_dir, monkeypatch) -> None:
    _import_hostile_town(mini_dir)
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    at = start(mini_dir, monkeypatch)
    at.switch_page(page_path("import_data")).run()
    assert not any(i.value.startswith("Nur Lesen") for i in at.info)
    assert not [b for b in at.button if b.label == "Freischalten"]
    commit = next(b for b in at.button if b.label == "Prüfen und importieren")
    assert not commit.disabled
    assert not at.checkbox(key="rm-confirm-xss").disabled
