"""One translation mechanism: every text in German and English, and every key used exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from sozialraum.i18n import TEXTS, _merge, text

SRC = Path(__file__).resolve().parents[1] / "src" / "sozialraum"
# Calls whose argument at this position is a text key (problem code, note code, UI key).
KEY_ARGUMENT = {
    "t": 0,
    "text": 0,
    "Problem": 0,
    "Note": 0,
    "add_with": 0,
    "note": 0,
    "_fail": 1,
    "_report": 2,
    "_report_rows": 2,
}
# ``.add(code, …)`` on these receivers adds a problem (ProblemCollector and its kin).
COLLECTORS = ("problems", "self.problems", "collector")
KEY_SHAPE = re.compile(r"[a-z][a-z0-9_]*")


def _fields(template: str, lang: str) -> set[str]:
    """Placeholder names; ``<name>_de`` in German matches ``<name>_en`` in English (a word
    passed in both languages, e.g. the workshop's entity names)."""
    names = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    return {name.removesuffix(f"_{lang}") for name in names}


def test_every_text_has_german_and_english_with_the_same_placeholders() -> None:
    assert len(TEXTS) > 200
    for key, pair in TEXTS.items():
        assert isinstance(pair, tuple), key
        assert len(pair) == 2, key
        de, en = pair
        assert isinstance(de, str), key
        assert isinstance(en, str), key
        assert de.strip(), f"{key}: German text empty"
        assert en.strip(), f"{key}: English text empty"
        assert _fields(de, "de") == _fields(en, "en"), (key, de, en)


def test_a_key_defined_in_two_tables_is_refused() -> None:
    with pytest.raises(ValueError, match="defined twice: b"):
        _merge({"a": ("A", "A"), "b": ("B", "B")}, {"b": ("B2", "B2")})


def test_text_picks_the_language_and_fills_placeholders() -> None:
    assert text("selected", "de", name="Nordwest") == "Ausgewählt: Nordwest"
    assert text("selected", "en", name="Nordwest") == "Selected: Nordwest"
    assert text("page_map", "fr") == "Karte"  # anything but English is German
    with pytest.raises(KeyError):
        text("no_such_key", "de")


def _string_constants(node: ast.expr) -> list[str]:
    """String literals a key argument can evaluate to (``"a" if x else "b"`` gives both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _string_constants(node.body) + _string_constants(node.orelse)
    return []


def _used_keys() -> dict[str, list[str]]:
    """Every literal key passed to a text lookup or a problem/note constructor in ``src``."""
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "add":
                position = 0 if ast.unparse(func.value) in COLLECTORS else None
            else:
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                position = KEY_ARGUMENT.get(name)
            arguments = [*node.args]
            keyword = next((k.value for k in node.keywords if k.arg in ("code", "key")), None)
            if position is not None and position < len(arguments):
                candidates = _string_constants(arguments[position])
            elif position is not None and keyword is not None:
                candidates = _string_constants(keyword)
            else:
                continue
            # Only key-shaped strings: SQLAlchemy's text("SELECT …") shares the name.
            for key in (c for c in candidates if KEY_SHAPE.fullmatch(c)):
                used.setdefault(key, []).append(f"{path.relative_to(SRC)}:{node.lineno}")
    return used


def test_every_key_used_in_the_code_exists() -> None:
    used = _used_keys()
    # The scan must see the code: problem codes and UI keys are used in hundreds of places.
    assert len(used) > 200, len(used)
    assert {"missing_column", "zensus_unknown_layout", "data_error", "note_layer"} <= set(used)
    missing = {key: places for key, places in used.items() if key not in TEXTS}
    assert not missing, missing


def test_keys_built_at_run_time_exist() -> None:
    """Keys the scan above cannot see because the code composes them."""
    from sozialraum.catalog import AGGREGATIONS
    from sozialraum.importers.layout import LAYOUT_KINDS
    from sozialraum.maps import BASEMAPS
    from sozialraum.reference import EXTRA_FIGURES
    from sozialraum.text_tables import SEPARATOR_NAMES
    from sozialraum.ui.app import PAGES

    composed = [
        *(f"note_layout_{kind}" for kind in LAYOUT_KINDS),
        *(f"note_separator_{name}" for name in SEPARATOR_NAMES.values()),
        *(f"note_numbers_{convention}" for convention in ("de", "en")),
        *(f"agg_{aggregation}" for aggregation in AGGREGATIONS),
        *(title for _file, title, _url in PAGES),
        *(f"basemap_{basemap}" for basemap in BASEMAPS),
        *(f"figure_{figure}" for figure in EXTRA_FIGURES),
        *(f"trend_{mode}" for mode in ("lines", "multiples")),  # the trends page's radio
        *(f"change_{measure}" for measure in ("points", "percent")),
    ]
    assert [key for key in composed if key not in TEXTS] == []


def test_there_is_no_second_text_table() -> None:
    """Texts are defined only in sozialraum/texts/ (looked up by sozialraum.i18n)."""
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "texts":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.AnnAssign | ast.Assign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = {ast.unparse(t) for t in targets}
                assert not names & {"MESSAGES", "TEXT", "TEXTS"} or path.name == "i18n.py", path
