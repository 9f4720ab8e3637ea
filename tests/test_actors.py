"""Actors and relations: the store (SQLite and PostgreSQL), network, gap hints, file formats."""

from __future__ import annotations

import shutil

import pytest

from sozialraum.actors import ActorError, ActorStore
from sozialraum.actors.cli import town_fields
from sozialraum.actors.exchange import (
    gephi_tables,
    import_records,
    kumu_tables,
    read_gephi,
    read_kumu,
    read_xlsx,
    write_gephi,
    write_kumu,
    xlsx_bytes,
)
from sozialraum.actors.network import (
    LAYOUT_SEED,
    NetworkFilter,
    actor_layer,
    build_graph,
    filter_network,
    gap_hints,
    layout,
    network_figure,
    selected_actor,
    trace_actor_ids,
)
from sozialraum.cli import main
from sozialraum.workshop import WorkshopStore

WHO = "Moderation"
TOWN = "musterstadt"


@pytest.fixture
def stores(db_url):
    from sozialraum.db import create_db_engine, upgrade

    engine = create_db_engine(db_url)
    upgrade(engine)
    yield ActorStore(engine), WorkshopStore(engine)
    engine.dispose()


def _fields(workshops: WorkshopStore, town: str = TOWN) -> tuple[int, int]:
    workshop = workshops.create_workshop(WHO, town_id=town, title="Werkstatt 1")
    first = workshops.create_field(WHO, workshop_id=workshop.id, title="Bildung & Sprache")
    second = workshops.create_field(WHO, workshop_id=workshop.id, title="Wohnen")
    return first.id, second.id


def _codes(err) -> list[str]:
    return [p.code for p in err.value.problems]


def test_actor_round_trip_history_and_soft_delete(stores) -> None:
    actors, workshops = stores
    education, _ = _fields(workshops)
    caritas = actors.create_actor(
        WHO,
        town_id=TOWN,
        name="  Caritas  ",
        sector="Soziales",
        kind="organisation",
        district_ids=["nord-west", "nord-west", "nord-ost"],
        field_ids=[education],
        address="Hauptstraße 1",
    )
    assert caritas.name == "Caritas"
    assert caritas.district_ids == ("nord-west", "nord-ost")
    assert caritas.field_ids == (education,)
    role = actors.create_actor(
        WHO,
        town_id=TOWN,
        name="Quartiersmanagerin",
        sector="Verwaltung",
        kind="role",
        point_wkt="POINT (10.01 51.01)",
    )
    rel = actors.create_relation(
        WHO,
        town_id=TOWN,
        source_id=caritas.id,
        target_id=role.id,
        type="cooperation",
        strength=3,
        since_year=2019,
    )
    assert (rel.strength, rel.since_year) == (3, 2019)
    actors.update_actor(caritas.id, WHO, notes="Träger der Migrationsberatung")
    actors.delete_actor(caritas.id, WHO)
    assert [a.name for a in actors.list_actors(TOWN)] == ["Quartiersmanagerin"]
    assert actors.list_relations(TOWN) == []  # hidden with its actor
    actors.restore_actor(caritas.id, WHO)
    assert [r.id for r in actors.list_relations(TOWN)] == [rel.id]
    history = actors.history("actor", caritas.id)
    assert [h.action for h in history] == ["create", "update", "delete", "restore"]
    assert history[1].old["notes"] == ""
    assert history[1].new["notes"].startswith("Träger")


def test_refused_input_changes_nothing(stores) -> None:
    actors, workshops = stores
    _fields(workshops, town="elsewhere")
    other_field = workshops.list_fields(workshops.list_workshops("elsewhere")[0].id)[0].id
    with pytest.raises(ActorError) as err:
        actors.create_actor(
            WHO,
            town_id=TOWN,
            name="Herr M.",
            sector="Bürger",
            kind="role",
            address="Privatweg 3",
            point_wkt="LINESTRING (0 0, 1 1)",
        )
    assert set(_codes(err)) == {"bad_enum", "actor_role_address", "ws_bad_geometry"}
    with pytest.raises(ActorError) as err:
        actors.create_actor(
            WHO,
            town_id=TOWN,
            name="Verein",
            sector="Zivilgesellschaft",
            kind="organisation",
            field_ids=[other_field],
        )
    assert _codes(err) == ["actor_bad_field"]
    assert "Handlungsfeld" in err.value.report("de")
    a = actors.create_actor(WHO, town_id=TOWN, name="A", sector="Politik", kind="body")
    with pytest.raises(ActorError) as err:
        actors.create_actor(WHO, town_id=TOWN, name="A", sector="Politik", kind="body")
    assert _codes(err) == ["actor_duplicate_name"]
    with pytest.raises(ActorError) as err:
        actors.create_relation(
            WHO,
            town_id=TOWN,
            source_id=a.id,
            target_id=a.id,
            type="friendship",
            strength=4,
            since_year=1800,
        )
    assert set(_codes(err)) == {"bad_enum", "actor_bad_strength", "actor_bad_since"}
    with pytest.raises(ActorError) as err:
        actors.create_relation(WHO, town_id=TOWN, source_id=a.id, target_id=a.id, type="conflict")
    assert _codes(err) == ["relation_self"]
    assert [x.name for x in actors.list_actors(TOWN)] == ["A"]
    assert actors.list_relations(TOWN) == []


