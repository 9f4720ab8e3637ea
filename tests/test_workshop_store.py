"""The workshop store on SQLite and PostgreSQL: round trips, checks, soft delete, history."""

from __future__ import annotations

import datetime as dt

import pytest

from sozialraum.workshop import (
    ContributionKind,
    DistrictCounts,
    IndicatorTarget,
    MeasureStatus,
    TargetDirection,
    WorkshopError,
    WorkshopStore,
)

WHO = "Moderation"


def _workshop(store: WorkshopStore, town: str = "musterstadt") -> int:
    return store.create_workshop(
        WHO,
        town_id=town,
        title="Werkstatt 1",
        date="12.03.2026",
        place="Rathaus",
        participants={"Verwaltung": 4, "Bewohnerschaft": 7},
    ).id


def _codes(exc: pytest.ExceptionInfo[WorkshopError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_workshop_round_trip(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    got = store.get_workshop(workshop_id)
    assert got.town_id == "musterstadt"
    assert got.date == dt.date(2026, 3, 12)
    assert got.participants == {"Verwaltung": 4, "Bewohnerschaft": 7}
    assert got.participant_total == 11
    assert got.created_at.tzinfo is not None
    assert not got.deleted
    assert [w.id for w in store.list_workshops("musterstadt")] == [workshop_id]
    assert store.list_workshops("elsewhere") == []


def test_contribution_round_trip_with_point(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    note = store.create_contribution(
        WHO,
        workshop_id=workshop_id,
        text="  Spielplatz fehlt  ",
        kind="idea",
        author_label="Frau K.",
        district_id="nord",
        geometry_wkt="POINT (7.6 49.2)",
        indicator_ids=["sgb2_rate", "sgb2_rate", "vacancy"],
        years=[2023, "2022"],
    )
    again = store.get_contribution(note.id)
    assert again == note
    assert note.text == "Spielplatz fehlt"
    assert note.kind is ContributionKind.IDEA
    assert note.indicator_ids == ("sgb2_rate", "vacancy")
    assert note.years == (2022, 2023)
    assert note.geometry_wkt == "POINT (7.6 49.2)"
    assert note.edited_at is None


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"text": "   "}, "ws_empty"),
        ({"text": "x" * 5001}, "ws_too_long"),
        ({"kind": "rant"}, "bad_enum"),
        ({"years": [1850]}, "ws_bad_year"),
        ({"indicator_ids": ["Not An Id"]}, "bad_indicator_id"),
        ({"geometry_wkt": "LINESTRING (0 0, 1 1)"}, "ws_bad_geometry"),
        ({"geometry_wkt": "POINT (700 49)"}, "ws_bad_geometry"),
        ({"geometry_wkt": "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"}, "ws_bad_geometry"),
        ({"geometry_wkt": "not wkt"}, "ws_bad_geometry"),
        ({"colour": "red"}, "ws_unknown_field"),
    ],
)
def test_invalid_contribution_changes_nothing(
    store: WorkshopStore, changes: dict[str, object], code: str
) -> None:
    workshop_id = _workshop(store)
    note = store.create_contribution(WHO, workshop_id=workshop_id, text="ok")
    with pytest.raises(WorkshopError) as exc:
        store.update_contribution(note.id, WHO, **changes)
    assert code in _codes(exc)
    assert store.get_contribution(note.id) == note
    assert [h.action for h in store.history("contribution", note.id)] == ["create"]
    # Creating with the same value is refused too (an unknown keyword by Python itself).
    with pytest.raises((WorkshopError, TypeError)):
        store.create_contribution(WHO, workshop_id=workshop_id, **{"text": "ok", **changes})
    assert store.count_contributions(workshop_id) == 1


