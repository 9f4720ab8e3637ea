"""The Werkstatt page, the map page's note form and badge, the district profile's notes
(Streamlit AppTest, German and English, with and without an edit key)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from sozialraum.access import EDIT_KEY_VAR
from sozialraum.workshop.store import open_store

from .test_app import page_path, start

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","klick")'
KEY = "geheim-123"
L = {
    "de": {
        "create": "Werkstatt anlegen",
        "save_note": "Beitrag speichern",
        "add_field": "Handlungsfeld anlegen",
        "add_goal": "Ziel anlegen",
        "add_measure": "Maßnahme anlegen",
        "none": "noch keine Werkstatt",
        "locked": "Nur Lesen",
        "unlock": "Freischalten",
        "docx": "Protokoll (Word, DOCX)",
        "badge": "Werkstatt: 2 Beiträge · 1 Maßnahme in diesem Bezirk",
    },
    "en": {
        "create": "Create workshop",
        "save_note": "Save note",
        "add_field": "Add field of action",
        "add_goal": "Add goal",
        "add_measure": "Add measure",
        "none": "no workshop yet",
        "locked": "Read-only",
        "unlock": "Unlock",
        "docx": "Protocol (Word, DOCX)",
        "badge": "Workshop: 2 notes · 1 measure in this district",
    },
}


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def open_workshop_page(mini_dir, monkeypatch, lang: str = "de", **query: str) -> AppTest:
    at = start(mini_dir, monkeypatch, lang=lang, indicator="sgb2_rate", year="2022", **query)
    at.switch_page(page_path("workshop")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def create_workshop(at: AppTest, lang: str, title: str = "Werkstatt Nord") -> None:
    at.text_input(key="ws-title-new").input(title)
    at.text_input(key="ws-pl-new").input("Rathaus")
    at.number_input(key="ws-n-new-Verwaltung").set_value(4)
    at.number_input(key="ws-n-new-Bewohnerschaft").set_value(7)
    button(at, L[lang]["create"]).click().run()
    assert not at.exception, [e.value for e in at.exception]


def add_note(at: AppTest, lang: str, text: str, kind: str, place: str, key: str = "ws") -> None:
    at.text_area(key=f"note-text-{key}").input(text)
    at.selectbox(key=f"note-kind-{key}").set_value(kind)
    at.radio(key=f"note-place-{key}").set_value(place)
    button(at, L[lang]["save_note"]).click().run()
    assert not at.exception, [e.value for e in at.exception]


def assert_no_raw_html(at: AppTest, *payloads: str) -> None:
    """Participant text is never inside markup that the browser would parse as HTML."""
    for element in at.markdown:
        if element.proto.allow_html:
            for payload in payloads:
                assert payload not in element.value
    for element in [*at.markdown, *at.caption]:
        assert "<img" not in element.value.replace("\\<img", "")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_moderator_flow_on_the_workshop_page(mini_dir, monkeypatch, lang) -> None:
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    at = open_workshop_page(mini_dir, monkeypatch, lang, district="nord-west")
    assert L[lang]["none"] in at.info[0].value
    create_workshop(at, lang)
    store = open_store(mini_dir)
    (workshop,) = store.list_workshops("musterstadt")
    assert workshop.title == "Werkstatt Nord"
    assert workshop.participants == {"Verwaltung": 4, "Bewohnerschaft": 7}

    add_note(at, lang, HOSTILE, "concern", "district")
    add_note(at, lang, FORMULA, "idea", "town")
    add_note(at, lang, "Spielplatz am Bach fehlt", "observation", "district")
    notes = store.list_contributions(workshop.id)
    assert [n.text for n in notes] == [HOSTILE, FORMULA, "Spielplatz am Bach fehlt"]
    assert [n.district_id for n in notes] == ["nord-west", None, "nord-west"]
    assert all(n.indicator_ids == ("sgb2_rate",) and n.years == (2022,) for n in notes)
    assert [n.kind.value for n in notes] == ["concern", "idea", "observation"]
    shown = [x.value for x in at.text]
    assert HOSTILE in shown
    assert FORMULA in shown
    assert_no_raw_html(at, HOSTILE)

    # filter: kind, then district
    at.multiselect(key="ws_f_kind").select("idea").run()
    assert [x.value for x in at.text if x.value in (HOSTILE, FORMULA)] == [FORMULA]
    at.multiselect(key="ws_f_kind").unselect("idea").run()
    at.multiselect(key="ws_f_place").select("nord-west").run()
    listed = [x.value for x in at.text]
    assert HOSTILE in listed
    assert FORMULA not in listed
    at.multiselect(key="ws_f_place").unselect("nord-west").run()

    # a field of action, a note moved into it, a goal and a measure with an indicator target
    at.text_input(key="ws-field-title").input("Spielen und Treffen")
    button(at, L[lang]["add_field"]).click().run()
    (field,) = store.list_fields(workshop.id)
    at.selectbox(key=f"ws-assign-{notes[2].id}").set_value(str(field.id)).run()
    assert store.get_contribution(notes[2].id).field_id == field.id
    at.text_input(key=f"ws-g-title-{field.id}").input("Mehr Orte zum Spielen")
    button(at, L[lang]["add_goal"]).click().run()
    (goal,) = store.list_goals(field.id)
    at.text_input(key=f"ws-m-title-{field.id}").input("Spielplatz Bachaue")
    at.selectbox(key=f"ws-m-status-{field.id}").set_value("planned")
    at.text_input(key=f"ws-m-resp-{field.id}").input("Grünflächenamt")
    at.selectbox(key=f"ws-m-dir-{field.id}").set_value("decrease")
    at.text_input(key=f"ws-m-val-{field.id}").input("9,5")
    button(at, L[lang]["add_measure"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    (measure,) = store.list_measures(goal.id)
    assert measure.title == "Spielplatz Bachaue"
    assert measure.status.value == "planned"
    assert measure.district_ids == ("nord-west",)
    assert [tuple(x) for x in measure.indicator_targets] == [("sgb2_rate", "decrease", 9.5)]
    assert measure.contribution_ids == (notes[2].id,)

    # soft delete and restore
    at.button(key=f"ws-delete-{notes[0].id}").click().run()
    assert store.get_contribution(notes[0].id).deleted
    assert HOSTILE not in [x.value for x in at.text]
    at.checkbox(key="ws_f_deleted").check().run()
    at.button(key=f"ws-restore-{notes[0].id}").click().run()
    assert not store.get_contribution(notes[0].id).deleted

    labels = [b.proto.label for b in at.get("download_button")]
    assert L[lang]["docx"] in labels
    assert len(labels) == 5
    assert_no_raw_html(at, HOSTILE)


def test_badge_and_note_form_on_the_map_page_and_profile(mini_dir, monkeypatch) -> None:
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    store = open_store(mini_dir)
    workshop = store.create_workshop("test", town_id="musterstadt", title="Runde 1")
    field = store.create_field("test", workshop_id=workshop.id, title="Wohnen")
    goal = store.create_goal("test", field_id=field.id, title="Ziel")
    store.create_measure("test", goal_id=goal.id, title="Hofprogramm", district_ids=["nord-ost"])
    store.create_contribution("test", workshop_id=workshop.id, text=HOSTILE, district_id="nord-ost")
    at = start(
        mini_dir, monkeypatch, indicator="foreigners_share", year="2021", district="nord-ost"
    )
    add_note(at, "de", "Leerstand an der Hauptstraße", "observation", "district", key="map")
    notes = store.list_contributions(workshop.id, district_id="nord-ost")
    assert [n.text for n in notes] == [HOSTILE, "Leerstand an der Hauptstraße"]
    assert notes[1].indicator_ids == ("foreigners_share",)
    assert notes[1].years == (2021,)
    badge = [m.value for m in at.markdown if m.value.startswith('<p class="sr-ws-badge"')]
    assert badge == [f'<p class="sr-ws-badge">{L["de"]["badge"]}</p>']
    at.switch_page(page_path("profile")).run()
    assert not at.exception
    assert [x.value for x in at.text][:2] == [HOSTILE, "Leerstand an der Hauptstraße"]
    assert "Hofprogramm (Idee)" in [x.value for x in at.text]
    assert any(L["de"]["badge"] in m.value for m in at.markdown)
    assert_no_raw_html(at, HOSTILE)


def test_looking_at_towns_creates_no_database(mini_dir, monkeypatch) -> None:
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    at = start(mini_dir, monkeypatch, district="nord-ost")
    for page in ("workshop", "profile", "map"):
        at.switch_page(page_path(page)).run()
        assert not at.exception
    assert not any(p.name.startswith("sozialraum.sqlite") for p in mini_dir.iterdir())


@pytest.mark.parametrize("lang", ["de", "en"])
def test_with_an_edit_key_the_workshop_is_read_only_until_unlocked(
    mini_dir, monkeypatch, lang
) -> None:
    monkeypatch.setenv(EDIT_KEY_VAR, KEY)
    store = open_store(mini_dir)
    workshop = store.create_workshop("test", town_id="musterstadt", title="Runde 1")
    store.create_contribution("test", workshop_id=workshop.id, text="schon da")
    at = open_workshop_page(mini_dir, monkeypatch, lang, district="nord-west")
    assert any(i.value.startswith(L[lang]["locked"]) for i in at.info)
    assert button(at, L[lang]["save_note"]).disabled
    assert button(at, L[lang]["add_field"]).disabled
    note = store.list_contributions(workshop.id)[0]
    assert at.button(key=f"ws-delete-{note.id}").disabled

    at.text_input(key="edit-key-workshop").input(KEY)
    button(at, L[lang]["unlock"]).click().run()
    assert not button(at, L[lang]["save_note"]).disabled
    add_note(at, lang, "mit Schlüssel", "question", "district")
    assert [n.text for n in store.list_contributions(workshop.id)] == ["schon da", "mit Schlüssel"]


def test_without_an_edit_key_nothing_asks_for_one(mini_dir, monkeypatch) -> None:
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    at = open_workshop_page(mini_dir, monkeypatch)
    assert not [b for b in at.button if b.label == "Freischalten"]
    assert not button(at, "Werkstatt anlegen").disabled


def test_bad_input_is_refused_with_a_message_and_changes_nothing(mini_dir, monkeypatch) -> None:
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)
    at = open_workshop_page(mini_dir, monkeypatch)
    create_workshop(at, "de")
    at.text_area(key="note-text-ws").input("   ")
    button(at, "Beitrag speichern").click().run()
    assert "nicht gespeichert" in at.error[0].value
    (workshop,) = open_store(mini_dir).list_workshops("musterstadt")
    assert open_store(mini_dir).list_contributions(workshop.id) == []
