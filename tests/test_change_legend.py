"""The change map's legend words agree with the colours the map actually paints.

Oracle: a town where district A clearly increases and B clearly decreases; the colours are
read from the map state sent to the browser (what the shapes are filled with) and named by
their RGB make-up here, independently of the app's own hue naming.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from sozialraum.colors import change_note, change_palette

from .test_app import legend_html, page_path, start

INCREASING, DECREASING = "nord-west", "nord-ost"

# For each hue word: does an RGB colour have that hue? (dominant channel order)
HUE_TESTS = {
    "red": lambda r, g, b: r > g and r > b and g <= b + 20,
    "orange": lambda r, g, b: r > g > b + 40,
    "blue": lambda r, g, b: b > g > r,
    "purple": lambda r, g, b: b > r > g,
}
WORDS = {
    "de": {"Rot": "red", "Orange": "orange", "Blau": "blue", "Lila": "purple"},
    "en": {"red": "red", "orange": "orange", "blue": "blue", "purple": "purple"},
}
CHANGE_WORD = {"de": ("Zunahme", "Abnahme"), "en": ("increase", "decrease")}


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _with_changes(data_dir: Path, polarity: str) -> None:
    """A increases by 5 points 2020→2022, B decreases by 4; the indicator gets ``polarity``."""
    values = data_dir / "indicators" / "values" / "musterstadt.csv"
    rows = list(csv.DictReader(values.open(encoding="utf-8")))
    for row in rows:
        if row["indicator_id"] == "foreigners_share" and row["year"] == "2022":
            share = {INCREASING: 15.0, DECREASING: 1.0}.get(row["district_id"])
            if share is not None:
                row["numerator"] = str(round(float(row["denominator"]) * share / 100))
                row["value"] = f"{100 * float(row['numerator']) / float(row['denominator']):.4f}"
    with values.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    catalog = data_dir / "indicators" / "catalog.csv"
    cat_rows = list(csv.DictReader(catalog.open(encoding="utf-8")))
    for row in cat_rows:
        if row["id"] == "foreigners_share":
            row["polarity"] = polarity
    with catalog.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(cat_rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(cat_rows)


def _map_state(at: object) -> dict:
    """The style state the change map sends to the browser (colour per drawn district)."""
    component = at.get("component_instance")[0]  # type: ignore[attr-defined]
    script = json.loads(component.proto.json_args)["feature_group"]
    return json.loads(re.search(r"var state = (\{.*?\});\n", script).group(1))


def _number(text: str) -> float:
    """The number at the start of a tooltip value ("-4,0 Pp."), NaN for "geheim" and the like."""
    match = re.match(r"[-+−]?\d+(?:[.,]\d+)?", text)
    return float(match.group(0).replace(",", ".").replace("−", "-")) if match else float("nan")


def _colour_said_for(note: str, word: str, lang: str) -> str:
    """The hue (red/orange/blue/purple) the note gives for ``word`` ("Zunahme" …)."""
    match = re.search(rf"(\w+) = {word}", note, flags=re.IGNORECASE)
    assert match, (word, note)
    return WORDS[lang][match.group(1).capitalize() if lang == "de" else match.group(1).lower()]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("polarity", ["1", "-1", "0"])
def test_change_legend_words_match_the_painted_colours(
    mini_dir, monkeypatch, polarity: str, lang: str
) -> None:
    _with_changes(mini_dir, polarity)
    at = start(mini_dir, monkeypatch, indicator="foreigners_share", lang=lang)
    at.switch_page(page_path("trends")).run()
    assert not at.exception, [e.value for e in at.exception]
    note = re.search(r'<p class="legend-note">(.*?)</p>', legend_html(at)).group(1)
    state = _map_state(at)
    # Which drawn shape is A and which is B: A's change is the only one above +4, B's the
    # only one below -3 (tooltip values such as "5,0 Pp." / "-4,0 pp").
    changes = [_number(v) for v in state["v"]]
    a = next(i for i, c in enumerate(changes) if c > 4)
    b = next(i for i, c in enumerate(changes) if c < -3)
    fill_a, fill_b = state["p"][state["c"][a]], state["p"][state["c"][b]]
    up, down = CHANGE_WORD[lang]
    assert HUE_TESTS[_colour_said_for(note, up, lang)](*_rgb(fill_a)), (note, fill_a)
    assert HUE_TESTS[_colour_said_for(note, down, lang)](*_rgb(fill_b)), (note, fill_b)
    if polarity == "0":
        assert ("keine Wertung" if lang == "de" else "no judgement") in note
    else:
        better = "Verbesserung" if lang == "de" else "improvement"
        improving = a if polarity == "1" else b
        fill = state["p"][state["c"][improving]]
        assert HUE_TESTS[_colour_said_for(note, rf"\w+ \({better}", lang)](*_rgb(fill))


@pytest.mark.parametrize("polarity", [1, -1, 0])
def test_change_palette_has_one_meaning_per_class(polarity: int) -> None:
    pairs = change_palette(6, polarity)
    assert [meaning.split()[0] for meaning in [m for _, m in pairs]] == ["Abnahme"] * 3 + [
        "Zunahme"
    ] * 3
    note = change_note(pairs, polarity)
    assert note.count("=") == 2
