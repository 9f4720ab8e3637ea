"""Map page controls for planners through AppTest: district names and playing the years."""

from __future__ import annotations

import pytest

from .test_app import legend_html, start


def test_names_default_on_in_presentation_mode_only(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", year="2021")
    assert at.toggle(key="w_names").value is False
    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", year="2021", mode="present")
    assert at.toggle(key="w_names_present").value is True


def test_playing_shares_one_classification_over_all_years(mini_dir, monkeypatch) -> None:
    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", year="2021", k="3")
    at.toggle(key="w_play").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    legend = legend_html(at)
    assert "Klassen gemeinsam für 2020–2022" in legend
    # mini: 3 districts with values in each of 3 years -> 9 district-years in the classes
    counts = [int(n) for n in __import__("re").findall(r"(\d+) Bezirke?<", legend)]
    assert sum(counts) == pytest.approx(9 + 3)  # plus the suppressed district in 3 years


def test_profile_compares_two_districts(mini_dir, monkeypatch) -> None:
    import json

    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", year="2021", district="nord-west")
    at.switch_page("src/sozialraum/ui/pages/profile.py").run()
    at.selectbox(key="w_profile_other").set_value("nord-ost").run()
    assert not at.exception, [e.value for e in at.exception]
    spine, trend = (json.loads(c.proto.spec) for c in at.get("plotly_chart")[:2])
    assert [t["name"] for t in spine["data"]] == ["Nordwest", "Nordost"]
    assert [t["name"] for t in trend["data"]][-2:] == ["Nordwest", "Nordost"]


def test_map_and_change_map_export_a_page(mini_dir, monkeypatch) -> None:
    import io

    from PIL import Image

    at = start(mini_dir, monkeypatch, indicator="sgb2_rate", year="2021")
    at.button(key="map_export_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    wanted, pdf = at.session_state["map_export_file"]
    assert wanted == ("musterstadt-sgb2_rate-2021", "pdf", "a4")
    assert pdf.startswith(b"%PDF")
    at.switch_page("src/sozialraum/ui/pages/trends.py").run()
    at.radio(key="change_export_fmt").set_value("png").run()
    at.radio(key="change_export_paper").set_value("slide").run()
    at.button(key="change_export_make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    _wanted, png = at.session_state["change_export_file"]
    assert Image.open(io.BytesIO(png)).size == (2000, 1125)
