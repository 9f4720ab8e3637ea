"""UI texts of the workshop (Werkstatt) and of edit access, German first, English second.

Merged into :data:`sozialraum.ui.i18n.TEXT`; kept apart because the workshop has many texts.
"""

from __future__ import annotations

TEXT_WORKSHOP: dict[str, tuple[str, str]] = {
    # edit access
    "edit_locked": (
        "Nur Lesen: Änderungen brauchen den Bearbeitungsschlüssel dieser Installation.",
        "Read-only: changes need this installation's edit key.",
    ),
    "edit_key": ("Bearbeitungsschlüssel", "Edit key"),
    "edit_unlock": ("Freischalten", "Unlock"),
    "edit_key_wrong": ("Der Schlüssel stimmt nicht.", "The key is not correct."),
    "edit_unlocked": (
        "Bearbeiten ist für diese Sitzung freigeschaltet.",
        "Editing is unlocked for this session.",
    ),
    "edit_lock": ("Sperren", "Lock"),
}
