"""The app's ``t()``: the core translation mechanism (:mod:`sozialraum.i18n`) under a short name."""

from __future__ import annotations

from sozialraum.i18n import text as t

__all__ = ["t"]
