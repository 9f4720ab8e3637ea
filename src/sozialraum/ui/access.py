"""Edit access in the app: the edit key, entered once per browser session.

Pages call :func:`edit_access` where they offer writing. Without ``SOZIALRAUM_EDIT_KEY`` it
returns True and shows nothing. With the variable set it shows a read-only note and a small
unlock form until the right key has been entered in this session; the key is kept in the
session (server side) and re-checked on every run, so changing the key locks old sessions.
"""

from __future__ import annotations

import streamlit as st

from sozialraum.access import check_edit_key, edit_key_required
from sozialraum.ui.i18n import t

SESSION_KEY = "_edit_key"


def can_edit() -> bool:
    """Whether this session may write (no key configured, or the right key entered)."""
    return check_edit_key(st.session_state.get(SESSION_KEY))


def _lock() -> None:
    st.session_state.pop(SESSION_KEY, None)


def edit_access(lang: str, *, key: str) -> bool:
    """Show the lock state where writing is offered; return whether writing is allowed.

    ``key`` distinguishes several places on one page (widget keys must be unique).
    """
    if not edit_key_required():
        return True
    if can_edit():
        c1, c2 = st.columns([4, 1])
        c1.caption(t("edit_unlocked", lang))
        c2.button(t("edit_lock", lang), key=f"edit-lock-{key}", on_click=_lock)
        return True
    st.info(t("edit_locked", lang), icon="🔒")
    with st.form(f"edit-unlock-{key}", clear_on_submit=True):
        given = st.text_input(t("edit_key", lang), type="password", key=f"edit-key-{key}")
        unlock = st.form_submit_button(t("edit_unlock", lang))
    if unlock:
        if check_edit_key(given):
            st.session_state[SESSION_KEY] = given
            st.rerun()
        st.error(t("edit_key_wrong", lang))
    return False
