"""Edit access: who may change data (workshop content, imports, removing towns).

A deployment on a town's intranet sets ``SOZIALRAUM_EDIT_KEY``; then every writing action needs
that key (entered once per browser session in the app). Without the variable nothing is locked,
so local use stays frictionless. The variable is read on every call: a changed or removed key
takes effect without restarting the server.
"""

from __future__ import annotations

import hmac
import os

EDIT_KEY_VAR = "SOZIALRAUM_EDIT_KEY"


def _configured_key() -> str:
    return os.environ.get(EDIT_KEY_VAR, "")


def edit_key_required() -> bool:
    """True when writing needs the edit key (the variable is set and not empty)."""
    return _configured_key() != ""


def check_edit_key(given: str | None) -> bool:
    """Whether ``given`` unlocks writing; always True when no key is configured.

    Compared in constant time (:func:`hmac.compare_digest` on UTF-8 bytes), so the time taken
    does not tell how much of a guess was right.
    """
    expected = _configured_key()
    if not expected:
        return True
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
