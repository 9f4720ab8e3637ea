"""The status × dynamics index (MSS method) against hand-computed numbers.

Fixture: tests/data/sozialindex (written by tests/data/make_sozialindex.py). The expected
numbers below are worked out by hand from the CSV values; the arithmetic is in the comments.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from sozialraum import load_town
from sozialraum.indices import (
    EXCLUDED,
    NO_DATA,
    SUPPRESSED,
    IndexSpec,
    SocialIndexError,
    compute_index,
    dynamics_class,
    eligible_indicators,
    format_z,
    group_counts,
    index_years,
    reference_from_series,
    reference_units,
    status_class,
)

FIXTURE = Path(__file__).parent / "data" / "sozialindex"
ENTERING = ["a", "b", "c", "d", "e", "f"]


@pytest.fixture(scope="module")
def town():
    return load_town(FIXTURE, "indexstadt")


def run(town, **spec):
    return compute_index(
        town.values, town.catalog, list(town.districts.index), IndexSpec(year=2023, **spec)
    )


def test_status_z_scores_by_hand(town) -> None:
    result = run(town)
    z = result.status.z.loc[ENTERING]
    # SGB-II-Quote 2023, A–F: 7.5, 13.75, 6.25, 11.25, 11.25, 10 → mean 60/6 = 10;
    # deviations −2.5, 3.75, −3.75, 1.25, 1.25, 0 → squares sum 37.5, /6 = 6.25 → sd 2.5.
    assert list(z["sgb2_rate"]) == pytest.approx([-1.0, 1.5, -1.5, 0.5, 0.5, 0.0], abs=1e-12)
    # Arbeitslosenanteil: 4.8, 8.6, 5.0, 9.0, 4.2, 4.4 → mean 36/6 = 6; deviations
    # −1.2, 2.6, −1, 3, −1.8, −1.6 → squares 1.44+6.76+1+9+3.24+2.56 = 24, /6 = 4 → sd 2.
    assert list(z["unemployment_share"]) == pytest.approx([-0.6, 1.3, -0.5, 1.5, -0.9, -0.8])
    # Kinderarmut: 12, 17.5, 8.5, 10.5, 22.5, 19 → mean 90/6 = 15; deviations
    # −3, 2.5, −6.5, −4.5, 7.5, 4 → squares 9+6.25+42.25+20.25+56.25+16 = 150, /6 = 25 → sd 5.
    assert list(z["child_poverty"]) == pytest.approx([-0.6, 0.5, -1.3, -0.9, 1.5, 0.8])
    # Sums: −2.2, 3.3, −3.3, 1.1, 1.1, 0 → mean 0, sd 2.2 → index = sums / 2.2.
    assert list(result.status.total.loc[ENTERING]) == pytest.approx(
        [-2.2, 3.3, -3.3, 1.1, 1.1, 0.0], abs=1e-12
    )
    assert list(result.status.index.loc[ENTERING]) == pytest.approx(
        [-1.0, 1.5, -1.5, 0.5, 0.5, 0.0], abs=1e-12
    )


def test_dynamics_z_scores_by_hand(town) -> None:
    result = run(town)
    change = result.dynamics.inputs.loc[ENTERING]
    # 2023 − 2021 in percentage points.
    assert list(change["sgb2_rate"]) == pytest.approx([-0.1, -1.1, 0.1, -0.7, -0.7, -0.5])
    z = result.dynamics.z.loc[ENTERING]
    # SGB II change: mean −3/6 = −0.5; deviations 0.4, −0.6, 0.6, −0.2, −0.2, 0 →
    # squares 0.96, /6 = 0.16 → sd 0.4.
    assert list(z["sgb2_rate"]) == pytest.approx([1.0, -1.5, 1.5, -0.5, -0.5, 0.0], abs=1e-9)
    # Unemployment change 0.1, −0.85, 0.05, −0.95, 0.25, 0.2: mean −0.2, sd 0.5.
    assert list(z["unemployment_share"]) == pytest.approx([0.6, -1.3, 0.5, -1.5, 0.9, 0.8])
    # Child poverty change −0.4, −1.5, 0.3, −0.1, −2.5, −1.8: mean −1, sd 1.
    assert list(z["child_poverty"]) == pytest.approx([0.6, -0.5, 1.3, 0.9, -1.5, -0.8])
    assert list(result.dynamics.index.loc[ENTERING]) == pytest.approx(
        [1.0, -1.5, 1.5, -0.5, -0.5, 0.0], abs=1e-9
    )


def test_classes_on_the_boundaries(town) -> None:
    table = run(town).table()
    # A: status exactly −1 → hoch; B: exactly +1.5 → niedrig (not sehr niedrig);
    # A: dynamics exactly +1 → negativ.
    assert table.at["a", "status_class"] == "high"
    assert table.at["b", "status_class"] == "low"
    assert table.at["a", "dynamics_class"] == "negative"
    assert table.loc[ENTERING, "group"].tolist() == [
        "high/negative",
        "low/positive",
        "high/negative",
        "medium/stable",
        "medium/stable",
        "medium/stable",
    ]
    counts = group_counts(table)
    assert len(counts) == 12
    assert counts[("high", "negative")] == 2
    assert counts[("medium", "stable")] == 3
    assert sum(counts.values()) == 6


def test_small_district_is_excluded_and_does_not_enter(town) -> None:
    table = run(town).table()
    # G (250 inhabitants) has extreme values; had it entered, A–F's z-scores above would
    # not be the hand-computed ones.
    assert table.at["g", "status_flag"] == EXCLUDED
    assert table.at["g", "dynamics_flag"] == EXCLUDED
    assert math.isnan(table.at["g", "status_index"])
    assert pd.isna(table.at["g", "group"])


def test_suppressed_input_propagates_and_never_becomes_zero(town) -> None:
    result = run(town)
    table = result.table()
    assert table.at["h", "status_flag"] == SUPPRESSED
    assert table.at["h", "dynamics_flag"] == SUPPRESSED
    assert math.isnan(table.at["h", "status_index"])
    assert math.isnan(table.at["h", "dynamics_index"])
    assert "h" not in result.status.z.index


def test_missing_input_is_no_data_not_suppressed(town) -> None:
    values = town.values[
        ~((town.values["district_id"] == "f") & (town.values["indicator_id"] == "sgb2_rate"))
        | (town.values["year"] != 2021)
    ]
    result = compute_index(values, town.catalog, list(town.districts.index), IndexSpec(year=2023))
    assert result.table().at["f", "dynamics_flag"] == NO_DATA
    assert result.table().at["f", "status_flag"] == ""


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        (-1.5, "high"),
        (-1.0, "high"),
        (-0.9999999999999998, "high"),  # float noise on the bound stays on the bound
        (-0.999, "medium"),
        (1.0, "medium"),
        (1.001, "low"),
        (1.5, "low"),
        (1.5000000000000002, "low"),
        (1.501, "very_low"),
        (float("nan"), None),
    ],
)
def test_status_class_bounds(z, expected) -> None:
    assert status_class(z) == expected


@pytest.mark.parametrize(
    ("z", "expected"),
    [(-1.0, "positive"), (-0.999, "stable"), (0.999, "stable"), (1.0, "negative"), (2, "negative")],
)
def test_dynamics_class_bounds(z, expected) -> None:
    assert dynamics_class(z) == expected


def test_favourable_indicator_is_negated(town) -> None:
    # Kita-Plätze (polarity +1). H enters here: only its child poverty is suppressed.
    # A–F, H: 50, 55, 60, 65, 70, 75, 85 → mean 460/7 = 65.7143; squared deviations sum
    # 871.43, /7 = 124.49 → sd 11.1575. Oriented (negated): A = +15.7143/11.1575 = +1.4084,
    # H = −19.2857/11.1575 = −1.7285. One input: the index equals its z-score.
    result = run(town, status_ids=("childcare_rate",))
    index = result.status.index
    assert index["a"] == pytest.approx(1.4084, abs=1e-4)
    assert index["h"] == pytest.approx(-1.7285, abs=1e-4)
    assert result.table().at["a", "status_class"] == "low"
    assert result.table().at["h", "status_class"] == "high"


def test_neutral_indicator_is_refused(town) -> None:
    with pytest.raises(SocialIndexError) as err:
        run(town, status_ids=("population",))
    assert err.value.code == "neutral_indicator"


def test_rank_variant_by_hand(town) -> None:
    result = run(town, status_ids=("sgb2_rate",), method="rank")
    # A–F and H enter (H's SGB II value is not suppressed): 7.5, 13.75, 6.25, 11.25, 11.25,
    # 10, 12 → ranks 2, 7, 1, 4.5, 4.5, 3, 6 (ties share); normal scores Φ⁻¹(r/8):
    # Φ⁻¹(2/8) = −0.674490, Φ⁻¹(7/8) = 1.150349, Φ⁻¹(1/8) = −1.150349,
    # Φ⁻¹(4.5/8) = 0.157311, Φ⁻¹(3/8) = −0.318639, Φ⁻¹(6/8) = 0.674490.
    order = [*ENTERING, "h"]
    assert list(result.status.z.loc[order, "sgb2_rate"]) == pytest.approx(
        [-0.674490, 1.150349, -1.150349, 0.157311, 0.157311, -0.318639, 0.674490], abs=1e-6
    )
    # Their mean −0.000574, sd 0.727766 → index (x − mean) / sd.
    assert list(result.status.index.loc[order]) == pytest.approx(
        [-0.9260, 1.5814, -1.5799, 0.2169, 0.2169, -0.4370, 0.9276], abs=1e-4
    )
    assert result.table().at["b", "status_class"] == "very_low"


def _series(rows):
    return pd.DataFrame(rows, columns=["ags", "indicator_id", "year", "value"])


def test_reference_variant_by_hand(town) -> None:
    series = _series(
        [
            # four municipalities of county 99001 (the town's AGS is 99001000)
            ("99001001", "sgb2_rate", 2023, 6.0),
            ("99001002", "sgb2_rate", 2023, 8.0),
            ("99001003", "sgb2_rate", 2023, 10.0),
            ("99001004", "sgb2_rate", 2023, 12.0),
            ("99001001", "sgb2_rate", 2021, 6.5),
            ("99001002", "sgb2_rate", 2021, 8.0),
            ("99001003", "sgb2_rate", 2021, 10.5),
            ("99001004", "sgb2_rate", 2021, 11.0),
            # another county of the same state: ignored at county level
            ("99002001", "sgb2_rate", 2023, 50.0),
            ("99002001", "sgb2_rate", 2021, 50.0),
        ]
    )
    spec = IndexSpec(
        year=2023, status_ids=("sgb2_rate",), dynamics_ids=("sgb2_rate",), method="reference"
    )
    reference = reference_from_series(series, "99001000", spec)
    assert reference is not None
    assert reference_units(reference, spec) == {"status": 4, "dynamics": 4}
    result = compute_index(town.values, town.catalog, list(town.districts.index), spec, reference)
    # Reference 6, 8, 10, 12: mean 9, population sd √5 = 2.23607. Their own z-scores have
    # mean 0 and sd 1, so a district's index is (x − 9) / √5:
    # A 7.5 → −0.67082 (mittel), B 13.75 → +2.12426 (sehr niedrig), C 6.25 → −1.22984 (hoch).
    index = result.status.index
    assert [index["a"], index["b"], index["c"]] == pytest.approx(
        [-0.67082, 2.12426, -1.22984], abs=1e-5
    )
    table = result.table()
    assert table.loc[["a", "b", "c"], "status_class"].tolist() == ["medium", "very_low", "high"]
    # Reference changes −0.5, 0, −0.5, 1: mean 0, sd √0.375 = 0.61237;
    # B's change −1.1 → −1.79629 (positiv).
    assert result.dynamics.index["b"] == pytest.approx(-1.79629, abs=1e-5)
    assert table.at["b", "dynamics_class"] == "positive"


def test_reference_variant_needs_enough_municipalities(town) -> None:
    series = _series([("99001001", "sgb2_rate", 2023, 6.0), ("99001001", "sgb2_rate", 2021, 6.0)])
    spec = IndexSpec(
        year=2023, status_ids=("sgb2_rate",), dynamics_ids=("sgb2_rate",), method="reference"
    )
    reference = reference_from_series(series, "99001000", spec)
    with pytest.raises(SocialIndexError) as err:
        compute_index(town.values, town.catalog, list(town.districts.index), spec, reference)
    assert err.value.code == "too_few_reference"
    assert reference_from_series(series, "", spec) is None


def test_too_few_districts_and_no_spread(town) -> None:
    few = town.values[town.values["district_id"].isin(["a", "b", "g"])]
    with pytest.raises(SocialIndexError) as err:
        compute_index(few, town.catalog, ["a", "b", "g"], IndexSpec(year=2023))
    assert err.value.code == "too_few_districts"
    flat = town.values.copy()
    flat.loc[flat["indicator_id"] == "sgb2_rate", "value"] = 10.0
    with pytest.raises(SocialIndexError) as err:
        compute_index(flat, town.catalog, list(town.districts.index), IndexSpec(year=2023))
    assert err.value.code == "no_spread"
    assert err.value.params["indicator"] == "sgb2_rate"


def test_eligible_indicators_and_years(town) -> None:
    present = town.indicator_ids()
    assert eligible_indicators(town.catalog, present) == [
        "childcare_rate",
        "sgb2_rate",
        "child_poverty",
        "unemployment_share",
    ]
    years = {i: town.years_of(i) for i in present}
    assert index_years(years, IndexSpec(year=2023)) == [2023]
    assert index_years(years, IndexSpec(year=2023, span=1)) == []


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1.5, "de", "+1,50"),
        (-1.0, "de", "−1,00"),
        (-1.0, "en", "−1.00"),
        # F's dynamics index is a float-noise zero below 0: shown without a minus sign.
        (-1e-17, "de", "+0,00"),
        (-0.004, "en", "+0.00"),
        (-0.005001, "de", "−0,01"),
        (float("nan"), "de", "–"),
    ],
)
def test_format_z_never_shows_minus_zero(value, lang, expected) -> None:
    assert format_z(value, lang) == expected
