"""Colour-blind-safe ColorBrewer palettes whose direction follows an indicator's polarity.

Reading rule on every map: darker = more need for attention. For indicators where higher is
worse (polarity -1) dark means high; where higher is better (+1) dark means low; neutral
indicators (0, e.g. the foreigners share) use a blue-purple ramp where dark simply means high,
so that no group of residents is coloured as a "problem".
"""

from __future__ import annotations

from branca.utilities import color_brewer

from sozialraum.i18n import text

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
    key = {-1: "reading_higher_worse", 1: "reading_lower_worse", 0: "reading_neutral"}[polarity]
    return text(key, lang)