def _actor(id_, name, sector, *, fields=(), districts=(), point=None):
    import datetime as dt

    from sozialraum.actors import Actor, ActorKind
    from sozialraum.workshop.model import Sector

    return Actor(
        id=id_,
        town_id=TOWN,
        name=name,
        sector=Sector(sector),
        kind=ActorKind.ORGANISATION,
        district_ids=tuple(districts),
        point_wkt=point,
        field_ids=tuple(fields),
        notes="",
        address="",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        updated_at=None,
        deleted=False,
    )


def _rel(id_, a, b, kind="cooperation", strength=1):
    import datetime as dt

    from sozialraum.actors import Relation, RelationType

    return Relation(
        id=id_,
        town_id=TOWN,
        source_id=a,
        target_id=b,
        type=RelationType(kind),
        strength=strength,
        since_year=None,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        updated_at=None,
        deleted=False,
    )


def _field(id_, title):
    import datetime as dt

    from sozialraum.workshop import FieldOfAction

    return FieldOfAction(
        id=id_,
        workshop_id=1,
        title=title,
        description="",
        position=0,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        updated_at=None,
        deleted=False,
    )


NETWORK = [
    _actor(1, "Stadtverwaltung", "Verwaltung", fields=[10, 11], districts=["nord-west"]),
    _actor(2, "Moscheeverein", "Migrantenorganisation", fields=[10], districts=["nord-ost"]),
    _actor(3, "Wohnbau GmbH", "Wohnungswirtschaft", fields=[11], point="POINT (10.03 51.01)"),
    _actor(4, "Tafel <script>", "Zivilgesellschaft", fields=[10], districts=["nord-west"]),
]
RELATIONS = [
    _rel(1, 1, 2, "cooperation", 3),
    _rel(2, 1, 3, "funding", 2),
    _rel(3, 1, 4, "information", 1),
    _rel(4, 2, 4, "cooperation", 2),
]


def test_network_layout_is_deterministic_and_filters_apply() -> None:
    graph = build_graph(NETWORK, RELATIONS)
    assert dict(graph.degree) == {1: 3, 2: 2, 3: 1, 4: 2}
    assert layout(graph) == layout(build_graph(NETWORK, RELATIONS))
    assert LAYOUT_SEED == 7
    kept, rels = filter_network(NETWORK, RELATIONS, NetworkFilter(field_id=10))
    assert [a.id for a in kept] == [1, 2, 4]
    assert sorted(r.id for r in rels) == [1, 3, 4]
    kept, rels = filter_network(NETWORK, RELATIONS, NetworkFilter(sectors=("Verwaltung",)))
    assert [a.id for a in kept] == [1]
    assert rels == []
    kept, _ = filter_network(NETWORK, RELATIONS, NetworkFilter(district_id="nord-west"))
    assert [a.id for a in kept] == [1, 4]


def test_network_figure_sizes_by_degree_and_escapes_names() -> None:
    fig = network_figure(NETWORK, RELATIONS, lang="en", selected=2)
    nodes = {t.name: t for t in fig.data if t.mode == "markers+text"}
    assert set(nodes) == {
        "Administration",
        "Migrant organisation",
        "Housing companies",
        "Civil society",
    }
    assert list(nodes["Administration"].marker.size) == [14 + 7 * 3]
    assert list(nodes["Housing companies"].marker.size) == [14 + 7 * 1]
    assert list(nodes["Civil society"].text) == ["Tafel &lt;script&gt;"]
    assert list(nodes["Migrant organisation"].customdata) == [2]
    assert list(nodes["Migrant organisation"].marker.line.width) == [4]
    edges = {t.name for t in fig.data if t.mode == "lines"}
    assert edges == {"Cooperation", "Funding", "Information"}