def test_messages_in_both_languages(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    with pytest.raises(WorkshopError) as exc:
        store.create_contribution(WHO, workshop_id=workshop_id, text="")
    assert "„text“ darf nicht leer sein" in exc.value.report("de")
    assert "'text' must not be empty" in exc.value.report("en")


def test_5000_characters_are_allowed(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    note = store.create_contribution(WHO, workshop_id=workshop_id, text="ä" * 5000)
    assert len(store.get_contribution(note.id).text) == 5000


def test_unknown_workshop_and_who_required(store: WorkshopStore) -> None:
    with pytest.raises(WorkshopError) as exc:
        store.create_contribution(WHO, workshop_id=999, text="x")
    assert _codes(exc) == ["ws_not_found"]
    workshop_id = _workshop(store)
    with pytest.raises(WorkshopError) as exc:
        store.create_contribution(" ", workshop_id=workshop_id, text="x")
    assert _codes(exc) == ["ws_empty"]


def test_update_records_history_with_old_and_new(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    note = store.create_contribution(WHO, workshop_id=workshop_id, text="erst")
    edited = store.update_contribution(note.id, "Tisch 2", text="dann", kind="concern")
    assert edited.text == "dann"
    assert edited.kind is ContributionKind.CONCERN
    assert edited.edited_at is not None
    # An update that changes nothing writes no history row.
    store.update_contribution(note.id, "Tisch 2", text="dann")
    history = store.history("contribution", note.id)
    assert [(h.action, h.who) for h in history] == [("create", WHO), ("update", "Tisch 2")]
    assert history[1].old is not None
    assert history[1].new is not None
    assert (history[1].old["text"], history[1].new["text"]) == ("erst", "dann")
    assert history[1].new["kind"] == "concern"


def test_soft_delete_and_restore(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    keep = store.create_contribution(WHO, workshop_id=workshop_id, text="bleibt")
    gone = store.create_contribution(WHO, workshop_id=workshop_id, text="weg")
    assert store.delete_contribution(gone.id, WHO).deleted
    assert [n.id for n in store.list_contributions(workshop_id)] == [keep.id]
    listed = store.list_contributions(workshop_id, include_deleted=True)
    assert [n.id for n in listed] == [keep.id, gone.id]
    with pytest.raises(WorkshopError) as exc:
        store.update_contribution(gone.id, WHO, text="neu")
    assert _codes(exc) == ["ws_is_deleted"]
    store.restore_contribution(gone.id, "Tisch 3")
    assert [n.id for n in store.list_contributions(workshop_id)] == [keep.id, gone.id]
    actions = [(h.action, h.who) for h in store.history("contribution", gone.id)]
    assert actions == [("create", WHO), ("delete", WHO), ("restore", "Tisch 3")]


def test_deleted_workshop_blocks_restoring_its_notes(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    note = store.create_contribution(WHO, workshop_id=workshop_id, text="x")
    store.delete_contribution(note.id, WHO)
    store.delete_workshop(workshop_id, WHO)
    assert store.list_workshops("musterstadt") == []
    with pytest.raises(WorkshopError) as exc:
        store.restore_contribution(note.id, WHO)
    assert _codes(exc) == ["ws_is_deleted"]
    with pytest.raises(WorkshopError):
        store.create_contribution(WHO, workshop_id=workshop_id, text="y")
    store.restore_workshop(workshop_id, WHO)
    assert store.restore_contribution(note.id, WHO).deleted is False


def test_tree_and_assignment(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    other_workshop = _workshop(store)
    note = store.create_contribution(
        WHO, workshop_id=workshop_id, text="Leerstand", district_id="a"
    )
    field = store.create_field(WHO, workshop_id=workshop_id, title="Wohnen")
    foreign_field = store.create_field(WHO, workshop_id=other_workshop, title="Fremd")
    assert store.assign_contribution(note.id, field.id, "Tisch 1").field_id == field.id
    assert [n.id for n in store.list_contributions(workshop_id, field_id=field.id)] == [note.id]
    assert store.list_contributions(workshop_id, unassigned=True) == []
    with pytest.raises(WorkshopError) as exc:
        store.assign_contribution(note.id, foreign_field.id, WHO)
    assert _codes(exc) == ["ws_other_workshop"]
    assert store.get_contribution(note.id).field_id == field.id
    assert store.history("contribution", note.id)[-1].action == "assign"
    store.assign_contribution(note.id, None, WHO)
    assert store.get_contribution(note.id).field_id is None

    goal = store.create_goal(WHO, field_id=field.id, title="Leerstand halbieren")
    measure = store.create_measure(
        WHO,
        goal_id=goal.id,
        title="Leerstandskataster",
        status="planned",
        responsible="Stadtplanung",
        start="2026-04-01",
        end=dt.date(2026, 12, 31),
        district_ids=["a", "b"],
        indicator_targets=[("vacancy", "decrease", "4,5"), ("sgb2_rate", "hold")],
        contribution_ids=[note.id],
    )
    got = store.get_measure(measure.id)
    assert got == measure
    assert got.status is MeasureStatus.PLANNED
    assert got.indicator_targets == (
        IndicatorTarget("vacancy", TargetDirection.DECREASE, 4.5),
        IndicatorTarget("sgb2_rate", TargetDirection.HOLD, None),
    )
    assert got.contribution_ids == (note.id,)
    assert [m.id for m in store.list_measures(workshop_id=workshop_id)] == [measure.id]
    assert store.list_measures(workshop_id=other_workshop) == []
    assert [g.id for g in store.list_goals(workshop_id=workshop_id)] == [goal.id]


def test_measure_checks(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    other = store.create_contribution(WHO, workshop_id=_workshop(store), text="fremd")
    field = store.create_field(WHO, workshop_id=workshop_id, title="Wohnen")
    goal = store.create_goal(WHO, field_id=field.id, title="Ziel")
    with pytest.raises(WorkshopError) as exc:
        store.create_measure(WHO, goal_id=goal.id, title="M", start="2026-05-01", end="2026-04-01")
    assert _codes(exc) == ["ws_end_before_start"]
    with pytest.raises(WorkshopError) as exc:
        store.create_measure(WHO, goal_id=goal.id, title="M", status="someday")
    assert _codes(exc) == ["bad_enum"]
    with pytest.raises(WorkshopError) as exc:
        store.create_measure(WHO, goal_id=goal.id, title="M", indicator_targets=[("x1", "up")])
    assert _codes(exc) == ["bad_enum"]
    with pytest.raises(WorkshopError) as exc:
        store.create_measure(WHO, goal_id=goal.id, title="M", contribution_ids=[other.id])
    assert _codes(exc) == ["ws_other_workshop"]
    measure = store.create_measure(WHO, goal_id=goal.id, title="M", start="2026-05-01")
    with pytest.raises(WorkshopError) as exc:
        store.update_measure(measure.id, WHO, end="30.04.2026")
    assert _codes(exc) == ["ws_end_before_start"]
    assert store.list_measures(goal.id) == [measure]


def test_counts_by_district(store: WorkshopStore) -> None:
    first = _workshop(store)
    second = _workshop(store)
    elsewhere = _workshop(store, town="anderswo")
    for district in ("a", "a", "b"):
        store.create_contribution(WHO, workshop_id=first, text="n", district_id=district)
    store.create_contribution(WHO, workshop_id=first, text="ganze Stadt")
    deleted = store.create_contribution(WHO, workshop_id=first, text="n", district_id="b")
    store.delete_contribution(deleted.id, WHO)
    store.create_contribution(WHO, workshop_id=second, text="n", district_id="c")
    store.create_contribution(WHO, workshop_id=elsewhere, text="n", district_id="a")
    field = store.create_field(WHO, workshop_id=first, title="F")
    goal = store.create_goal(WHO, field_id=field.id, title="G")
    store.create_measure(WHO, goal_id=goal.id, title="M1", district_ids=["a", "c"])
    dropped_goal = store.create_goal(WHO, field_id=field.id, title="G2")
    store.create_measure(WHO, goal_id=dropped_goal.id, title="M2", district_ids=["a"])
    store.delete_goal(dropped_goal.id, WHO)

    assert store.counts_by_district(first, "musterstadt") == {
        "a": DistrictCounts(2, 1),
        "b": DistrictCounts(1, 0),
        "c": DistrictCounts(0, 1),
    }
    assert store.counts_by_district(None, "musterstadt") == {
        "a": DistrictCounts(2, 1),
        "b": DistrictCounts(1, 0),
        "c": DistrictCounts(1, 1),
    }
    store.delete_workshop(first, WHO)
    assert store.counts_by_district(None, "musterstadt") == {"c": DistrictCounts(1, 0)}


def test_participants_checked(store: WorkshopStore) -> None:
    with pytest.raises(WorkshopError) as exc:
        store.create_workshop(
            WHO, town_id="t", title="W", participants={"Aliens": 3, "Politik": -1}
        )
    assert sorted(_codes(exc)) == ["bad_enum", "ws_bad_count"]
    workshop = store.create_workshop(WHO, town_id="t", title="W", participants={"Politik": 2})
    updated = store.update_workshop(workshop.id, WHO, participants={"Politik": 3, "other": 1})
    assert updated.participants == {"Politik": 3, "other": 1}


def test_import_batch_is_all_or_nothing(store: WorkshopStore) -> None:
    workshop_id = _workshop(store)
    with pytest.raises(WorkshopError):
        store.create_contributions(
            WHO, workshop_id, [{"text": "gut"}, {"text": ""}, {"text": "auch gut"}]
        )
    assert store.count_contributions(workshop_id) == 0
    notes = store.create_contributions(WHO, workshop_id, [{"text": "a"}, {"text": "b"}])
    assert [n.text for n in store.list_contributions(workshop_id)] == ["a", "b"]
    assert len({n.id for n in notes}) == 2
