"""The Actors & network page through AppTest: add actors and a relation, profile, gap hints,
files, and the actors' layer switch on the map page; German and English."""

from __future__ import annotations

import html
import json

import pytest

from sozialraum.access import EDIT_KEY_VAR
from sozialraum.actors import open_actor_store

from .test_app import page_path, start
from .test_app_index import map_layer

TOWN = "musterstadt"


@pytest.fixture
def network_page(mini_dir, monkeypatch):
    monkeypatch.delenv("SOZIALRAUM_DB_URL", raising=False)
    monkeypatch.delenv(EDIT_KEY_VAR, raising=False)

    def open_page(lang: str = "de"):
        at = start(mini_dir, monkeypatch, lang=lang)
        at.switch_page(page_path("network")).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def _save(at, label: str, index: int = 0):
    buttons = [b for b in at.button if b.label == label]
    buttons[index].click().run()
    assert not at.exception, [e.value for e in at.exception]


def _add_actor(at, name: str, sector: str, districts: list[str]) -> None:
    at.text_input(key="w_net_new_name").input(name)
    at.selectbox(key="w_net_new_sector").set_value(sector)
    at.multiselect(key="w_net_new_districts").set_value(districts)
    _save(at, "Speichern")


def test_add_two_actors_and_a_relation(network_page, mini_dir) -> None:
    at = network_page()
    assert "Noch keine Akteure" in at.info[0].value
    _add_actor(at, "Jugendzentrum <b>Nord</b>", "Soziales", ["nord-west"])
    # The name from input is escaped for Markdown/HTML; read as shown, it is the literal text.
    assert "<b>" not in at.success[0].value
    assert html.unescape(at.success[0].value) == "„Jugendzentrum <b>Nord</b>“ gespeichert."
    _add_actor(at, "Moscheeverein", "Migrantenorganisation", [])
    at.selectbox(key="w_net_rel_type").set_value("cooperation")
    at.slider(key="w_net_rel_strength").set_value(3)
    at.text_input(key="w_net_rel_since").input("2018")
    _save(at, "Speichern", 1)
    assert at.success[0].value == "Beziehung gespeichert."
    store = open_actor_store(mini_dir)
    actors = {a.name: a for a in store.list_actors(TOWN)}
    assert set(actors) == {"Jugendzentrum <b>Nord</b>", "Moscheeverein"}
    [relation] = store.list_relations(TOWN)
    assert (relation.strength, relation.since_year, relation.type.value) == (3, 2018, "cooperation")
    assert "2 Akteure, 1 Beziehungen" in "\n".join(c.value for c in at.caption)
    chart = at.get("plotly_chart")[0]
    assert '"customdata"' in chart.proto.spec
    # Profile: the name is escaped, the relation listed.
    at.selectbox(key="w_net_actor").set_value(actors["Moscheeverein"].id).run()
    profile = next(m.value for m in at.markdown if "sr-actor-name" in m.value)
    assert "Moscheeverein" in profile
    assert "Kooperation (3) – Jugendzentrum &lt;b&gt;Nord&lt;/b&gt;" in profile
    gaps = next(m.value for m in at.markdown if "sr-gaps" in m.value)
    assert "nur eine Verbindung" in gaps
    assert "&lt;b&gt;" in gaps


def test_refused_actor_is_explained_and_not_saved(network_page, mini_dir) -> None:
    at = network_page(lang="en")
    at.text_input(key="w_net_new_name").input("Ms S.")
    at.selectbox(key="w_net_new_kind").set_value("role")
    at.text_input(key="w_net_new_address").input("Garden Lane 2")
    _save(at, "Save")
    assert at.error[0].value == "Not saved:"
    assert "A role stands for a person" in at.code[0].value
    assert open_actor_store(mini_dir).list_actors(TOWN) == []


def test_filters_and_english_labels(network_page, mini_dir) -> None:
    store = open_actor_store(mini_dir)
    a = store.create_actor(
        "t",
        town_id=TOWN,
        name="Rathaus",
        sector="Verwaltung",
        kind="body",
        district_ids=["nord-ost"],
    )
    b = store.create_actor(
        "t",
        town_id=TOWN,
        name="Kirche",
        sector="Religion",
        kind="organisation",
        district_ids=["sued-west"],
    )
    store.create_relation("t", town_id=TOWN, source_id=a.id, target_id=b.id, type="funding")
    at = network_page(lang="en")
    assert at.title[0].value == "Actors and network: Musterstadt"
    assert "2 actors, 1 relations" in "\n".join(c.value for c in at.caption)
    at.multiselect(key="w_net_sectors").set_value(["Religion"]).run()
    assert "1 actors, 0 relations" in "\n".join(c.value for c in at.caption)
    at.selectbox(key="w_net_district").set_value("nord-ost").run()
    assert at.info[0].value == "No actor matches this filter."


def test_map_page_shows_the_actor_layer_switch(network_page, mini_dir, monkeypatch) -> None:
    store = open_actor_store(mini_dir)
    store.create_actor(
        "t",
        town_id=TOWN,
        name="Rathaus",
        sector="Verwaltung",
        kind="body",
        district_ids=["nord-ost"],
    )
    at = start(mini_dir, monkeypatch)
    toggle = at.toggle(key="w_map_actors")
    assert toggle.label == "Akteure anzeigen"
    toggle.set_value(True).run()
    assert not at.exception