def test_a_clicked_node_selects_its_actor() -> None:
    fig = network_figure(NETWORK, RELATIONS, lang="de")
    ids = trace_actor_ids(fig)
    edge_traces = [i for i, t in enumerate(fig.data) if t.mode == "lines"]
    node_traces = {fig.data[i].name: i for i, t in enumerate(fig.data) if t.mode != "lines"}
    assert all(ids[i] == [] for i in edge_traces)
    assert sorted(a for trace in ids for a in trace) == [1, 2, 3, 4]
    mosque = node_traces["Migrantenorganisation"]
    # Streamlit's selection event: customdata as a scalar or as a one-element list.
    point = {"curve_number": mosque, "point_index": 0, "x": 0.1, "y": 0.2}
    assert selected_actor({"selection": {"points": [{**point, "customdata": 2}]}}) == 2
    assert selected_actor({"selection": {"points": [{**point, "customdata": [2]}]}}) == 2
    # Without customdata: found by trace and position.
    assert selected_actor({"selection": {"points": [point]}}, ids) == 2
    # An edge point (no customdata, an edge trace) is skipped; the next node counts.
    edge = {"curve_number": edge_traces[0], "point_index": 1}
    tafel = {"curve_number": node_traces["Zivilgesellschaft"], "point_index": 0}
    assert selected_actor({"selection": {"points": [edge, tafel]}}, ids) == 4
    # Nothing selected, a cleared selection, or out-of-range positions: no actor.
    assert selected_actor(None, ids) is None
    assert selected_actor({}, ids) is None
    assert selected_actor({"selection": {"points": []}}, ids) is None
    assert (
        selected_actor({"selection": {"points": [{"curve_number": 99, "point_index": 0}]}}, ids)
        is None
    )
    assert selected_actor({"selection": {"points": [{**point, "point_index": 5}]}}, ids) is None
    assert selected_actor({"selection": {"points": [{**point, "customdata": []}]}}) is None


def test_gap_hints_each_explained() -> None:
    fields = [_field(10, "Bildung"), _field(11, "Wohnen"), _field(12, "Gesundheit")]
    hints = gap_hints(
        NETWORK,
        RELATIONS,
        fields,
        status_classes={"nord-west": "very_low", "sued-ost": "low", "sued-west": "medium"},
        district_names={"sued-ost": "Südost"},
        status_labels={"low": "niedrig", "very_low": "sehr niedrig"},
    )
    kinds = [(h.kind, h.subject) for h in hints]
    # Wohnen and Gesundheit lack civil society / migrant organisations; Bildung has both.
    assert kinds == [
        ("field_without_civil", "Wohnen"),
        ("field_without_civil", "Gesundheit"),
        ("district_without_actor", "Südost"),
        ("single_tie", "Wohnbau GmbH"),
    ]
    assert "Stadtverwaltung" in hints[3].text("de")
    assert "Status niedrig" in hints[2].text("de")
    assert "cut off" in hints[3].text("en")


def test_actor_layer_places_markers_and_escapes(mini_dir) -> None:
    from sozialraum import load_town

    districts = load_town(mini_dir, TOWN).districts
    layer = actor_layer(NETWORK, districts, lang="de")
    html = _render(layer)
    # four actors: two by district, one by point, one by district → 4 markers
    assert html.count("L.circleMarker(") == 4
    assert "Tafel &lt;script&gt;" in html
    assert "<script>" not in html.split("Tafel")[1][:20]
    # every marker drawn in Leaflet's marker pane, above the district fills (overlay pane)
    assert html.count('"pane": "markerPane"') == 4


def _render(layer) -> str:
    import folium

    fmap = folium.Map(location=[51.0, 10.0])
    layer.add_to(fmap)
    return fmap.get_root().render()


