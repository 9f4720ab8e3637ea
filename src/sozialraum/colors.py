"""Colour-blind-safe ColorBrewer palettes whose direction follows an indicator's polarity.

Reading rule on every map: darker = more need for attention. For indicators where higher is
worse (polarity -1) dark means high; where higher is better (+1) dark means low; neutral
indicators (0, e.g. the foreigners share) use a blue-purple ramp where dark simply means high,
so that no group of residents is coloured as a "problem".
"""

from __future__ import annotations

import colorsys
from typing import Literal

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


Change = Literal["decrease", "increase"]
# The words for a direction of change, and for its judgement under each polarity.
_CHANGE_WORDS: dict[str, dict[Change, str]] = {
    "de": {"decrease": "Abnahme", "increase": "Zunahme"},
    "en": {"decrease": "decrease", "increase": "increase"},
}
_JUDGEMENT: dict[str, dict[int, dict[Change, str]]] = {
    "de": {
        1: {"decrease": "Verschlechterung", "increase": "Verbesserung"},
        -1: {"decrease": "Verbesserung", "increase": "Verschlechterung"},
    },
    "en": {
        1: {"decrease": "deterioration", "increase": "improvement"},
        -1: {"decrease": "improvement", "increase": "deterioration"},
    },
}
# Hue names by upper bound of the hue angle (degrees); the last entry wraps back to red.
_HUES = (
    (15.0, ("Rot", "red")),
    (45.0, ("Orange", "orange")),
    (70.0, ("Gelb", "yellow")),
    (170.0, ("Grün", "green")),
    (250.0, ("Blau", "blue")),
    (335.0, ("Lila", "purple")),
    (360.0, ("Rot", "red")),
)


def hue_name(color: str, lang: str = "de") -> str:
    """The everyday name of a colour's hue ("Rot", "Blau", "Lila" …), from its hex code."""
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue = colorsys.rgb_to_hls(r, g, b)[0] * 360
    names = next(names for bound, names in _HUES if hue < bound)
    return names[0] if lang == "de" else names[1]


def change_palette(k: int, polarity: int, lang: str = "de") -> list[tuple[str, str]]:
    """(colour, meaning) for the ``k`` classes of a change map, most negative first.

    The classes of a change map are symmetric around zero (:func:`symmetric_classes`): the
    lower half shows decreases, the upper half increases. The map takes the colours and the
    legend note (:func:`change_note`) takes the meanings from this one list, so the two
    cannot contradict each other.
    """
    colors = diverging(k, polarity)
    words = _CHANGE_WORDS["de" if lang == "de" else "en"]
    judgement = _JUDGEMENT["de" if lang == "de" else "en"].get(polarity)
    pairs = []
    for i, color in enumerate(colors):
        change: Change = "decrease" if i < k / 2 else "increase"
        meaning = words[change] + (f" ({judgement[change]})" if judgement else "")
        pairs.append((color, meaning))
    return pairs


def change_note(pairs: list[tuple[str, str]], polarity: int, lang: str = "de") -> str:
    """The legend note of a change map, e.g. "Lila = Zunahme, Orange = Abnahme (keine Wertung)".

    Each direction is named by the hue of its strongest colour (the ends of the palette).
    """
    if not pairs:
        return ""
    ends = [pairs[-1], pairs[0]] if len(pairs) > 1 else pairs
    text = ", ".join(f"{hue_name(color, lang)} = {meaning}" for color, meaning in ends)
    if lang != "de":
        text = text[:1].upper() + text[1:]
    if polarity == 0:
        text += " (keine Wertung)" if lang == "de" else " (no judgement)"
    return text


def reading_rule(polarity: int, lang: str = "de") -> str:
    key = {-1: "reading_higher_worse", 1: "reading_lower_worse", 0: "reading_neutral"}[polarity]
    return text(key, lang)


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
