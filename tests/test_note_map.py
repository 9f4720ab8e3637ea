"""The workshop's notes on the map: badges, hatching, drawn places, escaping (rendered HTML)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import shapely

from sozialraum import load_town
from sozialraum.maps import GeometryPayload, base_map
from sozialraum.note_map import (
    KIND_COLORS,
    TOOLTIP_CHARS,
    TOOLTIP_NOTES,
    NoteMark,
    add_notes,
    district_anchors,
    notes_state,
)

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","klick")'


def _note(i: int, text: str, **kw) -> NoteMark:
    kind = kw.pop("kind", "observation")
    return NoteMark(id=str(i), text=text, kind=kind, kind_label=kind.title(), **kw)


def _town(mini_dir: Path):
    data = load_town(mini_dir, "musterstadt")
    return data, GeometryPayload.from_frame(data.districts)


def test_district_notes_become_one_badge_per_district(mini_dir: Path) -> None:
    data, payload = _town(mini_dir)
    ids = list(payload.ids)
    notes = [
        _note(1, "Spielplatz fehlt", district_id=ids[0]),
        _note(2, "Bus fährt selten", district_id=ids[0], kind="concern"),
        _note(3, "Treffpunkt?", district_id=ids[2], kind="question"),
        _note(4, "ganze Stadt"),  # whole town: listed, not drawn
        _note(5, "verirrt", district_id="no-such-district"),
    ]
    anchors = district_anchors(data.districts)
    state = notes_state(notes, anchors, district_ids=ids)
    badges = {b["i"]: b for b in state["badges"]}
    assert sorted(badges) == [0, 2]
    assert badges[0]["n"] == 2
    assert badges[0]["lines"] == ["Observation: Spielplatz fehlt", "Concern: Bus fährt selten"]
    assert badges[2]["n"] == 1
    assert state["shapes"] == []
    # every badge sits inside its own district
    shapes = data.districts.to_crs(4326).geometry
    for i, badge in badges.items():
        lat, lon = badge["at"]
        assert shapes.loc[ids[i]].contains(shapely.Point(lon, lat))


def test_drawn_points_and_polygons_are_drawn_with_kind_colours(mini_dir: Path) -> None:
    data, payload = _town(mini_dir)
    point = {"type": "Point", "coordinates": [7.6, 49.2]}
    square = shapely.geometry.mapping(shapely.box(7.59, 49.19, 7.61, 49.21))
    notes = [
        _note(1, "hier", geometry=point, kind="idea"),
        _note(2, "dort", geometry=square, district_id=payload.ids[0]),
    ]
    state = notes_state(notes, district_anchors(data.districts), district_ids=payload.ids)
    assert [s["g"]["type"] for s in state["shapes"]] == ["Point", "Polygon"]
    assert state["shapes"][0]["c"] == KIND_COLORS["idea"]
    assert state["badges"] == []  # a drawn place wins over the district


def test_long_and_many_notes_are_shortened_in_the_tooltip(mini_dir: Path) -> None:
    data, payload = _town(mini_dir)
    district = payload.ids[1]
    notes = [_note(i, "x" * 500, district_id=district) for i in range(TOOLTIP_NOTES + 3)]
    state = notes_state(notes, district_anchors(data.districts), district_ids=payload.ids)
    (badge,) = state["badges"]
    assert badge["n"] == TOOLTIP_NOTES + 3
    assert len(badge["lines"]) == TOOLTIP_NOTES + 1
    assert badge["lines"][-1] == "… 3 weitere"
    assert len(badge["lines"][0]) == len("Observation: ") + TOOLTIP_CHARS


def test_participant_text_reaches_the_page_only_as_escaped_json(mini_dir: Path) -> None:
    data, payload = _town(mini_dir)
    notes = [
        _note(1, HOSTILE, district_id=payload.ids[0]),
        _note(
            2,
            "</script><script>alert(2)</script>",
            geometry={"type": "Point", "coordinates": [7.6, 49.2]},
        ),
        _note(3, FORMULA, district_id=payload.ids[1]),
    ]
    state = notes_state(notes, district_anchors(data.districts), district_ids=payload.ids)
    fmap = base_map(payload)
    group = folium.FeatureGroup(name="notes")
    add_notes(group, state)
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert "<img src=x" not in html
    assert "</script><script>alert(2)" not in html
    assert "innerHTML" not in html
    assert "textContent" in html
    embedded = json.loads(re.search(r"var state = (\{.*?\});\n", html).group(1))
    lines = [line for b in embedded["badges"] for line in b["lines"]]
    assert f"Observation: {HOSTILE}" in lines  # the same text, as data
    assert f"Observation: {FORMULA}" in lines
    assert embedded["shapes"][0]["t"] == "</script><script>alert(2)</script>"