def _stored_network(actors: ActorStore, workshops: WorkshopStore) -> None:
    education, housing = _fields(workshops)
    a = actors.create_actor(
        WHO,
        town_id=TOWN,
        name='Stadtteilbüro; Nord, "Mitte"',
        sector="Verwaltung",
        kind="organisation",
        district_ids=["nord-west"],
        field_ids=[education, housing],
        address="Markt 1",
        notes="Mehrzeilig\nmit; Semikolon, Komma",
    )
    b = actors.create_actor(
        WHO,
        town_id=TOWN,
        name="Elternverein",
        sector="Zivilgesellschaft",
        kind="body",
        point_wkt="POINT (10.01 51.03)",
    )
    c = actors.create_actor(
        WHO,
        town_id=TOWN,
        name="Integrationsbeauftragte",
        sector="Verwaltung",
        kind="role",
    )
    actors.create_relation(
        WHO,
        town_id=TOWN,
        source_id=a.id,
        target_id=b.id,
        type="funding",
        strength=2,
        since_year=2020,
    )
    actors.create_relation(
        WHO, town_id=TOWN, source_id=b.id, target_id=c.id, type="conflict", strength=1
    )
    actors.create_relation(
        WHO,
        town_id=TOWN,
        source_id=a.id,
        target_id=c.id,
        type="membership",
        strength=3,
        since_year=2015,
    )


DISTRICTS = {"nord-west": "Nordwest", "nord-ost": "Nordost"}


@pytest.mark.parametrize("fmt", ["kumu", "gephi", "xlsx"])
def test_export_import_round_trip(stores, db_url, tmp_path, fmt) -> None:
    actors, workshops = stores
    _stored_network(actors, workshops)
    fields = town_fields(actors, TOWN)
    before = kumu_tables(actors.list_actors(TOWN), actors.list_relations(TOWN), fields)
    src = (actors.list_actors(TOWN), actors.list_relations(TOWN), fields)
    if fmt == "kumu":
        paths = write_kumu(tmp_path, *src)
        records = read_kumu(
            paths[0].read_bytes(), paths[1].read_bytes(), fields=fields, districts=DISTRICTS
        )
    elif fmt == "gephi":
        paths = write_gephi(tmp_path, *src)
        records = read_gephi(
            paths[0].read_bytes(), paths[1].read_bytes(), fields=fields, districts=DISTRICTS
        )
    else:
        records = read_xlsx(xlsx_bytes(*src), fields=fields, districts=DISTRICTS)
    # Into another town with the same fields of action: the same network comes out.
    workshop = workshops.create_workshop(WHO, town_id="zweitstadt", title="W")
    new_fields = {
        f.title: workshops.create_field(WHO, workshop_id=workshop.id, title=f.title).id
        for f in fields
    }
    old_to_new = {f.id: new_fields[f.title] for f in fields}
    for record in records.actors:
        record["field_ids"] = [old_to_new[i] for i in record["field_ids"]]
    assert import_records(actors, "zweitstadt", records, WHO) == (3, 0, 3)
    after = kumu_tables(
        actors.list_actors("zweitstadt"),
        actors.list_relations("zweitstadt"),
        town_fields(actors, "zweitstadt"),
    )
    assert after == before
    # Importing the same file again changes nothing.
    assert import_records(actors, "zweitstadt", records, WHO) == (0, 0, 0)


def test_gephi_tables_use_gephi_conventions(stores) -> None:
    actors, workshops = stores
    _stored_network(actors, workshops)
    nodes, edges = gephi_tables(actors.list_actors(TOWN), actors.list_relations(TOWN), [])
    assert [n[1] for n in nodes] == [
        "Elternverein",
        "Integrationsbeauftragte",
        'Stadtteilbüro; Nord, "Mitte"',
    ]
    types = {e[4]: e[2] for e in edges}
    assert types == {"funding": "Directed", "conflict": "Undirected", "membership": "Directed"}
    assert {e[4]: e[3] for e in edges}["membership"] == 3


def test_readers_locate_every_problem() -> None:
    elements = (
        b"Label,Type,Tags,Districts\n"
        b"Verein A,Zivilgesellschaft,Bildung,nord-west\n"
        b"Verein A,Kirche,Unbekanntes Feld,atlantis\n"
        b",Politik,,\n"
    )
    connections = b"From,To,Type,Strength\nVerein A,Verein B,Freundschaft,zwei\n"
    with pytest.raises(ActorError) as err:
        read_kumu(
            elements,
            connections,
            names=("el.csv", "co.csv"),
            fields=[_field(10, "Bildung")],
            districts=DISTRICTS,
        )
    located = {(p.file, p.row, p.column, p.code) for p in err.value.problems}
    assert located == {
        ("el.csv", 3, "Label", "net_duplicate_actor"),
        ("el.csv", 3, "Type", "net_bad_value"),
        ("el.csv", 3, "Tags", "net_unknown_field_title"),
        ("el.csv", 3, "Districts", "net_unknown_district"),
        ("el.csv", 4, "Label", "ws_empty"),
        ("co.csv", 2, "To", "net_unknown_actor"),
        ("co.csv", 2, "Type", "net_bad_value"),
        ("co.csv", 2, "Strength", "not_a_number"),
    }
    report = err.value.report("de")
    assert "el.csv, Zeile 3, Spalte Type" in report
    with pytest.raises(ActorError) as err:
        read_gephi(b"Id;Name\n1;A\n", None, names=("n.csv", "e.csv"))
    assert [(p.file, p.column, p.code) for p in err.value.problems] == [
        ("n.csv", "Label", "missing_column")
    ]


