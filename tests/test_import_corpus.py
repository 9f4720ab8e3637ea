"""Every file of tests/data/bad/ must fail to import with its expected problem, at the
expected row and column, with a German message naming the file, and must leave the data
directory byte-identical (including an already imported town of the same id)."""

from __future__ import annotations

import json
import shutil

import pytest

from sozialraum.errors import DataError
from sozialraum.importers.pipeline import ImportOptions, import_town
from sozialraum.importers.safezip import ZipLimits
from sozialraum.limits import ContentLimits
from sozialraum.testing import OutboundListener

from ._import_helpers import BAD, GOOD, make_data_dir, tree_digest

EXPECTED: dict[str, dict] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
TOWN_ID = "existing"
# The "attacker's" host named in hostile corpus files (LISTENER in make_bad_corpus.py).
LISTENER_PORT = 48629


@pytest.fixture(scope="module")
def listener():
    try:
        server = OutboundListener(LISTENER_PORT)
    except OSError as exc:
        pytest.fail(f"port {LISTENER_PORT} for the outbound-request check is taken: {exc}")
    with server:
        yield server


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A data dir with one imported town, built once and copied per case."""
    data_dir = make_data_dir(tmp_path_factory.mktemp("template") / "data")
    import_town(
        data_dir,
        town_id=TOWN_ID,
        name="Schon da",
        boundaries=GOOD / "districts.geojson",
        indicators=GOOD / "values_long.csv",
    )
    return data_dir


def _options(raw: dict) -> ImportOptions:
    raw = dict(raw)
    if "zip_limits" in raw:
        raw["zip_limits"] = ZipLimits(**raw["zip_limits"])
    if "content_limits" in raw:
        raw["content_limits"] = ContentLimits(**raw["content_limits"])
    return ImportOptions(**raw)


def test_corpus_is_large_and_documented():
    files = {p.name for p in BAD.iterdir()} - {"README.md", "expected.json"}
    assert len(files) >= 40
    assert files == set(EXPECTED)
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    for name, case in EXPECTED.items():
        assert f"`{name}`" in readme
        assert f"`{case['code']}`" in readme


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_rejected_and_changes_nothing(name, template, tmp_path, listener):
    case = EXPECTED[name]
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    before = tree_digest(data_dir)
    bad = BAD / name
    boundaries = bad if case["kind"] == "boundaries" else GOOD / "districts.geojson"
    table = bad if case["kind"] == "table" else GOOD / "values_long.csv"

    with pytest.raises(DataError) as caught:
        import_town(
            data_dir,
            town_id=TOWN_ID,
            name="Neu",
            boundaries=boundaries,
            indicators=table,
            options=_options(case["options"]),
        )

    found = [(p.code, p.file) for p in caught.value.problems]
    matching = [p for p in caught.value.errors if p.code == case["code"] and p.file == name]
    assert matching, f"expected {case['code']} in {name}, got {found}"
    problem = matching[0]
    text = problem.format("de")
    assert problem.message("de").strip()
    assert name in text
    assert (problem.row, problem.column) == (case["row"], case["column"])
    if case["row"] is not None:
        assert f"Zeile {case['row']}" in text
    if case["column"] is not None:
        assert f"Spalte {case['column']}" in text
    assert tree_digest(data_dir) == before
    assert listener.requests == []
