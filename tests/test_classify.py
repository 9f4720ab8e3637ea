"""Classification schemes, custom breaks and palettes."""

from __future__ import annotations

import numpy as np
import pytest

from sozialraum.classify import (
    NO_DATA,
    SCHEMES,
    ClassificationError,
    classify,
    parse_breaks,
    symmetric_classes,
)
from sozialraum.colors import diverging, sequential

VALUES = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, np.nan])


def test_quantiles_put_equal_counts_in_each_class() -> None:
    classes = classify(VALUES, "quantiles", 5)
    assert classes.counts == (2, 2, 2, 2, 2)
    assert classes.lower == 1
    assert classes.bins[-1] == 10


def test_equal_interval_bounds() -> None:
    classes = classify(VALUES, "equal_interval", 3)
    assert classes.bins == pytest.approx((4.0, 7.0, 10.0))
    assert classes.counts == (4, 3, 3)


def test_fisher_jenks_finds_natural_gaps() -> None:
    values = [1, 1.2, 1.1, 5, 5.3, 5.1, 20, 21]
    classes = classify(values, "fisher_jenks", 3)
    assert classes.bins == pytest.approx((1.2, 5.3, 21))


def test_std_mean_keeps_only_classes_with_values() -> None:
    classes = classify(np.arange(20.0), "std_mean", 5)
    assert classes.lower == 0
    assert min(classes.counts) > 0
    assert sum(classes.counts) == 20


def test_custom_breaks_and_assignment_of_new_values() -> None:
    classes = classify(VALUES, "custom", breaks=[3, 6])
    assert classes.bins == (3.0, 6.0, 10.0)
    assert classes.counts == (3, 3, 4)
    # (lower, upper] intervals; NaN is no data; values beyond the ends clamp
    assert classes.assign([3, 3.01, np.nan, 50, -5]).tolist() == [0, 1, NO_DATA, 2, 0]


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_every_scheme_survives_degenerate_input(scheme: str) -> None:
    breaks = [1.0] if scheme == "custom" else None
    assert classify([np.nan, np.nan], scheme, 5, breaks).k == 0
    same = classify([4.0, 4.0, 4.0], scheme, 5, breaks)
    assert sum(same.counts) == 3


def test_fewer_distinct_values_than_classes() -> None:
    classes = classify([1, 1, 2, 2, 3], "quantiles", 7)
    assert classes.k <= 3
    assert sum(classes.counts) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5; 10; 12,5", [5, 10, 12.5]), ("5, 10, 12.5", [5, 10, 12.5]), ("5 10", [5, 10])],
)
def test_parse_breaks_accepts_german_and_english_notation(text: str, expected: list[float]) -> None:
    assert parse_breaks(text) == expected


@pytest.mark.parametrize("text", ["", "10; 5", "a; b", "5; 5"])
def test_parse_breaks_rejects_bad_input(text: str) -> None:
    with pytest.raises(ClassificationError):
        parse_breaks(text)


def test_unknown_scheme_is_rejected() -> None:
    with pytest.raises(ClassificationError, match="unknown scheme"):
        classify(VALUES, "jenks-ish")


def test_symmetric_classes_centre_on_zero() -> None:
    classes = symmetric_classes([-3.0, 1.0, 6.0])
    assert classes.lower == -6
    assert classes.bins == pytest.approx((-4, -2, 0, 2, 4, 6))
    assert classes.assign([0.0, -0.1, 0.1]).tolist() == [2, 2, 3]


def test_palette_direction_follows_polarity() -> None:
    worse = sequential(5, -1)  # higher is worse: dark at the top
    better = sequential(5, 1)  # higher is better: dark at the bottom
    assert worse == better[::-1]
    assert worse[-1] == "#b30000"
    assert len(set(sequential(7, 0))) == 7
    # change maps: for "higher is worse", an increase is red
    assert diverging(6, -1)[-1] == "#b2182b"
    assert diverging(6, 1)[-1] == "#2166ac"