NETWORK_TEXTS = {
    "de": {
        "title": "Akteure und Netzwerk: Musterstadt",
        "counts": "2 Akteure, 1 Beziehungen",
        "sectors": ("Soziales", "Migrantenorganisation"),
        "relation": "Förderung",
        "kind": "Organisation",
        "layer": "Akteure",
        "gaps": "Lücken im Netzwerk",
        "profile": "Förderung (1) – Tafel &lt;b&gt;Süd&lt;/b&gt;",
    },
    "en": {
        "title": "Actors and network: Musterstadt",
        "counts": "2 actors, 1 relations",
        "sectors": ("Social services", "Migrant organisation"),
        "relation": "Funding",
        "kind": "Organisation",
        "layer": "Actors",
        "gaps": "Gaps in the network",
        "profile": "Funding (1) – Tafel &lt;b&gt;Süd&lt;/b&gt;",
    },
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_network_chart_and_actor_map_in_both_languages(network_page, mini_dir, lang) -> None:
    store = open_actor_store(mini_dir)
    tafel = store.create_actor(
        "t",
        town_id=TOWN,
        name="Tafel <b>Süd</b>",
        sector="Soziales",
        kind="organisation",
        district_ids=["sued-west", "sued-ost"],
    )
    verein = store.create_actor(
        "t",
        town_id=TOWN,
        name="Kulturverein Ost",
        sector="Migrantenorganisation",
        kind="organisation",
        point_wkt="POINT (10.05 51.02)",
    )
    store.create_relation(
        "t", town_id=TOWN, source_id=verein.id, target_id=tafel.id, type="funding"
    )
    texts = NETWORK_TEXTS[lang]
    at = network_page(lang=lang)
    assert at.title[0].value == texts["title"]
    assert texts["counts"] in "\n".join(c.value for c in at.caption)
    assert texts["gaps"] in [h.value for h in at.header]
    # The chart: one node trace per sector (legend in the page's language), the relation as
    # an edge trace, names escaped (plotly renders markup in texts).
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = {trace["name"]: trace for trace in spec["data"]}
    social, migrant = texts["sectors"]
    assert traces[social]["text"] == ["Tafel &lt;b&gt;Süd&lt;/b&gt;"]
    assert traces[social]["customdata"] == [tafel.id]
    assert traces[migrant]["text"] == ["Kulturverein Ost"]
    assert traces[texts["relation"]]["mode"] == "lines"
    # The map: a marker per district of the Tafel, one at the Verein's point; escaped
    # tooltips with the sector and kind in the page's language.
    layer = map_layer(at)
    assert layer.count("L.circleMarker(") == 3
    assert "[51.02, 10.05]" in layer
    assert "<b>Tafel &lt;b&gt;Süd&lt;/b&gt;</b>" in layer
    assert "<b>Süd</b>" not in layer.replace("<b>Tafel &lt;b&gt;Süd&lt;/b&gt;</b>", "")
    assert f"{social} · {texts['kind']}" in layer
    assert f"{migrant} · {texts['kind']}" in layer
    # The profile (the page's selectbox, the same the chart's click sets).
    at.selectbox(key="w_net_actor").set_value(verein.id).run()
    profile = next(m.value for m in at.markdown if "sr-actor-name" in m.value)
    assert texts["profile"] in profile


def test_with_an_edit_key_writing_needs_it(network_page, mini_dir, monkeypatch) -> None:
    store = open_actor_store(mini_dir)
    store.create_actor(
        "t", town_id=TOWN, name="Rathaus", sector="Verwaltung", kind="body", district_ids=[]
    )
    monkeypatch.setenv(EDIT_KEY_VAR, "geheim-123")
    at = network_page()
    # Read-only: the network is there, the forms, import and delete are locked.
    assert "1 Akteure, 0 Beziehungen" in "\n".join(c.value for c in at.caption)
    assert any(i.value.startswith("Nur Lesen") for i in at.info)
    assert next(b for b in at.button if b.label == "Speichern").disabled
    assert at.text_input(key="w_net_who").disabled
    # With the key: saved.
    at.text_input(key="edit-key-network").input("geheim-123")
    next(b for b in at.button if b.label == "Freischalten").click().run()
    assert not next(b for b in at.button if b.label == "Speichern").disabled
    _add_actor(at, "Jugendzentrum", "Soziales", ["nord-west"])
    assert sorted(a.name for a in store.list_actors(TOWN)) == ["Jugendzentrum", "Rathaus"]
    # A form sent after the key changed writes nothing; the page is read-only again.
    monkeypatch.setenv(EDIT_KEY_VAR, "ein neuer Schlüssel")
    at.text_input(key="w_net_new_name").input("Kirche")
    _save(at, "Speichern")
    assert any(i.value.startswith("Nur Lesen") for i in at.info)
    assert sorted(a.name for a in store.list_actors(TOWN)) == ["Jugendzentrum", "Rathaus"]
    assert next(b for b in at.button if b.label == "Speichern").disabled
