"""Escape untrusted text (names, sources, labels, file names) for Streamlit's Markdown and HTML.

Streamlit renders titles, captions, alerts, widget labels and ``st.markdown`` as GitHub-flavoured
Markdown with extensions: ``$…$`` math, ``:smile:`` emoji and ``:material/…:`` icon shortcodes,
``:red[…]`` colour directives, bare URLs turned into links, and — with ``unsafe_allow_html`` —
raw HTML. A town name such as ``![](http://host/pixel.png)`` must stay literal text, or every
visitor's browser fetches that URL.

:func:`escape_markup` makes text literal in both places it lands:

* every ASCII punctuation character becomes a numeric character reference (``*`` → ``&#42;``).
  In Markdown a character reference is text and never markup (CommonMark §6.2), so emphasis,
  links, images, headings, math and autolinks cannot start; in HTML it is just the character,
  so the same string is safe inside ``<p>…</p>`` written with ``unsafe_allow_html``;
* a colon is followed by an invisible WORD JOINER (U+2060): shortcodes (emoji, icons, colours)
  are matched on the decoded text, after character references are resolved, so only a
  character between the colon and the name breaks them;
* line breaks and other control characters become spaces: a blank line would end an HTML block
  and let the rest be read as Markdown.

The result is only for Markdown/HTML; plain-text places (dataframes, ``st.text``, select box
options, file names) take the original text.
"""

from __future__ import annotations

import string

_WORD_JOINER = "\u2060"
_TABLE = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_TABLE[ord(":")] = f"&#58;{_WORD_JOINER}"
_TABLE.update(dict.fromkeys(range(32), " "))
_TABLE[0x7F] = " "
# Unicode line and paragraph separators end a line for some Markdown parsers too.
_TABLE.update({0x2028: " ", 0x2029: " ", 0x85: " "})


def escape_markup(text: object) -> str:
    """``text`` as literal text for Streamlit Markdown and for HTML (see the module doc)."""
    return str(text).translate(_TABLE)
