"""Choropleth classification: one dispatcher over mapclassify's schemes.

Classes are half-open intervals ``(lower, upper]`` as in mapclassify; the first class also
contains its lower bound. Missing values get class :data:`NO_DATA`; suppressed values
(status ".") get :data:`SUPPRESSED` so that the legend can show them separately.
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

NO_DATA = -1
SUPPRESSED = -2

# Scheme name → (German label, English label). "custom" takes user breaks.
SCHEMES: dict[str, tuple[str, str]] = {
    "quantiles": ("Quantile (gleich viele Bezirke je Klasse)", "Quantiles (equal counts)"),
    "equal_interval": ("Gleiche Intervalle", "Equal intervals"),
    "fisher_jenks": ("Natürliche Brüche (Fisher-Jenks)", "Natural breaks (Fisher-Jenks)"),
    "std_mean": ("Standardabweichung um den Mittelwert", "Standard deviation around the mean"),
    "custom": ("Eigene Klassengrenzen", "Custom breaks"),
}
MIN_K, MAX_K = 2, 9
# Fisher-Jenks is O(k·n²) without numba; above this size a sample gives the same breaks
# to within noise and keeps the national overview (~11,000 units) interactive.
_FISHER_JENKS_SAMPLE_ABOVE = 1000


class ClassificationError(ValueError):
    """The requested classification cannot be made (e.g. unsorted custom breaks)."""


@dataclass(frozen=True)
class Classes:
    """Class bounds and membership counts."""

    scheme: str
    lower: float
    bins: tuple[float, ...]  # upper bound of each class
    counts: tuple[int, ...]

    @property
    def k(self) -> int:
        return len(self.bins)

    def intervals(self) -> list[tuple[float, float]]:
        lows = (self.lower, *self.bins[:-1])
        return list(zip(lows, self.bins, strict=True))

    def assign(self, values: Sequence[float] | np.ndarray) -> np.ndarray:
        """Class index of each value (NO_DATA for NaN); values beyond the bounds clamp."""
        arr = np.asarray(values, dtype=float)
        out = np.full(arr.shape, NO_DATA, dtype=int)
        if not self.bins:
            return out
        ok = ~np.isnan(arr)
        idx = np.searchsorted(np.asarray(self.bins), arr[ok], side="left")
        out[ok] = np.clip(idx, 0, self.k - 1)
        return out


def parse_breaks(text: str) -> list[float]:
    """Custom breaks typed by a user: ``"5; 10; 12,5"``, ``"5 10 12,5"`` or ``"5, 10, 12.5"``.

    Semicolons and white space separate; a comma is a separator when followed by a space or
    when points are used as decimal marks, and a German decimal comma otherwise.
    """
    normalised = text.replace(", ", ";") if ", " in text or "." in text else text
    if "." in text:
        normalised = normalised.replace(",", ";")
    parts = [p for p in re.split(r"[;\s]+", normalised) if p]
    try:
        numbers = [float(p.replace(",", ".")) for p in parts]
    except ValueError as exc:
        raise ClassificationError(f"not a number in breaks: {text!r}") from exc
    if not numbers:
        raise ClassificationError("no breaks given")
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        raise ClassificationError("breaks must increase strictly")
    return numbers


def classify(
    values: Sequence[float] | np.ndarray | pd.Series,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
) -> Classes:
    """Classify the finite ``values`` with ``scheme`` into (at most) ``k`` classes."""
    if scheme not in SCHEMES:
        raise ClassificationError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    arr = np.asarray(values, dtype=float)
    y = arr[np.isfinite(arr)]
    if y.size == 0:
        return Classes(scheme, np.nan, (), ())
    unique = np.unique(y)
    k = max(MIN_K, min(MAX_K, int(k)))
    if scheme == "custom":
        if not breaks:
            raise ClassificationError("custom scheme needs breaks")
        cuts = [float(b) for b in breaks]
        if any(b <= a for a, b in itertools.pairwise(cuts)):
            raise ClassificationError("breaks must increase strictly")
        bins = [b for b in cuts if b < y.max()] + [float(y.max())]
    elif unique.size <= 1:
        bins = [float(unique[0])]
    else:
        k = min(k, unique.size)
        with warnings.catch_warnings():
            # mapclassify warns about numba and about duplicate quantiles; both are handled.
            warnings.simplefilter("ignore")
            if scheme == "quantiles":
                classifier = mapclassify.Quantiles(y, k=k)
            elif scheme == "equal_interval":
                classifier = mapclassify.EqualInterval(y, k=k)
            elif scheme == "fisher_jenks":
                if y.size > _FISHER_JENKS_SAMPLE_ABOVE:
                    classifier = mapclassify.FisherJenksSampled(y, k=k, pct=0.1, truncate=False)
                else:
                    classifier = mapclassify.FisherJenks(y, k=k)
            else:
                classifier = mapclassify.StdMean(y)
        bins = [float(b) for b in classifier.bins]
        if scheme == "std_mean":
            # StdMean bounds can lie outside the data; keep classes that hold values.
            bins = [b for b in bins if y.min() <= b < y.max()] + [float(y.max())]
        bins = sorted(set(bins))
    lower = float(y.min())
    classes = Classes(scheme, lower, tuple(bins), ())
    idx = classes.assign(y)
    counts = tuple(int(c) for c in np.bincount(idx, minlength=len(bins)))
    return Classes(scheme, lower, tuple(bins), counts)


def symmetric_classes(
    values: Sequence[float] | np.ndarray | pd.Series, per_side: int = 3
) -> Classes:
    """Classes centred on zero for change maps: ``per_side`` equal steps each way.

    The scale is symmetric (the largest absolute change sets it) so that a diverging palette's
    midpoint means "no change" and both directions are visually comparable.
    """
    arr = np.asarray(values, dtype=float)
    y = arr[np.isfinite(arr)]
    if y.size == 0:
        return Classes("symmetric", np.nan, (), ())
    m = float(np.abs(y).max()) or 1.0
    step = m / per_side
    bins = tuple(float(-m + step * i) for i in range(1, 2 * per_side + 1))
    classes = Classes("symmetric", -m, bins, ())
    counts = tuple(int(c) for c in np.bincount(classes.assign(y), minlength=len(bins)))
    return Classes("symmetric", -m, bins, counts)
