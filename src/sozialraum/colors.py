"""Colour-blind-safe ColorBrewer palettes whose direction follows an indicator's polarity.

Reading rule on every map: darker = more need for attention. For indicators where higher is
worse (polarity -1) dark means high; where higher is better (+1) dark means low; neutral
indicators (0, e.g. the foreigners share) use a blue-purple ramp where dark simply means high,
so that no group of residents is coloured as a "problem".
"""

from __future__ import annotations

from branca.utilities import color_brewer

NO_DATA_COLOR = "#ffffff"
SUPPRESSED_COLOR = "#bdbdbd"
OUTLINE_COLOR = "#3a3a3a"

_SEQUENTIAL = {-1: "OrRd", 1: "OrRd", 0: "PuBu"}
# Diverging palettes for change maps: blue = improvement, red = deterioration.
_DIVERGING = {-1: "RdBu", 1: "RdBu", 0: "PuOr"}


def _brewer(name: str, k: int) -> list[str]:
    # ColorBrewer schemes start at 3 classes; take the ends of the 3-class ramp for k = 2.
    if k <= 2:
        three = color_brewer(name, 3)
        return [three[0], three[-1]][:k] if k == 2 else [three[-1]]
    return [c.lower() for c in color_brewer(name, k)]


def sequential(k: int, polarity: int) -> list[str]:
    """``k`` colours for classes ordered low → high value."""
    colors = _brewer(_SEQUENTIAL[polarity], k)
    return colors[::-1] if polarity == 1 else colors


def diverging(k: int, polarity: int) -> list[str]:
    """``k`` colours for change classes ordered from the most negative to the most positive.

    For polarity -1 (higher is worse), an increase is red; for +1 an increase is blue.
    """
    colors = _brewer(_DIVERGING[polarity], k)  # RdBu: red (low) … blue (high)
    return colors[::-1] if polarity == -1 else colors


def reading_rule(polarity: int, lang: str = "de") -> str:
    if lang == "de":
        return {
            -1: "dunkler = höherer Wert = ungünstiger",
            1: "dunkler = niedrigerer Wert = ungünstiger",
            0: "dunkler = höherer Wert (keine Wertung)",
        }[polarity]
    return {
        -1: "darker = higher value = less favourable",
        1: "darker = lower value = less favourable",
        0: "darker = higher value (no judgement)",
    }[polarity]


# The 4 × 3 groups of the status × dynamics index (rows: status hoch → sehr niedrig;
# columns: dynamics positiv → negativ). A multiply blend of two ramps on a light grey:
# status towards dark blue (#3b4994), dynamics towards Okabe–Ito orange (#e69f00), so that
# darker = more disadvantage on both axes and the corner "sehr niedrig / negativ" is the
# darkest. Blue against orange survives red-green and blue-yellow colour blindness: the
# twelve colours stay at least ~10 CAM02-UCS units apart under simulated deuteranopia,
# protanopia and tritanopia (tests/test_index_map.py checks this).
BIVARIATE: tuple[tuple[str, ...], ...] = (
    ("#e8e8e8", "#ddbc74", "#d19100"),
    ("#aeb3cc", "#a69166", "#9d7000"),
    ("#757eb0", "#6f6658", "#694f00"),
    ("#3b4994", "#383b4a", "#352e00"),
)
# Districts the index leaves out (fewer than 300 inhabitants): a pale green that no group
# colour comes close to, so "not assessed" is never read as "fine".
EXCLUDED_COLOR = "#c7e9c0"
