"""The one translation mechanism: every user-facing text by key, in German and English.

Problem messages (loaders, importers, Zensus), notes and the app's texts all live in the
tables of :mod:`sozialraum.texts` and are looked up here: :class:`~sozialraum.errors.Problem`
messages, import notes, the CLI and the UI's ``t()`` use :func:`text`. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from sozialraum.texts import (
    actors,
    importer,
    problems,
    regions,
    ui,
    views,
    workshop,
    workshop_ui,
    zensus,
)

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")


def _merge(*tables: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in tables:
        clash = merged.keys() & table.keys()
        if clash:
            raise ValueError(f"text keys defined twice: {', '.join(sorted(clash))}")
        merged.update(table)
    return merged


TEXTS: dict[str, tuple[str, str]] = _merge(
    problems.MESSAGES,
    importer.MESSAGES,
    zensus.MESSAGES,
    workshop.MESSAGES,
    views.MESSAGES,
    ui.MESSAGES,
    workshop_ui.MESSAGES,
    actors.MESSAGES,
    regions.MESSAGES,
)


def language(lang: str | None) -> Lang:
    """``"en"`` for English, German for anything else (German is the default language)."""
    return "en" if lang == "en" else "de"


def text(key: str, lang: str = "de", **params: object) -> str:
    """The text for ``key`` in ``lang``; ``params`` fill its ``{placeholders}``."""
    de, en = TEXTS[key]
    template = en if language(lang) == "en" else de
    return template.format(**params) if params else template