def test_store_checks_are_located_on_import(stores) -> None:
    actors, _ = stores
    records = read_kumu(
        b"Label,Type,Tags,Kind,Address\nFrau S.,Soziales,,role,Gartenweg 2\n",
        b"From,To,Type,Strength\n",
        names=("el.csv", "co.csv"),
    )
    with pytest.raises(ActorError) as err:
        import_records(actors, TOWN, records, WHO)
    assert [(p.file, p.row, p.column, p.code) for p in err.value.problems] == [
        ("el.csv", 2, "address", "actor_role_address")
    ]
    assert actors.list_actors(TOWN) == []


def test_cli_export_and_import(mini_dir, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SOZIALRAUM_DB_URL", raising=False)
    from sozialraum.actors import open_actor_store

    store = open_actor_store(mini_dir)
    store.create_actor(
        WHO,
        town_id=TOWN,
        name="Jugendhaus",
        sector="Soziales",
        kind="organisation",
        district_ids=["nord-ost"],
    )
    store.create_actor(WHO, town_id=TOWN, name="Schule", sector="Bildung", kind="organisation")
    ids = {a.name: a.id for a in store.list_actors(TOWN)}
    store.create_relation(
        WHO,
        town_id=TOWN,
        source_id=ids["Jugendhaus"],
        target_id=ids["Schule"],
        type="cooperation",
        strength=2,
    )
    out = tmp_path / "out"
    assert (
        main(
            [
                "actors",
                "export",
                "--data-dir",
                str(mini_dir),
                "--town",
                TOWN,
                "--format",
                "gephi",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert (out / "gephi-edges.csv").read_text().splitlines() == [
        "Source;Target;Type;Weight;Relation;Since",
        "1;2;Undirected;2;cooperation;",
    ]
    other = tmp_path / "other"
    shutil.copytree(mini_dir, other, ignore=shutil.ignore_patterns("sozialraum.sqlite*"))
    assert (
        main(
            [
                "actors",
                "import",
                "--data-dir",
                str(other),
                "--town",
                TOWN,
                "--format",
                "gephi",
                str(out / "gephi-nodes.csv"),
                str(out / "gephi-edges.csv"),
            ]
        )
        == 0
    )
    assert "2 actors created, 0 updated, 1 relations written" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("Id;Label;Sector\n1;X;Weltraum\n")
    assert (
        main(
            [
                "actors",
                "import",
                "--data-dir",
                str(other),
                "--town",
                TOWN,
                "--lang",
                "en",
                "--format",
                "gephi",
                str(bad),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert f"{bad}, row 2, column Sector" in err


def test_town_gap_hints_use_the_social_index() -> None:
    from pathlib import Path

    from sozialraum import load_town
    from sozialraum.actors.network import town_gap_hints

    town = load_town(Path(__file__).parent / "data" / "sozialindex", "indexstadt")
    # Bahnhofsviertel (b) is "niedrig" in the hand-computed index (tests/test_indices.py);
    # an actor placed by point inside b covers it, one in a does not.
    in_a = _actor(1, "Kita Altstadt", "Bildung", districts=["a"])
    hints, index_ok = town_gap_hints(town, [in_a], [], [], lang="de")
    assert index_ok
    assert [(h.kind, h.subject) for h in hints] == [("district_without_actor", "Bahnhofsviertel")]
    assert "Status niedrig" in hints[0].text("de")
    in_b = _actor(2, "Bahnhofsmission", "Religion", point="POINT (10.03 51.01)")
    hints, _ = town_gap_hints(town, [in_a, in_b], [], [], lang="de")
    assert hints == []
